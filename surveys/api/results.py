"""GET /api/v1/surveys/{id}/results/: a survey's published results, as its public results page
("Ergebnisse") shows them: the suppressed public figures (DESIGN decision 7) and what became
of the answers. Nothing here is computed; it reads the results projection."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.rich_text import expand_db_html

from cms.api.results import published_results_page_or_404
from cms.api.serializers import DistrictRefSerializer
from surveys.models import SurveyPage
from surveys.selectors import SurveyResults, survey_results_get

NOT_FOUND = _("Diese Befragung gibt es nicht oder sie ist nicht veröffentlicht.")
NOT_PUBLIC = _("Die Ergebnisse dieser Befragung sind nicht öffentlich.")
NOT_COMPUTED = _("Die Ergebnisse dieser Befragung werden noch berechnet.")

TAGS = ["Results"]

_COUNT = {"type": "integer", "nullable": True, "description": "null: hidden (small group)."}
_SHARE = {"type": "number", "nullable": True}
SURVEY_FIGURES_SCHEMA = {
    "type": "object",
    "description": (
        "Survey-wide figures. With fewer than `min_group` responses only `suppressed: true` "
        "and empty lists."
    ),
    "properties": {
        "responses": _COUNT,
        "suppressed": {"type": "boolean"},
        "dimensions": {
            "type": "array",
            "description": "The groupings the questions are broken down by.",
            "items": {
                "type": "object",
                "properties": {"key": {"type": "string"}, "title": {"type": "string"}},
            },
        },
        "by_channel": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "label": {"type": "string"},
                    "count": _COUNT,
                },
            },
        },
        "by_day": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"day": {"type": "string", "format": "date"}, "count": _COUNT},
            },
        },
    },
    "additionalProperties": True,
}
QUESTION_FIGURES_SCHEMA = {
    "type": "object",
    "description": (
        "One question's public figures. Further fields depend on `kind`: `options` "
        "(choice, scale, date: key, label, count, share), `stats` (n, mean, q1, median, q3), "
        "`histogram` (number), `ranking` (key, label, first, n, mean_rank), `rows` (matrix), "
        "`breakdowns` (per dimension: columns, groups with counts). A hidden count or share is "
        "null. Free text is never included (`kind` text: only whether it was answered)."
    ),
    "properties": {
        "key": {"type": "string"},
        "label": {"type": "string"},
        "type": {"type": "string", "description": "The question's block type."},
        "kind": {
            "type": "string",
            "enum": ["choice", "scale", "date", "number", "ranking", "matrix", "text"],
        },
        "answered": _COUNT,
        "suppressed": {
            "type": "boolean",
            "description": "true: too few answers (or free text), no figures at all.",
        },
        "options": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "label": {"type": "string"},
                    "count": _COUNT,
                    "share": _SHARE,
                },
                "additionalProperties": True,
            },
        },
    },
    "required": ["key", "label", "kind", "suppressed"],
    "additionalProperties": True,
}


@extend_schema_field(SURVEY_FIGURES_SCHEMA)
class SurveyFiguresField(serializers.JSONField):
    """The stored public figures, passed on unchanged: the API shows what the page shows."""


@extend_schema_field(QUESTION_FIGURES_SCHEMA)
class QuestionFiguresField(serializers.JSONField):
    """One question's stored public figures, unchanged."""


class SurveyResultsDataSerializer(serializers.Serializer):
    """The figures of a survey's public results, shared with the open-data JSON file."""

    computed_at = serializers.DateTimeField(help_text="Stand: when the figures were computed.")
    responses = serializers.IntegerField(
        allow_null=True, help_text="Submitted responses counted; null below `min_group`."
    )
    min_group = serializers.IntegerField(
        help_text="Counts of fewer people than this are hidden (null), as are counts that "
        "would reveal them by subtraction."
    )
    survey = SurveyFiguresField()
    questions = serializers.ListField(child=QuestionFiguresField())


class SurveyResultsOutputSerializer(SurveyResultsDataSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    district = DistrictRefSerializer(allow_null=True, help_text="null: city-wide.")
    url = serializers.URLField(help_text="The public results page.")
    state = serializers.ChoiceField(
        choices=["not_open", "open", "closed"],
        help_text="open: answers still come in and the figures change.",
    )
    dirty = serializers.BooleanField(help_text="Newer answers are waiting to be counted.")
    outcome_html = serializers.CharField(
        help_text="„Das haben wir daraus gemacht“: what became of the answers (HTML); "
        "empty until the network has written it."
    )


def survey_results_data(results: SurveyResults, *, survey: SurveyPage) -> dict:
    """The public figures in the API's shape (SurveyResultsDataSerializer)."""
    return {
        "computed_at": results.computed_at,
        "responses": results.responses,
        "min_group": survey.results_min_group,
        "survey": results.survey_figures,
        "questions": results.questions,
    }


class SurveyResultsDetailView(APIView):
    """The public results of one survey; 404 wherever the results page is 404."""

    @extend_schema(
        tags=TAGS,
        summary="Published results of a survey",
        description=(
            "The figures of the public results page: small groups suppressed (a hidden count "
            "is null), no free text, and what became of the answers. 404 while the survey is "
            "not published, its results are not public (internal, or public after the end "
            "that has not come yet) or not computed yet."
        ),
        responses={200: SurveyResultsOutputSerializer},
    )
    def get(self, request, pk: int):
        survey = published_results_page_or_404(
            model=SurveyPage, page_id=pk, not_found=NOT_FOUND, not_public=NOT_PUBLIC
        )
        results = survey_results_get(survey=survey, public=True)
        if results is None:
            raise NotFound(NOT_COMPUTED)
        page_url = survey.get_url(request) + survey.reverse_subpage("survey_results")
        data = {
            "id": survey.pk,
            "title": survey.title,
            "district": survey.district,
            "url": request.build_absolute_uri(page_url),
            "state": survey.state(),
            "dirty": results.dirty,
            "outcome_html": expand_db_html(survey.results_outcome)
            if survey.results_outcome
            else "",
            **survey_results_data(results, survey=survey),
        }
        return Response(SurveyResultsOutputSerializer(data).data)


urlpatterns = [
    path(
        "surveys/<id:pk>/results/",
        SurveyResultsDetailView.as_view(),
        name="api-survey-results-detail",
    ),
]
