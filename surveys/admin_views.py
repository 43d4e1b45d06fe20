"""The district network's side of a survey in the Wagtail admin: responses, raw exports, paper
questionnaires and access codes.

Every view asks surveys.rules; a refusal raises PermissionDenied, which Wagtail's admin turns
into a redirect to the dashboard with a message. URLs: surveys/wagtail_hooks.py.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.blocks import StreamValue, StructValue

from surveys.exports import responses_download
from surveys.forms import SurveyStepForm
from surveys.models import Channel, ParticipationMode, Response, SurveyPage
from surveys.rules import (
    surveys_manageable_by,
    user_can_export_responses,
    user_can_manage_responses,
)
from surveys.selectors import (
    survey_channel_counts,
    survey_list_with_response_counts,
    survey_submitted_responses,
)
from surveys.services import (
    Participant,
    SurveyNotOpen,
    response_delete,
    response_submit,
    responses_export_record,
)
from surveys.structure import Step, survey_steps

RESPONSES_PER_PAGE = 50
# Channels a person enters on someone's behalf; "online" is the participant's own.
ENTRY_CHANNELS = [Channel.PAPER, Channel.ASSISTED, Channel.INTERVIEW]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Raw answers and access codes must not stay in a shared or proxy cache.
    add_never_cache_headers(response)
    return response


def file_stamp() -> str:
    return timezone.localtime().strftime("%Y-%m-%d-%H%M")


# --- overview --------------------------------------------------------------------------------


class SurveyIndexView(WagtailAdminTemplateMixin, TemplateView):
    """The surveys the user manages, with their number of submitted responses."""

    template_name = "surveys/admin/survey_index.html"
    page_title = gettext_lazy("Befragungen")
    header_icon = "clipboard-list"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        surveys = survey_list_with_response_counts(surveys=surveys_manageable_by(self.request.user))
        return super().get_context_data(surveys=surveys, **kwargs)


class SurveyAdminMixin(WagtailAdminTemplateMixin):
    """Loads the survey named in the URL and refuses users who may not manage its responses."""

    header_icon = "clipboard-list"

    def dispatch(self, request, *args, **kwargs):
        self.survey = get_object_or_404(SurveyPage, pk=kwargs["survey_id"])
        if not self.has_permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self, user) -> bool:
        return user_can_manage_responses(user, self.survey)

    def survey_url(self) -> str:
        return reverse("surveys_admin:survey", args=[self.survey.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("surveys_admin:index"), "label": _("Befragungen")},
            {"url": self.survey_url(), "label": self.survey.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(survey=self.survey, **kwargs)


# --- responses -------------------------------------------------------------------------------


class SurveyResponsesView(SurveyAdminMixin, TemplateView):
    """A survey's submitted responses, newest first, with the ways to export and add to them."""

    template_name = "surveys/admin/survey_responses.html"
    page_title = gettext_lazy("Antworten")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("surveys_admin:index"), "label": _("Befragungen")},
            {"url": "", "label": self.survey.title},
        ]

    def get_page_subtitle(self):
        return self.survey.title

    def get_context_data(self, **kwargs):
        responses = survey_submitted_responses(survey=self.survey).select_related("entered_by")
        paginator = Paginator(responses, RESPONSES_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        counts = survey_channel_counts(survey=self.survey)
        user = self.request.user
        return super().get_context_data(
            responses=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            total=sum(counts.values()),
            channel_counts=[
                (label, counts[value]) for value, label in Channel.choices if value in counts
            ],
            can_export=user_can_export_responses(user, self.survey),
            can_enter=self.survey.live,
            uses_codes=self.survey.participation_mode == ParticipationMode.CODE,
            **kwargs,
        )


class ResponseDeleteView(SurveyAdminMixin, TemplateView):
    """Asks before deleting one response; the POST deletes it with its answers and contact."""

    template_name = "surveys/admin/response_confirm_delete.html"
    header_icon = "bin"

    def get_page_title(self):
        return _("Antwortbogen Nr. %(number)s löschen") % {"number": self.kwargs["response_id"]}

    def get_response_object(self) -> Response:
        return get_object_or_404(
            Response.objects.select_related("entered_by"),
            pk=self.kwargs["response_id"],
            survey=self.survey,
            status=Response.Status.SUBMITTED,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(response_object=self.get_response_object(), **kwargs)

    def post(self, request, *args, **kwargs):
        response = self.get_response_object()
        number = response.pk
        response_delete(response=response, deleted_by=request.user)
        messages.success(
            request, _("Antwortbogen Nr. %(number)s wurde gelöscht.") % {"number": number}
        )
        return redirect(self.survey_url())


# --- exports ---------------------------------------------------------------------------------


class ExportView(SurveyAdminMixin, View):
    """Raw responses as a file; needs the export permission on top of managing responses."""

    file_format = ""

    def has_permission(self, user) -> bool:
        return user_can_export_responses(user, self.survey)

    def get(self, request, *args, **kwargs):
        responses_export_record(survey=self.survey, user=request.user, file_format=self.file_format)
        return responses_download(survey=self.survey, file_format=self.file_format)


class ExportCsvView(ExportView):
    file_format = "csv"


class ExportXlsxView(ExportView):
    file_format = "xlsx"


# --- paper questionnaires --------------------------------------------------------------------


class EntryChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Wie wurde der Bogen ausgefüllt?"),
        choices=[(channel.value, channel.label) for channel in ENTRY_CHANNELS],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie, wie der Bogen ausgefüllt wurde.")
        },
    )


