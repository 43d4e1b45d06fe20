"""The results projection of idea collections: figures that match the rows, a refresh that can
run any number of times, writes that lead to fresh results, and nothing internal in public."""

import datetime

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beteiligung.projection import Busy, recompute_started
from ideas.aggregation import (
    RESULTS_VERSION,
    collection_figures_compute,
    collection_results_refresh,
)
from ideas.models import (
    CollectionResult,
    CollectionResultsState,
    Comment,
    Idea,
    IdeaStatus,
    ModerationState,
    Support,
)
from ideas.services import browser_contributor, collection_mark_dirty, support_add
from ideas.tasks import recompute_collection_results_task
from tests.factories.accounts import UserFactory
from tests.factories.ideas import IdeaFactory

PUBLISHED = ModerationState.PUBLISHED
FIGURE_KEYS = {
    "ideas",
    "published",
    "waiting",
    "rejected",
    "merged",
    "supports",
    "comments",
    "contributors",
    "by_category",
    "by_status",
    "top_ideas",
    "by_day",
}
INTERNAL_KEYS = {"waiting", "rejected", "merged", "contributors"}
# Fixed instants; 23:30 UTC on 1 March is already 2 March in Karlsruhe.
MARCH_1 = datetime.datetime(2025, 3, 1, 10, 0, tzinfo=datetime.UTC)
LATE_MARCH_1_UTC = datetime.datetime(2025, 3, 1, 23, 30, tzinfo=datetime.UTC)
MARCH_5 = datetime.datetime(2025, 3, 5, 9, 0, tzinfo=datetime.UTC)


def _support(idea, key, created_at=MARCH_1):
    return Support.objects.create(
        idea=idea, collection=idea.collection, participant_key=key, created_at=created_at
    )


def _comment(idea, key, moderation=PUBLISHED, created_at=MARCH_1, parent=None):
    return Comment.objects.create(
        idea=idea,
        collection=idea.collection,
        participant_key=key,
        text="Gute Idee, die Bank fehlt wirklich.",
        moderation=moderation,
        created_at=created_at,
        parent=parent,
    )


@pytest.fixture
def contributions(collection):
    """Ideas in every moderation state, supports, and comments in every state, also on ideas
    residents do not see."""
    begegnung, wohnen, *_others = collection.categories.order_by("sort_order")
    author = UserFactory()
    bench = IdeaFactory(
        collection=collection,
        category=begegnung,
        status=IdeaStatus.ACCEPTED,
        author=author,
        created_at=MARCH_1,
    )
    tree = IdeaFactory(collection=collection, category=wohnen, created_at=LATE_MARCH_1_UTC)
    uncategorised = IdeaFactory(collection=collection, category=None, created_at=MARCH_5)
    waiting = IdeaFactory(
        collection=collection, moderation=ModerationState.PENDING, created_at=MARCH_5
    )
    rejected = IdeaFactory(
        collection=collection, moderation=ModerationState.REJECTED, created_at=MARCH_1
    )
    merged = IdeaFactory(
        collection=collection,
        moderation=ModerationState.MERGED,
        merged_into=bench,
        created_at=MARCH_1,
    )
    hidden = IdeaFactory(
        collection=collection, moderation=ModerationState.HIDDEN, created_at=MARCH_1
    )
    for key in ("browser:a", "browser:b", f"user:{author.pk}"):
        _support(bench, key)
    _support(tree, "browser:a", created_at=LATE_MARCH_1_UTC)
    _support(rejected, "browser:c")  # supported before it was taken off the list
    top = _comment(bench, "browser:a")
    _comment(bench, "browser:d", parent=top, created_at=MARCH_5)
    _comment(bench, "browser:e", moderation=ModerationState.HIDDEN)
    _comment(bench, "browser:f", moderation=ModerationState.PENDING)
    _comment(bench, "browser:g", moderation=ModerationState.REJECTED)
    _comment(tree, "browser:b", created_at=LATE_MARCH_1_UTC)
    _comment(rejected, "browser:h")  # published, but under an idea nobody sees
    return {
        "bench": bench,
        "tree": tree,
        "uncategorised": uncategorised,
        "waiting": waiting,
        "rejected": rejected,
        "merged": merged,
        "hidden": hidden,
    }


