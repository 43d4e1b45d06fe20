"""The district network's side of an idea collection in the Wagtail admin: the moderation queue,
every idea with the decisions on it (approve, reject, Themenfeld, merge, status with public
feedback), comment moderation and the export.

Every view asks ideas.rules and looks ideas and comments up inside the collection named in the
URL, so a network sees nothing of another district (PermissionDenied, which Wagtail's admin
turns into a redirect to the dashboard with a message) and cannot reach another collection's
ideas through its own (404). Decisions are made by ideas.services; URLs: ideas/wagtail_hooks.py.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ideas import services
from ideas.exports import ideas_download
from ideas.models import (
    STATUS_TRANSITIONS,
    Comment,
    Idea,
    IdeaCollectionPage,
    IdeaStatus,
    ModerationState,
)
from ideas.rules import collections_moderated_by, user_can_moderate
from ideas.selectors import (
    collection_categories,
    collections_with_moderation_counts,
    idea_comments_for_moderation,
    ideas_with_counts,
    merge_targets,
    moderation_queue,
)

ICON = "comment"
IDEAS_PER_PAGE = 50
REASON_MAX_LENGTH = services.REASON_MAX_LENGTH
FEEDBACK_MAX_LENGTH = services.FEEDBACK_MAX_LENGTH


# --- overview --------------------------------------------------------------------------------


class IdeaIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The collections the user moderates, with what waits for a decision."""

    template_name = "ideas/admin/index.html"
    page_title = gettext_lazy("Ideen")
    header_icon = ICON

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        collections = collections_with_moderation_counts(
            collections_moderated_by(self.request.user)
        )
        return super().get_context_data(collections=collections, **kwargs)


class CollectionAdminMixin(WagtailAdminTemplateMixin):
    """Loads the collection named in the URL and refuses users who may not moderate it."""

    header_icon = ICON

    def dispatch(self, request, *args, **kwargs):
        self.collection = get_object_or_404(
            IdeaCollectionPage.objects.select_related("district"), pk=kwargs["collection_id"]
        )
        if not user_can_moderate(request.user, self.collection):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def collection_url(self) -> str:
        return reverse("ideas_admin:collection", args=[self.collection.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("ideas_admin:index"), "label": _("Ideen")},
            {"url": self.collection_url(), "label": self.collection.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(collection=self.collection, **kwargs)


# --- one collection: queue and all ideas -----------------------------------------------------


class IdeaFilterForm(forms.Form):
    """GET filters of the idea list; a value that does not fit is ignored, never an error."""

    moderation = forms.ChoiceField(
        label=gettext_lazy("Moderation"),
        choices=[("", gettext_lazy("alle")), *ModerationState.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Stand"),
        choices=[("", gettext_lazy("alle")), *IdeaStatus.choices],
        required=False,
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Themenfeld"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("alle"),
    )

    def __init__(self, *args, collection, **kwargs):
        super().__init__(*args, auto_id="filter-%s", **kwargs)
        self.fields["category"].queryset = collection_categories(collection)

    def filter(self, ideas):
        self.is_valid()
        chosen = self.cleaned_data
        if chosen.get("moderation"):
            ideas = ideas.filter(moderation=chosen["moderation"])
        if chosen.get("status"):
            ideas = ideas.filter(status=chosen["status"])
        if chosen.get("category"):
            ideas = ideas.filter(category=chosen["category"])
        return ideas


class CollectionView(CollectionAdminMixin, TemplateView):
    """What waits for a decision, then every idea of the collection with filters."""

    template_name = "ideas/admin/collection.html"
    page_title = gettext_lazy("Moderation")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("ideas_admin:index"), "label": _("Ideen")},
            {"url": "", "label": self.collection.title},
        ]

    def get_page_subtitle(self):
        return self.collection.title

    def get_context_data(self, **kwargs):
        filters = IdeaFilterForm(self.request.GET, collection=self.collection)
        ideas = filters.filter(
            ideas_with_counts(Idea.objects.filter(collection=self.collection))
            .select_related("category")
            .order_by("-created_at", "-pk")
        )
        paginator = Paginator(ideas, IDEAS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            queue=moderation_queue(collection=self.collection),
            filters=filters,
            filtered=any(self.request.GET.get(name) for name in filters.fields),
            ideas=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            **kwargs,
        )


# --- one idea: the decisions -----------------------------------------------------------------


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begründung"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Die Begründung wird nie veröffentlicht. Hat die Person eine E-Mail-Adresse für "
            "Rückmeldungen hinterlassen, bekommt sie die Begründung per E-Mail."
        ),
        error_messages={"required": gettext_lazy("Bitte geben Sie einen Grund an.")},
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, auto_id="ablehnen-%s", **kwargs)


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("Themenfeld"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie ein Themenfeld."),
            "invalid_choice": gettext_lazy("Bitte wählen Sie ein Themenfeld dieser Ideensammlung."),
        },
    )

    def __init__(self, *args, idea, **kwargs):
        kwargs.setdefault("initial", {"category": idea.category_id})
        super().__init__(*args, auto_id="themenfeld-%s", **kwargs)
        self.fields["category"].queryset = collection_categories(idea.collection)


