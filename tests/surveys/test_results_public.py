"""The public results page of a survey: only when the editors publish it, only suppressed
figures, never free text; and the links to it on the survey and district pages."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.http import Http404
from django.utils import timezone

from cms.models.publication import ResultsVisibility
from surveys.aggregation import survey_results_refresh
from surveys.demo import demo_responses_create
from surveys.models import Channel
from surveys.questions.base import AnswerValue
from surveys.results_views import survey_results_public
from surveys.services import Participant, response_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FREE_TEXT = "Zitronenfalterweg braucht eine Sitzbank"
OTHER_TEXT = "Kopfsteinpflaster am Marktplatz"
OUTCOME = "Das Netzwerk richtet ab März einen Mittagstisch im Gemeindehaus ein."
COUNT_HEADERS = {"Anzahl", "Personen", "Auf Platz 1", "Antworten"}


def results_url(survey) -> str:
    return survey.url + survey.reverse_subpage("survey_results")


def _close(survey) -> None:
    now = timezone.now()
    survey.opens_at = now - datetime.timedelta(days=30)
    survey.closes_at = now - datetime.timedelta(days=1)
    survey.save()


def _publish(survey, visibility=ResultsVisibility.LIVE, **fields) -> None:
    survey.results_visibility = visibility
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()


@pytest.fixture
def answered(survey):
    """90 generated responses (3 of them interviews), plus two more interviews that carry a
    "Sonstiges" text and a free text."""
    demo_responses_create(survey, count=90, seed=7)
    for channel in (Channel.INTERVIEW, Channel.INTERVIEW):
        response_submit(
            survey=survey,
            participant=Participant(key=None),
            answers=[
                AnswerValue("einkauf-zu-fuss", choice_key="nein"),
                AnswerValue("einkauf-hindernisse", choice_key="sonstiges", text=OTHER_TEXT),
                AnswerValue("wunsch", text=FREE_TEXT),
            ],
            channel=channel,
        )
    survey_results_refresh(survey_id=survey.pk)
    return survey


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
def test_results_page_is_there_only_when_published(client, survey, visibility, closed, status):
    _publish(survey, visibility)
    if closed:
        _close(survey)

    assert client.get(results_url(survey)).status_code == status


def test_editors_get_no_preview_of_internal_results(client, survey):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    assert client.get(results_url(survey)).status_code == 404


def test_a_page_that_is_not_live_has_no_results_page(client, rf, survey):
    _publish(survey)
    url = results_url(survey)
    survey.unpublish()
    survey.refresh_from_db()

    assert client.get(url).status_code == 404
    with pytest.raises(Http404):  # even where something routes to it (a preview)
        survey_results_public(rf.get(url), survey)


def test_results_page_only_reads(client, survey):
    _publish(survey)

    assert client.head(results_url(survey)).status_code == 200
    assert client.post(results_url(survey)).status_code == 405


def test_before_the_first_computation_the_page_says_so(client, survey):
    _publish(survey)

    html = client.get(results_url(survey)).content.decode()

    assert "Die Ergebnisse werden noch berechnet." in html
    assert "Warum manche Zahlen fehlen" in html


def test_fewer_responses_than_k_show_no_figures(client, survey):
    _publish(survey)
    for _ in range(3):
        response_submit(
            survey=survey,
            participant=Participant(key=None),
            answers=[AnswerValue("einkauf-zu-fuss", choice_key="ja")],
            channel=Channel.PAPER,
        )
    survey_results_refresh(survey_id=survey.pk)

    soup = BeautifulSoup(client.get(results_url(survey)).content, "html.parser")

    text = soup.main.get_text(" ", strip=True)
    assert "weniger als 5 Antworten" in text
    assert "zeigen wir Ergebnisse erst ab 5 Antworten" in text
    assert not soup.select(".results-question")


def _count_cells(soup) -> list[tuple[str, str]]:
    """(column header, cell text) of every cell that shows a number of people."""
    cells = []
    for table in soup.select("table"):
        headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        for row in table.select("tbody tr, tfoot tr"):
            for index, cell in enumerate(row.find_all(["th", "td"])):
                header = headers[index] if index < len(headers) else ""
                cells.append((header, cell.get_text(" ", strip=True)))
    return cells


def _shown_counts(soup) -> list[int]:
    """Counts as the page prints them: whole cells under a count header, and "(12)" after a
    share in breakdown tables."""
    counts = []
    for header, text in _count_cells(soup):
        if header in COUNT_HEADERS and re.fullmatch(r"[\d.]+", text):
            counts.append(int(text.replace(".", "")))
        counts += [int(value.replace(".", "")) for value in re.findall(r"\(([\d.]+)\)", text)]
    for figure in soup.select(".results-keyfigures dd"):
        if re.fullmatch(r"[\d.]+", figure.get_text(strip=True)):
            counts.append(int(figure.get_text(strip=True).replace(".", "")))
    return counts


def test_public_results_show_no_small_counts_and_no_free_text(client, answered):
    _publish(answered, ResultsVisibility.LIVE, results_min_group=10)
    survey_results_refresh(survey_id=answered.pk)

    html = client.get(results_url(answered)).content.decode()
    soup = BeautifulSoup(html, "html.parser")

    counts = _shown_counts(soup)
    assert counts, "the page shows figures"
    assert all(count == 0 or count >= 10 for count in counts), sorted(set(counts))
    # The five interviews are hidden, shown as a dash that says why.
    interview = soup.find("span", string="Interview").find_parent("tr")
    assert interview.select(".results-hidden")
    assert "ausgeblendet: weniger als 10 Personen oder daraus errechenbar" in html
    # Free text and "Sonstiges" texts never reach the public, nor their frequent terms.
    assert FREE_TEXT not in html
    assert OTHER_TEXT not in html
    assert "Zitronenfalterweg" not in html.lower()
    assert "Unter „Sonstiges“ genannt" not in html
    assert "Freitext-Antworten veröffentlichen wir nicht" in html
    # Nor what only the network sees: how many started, where they stopped.
    assert "Begonnen" not in html
    assert "Hier aufgehört" not in html


def test_every_question_has_a_heading_and_its_figures_a_caption(client, answered):
    _publish(answered)

    soup = BeautifulSoup(client.get(results_url(answered)).content, "html.parser")

    questions = soup.select(".results-question")
    assert len(questions) == 12
    for question in questions:
        assert question.find("h3")
        for figure in question.select("figure"):
            assert figure.figcaption.get_text(strip=True)
            assert figure.find("table")
    # Charts are decoration beside the numbers, hidden from screen readers.
    assert all(svg.get("aria-hidden") == "true" for svg in soup.select("svg.results-bar"))
    # A stricter k hides more.
    _publish(answered, results_min_group=20)
    survey_results_refresh(survey_id=answered.pk)
    html = client.get(results_url(answered)).content.decode()
    assert "weniger als 20 Personen oder daraus errechenbar" in html


def test_stand_line_and_outcome_are_shown(client, answered):
    _publish(answered, results_outcome=f"<p>{OUTCOME}</p>")

    soup = BeautifulSoup(client.get(results_url(answered)).content, "html.parser")

    stand = soup.select_one(".results-stand").get_text(" ", strip=True)
    computed = timezone.localtime(answered.result.computed_at)
    assert stand == f"Stand: {computed:%d.%m.%Y, %H:%M} · 92 Antworten"
    outcome = soup.select_one(".results-outcome")
    assert outcome.h2.get_text(strip=True) == "Das haben wir daraus gemacht"
    assert OUTCOME in outcome.get_text()


def test_newer_answers_are_announced(client, answered):
    from surveys.services import survey_mark_dirty

    _publish(answered)
    survey_mark_dirty(survey=answered)

    html = client.get(results_url(answered)).content.decode()

    assert "Neue Antworten werden gerade eingerechnet." in html


def test_results_page_reads_the_projection_in_few_queries(
    client, answered, django_assert_max_num_queries
):
    _publish(answered)
    client.get(results_url(answered))  # site and page caches

    # Wagtail's routing, navigation and breadcrumbs take 13; the figures are 2 (result rows).
    with django_assert_max_num_queries(15):
        response = client.get(results_url(answered))

    assert response.status_code == 200


def test_survey_page_links_results_only_when_public(client, survey):
    assert "Ergebnisse ansehen" not in client.get(survey.url).content.decode()

    _publish(survey, ResultsVisibility.AFTER_CLOSE)
    assert "Ergebnisse ansehen" not in client.get(survey.url).content.decode()

    _close(survey)
    soup = BeautifulSoup(client.get(survey.url).content, "html.parser")
    link = soup.find("a", string=re.compile("Ergebnisse ansehen"))
    assert link["href"] == results_url(survey)


def test_district_page_lists_public_results(client, district_page, survey):
    from tests.factories import SurveyPageFactory

    internal = SurveyPageFactory(parent=district_page, title="Interne Befragung")
    assert "Ergebnisse" not in _section_headings(client, district_page)

    _publish(survey, ResultsVisibility.LIVE)

    soup = BeautifulSoup(client.get(district_page.url).content, "html.parser")
    assert "Ergebnisse" in _section_headings(client, district_page)
    section = soup.find("h2", string="Ergebnisse").find_parent("section")
    hrefs = [link["href"] for link in section.find_all("a")]
    assert results_url(survey) in hrefs
    assert not any(href.startswith(internal.url) for href in hrefs)


def _section_headings(client, page) -> list[str]:
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return [heading.get_text(strip=True) for heading in soup.select("main h2")]


def test_network_version_of_the_includes_shows_what_stays_internal(answered):
    """The same includes with the network's figures (the dashboard): "Sonstiges" texts,
    frequent terms, links to the free texts, where people stopped; nothing hidden."""
    from django.template.loader import render_to_string

    from surveys.selectors import survey_results_get

    html = render_to_string(
        "results/includes/survey_results.html",
        {
            "results": survey_results_get(survey=answered, public=False),
            "public": False,
            "k": answered.results_min_group,
            "text_answers_url": "/auswertung/antworten/__key__/",
        },
    )
    soup = BeautifulSoup(html, "html.parser")

    assert OTHER_TEXT in html
    assert "Unter „Sonstiges“ genannt" in html
    assert "Häufige Begriffe in den Antworten" in html
    assert soup.find("a", href="/auswertung/antworten/wunsch/")
    assert "Begonnen" in html
    assert "Hier aufgehört" in html
    assert not soup.select(".results-hidden")
    assert "ausgeblendet:" not in html
    interview = soup.find("span", string="Interview").find_parent("tr")
    assert interview.find_all("td")[-1].get_text(strip=True) == "5"


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("de", 1234, "1.234"),
        ("de", 3.44, "3,4"),
        ("de", 2.0, "2"),
        ("en", 1234, "1,234"),
        ("en", 3.44, "3.4"),
    ],
)
def test_numbers_follow_the_language(language, value, expected):
    from django.utils import translation

    from surveys.templatetags.results_tags import number

    with translation.override(language):
        assert number(value, 1 if isinstance(value, float) else None) == expected


def test_percentages_and_hidden_counts():
    from django.utils import translation

    from surveys.templatetags.results_tags import count, percent

    with translation.override("de"):
        assert percent(0.4167) == "42\u00a0%"
        assert percent(0.001) == "<\u00a01\u00a0%"  # a real answer never reads as 0 %
        assert percent(0) == "0\u00a0%"
        assert percent(None) == ""
        assert count(12) == "12"
        hidden = BeautifulSoup(count(None), "html.parser")
        assert hidden.get_text() == "–ausgeblendet"
        assert hidden.find("span", attrs={"aria-hidden": "true"}).get_text() == "–"
    with translation.override("en"):
        assert percent(0.4167) == "42%"