def _expected_contributors(collection) -> int:
    keys = set(
        Support.objects.filter(collection=collection).values_list("participant_key", flat=True)
    )
    keys |= set(
        Comment.objects.filter(collection=collection).values_list("participant_key", flat=True)
    )
    ideas = Idea.objects.filter(collection=collection)
    keys |= {f"user:{pk}" for pk in ideas.exclude(author=None).values_list("author_id", flat=True)}
    # An idea sent without an account carries no participant key: one person each.
    return len(keys) + ideas.filter(author=None).count()


@pytest.mark.django_db
def test_figures_equal_the_counts_of_the_rows(collection, contributions):
    figures = collection_figures_compute(collection=collection)

    ideas = Idea.objects.filter(collection=collection)
    published = ideas.filter(moderation=PUBLISHED)
    supports = Support.objects.filter(idea__collection=collection, idea__moderation=PUBLISHED)
    comments = Comment.objects.filter(
        idea__collection=collection, idea__moderation=PUBLISHED, moderation=PUBLISHED
    )
    assert set(figures) == FIGURE_KEYS
    assert figures["ideas"] == ideas.count() == 7
    assert figures["published"] == published.count() == 3
    assert figures["waiting"] == ideas.filter(moderation=ModerationState.PENDING).count() == 1
    assert figures["rejected"] == ideas.filter(moderation=ModerationState.REJECTED).count() == 1
    assert figures["merged"] == ideas.filter(moderation=ModerationState.MERGED).count() == 1
    assert figures["supports"] == supports.count() == 4
    # Hidden, waiting and rejected comments do not count, nor comments under a rejected idea.
    assert figures["comments"] == comments.count() == 3
    # a-h from supports and comments, the author's account, six ideas sent without one
    assert figures["contributors"] == _expected_contributors(collection) == 9 + 6

    categories = list(collection.categories.order_by("sort_order", "pk"))
    assert figures["by_category"] == [
        {
            "key": str(category.pk),
            "label": category.name,
            "count": published.filter(category=category).count(),
            "supports": supports.filter(idea__category=category).count(),
        }
        for category in categories
    ] + [{"key": "", "label": "ohne Themenfeld", "count": 1, "supports": 0}]
    assert [row["count"] for row in figures["by_category"]] == [1, 1, 0, 0, 1]
    assert figures["by_status"] == [
        {
            "key": status.value,
            "label": str(status.label),
            "count": published.filter(status=status).count(),
        }
        for status in IdeaStatus
    ]
    assert [row["key"] for row in figures["by_status"]] == [
        "submitted",
        "in_review",
        "accepted",
        "declined",
        "in_progress",
        "done",
    ]
    assert figures["by_status"][0]["label"] == "eingegangen"

    bench, tree = contributions["bench"], contributions["tree"]
    assert [idea["id"] for idea in figures["top_ideas"]] == [
        bench.pk,
        tree.pk,
        contributions["uncategorised"].pk,
    ]
    assert figures["top_ideas"][0] == {
        "id": bench.pk,
        "title": bench.title,
        "supports": 3,
        "comments": 2,
        "status": "accepted",
        "status_label": "angenommen",
        "category": "Begegnung",
        "url": f"/beiertheim-bulach/ideen/idee/{bench.pk}/",
    }
    assert figures["top_ideas"][2]["category"] == ""


@pytest.mark.django_db
def test_activity_per_day_counts_calendar_days_in_karlsruhe(collection, contributions):
    figures = collection_figures_compute(collection=collection)

    assert figures["by_day"] == [
        {"day": "2025-03-01", "ideas": 4, "supports": 3, "comments": 1},
        {"day": "2025-03-02", "ideas": 1, "supports": 1, "comments": 1},
        {"day": "2025-03-05", "ideas": 2, "supports": 0, "comments": 1},
    ]
    for key in ("ideas", "supports", "comments"):
        assert sum(day[key] for day in figures["by_day"]) == figures[key]


