"""Surveys for the district networks and Redaktion, with an API key: the surveys whose
responses the key's user manages, their full results, responses per day and the downloads.

Every endpoint asks surveys.rules exactly as the admin does (surveys/admin_views.py,
surveys/results_admin.py): no key is 401, a survey of another district 403, an unknown id
404. The raw responses need the explicit export permission on top and are recorded in the
survey's history like a download in the admin.
"""

from django.db.models import F
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from beteiligung.api.downloads import FileDownloadNegotiation, download_schema
from cms.api.filters import ParticipationPageFilter
from surveys.api.network_serializers import (
    NetworkResponsesOverTimeOutputSerializer,
    NetworkSurveyOutputSerializer,
    NetworkSurveyResultsOutputSerializer,
    ResponsesOverTimeQuerySerializer,
)
from surveys.exports import responses_download
from surveys.models import SurveyPage
from surveys.results_exports import results_download
from surveys.rules import (
    surveys_manageable_by,
    user_can_export_responses,
    user_can_manage_responses,
)
from surveys.selectors import (
    SurveyResults,
    survey_list_with_response_counts,
    survey_responses_per_day,
    survey_results_get,
)
from surveys.services import responses_export_record

TAGS = ["Network: surveys"]


# --- the list --------------------------------------------------------------------------------


class NetworkSurveyFilter(ParticipationPageFilter):
    class Meta:
        model = SurveyPage
        fields = []


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="Surveys I manage",
        description=(
            "The surveys whose responses the key's user manages (their district's, or every "
            "one for Redaktion), drafts included, with the number of submitted responses. "
            "Newest period first unless `ordering` is given. A key without any district "
            "gets an empty list."
        ),
    )
)
class NetworkSurveyListView(generics.ListAPIView):
    serializer_class = NetworkSurveyOutputSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NetworkSurveyFilter
    ordering_fields = ["title", "closes_at"]

    def get_queryset(self):
        return survey_list_with_response_counts(surveys=surveys_manageable_by(self.request.user))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = [_open_end_last(term) for term in queryset.query.order_by]
        # With ?ordering=title two surveys of one title must not swap places between pages.
        return queryset.order_by(*ordering, "pk")


def _open_end_last(term):
    """A survey without an end date closes never: last by closes_at, first by -closes_at, on
    PostgreSQL and SQLite alike (they put NULL at opposite ends)."""
    if term == "closes_at":
        return F("closes_at").asc(nulls_last=True)
    if term == "-closes_at":
        return F("closes_at").desc(nulls_first=True)
    return term


# --- one survey ------------------------------------------------------------------------------


class NetworkSurveyMixin:
    """Loads the survey of the URL (404) and refuses users who may not manage it (403)."""

    permission_classes = [IsAuthenticated]

    def get_survey(self) -> SurveyPage:
        survey = get_object_or_404(
            SurveyPage.objects.select_related("district"), pk=self.kwargs["pk"]
        )
        if not user_can_manage_responses(self.request.user, survey):
            raise PermissionDenied(_("Die Antworten dieser Befragung verwalten Sie nicht."))
        return survey


def results_body(survey: SurveyPage, results: SurveyResults | None) -> dict:
    """The stored figures with their Stand, or the Stand "not computed yet" (results null)."""
    if results is None:
        message = _("Die Ergebnisse sind noch nicht berechnet.")
    elif results.dirty:
        message = _("Neue Antworten werden gerade eingerechnet.")
    else:
        message = ""
    return {
        "survey_id": survey.pk,
        "computed_at": results.computed_at if results else None,
        "responses": results.responses if results else None,
        "dirty": results.dirty if results else None,
        "message": message,
        "results": (
            {"survey": results.survey_figures, "questions": results.questions} if results else None
        ),
    }


class NetworkSurveyResultsView(NetworkSurveyMixin, APIView):
    @extend_schema(
        tags=TAGS,
        summary="A survey's full results",
        description=(
            "The network's figures from the stored projection, without small-group "
            "suppression, with the Stand (`computed_at`, `responses`, `dirty`). Before the "
            "first computation the answer is 200 with `results: null` and a `message`, not "
            "404: the survey exists and its figures follow a few seconds after the first "
            "answer. Free-text answers themselves are not included."
        ),
        responses={200: NetworkSurveyResultsOutputSerializer},
    )
    def get(self, request, pk):
        survey = self.get_survey()
        results = survey_results_get(survey=survey, public=False)
        return ApiResponse(NetworkSurveyResultsOutputSerializer(results_body(survey, results)).data)


