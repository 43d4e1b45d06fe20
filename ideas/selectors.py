"""Reads for idea collections: what residents see, what moderators work through.

Support and comment counts are counted from their rows in the same query (correlated
subqueries), so they can never drift from what is stored and lists need no extra query.
"""

import re

from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from cms.models import District
from ideas.models import (
    CollectionResult,
    Comment,
    Idea,
    IdeaCategory,
    IdeaCollectionPage,
    IdeaStatus,
    IdeaStatusChange,
    ModerationState,
    Support,
)

SORTS = {
    "neu": ("-created_at", "-pk"),
    "unterstuetzt": ("-support_count", "-created_at", "-pk"),
    "diskutiert": ("-comment_count", "-created_at", "-pk"),
}
DEFAULT_SORT = "neu"
SIMILAR_LIMIT = 5
SIMILARITY_THRESHOLD = 0.3
# Words that make any two German ideas look alike; left out of the SQLite fallback match.
STOP_WORDS = frozenset(
    (
        "aber",
        "alle",
        "auch",
        "bitte",
        "damit",
        "dass",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "diese",
        "dieser",
        "eine",
        "einen",
        "einer",
        "eines",
        "für",
        "gibt",
        "haben",
        "hier",
        "mehr",
        "mit",
        "nach",
        "nicht",
        "noch",
        "oder",
        "sehr",
        "sich",
        "sind",
        "über",
        "und",
        "unser",
        "unsere",
        "viel",
        "von",
        "wäre",
        "wenn",
        "werden",
        "wir",
        "zum",
        "zur",
    )
)


def _count_subquery(model, condition: Q) -> Coalesce:
    counted = (
        model.objects.filter(condition, idea=OuterRef("pk"))
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def ideas_with_counts(queryset: QuerySet[Idea]) -> QuerySet[Idea]:
    return queryset.annotate(
        support_count=_count_subquery(Support, Q()),
        comment_count=_count_subquery(Comment, Q(moderation=ModerationState.PUBLISHED)),
    )


def idea_list(
    *,
    collection: IdeaCollectionPage,
    category_id: int | None = None,
    status: str | None = None,
    query: str = "",
    sort: str = DEFAULT_SORT,
) -> QuerySet[Idea]:
    """Published ideas of a collection, filtered and sorted as the resident asked."""
    ideas = Idea.objects.filter(collection=collection, moderation=ModerationState.PUBLISHED)
    if category_id:
        ideas = ideas.filter(category_id=category_id)
    if status in IdeaStatus.values:
        ideas = ideas.filter(status=status)
    for word in query.split()[:10]:
        ideas = ideas.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(location_text__icontains=word)
        )
    return (
        ideas_with_counts(ideas)
        .select_related("category")
        .order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    )


def idea_get_visible(*, collection: IdeaCollectionPage, idea_id: int) -> Idea | None:
    """The idea as residents may see it (published or merged), else None."""
    return (
        ideas_with_counts(
            Idea.objects.filter(
                collection=collection,
                pk=idea_id,
                moderation__in=[ModerationState.PUBLISHED, ModerationState.MERGED],
            )
        )
        .select_related("category", "merged_into")
        .prefetch_related("status_changes")
        .first()
    )


def comment_reply_target(*, idea: Idea, comment_id: int) -> Comment | None:
    """The published comment of this idea a resident replies to, else None."""
    return Comment.objects.filter(
        pk=comment_id, idea=idea, moderation=ModerationState.PUBLISHED
    ).first()


def comment_reportable(*, collection: IdeaCollectionPage, comment_id: int) -> Comment | None:
    """A comment residents may report: shown on a published idea of this collection. A report
    that comes just after others hid it still counts (services.comment_report)."""
    return (
        Comment.objects.filter(
            pk=comment_id,
            collection_id=collection.pk,
            moderation__in=[ModerationState.PUBLISHED, ModerationState.HIDDEN],
            idea__moderation=ModerationState.PUBLISHED,
        )
        .select_related("idea")
        .first()
    )


def idea_comments(*, idea: Idea) -> QuerySet[Comment]:
    """Published top-level comments with their published replies (two queries)."""
    published = Q(moderation=ModerationState.PUBLISHED)
    return (
        Comment.objects.filter(published, idea=idea, parent__isnull=True)
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.filter(published).order_by("created_at", "pk"),
                to_attr="published_replies",
            )
        )
        .order_by("created_at", "pk")
    )


