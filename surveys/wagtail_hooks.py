from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from surveys import admin_access_codes, admin_views, results_admin
from surveys.models import Response, SurveyPage
from surveys.rules import surveys_manageable_by, user_can_manage_responses


@hooks.register("before_delete_page")
def keep_surveys_with_responses(request, page):
    # Responses are never lost: a survey with responses is closed, not deleted.
    if page.specific_class is SurveyPage and Response.objects.filter(survey_id=page.pk).exists():
        messages.error(
            request,
            _(
                "Die Befragung „%(title)s“ hat schon Antworten und kann nicht gelöscht werden. "
                "Beenden Sie sie stattdessen mit einem Enddatum."
            )
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


# --- responses in the admin (surveys.admin_views) ----------------------------------------------


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    urlpatterns = [
        path("", admin_views.SurveyIndexView.as_view(), name="index"),
        path("<int:survey_id>/", admin_views.SurveyResponsesView.as_view(), name="survey"),
        path(
            "<int:survey_id>/antworten/<int:response_id>/loeschen/",
            admin_views.ResponseDeleteView.as_view(),
            name="response_delete",
        ),
        path("<int:survey_id>/export.csv", admin_views.ExportCsvView.as_view(), name="export_csv"),
        path(
            "<int:survey_id>/export.xlsx", admin_views.ExportXlsxView.as_view(), name="export_xlsx"
        ),
        path("<int:survey_id>/erfassen/", admin_views.PaperEntryView.as_view(), name="paper_entry"),
        path(
            "<int:survey_id>/zugangscodes/",
            admin_access_codes.AccessCodesView.as_view(),
            name="access_codes",
        ),
        *results_admin.urlpatterns,
    ]
    return [path("befragungen/", include((urlpatterns, "surveys_admin")))]


class SurveysMenuItem(MenuItem):
    def is_shown(self, request):
        # Only for people who manage at least one survey's responses.
        return surveys_manageable_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_surveys_menu_item():
    return SurveysMenuItem(
        _("Befragungen"),
        reverse_lazy("surveys_admin:index"),
        name="befragungen",
        icon_name="clipboard-list",
        order=250,
    )


class SurveyResponsesButton(PageMenuItem):
    label = _("Antworten")
    icon_name = "clipboard-list"
    url_name = "surveys_admin:survey"

    def is_shown(self, user):
        return self.page.specific_class is SurveyPage and user_can_manage_responses(user, self.page)


@hooks.register("register_page_listing_more_buttons")
def survey_listing_buttons(page, user, next_url=None):
    yield SurveyResponsesButton(page=page, priority=5)


@hooks.register("register_page_header_buttons")
def survey_header_buttons(page, user, view_name, next_url=None):
    yield SurveyResponsesButton(page=page, priority=12)


class SurveyResultsButton(PageMenuItem):
    label = _("Ergebnisse")
    icon_name = results_admin.ICON
    url_name = "surveys_admin:results"

    def is_shown(self, user):
        return self.page.specific_class is SurveyPage and user_can_manage_responses(user, self.page)


@hooks.register("register_page_listing_more_buttons")
def survey_results_listing_buttons(page, user, next_url=None):
    yield SurveyResultsButton(page=page, priority=6)


@hooks.register("register_page_header_buttons")
def survey_results_header_buttons(page, user, view_name, next_url=None):
    yield SurveyResultsButton(page=page, priority=13)


@hooks.register("register_log_actions")
def register_survey_log_actions(actions):
    @actions.register_action("surveys.response_delete")
    class ResponseDeleted(LogFormatter):
        label = _("Antwortbogen löschen")

        def format_message(self, log_entry):
            return _("Antwortbogen Nr. %(number)s gelöscht") % {
                "number": log_entry.data.get("response")
            }

    @actions.register_action("surveys.responses_export")
    class ResponsesExported(LogFormatter):
        label = _("Antworten exportieren")

        def format_message(self, log_entry):
            return _("Rohdaten der Antworten als %(format)s heruntergeladen") % {
                "format": str(log_entry.data.get("format", "")).upper()
            }


@hooks.register("after_publish_page")
def recompute_results_after_publishing(request, page):
    """Results carry question labels and the survey's minimum group size: after a survey is
    published again they are recomputed (coalesced, after commit)."""
    from surveys.services import survey_mark_dirty

    if page.specific_class is SurveyPage and page.specific.responses.exists():
        survey_mark_dirty(survey=page.specific)
