"""Two journeys of the survey issue in Chromium: a household with an access code stops, closes
the browser and later goes on where it stopped; a network member types in a paper
questionnaire and finds it in the CSV export."""

import pytest

from surveys.models import ParticipationMode, Response, SurveyPage
from surveys.services import access_codes_generate
from tests.browser.checks import axe_problems, report
from tests.browser.conftest import _new_context

pytestmark = pytest.mark.browser

SURVEY = "/beiertheim-bulach/gut-leben-und-aelter-werden/"
MEMBER = "netzwerk-beiertheim-bulach@beteiligung.example"


def _answer_step_1(page):
    page.check("#id_wohndauer_2")
    page.check("#id_zufriedenheit_3")
    page.check("#id_einkauf-zu-fuss_0")  # "Ja": the follow-up question does not apply
    with page.expect_navigation():
        page.click("button[name=weiter]")


def test_code_household_resumes_after_closing_the_browser(browser, demo_city, media_root):
    survey = SurveyPage.objects.get(url_path__endswith="/gut-leben-und-aelter-werden/")
    survey.participation_mode = ParticipationMode.CODE
    survey.save_revision().publish()
    code = access_codes_generate(survey=survey, count=1)[0]

    first = _new_context(browser, demo_city, media_root, javascript=True)
    page = first.new_page()
    page.goto(SURVEY)
    problems = axe_problems(page)  # the code form on the survey page
    assert not problems, report(problems)
    page.fill("#access-code", code.lower())
    with page.expect_navigation():
        page.click("form.code-form button[type=submit]")
    assert page.url.endswith("/schritt/1/")
    _answer_step_1(page)
    assert page.url.endswith("/schritt/2/")
    first.close()  # the browser is closed: cookies and session are gone

    later = _new_context(browser, demo_city, media_root, javascript=True)
    page = later.new_page()
    page.goto(SURVEY)
    page.fill("#access-code", code)
    with page.expect_navigation():
        page.click("form.code-form button[type=submit]")
    assert page.url.endswith("/schritt/2/"), "the household continues at step 2"
    later.close()
    assert Response.objects.get(survey=survey).status == Response.Status.IN_PROGRESS


def test_network_member_enters_paper_questionnaire_and_exports_it(page, tmp_path):
    survey = SurveyPage.objects.get(url_path__endswith="/gut-leben-und-aelter-werden/")
    page.goto("/admin/login/")
    page.fill("input[name=username]", MEMBER)
    page.fill("input[name=password]", "Quartier-Demo-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.goto(f"/admin/befragungen/{survey.pk}/erfassen/")
    page.check("input[name=channel][value=paper]")
    page.check("#id_wohndauer_1")
    page.check("#id_zufriedenheit_4")
    page.check("#id_einkauf-zu-fuss_1")
    page.check("input[name=einkauf-hindernisse][value=sonstiges]")
    page.fill("#id_einkauf-hindernisse__sonstiges", "Kopfsteinpflaster am Marktplatz")
    for rank, option in enumerate(["treffpunkt", "mittagstisch", "fahrdienst", "besuchsdienst"]):
        page.select_option(f"#id_angebote__{option}", str(rank + 1))
    for row in ("nachbarschaft", "beratung", "sicherheit"):
        page.check(f"input[name=aussagen__{row}][value=eher-zu]")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "ist gespeichert" in page.content()

    with page.expect_download() as download_info:
        page.click("text=Rohdaten als CSV")
    path = tmp_path / "antworten.csv"
    download_info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert "Kopfsteinpflaster am Marktplatz" in text
    assert ";paper;" in text
    stored = Response.objects.get(survey=survey, channel="paper")
    assert stored.entered_by.email == MEMBER