def supported_idea_ids(*, participant_key: str | None, idea_ids) -> set[int]:
    if not participant_key:
        return set()
    return set(
        Support.objects.filter(
            participant_key=participant_key, idea_id__in=list(idea_ids)
        ).values_list("idea_id", flat=True)
    )


def _words(text: str) -> list[str]:
    words = re.findall(r"\w{4,}", text.lower())
    return [word for word in dict.fromkeys(words) if word not in STOP_WORDS][:12]


def ideas_similar(
    *, collection: IdeaCollectionPage, title: str, description: str = ""
) -> list[Idea]:
    """ "Gibt es Ihre Idee schon?": published ideas of the collection that read alike.

    PostgreSQL ranks by trigram word similarity of the new title against titles and
    descriptions (pg_trgm, ideas migration 0002); SQLite falls back to shared words.
    """
    ideas = Idea.objects.filter(collection=collection, moderation=ModerationState.PUBLISHED)
    title = title.strip()[:200]
    if not title:
        return []
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        return list(
            ideas_with_counts(
                ideas.annotate(
                    similarity=Greatest(
                        TrigramWordSimilarity(title, "title"),
                        TrigramWordSimilarity(title, "description") * 0.8,
                    )
                ).filter(similarity__gte=SIMILARITY_THRESHOLD)
            )
            .select_related("category")
            .order_by("-similarity", "-pk")[:SIMILAR_LIMIT]
        )
    words = _words(f"{title} {description[:300]}")
    if not words:
        return []
    match = Q()
    for word in words:
        match |= Q(title__icontains=word) | Q(description__icontains=word)
    candidates = list(ideas_with_counts(ideas.filter(match)).select_related("category")[:50])

    def shared_words(idea):
        text = f"{idea.title} {idea.description}".lower()
        return sum(word in text for word in words)

    candidates.sort(key=lambda idea: (-shared_words(idea), -idea.pk))
    return candidates[:SIMILAR_LIMIT]


def collection_boundary(collection: IdeaCollectionPage) -> list[dict] | None:
    """The area map points must lie in: the district's boundary, or for a city-wide
    collection every district's; None when no boundary is known."""
    if collection.district_id:
        district = District.objects.filter(pk=collection.district_id).only("boundary").first()
        return [district.boundary] if district and district.boundary else None
    boundaries = [
        boundary
        for boundary in District.objects.exclude(boundary__isnull=True).values_list(
            "boundary", flat=True
        )
        if boundary
    ]
    return boundaries or None


def collection_categories(collection: IdeaCollectionPage) -> QuerySet[IdeaCategory]:
    return IdeaCategory.objects.filter(page=collection).order_by("sort_order", "pk")


def collection_list_open(*, district: District | None = None) -> list[IdeaCollectionPage]:
    """Live, public collections taking ideas now, closing soonest first; a district's only
    when one is given (as survey_list_open)."""
    from django.utils import timezone

    now = timezone.now()
    collections = (
        IdeaCollectionPage.objects.live()
        .public()
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("district")
        .order_by("closes_at", "title")
    )
    if district is not None:
        collections = collections.filter(district=district)
    return list(collections)


# --- moderation ---------------------------------------------------------------------------------


def moderation_queue(*, collection: IdeaCollectionPage) -> dict:
    """What waits for a moderator's decision in one collection."""
    return {
        "ideas": list(
            Idea.objects.filter(collection=collection, moderation=ModerationState.PENDING)
            .select_related("category")
            .order_by("created_at", "pk")
        ),
        "comments": list(
            Comment.objects.filter(
                collection=collection,
                moderation__in=[ModerationState.PENDING, ModerationState.HIDDEN],
            )
            .select_related("idea")
            .annotate(report_count=Count("reports"))
            .order_by("created_at", "pk")
        ),
    }


