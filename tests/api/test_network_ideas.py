"""Idea collections for the networks, with a key: the collections a user moderates, the queue,
the results and the export, and every moderation decision: it changes the idea as in the
admin and marks the results dirty, or it is refused and changes nothing."""

import csv
import io

import pytest
from wagtail.models import PageLogEntry

from ideas.aggregation import collection_results_refresh
from ideas.models import (
    CollectionResultsState,
    Comment,
    CommentReport,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    ModerationState,
    Support,
)
from tests.api.conftest import client_for
from tests.factories import IdeaCollectionPageFactory, IdeaFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/network/collections/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING = ModerationState.PENDING
PUBLISHED = ModerationState.PUBLISHED


def collection_url(collection, rest):
    return f"/api/v1/network/collections/{collection.pk}/{rest}"


def idea_url(idea, action):
    return f"/api/v1/network/ideas/{idea.pk}/{action}/"


def comment_url(comment, action):
    return f"/api/v1/network/comments/{comment.pk}/{action}/"


def make_comment(idea, text="Gute Idee!", moderation=PUBLISHED, reports=0) -> Comment:
    comment = Comment.objects.create(
        idea=idea,
        collection=idea.collection,
        text=text,
        participant_key=f"browser:{text}",
        moderation=moderation,
    )
    for number in range(reports):
        CommentReport.objects.create(comment=comment, participant_key=f"browser:r{number}")
    return comment


def dirty(collection) -> bool:
    state = CollectionResultsState.objects.filter(collection=collection).first()
    return state is not None and state.dirty_since is not None


@pytest.fixture
def ideas_a(collection_a):
    """A published, a waiting idea and a waiting and a hidden comment in collection A; the
    results computed, so nothing is dirty."""
    published = IdeaFactory(collection=collection_a, title="Bank am Spielplatz")
    waiting = IdeaFactory(
        collection=collection_a,
        title="Trinkbrunnen am Markt",
        moderation=PENDING,
        contact_email="erika@beteiligung.example",
    )
    make_comment(published, "Ja, bitte mit Lehne.", moderation=PENDING)
    make_comment(published, "Unsinn!", moderation=ModerationState.HIDDEN, reports=3)
    collection_results_refresh(collection_id=collection_a.pk)
    return {"published": published, "waiting": waiting}


@pytest.fixture
def idea_b(collection_b):
    idea = IdeaFactory(collection=collection_b, title="Mehr Licht im Park", moderation=PENDING)
    collection_results_refresh(collection_id=collection_b.pk)
    return idea


def _user(request, who):
    return None if who == "anonymous" else request.getfixturevalue(who)


# --- the list --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("resident", set()),
        ("member_a", {"Ideen für die Südweststadt"}),
        ("member_b", {"Ideen für die Oststadt"}),
        ("editor", {"Ideen für die Südweststadt", "Ideen für die Oststadt"}),
    ],
)
def test_list_shows_the_collections_the_user_moderates(request, ideas_a, idea_b, who, expected):
    response = client_for(request.getfixturevalue(who)).get(LIST)

    assert response.status_code == 200
    assert {row["title"] for row in response.json()["results"]} == expected
    assert response.json()["count"] == len(expected)


def test_list_without_a_key_is_401(api, ideas_a):
    response = api.get(LIST)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_list_row_has_the_moderation_counts(collection_a, ideas_a, member_a):
    row = client_for(member_a).get(LIST).json()["results"][0]

    assert row == {
        "id": collection_a.pk,
        "title": "Ideen für die Südweststadt",
        "live": True,
        "district": {"slug": "suedweststadt", "name": "Südweststadt"},
        "state": "open",
        "opens_at": None,
        "closes_at": None,
        "moderation": "after",
        "results_visibility": "internal",
        "published_ideas": 1,
        "waiting_ideas": 1,
        "waiting_comments": 2,  # the waiting one and the one hidden after reports
    }


