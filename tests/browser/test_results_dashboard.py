"""The results dashboard in Chromium: a network member opens the overview and the survey's
results, filters them by keyboard alone and downloads the table; Redaktion compares districts.
axe checks every page on the way. Screenshots with BROWSER_SCREENSHOTS=/tmp/shots-dashboard."""

import csv
import datetime
import io

import pytest
from django.db import transaction
from django.utils import timezone

from surveys.models import Channel, Response
from tests.browser.checks import axe_problems, report

pytestmark = pytest.mark.browser

MEMBER = "netzwerk-beiertheim-bulach@beteiligung.example"
EDITOR = "redaktion@beteiligung.example"
PASSWORD = "Quartier-Demo-2026"
SURVEY_TITLE = "Gut leben und älter werden in Beiertheim-Bulach"
WIDE = {"width": 1280, "height": 800}


def _answered_demo_survey():
    """The demo survey with 60 responses (one transaction: one recomputation) and its results."""
    from surveys.aggregation import survey_results_refresh
    from surveys.demo import GUT_LEBEN_SURVEY, demo_responses_create
    from surveys.models import SurveyPage

    survey = SurveyPage.objects.get(slug=GUT_LEBEN_SURVEY["slug"])
    with transaction.atomic():
        demo_responses_create(survey, count=60, seed=7)
    survey_results_refresh(survey_id=survey.pk)
    return survey


def _counted_collection():
    from ideas.aggregation import collection_results_refresh
    from ideas.models import IdeaCollectionPage

    collection = IdeaCollectionPage.objects.get(slug="ideen-gut-aelter-werden")
    collection_results_refresh(collection_id=collection.pk)
    return collection


def _city_wide_survey():
    """A city-wide survey that asks for the district, answered in two districts."""
    from surveys.aggregation import survey_results_refresh
    from surveys.demo import _choices, _question
    from surveys.models import SurveyPage
    from surveys.questions.base import AnswerValue
    from surveys.services import Participant, response_submit
    from tests.conftest import ensure_home_page

    home = ensure_home_page()
    survey = SurveyPage(
        title="Wie lebt es sich in Karlsruhe?",
        slug="wie-lebt-es-sich",
        intro="Eine Befragung für die ganze Stadt.",
        privacy_note="<p>Anonym.</p>",
        opens_at=timezone.now() - datetime.timedelta(days=2),
        district_question="stadtteil",
        questions=[
            _question(
                "single_choice",
                "stadtteil",
                "In welchem Stadtteil wohnen Sie?",
                display="radio",
                allow_other=False,
                randomize=False,
                choices=_choices(
                    ("daxlanden", "Daxlanden"),
                    ("beiertheim-bulach", "Beiertheim-Bulach"),
                    ("oststadt", "Oststadt"),
                ),
            ),
            _question("yes_no", "zufrieden", "Leben Sie gern in Ihrem Stadtteil?"),
        ],
    )
    home.add_child(instance=survey)
    survey.save_revision().publish()
    with transaction.atomic():
        for district, answers in (
            ("daxlanden", ["ja"] * 7 + ["nein"] * 3),
            ("oststadt", ["ja"] * 4 + ["nein"] * 5),
        ):
            for answer in answers:
                response_submit(
                    survey=survey,
                    participant=Participant(key=None),
                    answers=[
                        AnswerValue("stadtteil", choice_key=district),
                        AnswerValue("zufrieden", choice_key=answer),
                    ],
                )
    survey_results_refresh(survey_id=survey.pk)
    return survey


def _login(page, email: str) -> None:
    page.goto("/admin/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _tab_to(page, selector: str, *, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "selector => document.activeElement && document.activeElement.matches(selector)",
            selector,
        ):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


# The admin scrolls inside its layout, not the document: a "full page" screenshot needs a
# viewport as tall as the tallest scrolling box.
CONTENT_HEIGHT_JS = (
    "() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
)