class MergeTargetField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Nr. %(number)s: %(title)s") % {"number": obj.pk, "title": obj.title}


class MergeForm(forms.Form):
    into = MergeTargetField(
        label=gettext_lazy("Zusammenführen mit"),
        queryset=None,
        empty_label=gettext_lazy("Bitte wählen …"),
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie die Idee, in die diese eingeht."),
            "invalid_choice": gettext_lazy(
                "Zusammenführen geht nur mit einer anderen veröffentlichten Idee dieser "
                "Ideensammlung."
            ),
        },
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, auto_id="zusammenfuehren-%s", **kwargs)
        self.fields["into"].queryset = merge_targets(idea=idea)


class StatusField(forms.ChoiceField):
    """Offers the statuses the workflow allows next; any other status goes on to the service,
    whose message says why it is not allowed (a list changed by someone else meanwhile)."""

    def valid_value(self, value):
        return value in IdeaStatus.values


class StatusForm(forms.Form):
    status = StatusField(
        label=gettext_lazy("Neuer Stand"),
        error_messages={"required": gettext_lazy("Bitte wählen Sie den neuen Stand.")},
    )
    feedback = forms.CharField(
        label=gettext_lazy("Öffentliche Rückmeldung"),
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Erscheint mit dem Datum auf der Seite der Idee. Hat die Person, die die Idee "
            "eingereicht hat, um Rückmeldung gebeten, bekommt sie den Text auch per E-Mail."
        ),
        error_messages={
            "required": gettext_lazy("Bitte schreiben Sie eine Rückmeldung zur Änderung.")
        },
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, auto_id="stand-%s", **kwargs)
        allowed = STATUS_TRANSITIONS.get(idea.status, set())
        self.fields["status"].choices = [
            ("", _("Bitte wählen …")),
            *[(value, label) for value, label in IdeaStatus.choices if value in allowed],
        ]


class ApproveForm(forms.Form):
    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)


FORMS = {
    "approve_form": ApproveForm,
    "reject_form": RejectForm,
    "category_form": CategoryForm,
    "merge_form": MergeForm,
    "status_form": StatusForm,
}


class IdeaAdminMixin(CollectionAdminMixin):
    """Loads the idea named in the URL from this collection only (404 for any other)."""

    def dispatch(self, request, *args, **kwargs):
        self.idea_id = kwargs["idea_id"]
        return super().dispatch(request, *args, **kwargs)

    def get_idea(self) -> Idea:
        return get_object_or_404(
            ideas_with_counts(Idea.objects.all()).select_related(
                "collection", "category", "merged_into", "moderated_by"
            ),
            pk=self.idea_id,
            collection=self.collection,
        )

    def idea_url(self, idea) -> str:
        return reverse("ideas_admin:idea", args=[self.collection.pk, idea.pk])


class IdeaView(IdeaAdminMixin, TemplateView):
    """Everything about one idea, and the forms for every decision on it."""

    template_name = "ideas/admin/idea.html"

    def get_page_title(self):
        return _("Idee Nr. %(number)s") % {"number": self.idea_id}

    def get_context_data(self, **kwargs):
        idea = self.get_idea()
        for name, form_class in FORMS.items():
            kwargs.setdefault(name, form_class(idea=idea))
        waiting = idea.moderation in (ModerationState.PENDING, ModerationState.REJECTED)
        return super().get_context_data(
            idea=idea,
            public_url=self.public_url(idea),
            can_approve=waiting,
            can_reject=idea.moderation in (ModerationState.PENDING, ModerationState.PUBLISHED),
            can_change=idea.moderation != ModerationState.MERGED,
            can_change_status=idea.moderation == ModerationState.PUBLISHED,
            status_changes=idea.status_changes.select_related("changed_by"),
            merged_ideas=idea.merged_ideas.order_by("pk"),
            comments=idea_comments_for_moderation(idea=idea),
            **kwargs,
        )

    def public_url(self, idea) -> str:
        visible = (ModerationState.PUBLISHED, ModerationState.MERGED)
        if not self.collection.live or idea.moderation not in visible:
            return ""
        return self.collection.idea_url(idea) if self.collection.url else ""


