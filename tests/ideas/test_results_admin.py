"""An idea collection's results in the admin: only for whoever may edit the collection page,
read from the stored projection."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.services import EDITOR_GROUP_NAME
from ideas.aggregation import collection_results_refresh
from ideas.models import CollectionResultsState, ModerationState
from ideas.services import browser_contributor, comment_add, support_add
from tests.factories import (
    DistrictPageFactory,
    IdeaCollectionPageFactory,
    IdeaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"


def url(collection):
    return reverse("ideas_admin:results", args=[collection.pk])


def _contributions(collection):
    first = IdeaFactory(collection=collection, title="Bank am Spielplatz")
    IdeaFactory(collection=collection, title="Trinkbrunnen")
    IdeaFactory(collection=collection, moderation=ModerationState.PENDING, title="Noch offen")
    for number in range(3):
        support_add(
            idea=first,
            contributor=browser_contributor(collection=collection, browser_id=f"b-{number}"),
        )
    comment_add(
        idea=first,
        contributor=browser_contributor(collection=collection, browser_id="b-9"),
        text="Ja, bitte mit Lehne.",
    )
    collection_results_refresh(collection_id=collection.pk)
    return collection


@pytest.fixture
def with_results(collection):
    return _contributions(collection)


@pytest.fixture
def other_collection(home_page):
    oststadt = DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )
    collection = IdeaCollectionPageFactory(parent=oststadt, title="Was fehlt in der Oststadt?")
    return _contributions(collection)


@pytest.fixture
def member(collection):
    return UserFactory(groups=[collection.district.network_group])


@pytest.fixture
def other_member(other_collection):
    return UserFactory(groups=[other_collection.district.network_group])


@pytest.fixture
def editor(db, home_page):
    return UserFactory(groups=[Group.objects.get(name=EDITOR_GROUP_NAME)])


@pytest.mark.parametrize(
    ("who", "target", "expected"),
    [
        ("anonymous", "own", LOGIN),
        ("member", "own", 200),
        ("member", "other", 403),
        ("other_member", "own", 403),
        ("editor", "own", 200),
        ("editor", "other", 200),
    ],
)
def test_permission_matrix(client, request, with_results, other_collection, who, target, expected):
    collection = with_results if target == "own" else other_collection
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(url(collection))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
        return
    assert response.status_code == expected
    page = response.content.decode()
    if expected == 403:
        assert "Sie haben keinen Zugriff auf diese Ergebnisse." in page
        assert collection.title not in page.split("<main", 1)[-1]
    else:
        assert "Eingereichte Ideen" in page


def test_network_figures_with_the_stand(client, with_results, member):
    CollectionResultsState.objects.filter(collection=with_results).update(
        dirty_since=timezone.now()
    )
    client.force_login(member)

    response = client.get(url(with_results))

    page = response.content.decode()
    figures = response.context["result"].figures
    assert (figures["ideas"], figures["published"], figures["waiting"]) == (3, 2, 1)
    assert (figures["supports"], figures["comments"]) == (3, 1)
    assert "Stand:" in page
    assert "3 Ideen" in page
    assert "Neue Beiträge werden gerade eingerechnet." in page
    assert "Warten auf Freigabe" in page, "the network sees what waits for moderation"
    assert "Bank am Spielplatz" in page
    assert reverse("ideas_admin:collection", args=[with_results.pk]) in page


def test_page_reads_the_stored_projection_only(client, with_results, member):
    client.force_login(member)
    client.get(url(with_results))

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(with_results)).status_code == 200

    for table in ("ideas_idea", "ideas_support", "ideas_comment"):
        assert not any(f'"{table}"' in query["sql"] for query in queries), table


def test_before_the_first_computation(client, collection, member):
    client.force_login(member)
    response = client.get(url(collection))
    assert response.status_code == 200
    assert "Die Ergebnisse sind noch nicht berechnet." in response.content.decode()


def test_page_listing_and_header_link_to_the_results(client, collection, member, district_page):
    client.force_login(member)

    listing = client.get(f"/admin/pages/{district_page.pk}/").content.decode()
    editing = client.get(f"/admin/pages/{collection.pk}/edit/").content.decode()

    assert url(collection) in listing
    assert url(collection) in editing


def test_unknown_collection_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(reverse("ideas_admin:results", args=[987654])).status_code == 404