def test_list_filters(editor, collection_a, collection_b):
    client = client_for(editor)

    def ids(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids(district="oststadt") == [collection_b.pk]
    assert ids(state="closed") == []
    assert set(ids(state="open")) == {collection_a.pk, collection_b.pk}
    assert client.get(LIST, {"state": "bald"}).status_code == 400


@pytest.mark.parametrize("count", [2, 8])
def test_list_query_count_does_not_grow(
    django_assert_num_queries, district_a_page, member_a, count
):
    for number in range(count):
        collection = IdeaCollectionPageFactory(parent=district_a_page, title=f"Ideen {number}")
        IdeaFactory(collection=collection, moderation=PENDING)
    client = client_for(member_a)

    # Key with its user, the user's page permissions, the collections with their published
    # ideas, waiting ideas, waiting comments.
    with django_assert_num_queries(5):
        response = client.get(LIST)

    assert response.status_code == 200
    assert len(response.json()["results"]) == count
    assert {row["waiting_ideas"] for row in response.json()["results"]} == {1}


# --- one collection: who may see it ----------------------------------------------------------

COLLECTION_ENDPOINTS = ["moderation/", "results/", "exports/ideas.csv", "exports/ideas.xlsx"]
MATRIX = [
    ("anonymous", "a", 401),
    ("resident", "a", 403),
    ("member_a", "b", 403),
    ("member_b", "a", 403),
    ("member_a", "a", 200),
    ("editor", "a", 200),
    ("editor", "b", 200),
]


@pytest.mark.parametrize("endpoint", COLLECTION_ENDPOINTS)
@pytest.mark.parametrize(("who", "target", "expected"), MATRIX)
def test_collection_permission_matrix(
    request, collection_a, collection_b, ideas_a, idea_b, endpoint, who, target, expected
):
    collection = collection_a if target == "a" else collection_b

    response = client_for(_user(request, who)).get(collection_url(collection, endpoint))

    assert response.status_code == expected
    if expected == 403:
        assert response.json()["detail"] == "Diese Ideensammlung moderieren Sie nicht."


@pytest.mark.parametrize("endpoint", COLLECTION_ENDPOINTS)
def test_unknown_collection_is_404(editor, survey_a, endpoint):
    class Unknown:
        pk = 999_999

    assert client_for(editor).get(collection_url(Unknown, endpoint)).status_code == 404
    Unknown.pk = 10**30  # beyond what SQLite can hold: still 404, not 500
    assert client_for(editor).get(collection_url(Unknown, endpoint)).status_code == 404
    assert client_for(editor).get(collection_url(survey_a, endpoint)).status_code == 404


def test_moderation_queue(collection_a, ideas_a, member_a):
    response = client_for(member_a).get(collection_url(collection_a, "moderation/"))

    assert response.status_code == 200
    body = response.json()
    assert body["collection_id"] == collection_a.pk
    waiting = ideas_a["waiting"]
    assert [idea["id"] for idea in body["ideas"]] == [waiting.pk]
    assert body["ideas"][0]["title"] == "Trinkbrunnen am Markt"
    assert body["ideas"][0]["category"] == {"id": waiting.category_id, "name": "Begegnung"}
    comments = {comment["text"]: comment for comment in body["comments"]}
    assert set(comments) == {"Ja, bitte mit Lehne.", "Unsinn!"}
    assert comments["Unsinn!"]["moderation_state"] == "hidden"
    assert comments["Unsinn!"]["report_count"] == 3
    assert comments["Ja, bitte mit Lehne."]["idea_id"] == ideas_a["published"].pk
    assert comments["Ja, bitte mit Lehne."]["idea_title"] == "Bank am Spielplatz"


def test_results_before_the_first_computation(collection_a, member_a):
    body = client_for(member_a).get(collection_url(collection_a, "results/")).json()
    assert body["results"] is None
    assert body["dirty"] is None
    assert body["message"].startswith("Die Ergebnisse sind noch nicht berechnet.")


def test_results_are_the_networks_figures(collection_a, ideas_a, member_a):
    body = client_for(member_a).get(collection_url(collection_a, "results/")).json()

    assert body["ideas"] == 2
    assert body["dirty"] is False
    assert body["message"] == ""
    assert body["results"]["published"] == 1
    assert body["results"]["waiting"] == 1  # network only: the public figures leave it out


def test_ideas_csv_is_recorded(collection_a, ideas_a, member_a):
    response = client_for(member_a).get(
        collection_url(collection_a, "exports/ideas.csv"), HTTP_ACCEPT="text/csv"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:2] == ["Nr.", "Titel"]
    assert {row[1] for row in rows[1:]} == {"Bank am Spielplatz", "Trinkbrunnen am Markt"}
    assert "erika@beteiligung.example" not in body
    entry = PageLogEntry.objects.get(page=collection_a, action="ideas.ideas_export")
    assert entry.user_id == member_a.pk
    assert entry.data == {"format": "csv"}


def test_ideas_xlsx(collection_a, ideas_a, editor):
    response = client_for(editor).get(
        collection_url(collection_a, "exports/ideas.xlsx"), QUERY_STRING="format=json"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_refused_export_is_not_recorded(collection_a, ideas_a, member_b):
    response = client_for(member_b).get(collection_url(collection_a, "exports/ideas.csv"))
    assert response.status_code == 403
    assert not PageLogEntry.objects.filter(action="ideas.ideas_export").exists()


# --- decisions: who may take them ------------------------------------------------------------


@pytest.mark.parametrize(("who", "target", "expected"), MATRIX)
def test_approve_permission_matrix(request, ideas_a, idea_b, who, target, expected):
    idea = ideas_a["waiting"] if target == "a" else idea_b

    response = client_for(_user(request, who)).post(idea_url(idea, "approve"))

    assert response.status_code == expected
    idea.refresh_from_db()
    assert idea.moderation == (PUBLISHED if expected == 200 else PENDING)


@pytest.mark.parametrize(("who", "target", "expected"), MATRIX)
def test_comment_permission_matrix(request, ideas_a, idea_b, who, target, expected):
    idea = ideas_a["published"] if target == "a" else idea_b
    comment = make_comment(idea, "Wartet", moderation=PENDING)

    response = client_for(_user(request, who)).post(comment_url(comment, "reject"))

    assert response.status_code == expected
    comment.refresh_from_db()
    assert comment.moderation == (ModerationState.REJECTED if expected == 200 else PENDING)


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("approve", None),
        ("reject", {"reason": "Doppelt"}),
        ("status", {"status": "in_review", "feedback": "Wir prüfen das."}),
        ("merge", {"into": 1}),
        ("category", {"category": None}),
    ],
)
def test_another_districts_idea_is_403_and_unchanged(ideas_a, idea_b, member_a, action, body):
    before = Idea.objects.filter(pk=idea_b.pk).values().get()

    response = client_for(member_a).post(idea_url(idea_b, action), body, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Idea.objects.filter(pk=idea_b.pk).values().get() == before
    assert not dirty(idea_b.collection)


@pytest.mark.parametrize("action", ["approve", "reject", "status", "merge", "category"])
@pytest.mark.parametrize("pk", [999_999, 10**30])
def test_unknown_idea_is_404(editor, action, pk):
    response = client_for(editor).post(f"/api/v1/network/ideas/{pk}/{action}/", {}, "json")
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_unknown_comment_is_404(editor, action):
    assert client_for(editor).post(f"/api/v1/network/comments/999999/{action}/").status_code == 404


# --- decisions: what they do -----------------------------------------------------------------


def test_approve_publishes_and_marks_dirty(collection_a, ideas_a, member_a):
    idea = ideas_a["waiting"]

    response = client_for(member_a).post(idea_url(idea, "approve"))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == idea.pk
    assert body["moderation_state"] == "published"
    assert body["has_contact"] is True
    assert "contact_email" not in body
    assert body["moderated_at"]
    idea.refresh_from_db()
    assert idea.moderation == PUBLISHED
    assert idea.moderated_by == member_a
    assert dirty(collection_a)
    assert PageLogEntry.objects.filter(page=collection_a, action="ideas.idea_approve").exists()


def test_approving_a_published_idea_is_refused(collection_a, ideas_a, editor):
    idea = ideas_a["published"]

    response = client_for(editor).post(idea_url(idea, "approve"))

    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "code": "invalid",
        "detail": "Diese Idee ist schon veröffentlicht.",
    }
    idea.refresh_from_db()
    assert idea.moderated_by is None
    assert not dirty(collection_a)


