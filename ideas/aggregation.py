"""Idea collection results: a projection recomputed from Idea, Support and Comment rows
(DESIGN decision 6).

Every number comes from SQL aggregates (GROUP BY over ideas, supports and comments, with the
list's correlated count subqueries); Python only arranges the aggregate rows, it never loops
over contributions. "Published" means what residents see on the collection page: ideas and
comments in the moderation state PUBLISHED, counted as `selectors.idea_list` and
`selectors.ideas_with_counts` count them, so the results never disagree with the list.

`public_figures` leaves out what only the network sees (waiting, rejected and merged ideas,
the number of contributors) and counts published ideas only. Unlike survey answers, ideas,
supports and comments are public contributions already, shown one by one on the collection
page, so no small-group suppression is needed.
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.db.models import CharField, Count, Q, Sum, Value
from django.db.models.functions import Cast, Concat, TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from beteiligung.projection import recompute_transaction
from ideas.models import (
    CollectionResult,
    CollectionResultsState,
    Comment,
    Idea,
    IdeaCollectionPage,
    IdeaStatus,
    ModerationState,
    Support,
)
from ideas.selectors import collection_categories, idea_list, ideas_with_counts
from ideas.templatetags.idea_tags import page_path

logger = logging.getLogger(__name__)

# Raise when the figures or their format change: the reconciler recomputes older results.
RESULTS_VERSION = 1
LOCK_NAMESPACE = 2  # pg advisory lock class for idea collections (surveys use 1)
TOP_IDEAS_LIMIT = 10
INTERNAL_KEYS = ("waiting", "rejected", "merged", "contributors")
NO_CATEGORY_LABEL = _("ohne Themenfeld")

PUBLISHED = ModerationState.PUBLISHED
# A comment counts where residents see it: published, under a published idea.
PUBLISHED_COMMENT = Q(moderation=PUBLISHED, idea__moderation=PUBLISHED)


def _moderation_counts(ideas) -> dict:
    """Ideas per moderation state, and how many of them were sent without an account."""
    rows = (
        ideas.values_list("moderation")
        .annotate(n=Count("pk"), anonymous=Count("pk", filter=Q(author__isnull=True)))
        .order_by()
    )
    counts = dict.fromkeys(ModerationState.values, 0)
    anonymous = 0
    for state, n, without_account in rows:
        counts[state] = n
        anonymous += without_account
    return {"by_state": counts, "anonymous": anonymous}


def _contributors(collection: IdeaCollectionPage, anonymous_ideas: int) -> int:
    """Distinct participants who sent an idea, supported or commented (any moderation state).

    Supports and comments carry the participant key ("user:<id>" or "browser:<hash>"); ideas
    only their author's account, which maps onto the same "user:<id>" key. An idea sent without
    an account has no key, so each counts as one more participant: the figure is an upper
    bound where anonymous submitters also supported or commented.
    """
    keys = (
        Support.objects.filter(collection=collection)
        .values_list("participant_key")
        .order_by()
        .union(
            Comment.objects.filter(collection=collection).values_list("participant_key").order_by(),
            Idea.objects.filter(collection=collection, author__isnull=False)
            .annotate(key=Concat(Value("user:"), Cast("author_id", CharField())))
            .values_list("key")
            .order_by(),
        )
    )
    return keys.count() + anonymous_ideas


def _published_breakdown(collection: IdeaCollectionPage) -> dict:
    """Published ideas, supports and comments per (category, status), in one GROUP BY over
    the list's own per-idea counts."""
    rows = (
        ideas_with_counts(Idea.objects.filter(collection=collection, moderation=PUBLISHED))
        .values_list("category_id", "status")
        .annotate(n=Count("pk"), supports=Sum("support_count"), comments=Sum("comment_count"))
        .order_by()
    )
    return {
        (category_id, status): (n, supports or 0, comments or 0)
        for category_id, status, n, supports, comments in rows
    }


def _by_category(collection: IdeaCollectionPage, breakdown: dict) -> list[dict]:
    per_category = defaultdict(lambda: [0, 0])
    for (category_id, _status), (n, supports, _comments) in breakdown.items():
        per_category[category_id][0] += n
        per_category[category_id][1] += supports
    rows = [
        {
            "key": str(category.pk),
            "label": category.name,
            "count": per_category[category.pk][0],
            "supports": per_category[category.pk][1],
        }
        for category in collection_categories(collection)
    ]
    # Moderators can take an idea out of every Themenfeld; it still counts, in its own row.
    if per_category[None][0]:
        rows.append(
            {
                "key": "",
                "label": str(NO_CATEGORY_LABEL),
                "count": per_category[None][0],
                "supports": per_category[None][1],
            }
        )
    return rows


def _by_status(breakdown: dict) -> list[dict]:
    per_status = defaultdict(int)
    for (_category_id, status), (n, _supports, _comments) in breakdown.items():
        per_status[status] += n
    return [
        {"key": status.value, "label": str(status.label), "count": per_status[status.value]}
        for status in IdeaStatus
    ]


