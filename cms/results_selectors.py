"""Reads for the results that districts publish (surveys and idea collections)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from cms.models import District
from cms.models.publication import ResultsVisibility


@dataclass(frozen=True)
class PublishedResults:
    """A participation page whose results page ("Ergebnisse") anyone may read now."""

    page: object  # a SurveyPage or an IdeaCollectionPage
    kind: str  # "survey" or "collection"
    route_name: str  # the page's subpage route of its results page
    ended_at: datetime | None  # when contributions closed; None while open-ended


def results_public_now_filter(now) -> Q:
    """The query form of ResultsPublicationMixin.results_are_public (besides `live`)."""
    return Q(results_visibility=ResultsVisibility.LIVE) | Q(
        results_visibility=ResultsVisibility.AFTER_CLOSE, closes_at__lte=now
    )


def published_results_list(*, district: District) -> list[PublishedResults]:
    """The district's live, public surveys and idea collections whose results are public now,
    newest first (latest end of the period first; open-ended ones count as ending now).
    Two page queries, whatever the number of pages."""
    from ideas.models import IdeaCollectionPage
    from surveys.models import SurveyPage

    now = timezone.now()
    entries = []
    for model, kind, route_name in (
        (SurveyPage, "survey", "survey_results"),
        (IdeaCollectionPage, "collection", "collection_results"),
    ):
        pages = (
            model.objects.live()
            .public()
            .filter(results_public_now_filter(now), district=district)
            .select_related("district")
        )
        entries += [PublishedResults(page, kind, route_name, page.closes_at) for page in pages]
    # Ties (the same end, e.g. several still open): the most recently published page first.
    entries.sort(
        key=lambda entry: (
            min(entry.ended_at or now, now),
            entry.page.first_published_at or now,
        ),
        reverse=True,
    )
    return entries
