"""The public results page of an idea collection: only when the editors publish it, only
published ideas in the figures, the most supported ideas linked; and the links to it."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.http import Http404
from django.utils import timezone

from cms.models.publication import ResultsVisibility
from ideas.aggregation import collection_results_refresh
from ideas.models import IdeaStatus, ModerationState, Support
from ideas.results_views import collection_results_public
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

OUTCOME = "Der Bürgerverein baut im Frühjahr zwei Bänke am Kirchplatz auf."
WAITING_TITLE = "Noch nicht freigegebene Idee zum Bolzplatz"


def results_url(collection) -> str:
    return collection.url + collection.reverse_subpage("collection_results")


def _publish(collection, visibility=ResultsVisibility.LIVE, **fields) -> None:
    collection.results_visibility = visibility
    for name, value in fields.items():
        setattr(collection, name, value)
    collection.save()


def _close(collection) -> None:
    now = timezone.now()
    collection.opens_at = now - datetime.timedelta(days=60)
    collection.closes_at = now - datetime.timedelta(days=1)
    collection.save()


@pytest.fixture
def contributions(collection):
    """Three published ideas (one with supports, one accepted) and one waiting for moderation."""
    benches = IdeaFactory(collection=collection, title="Bänke am Kirchplatz")
    IdeaFactory(
        collection=collection, title="Trinkbrunnen am Spielplatz", status=IdeaStatus.ACCEPTED
    )
    IdeaFactory(collection=collection, title="Mehr Licht im Park")
    IdeaFactory(collection=collection, title=WAITING_TITLE, moderation=ModerationState.PENDING)
    Support.objects.bulk_create(
        [
            Support(idea=benches, collection=collection, participant_key=f"browser:{number}")
            for number in range(7)
        ]
    )
    collection_results_refresh(collection_id=collection.pk)
    return benches


@pytest.mark.parametrize(
    ("visibility", "closed", "status"),
    [
        (ResultsVisibility.INTERNAL, False, 404),
        (ResultsVisibility.INTERNAL, True, 404),
        (ResultsVisibility.AFTER_CLOSE, False, 404),
        (ResultsVisibility.AFTER_CLOSE, True, 200),
        (ResultsVisibility.LIVE, False, 200),
        (ResultsVisibility.LIVE, True, 200),
    ],
)
def test_results_page_is_there_only_when_published(client, collection, visibility, closed, status):
    _publish(collection, visibility)
    if closed:
        _close(collection)

    assert client.get(results_url(collection)).status_code == status


def test_editors_get_no_preview_of_internal_results(client, collection):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    assert client.get(results_url(collection)).status_code == 404


def test_a_page_that_is_not_live_has_no_results_page(client, rf, collection):
    _publish(collection)
    url = results_url(collection)
    collection.unpublish()
    collection.refresh_from_db()

    assert client.get(url).status_code == 404
    with pytest.raises(Http404):
        collection_results_public(rf.get(url), collection)


def test_results_page_only_reads(client, collection):
    _publish(collection)

    assert client.head(results_url(collection)).status_code == 200
    assert client.post(results_url(collection)).status_code == 405


def test_before_the_first_computation_the_page_says_so(client, collection):
    _publish(collection)

    html = client.get(results_url(collection)).content.decode()

    assert "Die Ergebnisse werden noch berechnet." in html


def test_public_results_count_published_ideas_only(client, collection, contributions):
    _publish(collection, results_outcome=f"<p>{OUTCOME}</p>")

    soup = BeautifulSoup(client.get(results_url(collection)).content, "html.parser")
    text = soup.main.get_text(" ", strip=True)

    computed = timezone.localtime(collection.result.computed_at)
    stand = soup.select_one(".results-stand").get_text(" ", strip=True)
    assert stand == f"Stand: {computed:%d.%m.%Y, %H:%M} · 3 Ideen"
    assert OUTCOME in soup.select_one(".results-outcome").get_text()
    figures = {
        term.get_text(strip=True): term.find_next_sibling("dd").get_text(strip=True)
        for term in soup.select(".results-keyfigures dt")
    }
    assert figures == {"Veröffentlichte Ideen": "3", "Unterstützungen": "7", "Kommentare": "0"}
    # What only the network sees stays internal.
    assert WAITING_TITLE not in text
    assert "Warten auf Freigabe" not in text
    assert "Beteiligte" not in text
    status_row = soup.find("span", string="angenommen").find_parent("tr")
    assert status_row.find_all("td")[-1].get_text(strip=True) == "1"


def test_top_ideas_link_to_the_ideas(client, collection, contributions):
    _publish(collection)

    soup = BeautifulSoup(client.get(results_url(collection)).content, "html.parser")

    top = soup.select(".results-top-ideas li")
    assert len(top) == 3
    assert top[0].a.get_text(strip=True) == "Bänke am Kirchplatz"
    assert top[0].a["href"] == collection.idea_url(contributions)
    assert "7 Unterstützungen" in top[0].get_text(" ", strip=True)
    # The activity chart is decoration; its numbers are in a table.
    chart = soup.select_one(".results-days .results-columns")
    assert chart["aria-hidden"] == "true"
    assert soup.select_one(".results-days table")


def test_newer_contributions_are_announced(client, collection, contributions):
    from ideas.services import collection_mark_dirty

    _publish(collection)
    collection_mark_dirty(collection=collection)

    html = client.get(results_url(collection)).content.decode()

    assert "Neue Beiträge werden gerade eingerechnet." in html


def test_collection_page_links_results_only_when_public(client, collection):
    assert "Ergebnisse ansehen" not in client.get(collection.url).content.decode()

    _publish(collection, ResultsVisibility.AFTER_CLOSE)
    assert "Ergebnisse ansehen" not in client.get(collection.url).content.decode()

    _close(collection)
    soup = BeautifulSoup(client.get(collection.url).content, "html.parser")
    link = soup.find("a", string=re.compile("Ergebnisse ansehen"))
    assert link["href"] == results_url(collection)


def test_district_page_lists_public_results_newest_first(client, district_page, collection):
    from tests.factories import IdeaCollectionPageFactory, SurveyPageFactory

    now = timezone.now()
    older = IdeaCollectionPageFactory(
        parent=district_page,
        question="Wie soll der Marktplatz aussehen?",
        opens_at=now - datetime.timedelta(days=90),
        closes_at=now - datetime.timedelta(days=30),
        results_visibility=ResultsVisibility.AFTER_CLOSE,
    )
    survey = SurveyPageFactory(
        parent=district_page,
        title="Befragung zum Stadtteilfest",
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now - datetime.timedelta(days=2),
        results_visibility=ResultsVisibility.AFTER_CLOSE,
    )
    SurveyPageFactory(  # closes later: not public yet
        parent=district_page,
        title="Laufende Befragung",
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=20),
        results_visibility=ResultsVisibility.AFTER_CLOSE,
    )
    _publish(collection, ResultsVisibility.LIVE)  # open, published while it runs

    soup = BeautifulSoup(client.get(district_page.url).content, "html.parser")

    section = soup.find("h2", string="Ergebnisse").find_parent("section")
    links = [link["href"] for link in section.select(".results-list a")]
    assert links == [
        results_url(collection),
        survey.url + survey.reverse_subpage("survey_results"),
        results_url(older),
    ]
    assert "Ergebnisse: Wie soll der Marktplatz aussehen?" in section.get_text(" ", strip=True)


def test_district_page_lists_results_in_a_fixed_number_of_queries(
    client, district_page, collection, django_assert_num_queries
):
    from cms.results_selectors import published_results_list
    from tests.factories import IdeaCollectionPageFactory

    for number in range(3):
        IdeaCollectionPageFactory(
            parent=district_page,
            slug=f"weitere-{number}",
            results_visibility=ResultsVisibility.LIVE,
        )

    # One query per page type, and the view restrictions the public() filter reads.
    with django_assert_num_queries(4):
        entries = published_results_list(district=district_page.district)

    assert len(entries) == 3
    assert {entry.kind for entry in entries} == {"collection"}


def test_network_version_of_the_include_counts_every_idea(collection, contributions):
    """The include with the network's figures (the dashboard): waiting ideas and the number
    of participants appear."""
    from django.template.loader import render_to_string

    result = collection.result
    html = render_to_string(
        "results/includes/collection_results.html",
        {"figures": result.figures, "public": False, "computed_at": result.computed_at},
    )
    soup = BeautifulSoup(html, "html.parser")

    figures = {
        term.get_text(strip=True): term.find_next_sibling("dd").get_text(strip=True)
        for term in soup.select(".results-keyfigures dt")
    }
    assert figures["Eingereichte Ideen"] == "4"
    assert figures["Warten auf Freigabe"] == "1"
    assert "Beteiligte (höchstens)" in figures
    assert "· 4 Ideen" in soup.select_one(".results-stand").get_text(" ", strip=True)