def test_reject_with_reason(collection_a, ideas_a, member_a, django_capture_on_commit_callbacks):
    idea = ideas_a["waiting"]

    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(member_a).post(
            idea_url(idea, "reject"), {"reason": "Gibt es schon am Markt."}, format="json"
        )

    assert response.status_code == 200
    assert response.json()["moderation_state"] == "rejected"
    assert response.json()["rejection_reason"] == "Gibt es schon am Markt."
    idea.refresh_from_db()
    assert idea.moderation == ModerationState.REJECTED
    assert dirty(collection_a)
    assert len(callbacks) == 2  # the e-mail to the submitter and the recomputation


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "reason"),
        ({"reason": "   "}, "reason"),
        ({"reason": "x" * 1001}, "reason"),
        ({"reason": "Doppelt", "grund": "x"}, "grund"),
    ],
)
def test_reject_needs_a_reason(collection_a, ideas_a, member_a, body, field):
    idea = ideas_a["waiting"]

    response = client_for(member_a).post(idea_url(idea, "reject"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    idea.refresh_from_db()
    assert idea.moderation == PENDING
    assert not dirty(collection_a)


def test_reject_refuses_a_merged_idea(collection_a, ideas_a, editor):
    merged = IdeaFactory(
        collection=collection_a,
        moderation=ModerationState.MERGED,
        merged_into=ideas_a["published"],
    )

    response = client_for(editor).post(idea_url(merged, "reject"), {"reason": "x"}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == "Diese Idee ist schon mit einer anderen zusammengeführt."
    merged.refresh_from_db()
    assert merged.moderation == ModerationState.MERGED


def test_status_change_with_feedback(collection_a, ideas_a, member_a):
    idea = ideas_a["published"]

    response = client_for(member_a).post(
        idea_url(idea, "status"),
        {"status": "in_review", "feedback": "Das Amt prüft den Standort."},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "in_review"
    assert response.json()["status_changed_at"]
    change = IdeaStatusChange.objects.get(idea=idea)
    assert change.feedback == "Das Amt prüft den Standort."
    assert change.changed_by == member_a
    assert dirty(collection_a)


def test_a_status_the_workflow_does_not_allow_is_refused(collection_a, ideas_a, member_a):
    idea = ideas_a["published"]  # eingegangen: "umgesetzt" cannot follow directly

    response = client_for(member_a).post(
        idea_url(idea, "status"), {"status": "done", "feedback": "Fertig."}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"] == (
        "Von „eingegangen“ kann die Idee nicht auf „umgesetzt“ gesetzt werden."
    )
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED
    assert not IdeaStatusChange.objects.exists()
    assert not dirty(collection_a)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "in_review", "feedback": ""}, "feedback"),
        ({"status": "vielleicht", "feedback": "Hm."}, "status"),
        ({"feedback": "Hm."}, "status"),
    ],
)
def test_status_input_is_checked(collection_a, ideas_a, member_a, body, field):
    idea = ideas_a["published"]

    response = client_for(member_a).post(idea_url(idea, "status"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not IdeaStatusChange.objects.exists()


def test_status_of_an_unpublished_idea_is_the_services_403(collection_a, ideas_a, member_a):
    response = client_for(member_a).post(
        idea_url(ideas_a["waiting"], "status"),
        {"status": "in_review", "feedback": "Wir prüfen."},
        format="json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_available"
    assert not IdeaStatusChange.objects.exists()


def test_merge_moves_the_supports(collection_a, ideas_a, member_a):
    duplicate = IdeaFactory(collection=collection_a, title="Bank beim Spielplatz")
    target = ideas_a["published"]
    Support.objects.create(idea=duplicate, collection=collection_a, participant_key="browser:1")

    response = client_for(member_a).post(
        idea_url(duplicate, "merge"), {"into": target.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["moderation_state"] == "merged"
    assert response.json()["merged_into"] == target.pk
    assert Support.objects.filter(idea=target).count() == 1
    assert dirty(collection_a)


@pytest.mark.parametrize("into", ["self", "waiting", "other_collection", 999_999])
def test_merge_into_what_the_admin_does_not_offer_is_400(
    collection_a, ideas_a, idea_b, member_a, into
):
    duplicate = ideas_a["published"]
    target = {
        "self": duplicate.pk,
        "waiting": ideas_a["waiting"].pk,
        "other_collection": idea_b.pk,
    }.get(into, into)

    response = client_for(member_a).post(
        idea_url(duplicate, "merge"), {"into": target}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["into"]
    duplicate.refresh_from_db()
    assert duplicate.moderation == PUBLISHED
    assert not dirty(collection_a)


def test_category_set_and_removed(collection_a, ideas_a, member_a):
    idea = ideas_a["published"]
    wohnen = collection_a.categories.get(name="Wohnen")
    client = client_for(member_a)

    response = client.post(idea_url(idea, "category"), {"category": wohnen.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["category"] == {"id": wohnen.pk, "name": "Wohnen"}
    assert dirty(collection_a)

    response = client.post(idea_url(idea, "category"), {"category": None}, format="json")
    assert response.status_code == 200
    assert response.json()["category"] is None
    idea.refresh_from_db()
    assert idea.category is None


def test_category_of_another_collection_is_400(collection_a, collection_b, ideas_a, member_a):
    idea = ideas_a["published"]
    foreign = collection_b.categories.first()

    response = client_for(member_a).post(
        idea_url(idea, "category"), {"category": foreign.pk}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["category"]
    idea.refresh_from_db()
    assert idea.category.page_id == collection_a.pk
    assert not dirty(collection_a)


def test_comment_approve_keeps_a_hidden_comment(collection_a, ideas_a, member_a):
    hidden = Comment.objects.get(text="Unsinn!")

    response = client_for(member_a).post(comment_url(hidden, "approve"))

    assert response.status_code == 200
    assert response.json()["moderation_state"] == "published"
    assert response.json()["kept_after_reports"] is True
    assert response.json()["report_count"] == 3
    hidden.refresh_from_db()
    assert hidden.moderation == PUBLISHED
    assert dirty(collection_a)


def test_comment_reject(collection_a, ideas_a, editor):
    waiting = Comment.objects.get(text="Ja, bitte mit Lehne.")

    response = client_for(editor).post(comment_url(waiting, "reject"))

    assert response.status_code == 200
    assert response.json()["moderation_state"] == "rejected"
    waiting.refresh_from_db()
    assert waiting.moderation == ModerationState.REJECTED
    assert dirty(collection_a)