@pytest.mark.django_db
def test_top_ideas_are_ten_most_supported_then_most_discussed_then_oldest(collection):
    oldest_first = [
        IdeaFactory(collection=collection, created_at=MARCH_1 + datetime.timedelta(hours=hour))
        for hour in range(12)
    ]
    most_supported, discussed = oldest_first[11], oldest_first[10]
    for key in ("browser:a", "browser:b"):
        _support(most_supported, key)
    _support(discussed, "browser:a")
    _support(oldest_first[9], "browser:a")
    _comment(discussed, "browser:c")
    IdeaFactory(collection=collection, moderation=ModerationState.PENDING).supports.create(
        collection=collection, participant_key="browser:z"
    )

    top = collection_figures_compute(collection=collection)["top_ideas"]

    assert [idea["id"] for idea in top] == [
        most_supported.pk,
        discussed.pk,
        oldest_first[9].pk,
        *(idea.pk for idea in oldest_first[:7]),
    ]


@pytest.mark.django_db
def test_public_figures_leave_out_what_only_the_network_sees(collection, contributions):
    result = collection_results_refresh(collection_id=collection.pk)
    public = result.public_figures

    assert set(public) == FIGURE_KEYS - INTERNAL_KEYS
    assert public["ideas"] == public["published"] == 3
    assert result.figures["ideas"] == result.ideas == 7
    hidden_from_public = {
        contributions[name].pk for name in ("waiting", "rejected", "merged", "hidden")
    }
    assert not hidden_from_public & {idea["id"] for idea in public["top_ideas"]}
    # Only published ideas per day: 5 March keeps its published idea and its reply, and the
    # waiting idea of that day is not counted.
    assert public["by_day"] == [
        {"day": "2025-03-01", "ideas": 1, "supports": 3, "comments": 1},
        {"day": "2025-03-02", "ideas": 1, "supports": 1, "comments": 1},
        {"day": "2025-03-05", "ideas": 1, "supports": 0, "comments": 1},
    ]
    assert sum(day["ideas"] for day in public["by_day"]) == public["published"]
    for key in ("by_category", "by_status", "top_ideas", "supports", "comments"):
        assert public[key] == result.figures[key]


@pytest.mark.django_db
def test_public_activity_leaves_out_days_with_only_waiting_ideas(collection):
    IdeaFactory(collection=collection, moderation=ModerationState.PENDING, created_at=MARCH_5)
    IdeaFactory(collection=collection, created_at=MARCH_1)

    result = collection_results_refresh(collection_id=collection.pk)

    assert [day["day"] for day in result.figures["by_day"]] == ["2025-03-01", "2025-03-05"]
    assert [day["day"] for day in result.public_figures["by_day"]] == ["2025-03-01"]


@pytest.mark.django_db
def test_refreshing_twice_gives_identical_rows(collection, contributions):
    collection_mark_dirty(collection=collection)
    first = collection_results_refresh(collection_id=collection.pk)
    stored = CollectionResult.objects.values("ideas", "version", "figures", "public_figures")

    first_rows = list(stored.filter(collection=collection))
    second = collection_results_refresh(collection_id=collection.pk)

    assert list(stored.filter(collection=collection)) == first_rows
    assert CollectionResult.objects.filter(collection=collection).count() == 1
    assert second.version == first.version == RESULTS_VERSION
    assert second.computed_at >= first.computed_at
    state = CollectionResultsState.objects.get(collection=collection)
    assert state.dirty_since is None and state.computed_at == second.computed_at


@pytest.mark.django_db
def test_an_empty_collection_has_zero_figures(collection):
    figures = collection_figures_compute(collection=collection)

    assert figures["ideas"] == figures["published"] == figures["contributors"] == 0
    assert figures["top_ideas"] == figures["by_day"] == []
    assert [row["count"] for row in figures["by_category"]] == [0, 0, 0, 0]
    assert [row["count"] for row in figures["by_status"]] == [0] * len(IdeaStatus)


@pytest.mark.django_db
def test_refresh_of_a_deleted_collection_writes_nothing():
    assert collection_results_refresh(collection_id=987654) is None
    assert not CollectionResult.objects.exists()