class NetworkResponsesOverTimeView(NetworkSurveyMixin, APIView):
    @extend_schema(
        tags=TAGS,
        summary="Submitted responses per day",
        description=(
            "Submitted responses per calendar day in the site's time zone, with the running "
            "total; days without responses are left out. Counted now, not from the stored "
            "projection."
        ),
        parameters=[ResponsesOverTimeQuerySerializer],
        responses={200: NetworkResponsesOverTimeOutputSerializer},
    )
    def get(self, request, pk):
        survey = self.get_survey()
        query = ResponsesOverTimeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        channel = query.validated_data.get("channel", "")
        days = survey_responses_per_day(survey=survey, channel=channel)
        body = {
            "survey_id": survey.pk,
            "channel": channel or None,
            "time_zone": timezone.get_default_timezone_name(),
            "total": days[-1]["cumulative"] if days else 0,
            "days": days,
        }
        return ApiResponse(NetworkResponsesOverTimeOutputSerializer(body).data)


# --- downloads -------------------------------------------------------------------------------


class SurveyDownloadView(NetworkSurveyMixin, APIView):
    content_negotiation_class = FileDownloadNegotiation
    file_format = ""


class SurveyResultsDownloadView(SurveyDownloadView):
    """The dashboard's aggregate download: the PUBLIC (suppressed) figures, safe to forward."""

    def get(self, request, pk):
        survey = self.get_survey()
        results = survey_results_get(survey=survey, public=True)
        if results is None:
            raise NotFound(_("Die Ergebnisse sind noch nicht berechnet."))
        return results_download(survey=survey, results=results, file_format=self.file_format)


RESULTS_FILE = (
    "The figures as the results dashboard downloads them: one row per question and option and "
    "per breakdown group, from the PUBLIC figures (groups under the survey's minimum size "
    "are empty with a note), so the file can be forwarded. 404 before the first computation."
)
RESPONSES_FILE = (
    "The raw responses, one row per submitted response, as the admin exports them. Needs the "
    "permission to export raw responses on top of managing the survey (else 403); every "
    "download is recorded in the survey's history."
)


@extend_schema_view(
    get=download_schema(
        tags=TAGS,
        file_format="csv",
        summary="Results as CSV",
        description=RESULTS_FILE,
        operation_id="network_survey_results_csv",
    )
)
class SurveyResultsCsvView(SurveyResultsDownloadView):
    file_format = "csv"


@extend_schema_view(
    get=download_schema(
        tags=TAGS,
        file_format="xlsx",
        summary="Results as Excel file",
        description=RESULTS_FILE,
        operation_id="network_survey_results_xlsx",
    )
)
class SurveyResultsXlsxView(SurveyResultsDownloadView):
    file_format = "xlsx"


class SurveyResponsesDownloadView(SurveyDownloadView):
    """Raw responses, streamed from two cursors ordered by response id (flat memory)."""

    def get(self, request, pk):
        survey = self.get_survey()
        if not user_can_export_responses(request.user, survey):
            raise PermissionDenied(
                _(
                    "Rohdaten exportieren darf nur, wer dafür ausdrücklich berechtigt ist. "
                    "Fragen Sie die Redaktion."
                )
            )
        responses_export_record(survey=survey, user=request.user, file_format=self.file_format)
        return responses_download(survey=survey, file_format=self.file_format)


@extend_schema_view(
    get=download_schema(
        tags=TAGS,
        file_format="csv",
        summary="Raw responses as CSV",
        description=RESPONSES_FILE,
        operation_id="network_survey_responses_csv",
    )
)
class SurveyResponsesCsvView(SurveyResponsesDownloadView):
    file_format = "csv"


@extend_schema_view(
    get=download_schema(
        tags=TAGS,
        file_format="xlsx",
        summary="Raw responses as Excel file",
        description=RESPONSES_FILE,
        operation_id="network_survey_responses_xlsx",
    )
)
class SurveyResponsesXlsxView(SurveyResponsesDownloadView):
    file_format = "xlsx"


SURVEY_PATH = "network/surveys/<id:pk>/"
urlpatterns = [
    path("network/surveys/", NetworkSurveyListView.as_view(), name="api-network-survey-list"),
    path(
        f"{SURVEY_PATH}results/",
        NetworkSurveyResultsView.as_view(),
        name="api-network-survey-results",
    ),
    path(
        f"{SURVEY_PATH}responses-over-time/",
        NetworkResponsesOverTimeView.as_view(),
        name="api-network-survey-responses-over-time",
    ),
    path(
        f"{SURVEY_PATH}exports/results.csv",
        SurveyResultsCsvView.as_view(),
        name="api-network-survey-results-csv",
    ),
    path(
        f"{SURVEY_PATH}exports/results.xlsx",
        SurveyResultsXlsxView.as_view(),
        name="api-network-survey-results-xlsx",
    ),
    path(
        f"{SURVEY_PATH}exports/responses.csv",
        SurveyResponsesCsvView.as_view(),
        name="api-network-survey-responses-csv",
    ),
    path(
        f"{SURVEY_PATH}exports/responses.xlsx",
        SurveyResponsesXlsxView.as_view(),
        name="api-network-survey-responses-xlsx",
    ),
]
