"""Reads for open data: which surveys and idea collections are open datasets (one rule for
the catalogue, the "Offene Daten" page and every file), and the rows of an ideas file."""

from datetime import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

# The query form of ResultsPublicationMixin.results_are_public, as the district pages use it.
from cms.results_selectors import results_public_now_filter

KIND_RESULTS = "results"
KIND_IDEAS = "ideas"


def _surveys_open(now: datetime) -> QuerySet:
    """Live surveys whose results are public now (cms.results_selectors' rule) and computed."""
    from surveys.models import SurveyPage

    return SurveyPage.objects.live().filter(results_public_now_filter(now), result__isnull=False)


def _published_ideas() -> QuerySet:
    from ideas.models import Idea, ModerationState

    return Idea.objects.filter(moderation=ModerationState.PUBLISHED)


def _collections_open(now) -> QuerySet:
    """Live collections with at least one published idea whose results are public now. The
    ideas are on the page anyway, but releasing residents' texts under an open licence is
    the editors' decision, the same one that publishes the results."""
    from ideas.models import IdeaCollectionPage

    return (
        IdeaCollectionPage.objects.live()
        .filter(results_public_now_filter(now))
        .filter(Exists(_published_ideas().filter(collection=OuterRef("pk"))))
    )


def open_data_datasets(*, now: datetime | None = None) -> QuerySet[Page]:
    """Every open dataset as a page row (public pages only) with `kind`, `district_name`,
    `district_slug`, `min_group`, `modified` (the Stand) and `results_public`
    annotated; one query after Wagtail's query for view restrictions.

    The Stand of survey results is their computation; of ideas, the collection's last results
    computation, which follows every contribution, else the newest published idea."""
    from ideas.models import IdeaCollectionPage

    now = now or timezone.now()
    newest_idea = (
        _published_ideas()
        .filter(collection_id=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    results_public = (
        IdeaCollectionPage.objects.live().filter(results_public_now_filter(now)).values("pk")
    )
    return (
        Page.objects.live()
        .public()
        .filter(
            Q(pk__in=_surveys_open(now).values("pk"))
            | Q(pk__in=_collections_open(now).values("pk"))
        )
        .annotate(
            kind=Case(
                When(surveypage__isnull=False, then=Value(KIND_RESULTS)),
                default=Value(KIND_IDEAS),
                output_field=CharField(),
            ),
            district_name=Coalesce(
                "surveypage__district__name", "ideacollectionpage__district__name"
            ),
            district_slug=Coalesce(
                "surveypage__district__slug", "ideacollectionpage__district__slug"
            ),
            min_group=F("surveypage__results_min_group"),
            modified=Coalesce(
                "surveypage__result__computed_at",
                "ideacollectionpage__result__computed_at",
                Subquery(newest_idea),
                "last_published_at",
            ),
            results_public=Case(
                When(surveypage__isnull=False, then=Value(True)),
                When(pk__in=results_public, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def open_data_dataset_get(*, kind: str, page_id: int) -> Page | None:
    """One open dataset (as in open_data_datasets), else None."""
    return open_data_datasets().filter(kind=kind, pk=page_id).first()


def participation_page_get(*, model, page_id: int):
    """A live, public survey or idea collection (`model`) with its district, else None."""
    return model.objects.live().public().select_related("district").filter(pk=page_id).first()


def open_data_ideas(*, collection) -> QuerySet:
    """The collection's published ideas (selectors.idea_list) with their latest public
    feedback, as value tuples in id order; one query. Never the author or contact address."""
    from ideas.models import IdeaStatusChange
    from ideas.selectors import idea_list

    latest = IdeaStatusChange.objects.filter(idea=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        idea_list(collection=collection)
        .annotate(
            latest_feedback=Subquery(latest.values("feedback")[:1]),
            latest_feedback_at=Subquery(latest.values("created_at")[:1]),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "description",
            "category__name",
            "status",
            "latest_feedback",
            "latest_feedback_at",
            "support_count",
            "comment_count",
            "location_text",
            "latitude",
            "longitude",
            "created_at",
        )
    )