@pytest.mark.django_db
def test_a_support_marks_the_collection_dirty_and_leads_to_fresh_results(
    collection, contributions, tasks_in_process, django_capture_on_commit_callbacks
):
    # An earlier run may have left its coalescing marker for a collection with this id.
    recompute_started(recompute_collection_results_task.name, collection.pk)
    collection_results_refresh(collection_id=collection.pk)
    contributor = browser_contributor(collection=collection, browser_id="neu-im-viertel")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        support_add(idea=contributions["tree"], contributor=contributor)
        state = CollectionResultsState.objects.get(collection=collection)
        assert state.dirty_since is not None
        assert CollectionResult.objects.get(collection=collection).figures["supports"] == 4

    assert len(callbacks) == 1
    result = CollectionResult.objects.get(collection=collection)
    assert result.figures["supports"] == result.public_figures["supports"] == 5
    tree = next(
        idea for idea in result.figures["top_ideas"] if idea["id"] == contributions["tree"].pk
    )
    assert tree["supports"] == 2
    state.refresh_from_db()
    assert state.dirty_since is None and state.computed_at == result.computed_at


@pytest.mark.django_db
def test_a_write_during_the_recomputation_keeps_the_collection_dirty(
    collection, contributions, monkeypatch
):
    import ideas.aggregation

    collection_mark_dirty(collection=collection)
    later = timezone.now() + datetime.timedelta(seconds=1)
    compute = ideas.aggregation._figures

    def figures_while_someone_supports(collection):
        # A contribution commits while the figures are computed: it marks the collection anew.
        CollectionResultsState.objects.filter(collection=collection).update(dirty_since=later)
        return compute(collection)

    monkeypatch.setattr(ideas.aggregation, "_figures", figures_while_someone_supports)
    result = collection_results_refresh(collection_id=collection.pk)

    state = CollectionResultsState.objects.get(collection=collection)
    assert result is not None
    assert state.dirty_since == later  # the next run recomputes it


@pytest.mark.django_db
def test_the_task_recomputes_and_returns_the_ideas_counted(collection, contributions):
    outcome = recompute_collection_results_task.apply(args=(collection.pk,))

    assert outcome.get() == 7
    assert CollectionResult.objects.get(collection=collection).ideas == 7


def _add_ideas(collection, count: int) -> None:
    categories = list(collection.categories.all())
    for number in range(count):
        idea = IdeaFactory(
            collection=collection,
            category=categories[number % len(categories)],
            moderation=PUBLISHED if number % 3 else ModerationState.PENDING,
        )
        _support(idea, f"browser:{number}")
        _comment(idea, f"browser:{number}")


# Moderation states, the (category, status) breakdown, ideas, supports and comments per day,
# contributors, Themenfelder, top ideas; the site's root paths come from the cache.
FIGURES_QUERIES = 8


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_ideas(collection):
    _add_ideas(collection, 10)
    collection_figures_compute(collection=collection)  # fills the site root paths cache

    with CaptureQueriesContext(connection) as ten:
        few = collection_figures_compute(collection=collection)
    _add_ideas(collection, 40)
    with CaptureQueriesContext(connection) as fifty:
        many = collection_figures_compute(collection=collection)

    assert (few["ideas"], many["ideas"]) == (10, 50)
    assert len(ten) == len(fifty) == FIGURES_QUERIES


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_refresh_is_busy_while_another_connection_holds_the_lock(collection, contributions):
    collection_mark_dirty(collection=collection)
    # Idea collections lock in class 2 (surveys in 1), keyed by the collection's id.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(2, %s)", [collection.pk])
        with pytest.raises(Busy):
            collection_results_refresh(collection_id=collection.pk)
        assert not CollectionResult.objects.filter(collection=collection).exists()
        assert CollectionResultsState.objects.get(collection=collection).dirty_since is not None
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(2, %s)", [collection.pk])
    finally:
        other.close()

    result = collection_results_refresh(collection_id=collection.pk)

    assert result.ideas == 7
    assert CollectionResultsState.objects.get(collection=collection).dirty_since is None
