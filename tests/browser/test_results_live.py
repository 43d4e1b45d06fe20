"""A resident answers the demo survey in the browser; within seconds the district network's
dashboard shows the new answer, computed by a real Celery worker process through Redis."""

import re
import time

import pytest
from playwright.sync_api import expect

from cms.demo.content import DEMO_PASSWORD, network_member_email
from surveys.models import SurveyPage, SurveyResult
from tests.beteiligung.conftest import celery_workers, tasks_sent_to  # noqa: F401 - fixture
from tests.browser.conftest import _new_context

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.redis]

SURVEY = "/beiertheim-bulach/gut-leben-und-aelter-werden/"
UPDATE_TIMEOUT = 30  # seconds; the coalescing window is 2 s and one recomputation < 1 s


def _answer_the_demo_survey(page) -> None:
    page.goto(SURVEY + "schritt/1/")
    page.get_by_label("mehr als 20 Jahre").check()
    page.get_by_label("4", exact=True).check()
    page.get_by_role("group", name="Können Sie Ihre Einkäufe zu Fuß erledigen?").get_by_label(
        "Ja"
    ).check()
    page.get_by_role("button", name="Weiter").click()
    for rank, option in enumerate(("Mittagstisch", "Offener Treffpunkt", "Besuchsdienst"), 1):
        page.get_by_label(option, exact=True).select_option(str(rank))
    page.get_by_label("Fahrdienst zum Arzt und Einkaufen").select_option("4")
    for statement in ("Nachbarschaft", "Beratung", "Straßen"):
        page.get_by_role("group", name=re.compile(statement)).get_by_label(
            "stimme eher zu", exact=True
        ).check()
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="Antworten absenden").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(SURVEY)}danke/$"))


def test_dashboard_shows_a_browser_answer_computed_by_the_worker(
    browser,
    demo_city,
    media_root,
    settings,
    celery_workers,  # noqa: F811
):
    survey = SurveyPage.objects.get(url_path__endswith="/gut-leben-und-aelter-werden/")
    worker = celery_workers.start()
    with tasks_sent_to(settings, worker):
        resident = _new_context(browser, demo_city, media_root, javascript=True)
        network = _new_context(browser, demo_city, media_root, javascript=True)
        try:
            _answer_the_demo_survey(resident.new_page())
            answered_at = time.monotonic()

            page = network.new_page()
            page.goto("/admin/login/")
            page.fill("input[name=username]", network_member_email("beiertheim-bulach"))
            page.fill("input[name=password]", DEMO_PASSWORD)
            with page.expect_navigation():
                page.keyboard.press("Enter")
            results = f"/admin/befragungen/{survey.pk}/ergebnisse/"
            while True:
                page.goto(results)
                if page.locator(".results-stand").first.get_by_text("1 Antwort").count():
                    break
                assert time.monotonic() - answered_at < UPDATE_TIMEOUT, page.content()[:3000]
                time.sleep(0.5)
            took = time.monotonic() - answered_at
            question = "Wie lange wohnen Sie schon in Beiertheim-Bulach?"
            expect(page.get_by_role("heading", name=question).first).to_be_visible()
        finally:
            resident.close()
            network.close()
    print(f"dashboard current {took:.1f} s after the answer was sent")
    assert worker.count("recompute_survey_results_task") >= 1, "the worker computed it"
    assert SurveyResult.objects.get(survey=survey).responses == 1