class IdeaActionView(IdeaView):
    """One decision: its form is posted here, the service decides, the idea page follows."""

    http_method_names = ["post"]
    form_name = ""

    def post(self, request, *args, **kwargs):
        idea = self.get_idea()
        form = FORMS[self.form_name](request.POST, idea=idea)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self.render_to_response(
                self.get_context_data(**{self.form_name: form}), status=400
            )
        try:
            message, target = self.perform(idea, form.cleaned_data)
        except services.IdeaError as error:
            messages.error(request, str(error.message))
            return self.render_to_response(
                self.get_context_data(**{self.form_name: form}), status=error.status
            )
        messages.success(request, message)
        return redirect(get_valid_next_url_from_request(request) or self.idea_url(target))

    def perform(self, idea: Idea, data: dict) -> tuple[str, Idea]:
        """Call the service; return the success message and the idea to show next."""
        raise NotImplementedError


def _tell_submitter(idea: Idea, message: str) -> str:
    if idea.contact_email:
        return message + " " + _("Die Person, die sie eingereicht hat, bekommt eine E-Mail.")
    return message


class IdeaApproveView(IdeaActionView):
    form_name = "approve_form"

    def perform(self, idea, data):
        services.idea_approve(idea=idea, user=self.request.user)
        message = _("Die Idee „%(title)s“ ist freigegeben und öffentlich sichtbar.")
        return message % {"title": idea.title}, idea


class IdeaRejectView(IdeaActionView):
    form_name = "reject_form"

    def perform(self, idea, data):
        services.idea_reject(idea=idea, user=self.request.user, reason=data["reason"])
        message = _("Die Idee „%(title)s“ ist abgelehnt und nicht öffentlich sichtbar.")
        return _tell_submitter(idea, message % {"title": idea.title}), idea


class IdeaCategoryView(IdeaActionView):
    form_name = "category_form"

    def perform(self, idea, data):
        category = data["category"]
        services.idea_recategorize(idea=idea, category=category, user=self.request.user)
        message = _("Die Idee „%(title)s“ gehört jetzt zum Themenfeld „%(category)s“.")
        return message % {"title": idea.title, "category": category.name}, idea


class IdeaMergeView(IdeaActionView):
    form_name = "merge_form"

    def perform(self, idea, data):
        into = data["into"]
        services.idea_merge(idea=idea, into=into, user=self.request.user)
        message = _(
            "Die Idee Nr. %(number)s „%(title)s“ ist in diese Idee eingegangen; ihre "
            "Unterstützungen zählen jetzt hier."
        )
        return message % {"number": idea.pk, "title": idea.title}, into


class IdeaStatusView(IdeaActionView):
    form_name = "status_form"

    def perform(self, idea, data):
        change = services.idea_status_change(
            idea=idea, status=data["status"], feedback=data["feedback"], user=self.request.user
        )
        message = _("Die Idee „%(title)s“ steht jetzt auf „%(status)s“.") % {
            "title": idea.title,
            "status": change.get_status_display(),
        }
        return _tell_submitter(idea, message), idea


# --- comments --------------------------------------------------------------------------------


class CommentActionView(CollectionAdminMixin, View):
    """Publish or reject a comment of this collection; back to where the button was."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        comment = get_object_or_404(
            Comment.objects.select_related("collection"),
            pk=kwargs["comment_id"],
            collection=self.collection,
        )
        messages.success(request, self.perform(comment))
        return redirect(get_valid_next_url_from_request(request) or self.collection_url())


class CommentApproveView(CommentActionView):
    def perform(self, comment: Comment) -> str:
        was_hidden = comment.moderation == ModerationState.HIDDEN
        services.comment_approve(comment=comment, user=self.request.user)
        if was_hidden:
            return _(
                "Kommentar Nr. %(number)s bleibt sichtbar; weitere Meldungen blenden ihn nicht "
                "mehr aus."
            ) % {"number": comment.pk}
        return _("Kommentar Nr. %(number)s ist veröffentlicht.") % {"number": comment.pk}


class CommentRejectView(CommentActionView):
    def perform(self, comment: Comment) -> str:
        services.comment_reject(comment=comment, user=self.request.user)
        return _("Kommentar Nr. %(number)s ist abgelehnt und nicht mehr sichtbar.") % {
            "number": comment.pk
        }


# --- export ----------------------------------------------------------------------------------


class ExportView(CollectionAdminMixin, View):
    """All ideas of the collection as a file, published or not, never with e-mail addresses."""

    file_format = ""

    def get(self, request, *args, **kwargs):
        services.ideas_export_record(
            collection=self.collection, user=request.user, file_format=self.file_format
        )
        return ideas_download(collection=self.collection, file_format=self.file_format)