def _top_ideas(collection: IdeaCollectionPage) -> list[dict]:
    """The most supported published ideas, as the list counts them; ties: more comments first,
    then the older idea."""
    ideas = idea_list(collection=collection).order_by(
        "-support_count", "-comment_count", "created_at", "pk"
    )[:TOP_IDEAS_LIMIT]
    # The idea's page, as views and e-mails link it; "" while the collection is not routable.
    base = page_path(collection)

    def url(idea_id: int) -> str:
        return base + collection.reverse_subpage("idea_detail", args=(idea_id,)) if base else ""

    labels = dict(IdeaStatus.choices)
    return [
        {
            "id": idea.pk,
            "title": idea.title,
            "supports": idea.support_count,
            "comments": idea.comment_count,
            "status": idea.status,
            "status_label": str(labels[idea.status]),
            "category": idea.category.name if idea.category else "",
            "url": url(idea.pk),
        }
        for idea in ideas
    ]


def _per_day(queryset, **counts) -> dict:
    """{day: {name: count}} over `created_at` as a calendar day in the site's time zone."""
    rows = (
        queryset.annotate(day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()))
        .values("day")
        .annotate(**counts)
        .order_by()
    )
    return {row.pop("day"): row for row in rows}


def _by_day(collection: IdeaCollectionPage) -> tuple[list[dict], list[dict]]:
    """Activity per day for the network (every idea sent) and for the public (published
    ideas); supports and comments as counted in the totals, so each column adds up to them."""
    ideas = _per_day(
        Idea.objects.filter(collection=collection),
        all=Count("pk"),
        published=Count("pk", filter=Q(moderation=PUBLISHED)),
    )
    supports = _per_day(
        Support.objects.filter(collection=collection, idea__moderation=PUBLISHED), n=Count("pk")
    )
    comments = _per_day(
        Comment.objects.filter(PUBLISHED_COMMENT, collection=collection), n=Count("pk")
    )
    internal, public = [], []
    for day in sorted(ideas.keys() | supports.keys() | comments.keys()):
        day_ideas = ideas.get(day, {"all": 0, "published": 0})
        n_supports = supports.get(day, {"n": 0})["n"]
        n_comments = comments.get(day, {"n": 0})["n"]
        row = {"day": day.isoformat(), "ideas": day_ideas["all"]}
        row.update(supports=n_supports, comments=n_comments)
        internal.append(row)
        if day_ideas["published"] or n_supports or n_comments:
            public.append({**row, "ideas": day_ideas["published"]})
    return internal, public


def _figures(collection: IdeaCollectionPage) -> tuple[dict, list[dict]]:
    """The network's figures, and the public activity per day (published ideas only)."""
    with translation.override(settings.LANGUAGE_CODE):
        moderation = _moderation_counts(Idea.objects.filter(collection=collection))
        by_state = moderation["by_state"]
        breakdown = _published_breakdown(collection)
        by_day, public_by_day = _by_day(collection)
        figures = {
            "ideas": sum(by_state.values()),
            "published": by_state[PUBLISHED],
            "waiting": by_state[ModerationState.PENDING],
            "rejected": by_state[ModerationState.REJECTED],
            "merged": by_state[ModerationState.MERGED],
            "supports": sum(supports for _n, supports, _c in breakdown.values()),
            "comments": sum(comments for _n, _s, comments in breakdown.values()),
            "contributors": _contributors(collection, moderation["anonymous"]),
            "by_category": _by_category(collection, breakdown),
            "by_status": _by_status(breakdown),
            "top_ideas": _top_ideas(collection),
            "by_day": by_day,
        }
    return figures, public_by_day


def collection_figures_compute(*, collection: IdeaCollectionPage) -> dict:
    """The full (network) figures of an idea collection, in a fixed number of queries whatever
    the number of ideas. Reads only."""
    return _figures(collection)[0]


def collection_public(figures: dict, public_by_day: list[dict]) -> dict:
    """What the public results page shows: published ideas only, nothing internal."""
    public = {key: value for key, value in figures.items() if key not in INTERNAL_KEYS}
    public["ideas"] = figures["published"]
    public["by_day"] = public_by_day
    return public


# --- writing the projection ------------------------------------------------------------------


def collection_results_refresh(*, collection_id: int) -> CollectionResult | None:
    """Recompute an idea collection's results and replace its result row; clears the dirty mark
    unless a contribution arrived meanwhile. Idempotent. Raises Busy if another worker holds
    the lock; returns None for a collection that no longer exists."""
    with recompute_transaction(LOCK_NAMESPACE, collection_id):
        collection = IdeaCollectionPage.objects.filter(pk=collection_id).first()
        if collection is None:
            return None
        seen = (
            CollectionResultsState.objects.filter(collection_id=collection_id)
            .values_list("dirty_since", flat=True)
            .first()
        )
        figures, public_by_day = _figures(collection)
        now = timezone.now()
        result, _created = CollectionResult.objects.update_or_create(
            collection=collection,
            defaults={
                "computed_at": now,
                "ideas": figures["ideas"],
                "version": RESULTS_VERSION,
                "figures": figures,
                "public_figures": collection_public(figures, public_by_day),
            },
        )
    # After commit, outside the snapshot: a contribution that marked the collection since
    # `seen` keeps it dirty (and has scheduled the next run).
    CollectionResultsState.objects.filter(collection_id=collection_id, dirty_since=seen).update(
        dirty_since=None, computed_at=now
    )
    logger.info("Results of idea collection %s: %s ideas", collection_id, result.ideas)
    return result