def collections_with_moderation_counts(
    collections: QuerySet[IdeaCollectionPage],
) -> list[IdeaCollectionPage]:
    """Collections with their published ideas, waiting ideas and waiting comments: three
    queries for any number of collections."""
    published = (
        Idea.objects.filter(collection=OuterRef("pk"), moderation=ModerationState.PUBLISHED)
        .order_by()
        .values("collection")
        .annotate(n=Count("pk"))
        .values("n")
    )
    collections = list(
        collections.select_related("district")
        .annotate(published_count=Coalesce(Subquery(published, output_field=IntegerField()), 0))
        .order_by("path")
    )
    counts = moderation_counts([collection.pk for collection in collections])
    for collection in collections:
        collection.waiting_ideas = counts[collection.pk]["ideas"]
        collection.waiting_comments = counts[collection.pk]["comments"]
    return collections


def idea_comments_for_moderation(*, idea: Idea) -> QuerySet[Comment]:
    """Every comment of an idea, whatever its state, with its number of reports."""
    return (
        Comment.objects.filter(idea=idea)
        .annotate(report_count=Count("reports"))
        .order_by("created_at", "pk")
    )


def merge_targets(*, idea: Idea) -> QuerySet[Idea]:
    """The published ideas of the same collection a duplicate can be merged into."""
    return (
        Idea.objects.filter(collection_id=idea.collection_id, moderation=ModerationState.PUBLISHED)
        .exclude(pk=idea.pk)
        .order_by("title", "pk")
    )


def moderation_counts(collection_ids) -> dict[int, dict[str, int]]:
    """Waiting ideas and comments per collection, in two queries for any number of them."""
    counts = {pk: {"ideas": 0, "comments": 0} for pk in collection_ids}
    waiting_ideas = (
        Idea.objects.filter(collection_id__in=counts, moderation=ModerationState.PENDING)
        .values("collection_id")
        .annotate(n=Count("pk"))
    )
    for row in waiting_ideas:
        counts[row["collection_id"]]["ideas"] = row["n"]
    waiting_comments = (
        Comment.objects.filter(
            collection_id__in=counts,
            moderation__in=[ModerationState.PENDING, ModerationState.HIDDEN],
        )
        .values("collection_id")
        .annotate(n=Count("pk"))
    )
    for row in waiting_comments:
        counts[row["collection_id"]]["comments"] = row["n"]
    return counts


def collection_result_get(*, collection: IdeaCollectionPage) -> CollectionResult | None:
    """The stored results of a collection with `dirty_since` (newer contributions waiting to
    be counted); one query."""
    return (
        CollectionResult.objects.filter(collection=collection)
        .annotate(dirty_since=F("collection__results_state__dirty_since"))
        .first()
    )


# --- the public REST API ------------------------------------------------------------------------


def collection_list_public() -> QuerySet[IdeaCollectionPage]:
    """Live, public collections with their district, Themenfelder and number of published
    ideas: two queries for any number of them (the ideas are counted in a subquery)."""
    published = (
        Idea.objects.filter(collection=OuterRef("pk"), moderation=ModerationState.PUBLISHED)
        .order_by()
        .values("collection")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        IdeaCollectionPage.objects.live()
        .public()
        .select_related("district")
        .prefetch_related(
            Prefetch("categories", queryset=IdeaCategory.objects.order_by("sort_order", "pk"))
        )
        .annotate(idea_count=Coalesce(Subquery(published, output_field=IntegerField()), 0))
        .order_by("title", "pk")
    )


def ideas_with_feedback(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """Ideas with their public status history (one more query for a whole page of them)."""
    return ideas.prefetch_related(
        Prefetch("status_changes", queryset=IdeaStatusChange.objects.order_by("created_at", "pk"))
    )


def collection_public_of_idea(*, idea_id: int) -> IdeaCollectionPage | None:
    """The live, public collection an idea belongs to, else None."""
    return (
        IdeaCollectionPage.objects.live()
        .public()
        .filter(pk__in=Idea.objects.filter(pk=idea_id).values("collection_id"))
        .select_related("district")
        .first()
    )


def collection_public_of_comment(*, comment_id: int) -> IdeaCollectionPage | None:
    """The live, public collection a comment belongs to, else None."""
    return (
        IdeaCollectionPage.objects.live()
        .public()
        .filter(pk__in=Comment.objects.filter(pk=comment_id).values("collection_id"))
        .select_related("district")
        .first()
    )
