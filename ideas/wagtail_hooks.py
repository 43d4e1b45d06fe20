from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from ideas import admin_views, results_admin
from ideas.models import Idea, IdeaCollectionPage
from ideas.rules import collections_moderated_by, user_can_moderate


@hooks.register("before_delete_page")
def keep_collections_with_ideas(request, page):
    # Ideas are never lost (Idea.collection is PROTECT): a collection with ideas is closed
    # instead, and a page above one (a district page) cannot take it along.
    collection = (
        IdeaCollectionPage.objects.filter(path__startswith=page.path)
        .filter(Exists(Idea.objects.filter(collection=OuterRef("pk"))))
        .order_by("path")
        .first()
    )
    if collection is None:
        return None
    if collection.pk == page.pk:
        message = _(
            "Die Ideensammlung „%(title)s“ hat schon Ideen und kann nicht gelöscht werden. "
            "Beenden Sie sie stattdessen mit einem Enddatum."
        ) % {"title": page.title}
    else:
        message = _(
            "Unter „%(page)s“ liegt die Ideensammlung „%(title)s“ mit Ideen; deshalb kann die "
            "Seite nicht gelöscht werden. Beenden Sie die Ideensammlung stattdessen mit einem "
            "Enddatum."
        ) % {"page": page.title, "title": collection.title}
    messages.error(request, message)
    return redirect("wagtailadmin_pages:edit", page.pk)


# --- moderation in the admin (ideas.admin_views) -----------------------------------------------


@hooks.register("register_admin_urls")
def register_ideas_admin_urls():
    idea = "<int:collection_id>/idee/<int:idea_id>/"
    comment = "<int:collection_id>/kommentar/<int:comment_id>/"
    urlpatterns = [
        path("", admin_views.IdeaIndexView.as_view(), name="index"),
        path("<int:collection_id>/", admin_views.CollectionView.as_view(), name="collection"),
        path(idea, admin_views.IdeaView.as_view(), name="idea"),
        path(f"{idea}freigeben/", admin_views.IdeaApproveView.as_view(), name="idea_approve"),
        path(f"{idea}ablehnen/", admin_views.IdeaRejectView.as_view(), name="idea_reject"),
        path(f"{idea}themenfeld/", admin_views.IdeaCategoryView.as_view(), name="idea_category"),
        path(f"{idea}zusammenfuehren/", admin_views.IdeaMergeView.as_view(), name="idea_merge"),
        path(f"{idea}stand/", admin_views.IdeaStatusView.as_view(), name="idea_status"),
        path(
            f"{comment}freigeben/",
            admin_views.CommentApproveView.as_view(),
            name="comment_approve",
        ),
        path(f"{comment}ablehnen/", admin_views.CommentRejectView.as_view(), name="comment_reject"),
        path(
            "<int:collection_id>/export.csv",
            admin_views.ExportView.as_view(file_format="csv"),
            name="export_csv",
        ),
        path(
            "<int:collection_id>/export.xlsx",
            admin_views.ExportView.as_view(file_format="xlsx"),
            name="export_xlsx",
        ),
        *results_admin.urlpatterns,
    ]
    return [path("ideen/", include((urlpatterns, "ideas_admin")))]


class IdeasMenuItem(MenuItem):
    def is_shown(self, request):
        # Only for people who moderate at least one collection.
        return collections_moderated_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_ideas_menu_item():
    return IdeasMenuItem(
        _("Ideen"),
        reverse_lazy("ideas_admin:index"),
        name="ideen",
        icon_name=admin_views.ICON,
        order=260,
    )


class ModerateIdeasButton(PageMenuItem):
    label = _("Ideen moderieren")
    icon_name = admin_views.ICON
    url_name = "ideas_admin:collection"

    def is_shown(self, user):
        return self.page.specific_class is IdeaCollectionPage and user_can_moderate(user, self.page)


@hooks.register("register_page_listing_more_buttons")
def ideas_listing_buttons(page, user, next_url=None):
    yield ModerateIdeasButton(page=page, priority=5)


@hooks.register("register_page_header_buttons")
def ideas_header_buttons(page, user, view_name, next_url=None):
    yield ModerateIdeasButton(page=page, priority=12)


class CollectionResultsButton(PageMenuItem):
    label = _("Ergebnisse")
    icon_name = results_admin.ICON
    url_name = "ideas_admin:results"

    def is_shown(self, user):
        return self.page.specific_class is IdeaCollectionPage and user_can_moderate(user, self.page)


@hooks.register("register_page_listing_more_buttons")
def collection_results_listing_buttons(page, user, next_url=None):
    yield CollectionResultsButton(page=page, priority=6)


@hooks.register("register_page_header_buttons")
def collection_results_header_buttons(page, user, view_name, next_url=None):
    yield CollectionResultsButton(page=page, priority=13)


@hooks.register("register_log_actions")
def register_idea_log_actions(actions):
    """Moderation decisions appear in the collection page's history."""

    def _register(action: str, label, message):
        class Formatter(LogFormatter):
            def format_message(self, log_entry):
                return message % dict(log_entry.data)

        Formatter.label = label
        actions.register_action(action)(Formatter)

    _register(
        "ideas.idea_approve", _("Idee freigeben"), _("Idee Nr. %(idea)s „%(title)s“ freigegeben")
    )
    _register("ideas.idea_reject", _("Idee ablehnen"), _("Idee Nr. %(idea)s „%(title)s“ abgelehnt"))
    _register(
        "ideas.idea_recategorize",
        _("Themenfeld ändern"),
        _("Idee Nr. %(idea)s „%(title)s“ dem Themenfeld „%(category)s“ zugeordnet"),
    )
    _register(
        "ideas.idea_merge",
        _("Ideen zusammenführen"),
        _("Idee Nr. %(idea)s „%(title)s“ mit Nr. %(into)s „%(into_title)s“ zusammengeführt"),
    )
    _register(
        "ideas.idea_status",
        _("Stand einer Idee ändern"),
        _("Stand der Idee Nr. %(idea)s „%(title)s“ geändert: %(status)s"),
    )
    _register(
        "ideas.comment_approve",
        _("Kommentar freigeben"),
        _("Kommentar Nr. %(comment)s freigegeben"),
    )
    _register(
        "ideas.comment_reject", _("Kommentar ablehnen"), _("Kommentar Nr. %(comment)s abgelehnt")
    )

    @actions.register_action("ideas.ideas_export")
    class IdeasExported(LogFormatter):
        label = _("Ideen exportieren")

        def format_message(self, log_entry):
            return _("Alle Ideen als %(format)s heruntergeladen") % {
                "format": str(log_entry.data.get("format", "")).upper()
            }


@hooks.register("after_publish_page")
def recompute_results_after_publishing(request, page):
    """Results carry the Themenfelder's names: recompute them after the collection is
    published again (coalesced, after commit)."""
    from ideas.services import collection_mark_dirty

    if page.specific_class is IdeaCollectionPage and page.specific.ideas.exists():
        collection_mark_dirty(collection=page.specific)
