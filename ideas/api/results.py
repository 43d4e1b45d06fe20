"""GET /api/v1/collections/{id}/results/: an idea collection's published results, as its public
results page ("Ergebnisse") shows them: published ideas in figures and what became of them.
It reads the results projection (ideas.aggregation), never counts itself."""

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
from ideas.models import IdeaCollectionPage
from ideas.selectors import collection_result_get

TAGS = ["Results"]

NOT_FOUND = _("Diese Ideensammlung gibt es nicht oder sie ist nicht veröffentlicht.")
NOT_PUBLIC = _("Die Ergebnisse dieser Ideensammlung sind nicht öffentlich.")
NOT_COMPUTED = _("Die Ergebnisse dieser Ideensammlung werden noch berechnet.")


def _counted(*names: str) -> dict:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "key": {"type": "string"},
                "label": {"type": "string"},
                **{name: {"type": "integer"} for name in names},
            },
        },
    }


COLLECTION_FIGURES_SCHEMA = {
    "type": "object",
    "description": (
        "Published ideas only; waiting, rejected and merged ideas and the number of "
        "contributors stay internal. Ideas, supports and comments are public one by one on "
        "the collection page, so no count is hidden."
    ),
    "properties": {
        "ideas": {"type": "integer", "description": "Published ideas."},
        "published": {"type": "integer"},
        "supports": {"type": "integer"},
        "comments": {"type": "integer", "description": "Published comments."},
        "by_category": _counted("count", "supports"),
        "by_status": _counted("count"),
        "top_ideas": {
            "type": "array",
            "description": "The most supported published ideas.",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "supports": {"type": "integer"},
                    "comments": {"type": "integer"},
                    "status": {"type": "string"},
                    "status_label": {"type": "string"},
                    "category": {"type": "string"},
                    "url": {"type": "string", "description": "The idea's page (absolute)."},
                },
            },
        },
        "by_day": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "day": {"type": "string", "format": "date"},
                    "ideas": {"type": "integer"},
                    "supports": {"type": "integer"},
                    "comments": {"type": "integer"},
                },
            },
        },
    },
    "additionalProperties": True,
}


@extend_schema_field(COLLECTION_FIGURES_SCHEMA)
class CollectionFiguresField(serializers.JSONField):
    """The stored public figures, passed on as they are (idea addresses made absolute)."""


class CollectionResultsOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    question = serializers.CharField()
    district = DistrictRefSerializer(allow_null=True, help_text="null: city-wide.")
    url = serializers.URLField(help_text="The public results page.")
    state = serializers.ChoiceField(choices=["not_open", "open", "closed"])
    computed_at = serializers.DateTimeField(help_text="Stand: when the figures were computed.")
    ideas = serializers.IntegerField(help_text="Published ideas counted.")
    dirty = serializers.BooleanField(help_text="Newer contributions are waiting to be counted.")
    figures = CollectionFiguresField()
    outcome_html = serializers.CharField(
        help_text="„Das haben wir daraus gemacht“ (HTML); empty until it is written."
    )


def _absolute_idea_urls(figures: dict, request) -> dict:
    # The projection stores site paths; a client on another site needs whole addresses.
    top = [
        {**idea, "url": request.build_absolute_uri(idea["url"]) if idea.get("url") else ""}
        for idea in figures.get("top_ideas", [])
    ]
    return {**figures, "top_ideas": top}


class CollectionResultsDetailView(APIView):
    """The public results of one idea collection; 404 wherever the results page is 404."""

    @extend_schema(
        tags=TAGS,
        summary="Published results of an idea collection",
        description=(
            "The figures of the public results page (published ideas per Themenfeld and "
            "status, the most supported ideas, activity per day) and what became of the "
            "ideas. 404 while the collection is not published, its results are not public or "
            "not computed yet."
        ),
        responses={200: CollectionResultsOutputSerializer},
    )
    def get(self, request, pk: int):
        collection = published_results_page_or_404(
            model=IdeaCollectionPage, page_id=pk, not_found=NOT_FOUND, not_public=NOT_PUBLIC
        )
        result = collection_result_get(collection=collection)
        if result is None:
            raise NotFound(NOT_COMPUTED)
        page_url = collection.get_url(request) + collection.reverse_subpage("collection_results")
        outcome = collection.results_outcome
        data = {
            "id": collection.pk,
            "title": collection.title,
            "question": collection.question,
            "district": collection.district,
            "url": request.build_absolute_uri(page_url),
            "state": collection.state(),
            "computed_at": result.computed_at,
            "ideas": result.public_figures.get("ideas", 0),
            "dirty": result.dirty_since is not None,
            "figures": _absolute_idea_urls(result.public_figures, request),
            "outcome_html": expand_db_html(outcome) if outcome else "",
        }
        return Response(CollectionResultsOutputSerializer(data).data)


urlpatterns = [
    path(
        "collections/<id:pk>/results/",
        CollectionResultsDetailView.as_view(),
        name="api-collection-results-detail",
    ),
]