def _screenshot(page, path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    height = page.evaluate(CONTENT_HEIGHT_JS)
    page.set_viewport_size({"width": width, "height": min(height, 12000)})
    page.wait_for_timeout(300)  # let the resized layout paint before the picture
    page.screenshot(path=path)
    page.set_viewport_size(WIDE)


def _check(page, where: str, shots, name: str) -> None:
    """axe finds nothing, wide and at 320 px (where tables scroll in their own boxes); a
    screenshot of the whole page at both widths when asked for."""
    problems = axe_problems(page)
    page.set_viewport_size({"width": 320, "height": 640})
    problems += [f"at 320 px: {problem}" for problem in axe_problems(page)]
    page.set_viewport_size(WIDE)
    if shots is not None:
        _screenshot(page, shots / f"{name}-desktop.png", WIDE["width"])
        _screenshot(page, shots / f"{name}-mobile.png", 320)
    assert not problems, f"{where}:\n{report(problems)}"


def test_network_member_reads_filters_and_downloads_results(page, screenshot_dir):
    survey = _answered_demo_survey()
    collection = _counted_collection()
    _login(page, MEMBER)

    page.goto("/admin/ergebnisse/")
    assert page.get_by_role("heading", name="Beiertheim-Bulach", level=2).is_visible()
    assert page.get_by_text("Daxlanden").count() == 0, "another district's results stay hidden"
    _check(page, "overview", screenshot_dir, "dashboard-overview")

    with page.expect_navigation():
        page.get_by_role("link", name=SURVEY_TITLE).click()
    assert page.url.endswith(f"/admin/befragungen/{survey.pk}/ergebnisse/")
    assert "60 Antworten" in page.locator("main").inner_text()
    _check(page, "survey results", screenshot_dir, "dashboard-survey")

    # Keyboard only: Tab to the channel filter, pick "Papier" by typing, Tab to the button.
    _tab_to(page, "#filter-kanal")
    page.keyboard.type("Papier")
    _tab_to(page, ".results-admin-filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kanal=paper" in page.url
    main = page.locator("main").inner_text()
    assert "Gefilterte Zahlen werden bei jedem Aufruf aus den Antworten berechnet." in main
    paper = Response.objects.filter(
        survey=survey, status=Response.Status.SUBMITTED, channel=Channel.PAPER
    ).count()
    assert 0 < paper < 60
    assert f"{paper} Antworten" in main
    _check(page, "filtered survey results", screenshot_dir, "dashboard-survey-filtered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ergebnisse als CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("ergebnisse-gut-leben-und-aelter-werden-")
    text = open(download.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:3] == ["Frage-Schlüssel", "Frage", "Zeile"]
    counts = [int(row[6]) for row in rows if row[6]]
    assert counts and all(count == 0 or count >= survey.results_min_group for count in counts)
    assert "Mittagstisch auch am Wochenende" not in text, "no free text leaves the admin"

    # A filter address that was typed or shortened wrongly: a 400 that says what is wrong.
    response = page.goto(f"/admin/befragungen/{survey.pk}/ergebnisse/?kanal=fax&von=gestern")
    assert response.status == 400
    assert "Die Filter passen nicht" in page.locator("main").inner_text()
    _check(page, "survey results with wrong filters", screenshot_dir, "dashboard-survey-400")

    page.goto(f"/admin/befragungen/{survey.pk}/ergebnisse/")
    with page.expect_navigation():
        page.locator("#freitexte a").first.click()
    assert "Freitexte sind nur für das Stadtteilnetzwerk bestimmt" in page.content()
    _check(page, "free-text answers", screenshot_dir, "dashboard-free-texts")

    page.goto(f"/admin/ideen/{collection.pk}/ergebnisse/")
    assert "Eingereichte Ideen" in page.locator("main").inner_text()
    _check(page, "collection results", screenshot_dir, "dashboard-collection")

    # The city-wide comparison is Redaktion's: the network member gets "no access".
    city_wide = _city_wide_survey()
    response = page.goto(f"/admin/befragungen/{city_wide.pk}/vergleich/")
    assert response.status == 403


def test_editor_compares_districts(page, screenshot_dir):
    _city_wide_survey()
    _login(page, EDITOR)

    page.goto("/admin/ergebnisse/")
    assert page.get_by_role("heading", name="Stadtweit", level=2).is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Wie lebt es sich in Karlsruhe?").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Stadtteilvergleich").click()

    table = page.locator("table.results-admin-compare").first
    assert "Daxlanden" in table.inner_text() and "Oststadt" in table.inner_text()
    assert "70\u00a0%" in table.inner_text()
    _check(page, "district comparison", screenshot_dir, "dashboard-comparison")