def _in_print_order(item):
    """The item with its choices in the printed order: data entry follows the paper."""
    if not item.block.is_question or not item.value.get("randomize"):
        return item
    value = StructValue(item.block, list(item.value.items()))
    value["randomize"] = False
    return StreamValue.StreamChild(item.block, value, id=item.id)


class EntryForm:
    """Every question of the survey on one page: one SurveyStepForm over all steps' items.

    With all questions on one step, every display condition is a same-step condition, which
    SurveyStepForm resolves in clean(): a conditional question shows (as on the printed
    questionnaire, with its "only if" hint) and its answer counts only when the condition is
    met. Separate forms per step would hide a question whose condition lies on an earlier
    step until the earlier answers were posted, so it could not be typed in one go."""

    def __init__(self, survey: SurveyPage, data=None, *, channel: str | None = None):
        self.steps = survey_steps(survey.questions)
        self._item_ids = []
        items = []
        for step in self.steps:
            step_items = [_in_print_order(item) for item in step.items]
            self._item_ids.append({id(item) for item in step_items})
            items.extend(step_items)
        self.channel = EntryChannelForm(data, initial={"channel": channel})
        self.answers = SurveyStepForm(data, step=Step(number=1, items=items), earlier_answers=[])

    def is_valid(self) -> bool:
        return all([self.channel.is_valid(), self.answers.is_valid()])

    @property
    def sections(self) -> list[tuple[Step, list]]:
        """(step, question groups) for the template, in the survey's order."""
        groups = self.answers.groups
        return [
            (step, [group for group in groups if id(group.item) in ids])
            for step, ids in zip(self.steps, self._item_ids, strict=True)
        ]

    @property
    def error_count(self) -> int:
        fields = [*self.channel.errors.values(), *self.answers.errors.values()]
        return sum(len(errors) for errors in fields)


class PaperEntryView(SurveyAdminMixin, TemplateView):
    """Type in a questionnaire that came back on paper, was filled in with help or in an
    interview; also after the survey closed, never for an unpublished survey."""

    template_name = "surveys/admin/paper_entry.html"
    page_title = gettext_lazy("Papierbogen erfassen")
    header_icon = "form"

    def get(self, request, *args, **kwargs):
        if not self.survey.live:
            return self.refuse_unpublished()
        channel = request.GET.get("kanal")
        form = EntryForm(self.survey, channel=channel if channel in ENTRY_CHANNELS else None)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if not self.survey.live:
            return self.refuse_unpublished()
        form = EntryForm(self.survey, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        channel = form.channel.cleaned_data["channel"]
        try:
            response = response_submit(
                survey=self.survey,
                participant=Participant(key=None),
                answers=form.answers.answer_values(),
                contact_email=form.answers.contact_email(),
                channel=channel,
                entered_by=request.user,
            )
        except SurveyNotOpen:
            return self.refuse_unpublished()
        next_url = reverse("surveys_admin:paper_entry", args=[self.survey.pk])
        messages.success(
            request,
            _("Antwortbogen Nr. %(number)s ist gespeichert.") % {"number": response.pk},
            buttons=[messages.button(f"{next_url}?kanal={channel}", _("Nächsten Bogen erfassen"))],
        )
        return redirect(self.survey_url())

    def refuse_unpublished(self):
        messages.error(
            self.request,
            _(
                "Die Befragung ist nicht veröffentlicht. Papierbögen können Sie erfassen, "
                "sobald sie veröffentlicht ist."
            ),
        )
        return redirect(self.survey_url())
