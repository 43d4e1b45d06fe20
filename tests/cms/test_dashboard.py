"""The results dashboard: each network sees its own district, Redaktion sees every district
and the city-wide pages, and the page costs the same queries for one survey or many."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.services import EDITOR_GROUP_NAME
from ideas.aggregation import collection_results_refresh
from ideas.models import ModerationState
from ideas.services import browser_contributor, support_add
from surveys.aggregation import survey_results_refresh
from surveys.models import SurveyResultsState
from surveys.questions.base import AnswerValue
from surveys.services import Participant, response_submit
from tests.factories import (
    DistrictPageFactory,
    IdeaCollectionPageFactory,
    IdeaFactory,
    SurveyPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OVERVIEW = "/admin/ergebnisse/"
ANSWERS = [
    AnswerValue("wohndauer", choice_key="ueber-20"),
    AnswerValue("zufriedenheit", number=4),
    AnswerValue("einkauf-zu-fuss", choice_key="ja"),
]


def _answered_survey(parent, *, responses: int, **fields):
    now = timezone.now()
    fields.setdefault("opens_at", now - datetime.timedelta(days=3))
    survey = SurveyPageFactory(parent=parent, **fields)
    for _number in range(responses):
        response_submit(survey=survey, participant=Participant(key=None), answers=ANSWERS)
    survey_results_refresh(survey_id=survey.pk)
    return survey


def _collection_with_ideas(parent, *, ideas: int, **fields):
    collection = IdeaCollectionPageFactory(parent=parent, **fields)
    for number in range(ideas):
        idea = IdeaFactory(collection=collection)
        support_add(
            idea=idea,
            contributor=browser_contributor(collection=collection, browser_id=f"b-{number}"),
        )
    IdeaFactory(collection=collection, moderation=ModerationState.PENDING)
    collection_results_refresh(collection_id=collection.pk)
    return collection


@pytest.fixture
def city(home_page):
    """Two districts with a survey and a collection each, and a city-wide survey."""
    now = timezone.now()
    beiertheim = DistrictPageFactory(
        parent=home_page, district__name="Beiertheim-Bulach", district__slug="beiertheim-bulach"
    )
    oststadt = DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )
    return {
        "beiertheim": beiertheim,
        "oststadt": oststadt,
        "open": _answered_survey(beiertheim, responses=3, title="Gut leben und älter werden"),
        "past": SurveyPageFactory(
            parent=beiertheim,
            title="Spielplatzbefragung 2025",
            opens_at=now - datetime.timedelta(days=90),
            closes_at=now - datetime.timedelta(days=60),
        ),
        "ideas": _collection_with_ideas(beiertheim, ideas=2, title="Was fehlt in Beiertheim?"),
        "other": _answered_survey(oststadt, responses=1, title="Spielplätze in der Oststadt"),
        "other_ideas": _collection_with_ideas(oststadt, ideas=1, title="Ideen für die Oststadt"),
        "city_wide": SurveyPageFactory(parent=home_page, title="Karlsruhe fragt"),
    }


@pytest.fixture
def member(city):
    return UserFactory(groups=[city["beiertheim"].district.network_group])


@pytest.fixture
def editor(city):
    return UserFactory(groups=[Group.objects.get(name=EDITOR_GROUP_NAME)])


@pytest.fixture
def admin_only(db):
    """May open the admin, edits no page: neither a network member nor Redaktion."""
    group = Group.objects.create(name="Nur Verwaltung")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return UserFactory(groups=[group])


@pytest.fixture
def page_editor(city, home_page):
    """Edits one content page, no district, survey or collection."""
    from wagtail.models import GroupPagePermission

    from tests.factories import StandardPageFactory

    group = Group.objects.create(name="Inhaltsseite Impressum")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=StandardPageFactory(parent=home_page, title="Impressum"),
        permission=Permission.objects.get(codename="change_page"),
    )
    return UserFactory(groups=[group])


def _titles(response) -> list[str]:
    return [section.title for section in response.context["sections"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("admin_only", 403),
        ("page_editor", 403),
        ("member", 200),
        ("editor", 200),
    ],
)
def test_who_may_open_the_overview(client, request, city, who, expected):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(OVERVIEW)

    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize(
    ("who", "shown"),
    [("admin_only", False), ("page_editor", False), ("member", True), ("editor", True)],
)
def test_menu_item_only_for_those_who_see_results(client, request, city, who, shown):
    client.force_login(request.getfixturevalue(who))
    home = client.get("/admin/").content.decode()
    assert ('"url": "/admin/ergebnisse/"' in home or OVERVIEW in home) is shown


def test_member_sees_own_district_only(client, city, member):
    client.force_login(member)

    response = client.get(OVERVIEW)

    assert _titles(response) == ["Beiertheim-Bulach"]
    page = response.content.decode()
    assert "Gut leben und älter werden" in page
    assert "Spielplatzbefragung 2025" in page
    assert "Was fehlt in Beiertheim?" in page
    for foreign in ("Spielplätze in der Oststadt", "Ideen für die Oststadt", "Karlsruhe fragt"):
        assert foreign not in page
    assert reverse("surveys_admin:results", args=[city["open"].pk]) in page
    assert reverse("ideas_admin:results", args=[city["ideas"].pk]) in page


def test_editor_sees_every_district_and_the_city_wide_pages(client, city, editor):
    client.force_login(editor)

    response = client.get(OVERVIEW)

    assert _titles(response) == ["Stadtweit", "Beiertheim-Bulach", "Oststadt"]
    page = response.content.decode()
    for title in ("Karlsruhe fragt", "Spielplätze in der Oststadt", "Ideen für die Oststadt"):
        assert title in page
    assert 'href="#bereich-oststadt"' in page


def test_figures_come_from_the_stored_results(client, city, member):
    SurveyResultsState.objects.filter(survey=city["open"]).update(dirty_since=timezone.now())
    client.force_login(member)

    response = client.get(OVERVIEW)

    [section] = response.context["sections"]
    assert [row["page"].title for row in section.surveys_open] == ["Gut leben und älter werden"]
    assert [row["page"].title for row in section.surveys_past] == ["Spielplatzbefragung 2025"]
    [open_row] = section.surveys_open
    assert (open_row["responses"], open_row["dirty"]) == (3, True)
    assert section.surveys_past[0]["responses"] is None, "never computed: no answers yet"
    [collection] = section.collections
    # ideas (2 published + 1 waiting), published, waiting, supports, comments
    assert collection["counts"] == [3, 2, 1, 2, 0]
    page = response.content.decode()
    assert "Neue Beiträge werden gerade eingerechnet." in page
    assert "noch nicht berechnet" in page


def test_recent_activity_adds_up_per_day(client, city, member):
    client.force_login(member)

    response = client.get(OVERVIEW)

    [section] = response.context["sections"]
    [today] = section.activity_rows()
    assert today == {
        "day": timezone.localdate(),
        "responses": 3,
        "ideas": 3,
        "supports": 2,
        "comments": 0,
    }
    page = response.content.decode()
    assert timezone.localdate().strftime("%d.%m.%Y") in page


def test_activity_leaves_out_days_before_the_last_two_weeks(client, city, member):
    from surveys.models import SurveyResult

    result = SurveyResult.objects.get(survey=city["open"])
    old = (timezone.localdate() - datetime.timedelta(days=14)).isoformat()
    result.figures["by_day"].insert(0, {"day": old, "count": 7})
    result.save()
    client.force_login(member)

    [section] = client.get(OVERVIEW).context["sections"]

    assert [row["responses"] for row in section.activity_rows()] == [3]


def _overview_queries(client, user) -> int:
    client.force_login(user)
    client.get(OVERVIEW)  # warm the caches a page view fills once per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert not any('"surveys_answer"' in query["sql"] for query in queries)
    return len(queries)


def test_query_count_does_not_grow_with_surveys_and_collections(client, home_page):
    district_page = DistrictPageFactory(parent=home_page)
    member = UserFactory(groups=[district_page.district.network_group])
    _answered_survey(district_page, responses=1)
    _collection_with_ideas(district_page, ideas=1)
    with_one = _overview_queries(client, member)

    for _number in range(4):
        _answered_survey(district_page, responses=2)
        _collection_with_ideas(district_page, ideas=1)
    with_five = _overview_queries(client, member)

    page = client.get(OVERVIEW).content.decode()
    assert len(re.findall(r'href="/admin/befragungen/\d+/ergebnisse/"', page)) == 5
    assert len(re.findall(r'href="/admin/ideen/\d+/ergebnisse/"', page)) == 5
    assert with_one == with_five == 16
