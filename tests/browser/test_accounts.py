"""Residents' account pages in Chromium: login and sign-up, and their error states, are
axe-core clean (WCAG 2.0 A/AA, 2.1 AA) with a visible focus and no sideways scrolling at 320 px;
a resident signs up, confirms, logs in and out with JavaScript switched off.

`BROWSER_SCREENSHOTS=/tmp/shots pytest tests/browser/test_accounts.py` also saves each page and
error state at 1280 and 320 px as accounts-*.png for people to look at.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.checks import (
    SMALLEST_WIDTH,
    axe_problems,
    focus_visibility_problems,
    overflow_problems,
    report,
    structure_problems,
)
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.browser

SURVEY = "/beiertheim-bulach/gut-leben-und-aelter-werden/"
EMAIL = "erika.muster@x.example"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/konto/confirm-email/\S+)")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache, which the live server shares with the tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shoot(screenshot_dir):
    """Save full-page screenshots at 1280 and 320 px as accounts-<name>.png when
    BROWSER_SCREENSHOTS is set; the viewport is restored afterwards."""

    def save(page, name: str) -> None:
        if screenshot_dir is None:
            return
        size = page.viewport_size
        page.screenshot(path=screenshot_dir / f"accounts-{name}.png", full_page=True)
        page.set_viewport_size({"width": SMALLEST_WIDTH, "height": 640})
        page.screenshot(path=screenshot_dir / f"accounts-{name}-320.png", full_page=True)
        page.set_viewport_size(size)

    return save


def page_problems(page) -> list[str]:
    """Everything checked on one loaded account page; the 320 px check goes last, as it
    narrows the window."""
    return [
        *structure_problems(page, lang="de"),
        *axe_problems(page),
        *focus_visibility_problems(page),
        *overflow_problems(page),
    ]


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/konto/login/", "Anmelden"), ("/konto/signup/", "Konto anlegen")],
    ids=["login", "signup"],
)
def test_account_page_is_accessible(page, shoot, path, heading):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    shoot(page, path.strip("/").replace("/", "-"))

    problems = page_problems(page)

    assert not problems, report(problems)


def test_login_error_state_is_accessible_and_leads_to_the_field(page, shoot):
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").fill(EMAIL)
    page.get_by_label("Passwort", exact=True).fill("falsch")
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("E-Mail-Adresse oder Passwort stimmen nicht.")
    expect(page).to_have_title(re.compile(r"^Fehler: Anmelden"))
    shoot(page, "login-error")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("E-Mail")).to_be_focused()

    problems = page_problems(page)

    assert not problems, report(problems)


def test_signup_error_state_is_accessible_and_ties_errors_to_fields(page, shoot):
    page.goto("/konto/signup/")
    page.get_by_label("E-Mail").fill("keine-adresse")
    page.get_by_label("Passwort", exact=True).fill("kurz")
    page.get_by_label("Passwort (Wiederholung)").fill("anders")
    page.get_by_role("main").get_by_role("button", name="Konto anlegen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    shoot(page, "signup-error")
    repeat = page.get_by_label("Passwort (Wiederholung)")
    expect(repeat).to_have_attribute("aria-invalid", "true")
    expect(repeat).to_have_accessible_description(re.compile("Die beiden Passwörter"))
    summary.get_by_role("link", name=re.compile(r"^Passwort \(Wiederholung\)")).click()
    expect(repeat).to_be_focused()

    problems = page_problems(page)

    assert not problems, report(problems)


def test_signup_confirm_login_and_logout_work_without_javascript(page_without_js, shoot):
    from surveys.models import SurveyPage

    SurveyPage.objects.filter(slug="gut-leben-und-aelter-werden").update(
        participation_mode="account"
    )
    page = page_without_js

    page.goto(f"/konto/signup/?next={SURVEY}")
    page.get_by_label("E-Mail").fill(EMAIL)
    page.get_by_label("Passwort", exact=True).fill(TEST_PASSWORD)
    page.get_by_label("Passwort (Wiederholung)").fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Konto anlegen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    )
    shoot(page, "verification-sent")
    (message,) = mail.outbox
    confirm_path = CONFIRM_LINK.search(message.body).group(1)

    # Confirming in the browser that signed up logs in and goes on to the survey.
    page.goto(confirm_path)
    shoot(page, "email-confirm")
    page.get_by_role("button", name="E-Mail-Adresse bestätigen").click()
    expect(page).to_have_url(re.compile(re.escape(SURVEY) + "$"))
    expect(page.get_by_role("link", name="Befragung starten")).to_be_visible()
    shoot(page, "survey-logged-in")

    account_nav = page.get_by_role("navigation", name="Konto")
    account_nav.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("navigation", name="Konto").get_by_role("link")).to_have_text(
        "Anmelden"
    )
    page.goto(SURVEY)
    expect(page.get_by_role("link", name="Befragung starten")).to_have_count(0)

    page.get_by_role("navigation", name="Konto").get_by_role("link", name="Anmelden").click()
    page.get_by_label("E-Mail").fill(EMAIL)
    page.get_by_label("Passwort", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()

    # The header's login link carried the survey as ?next=.
    expect(page).to_have_url(re.compile(re.escape(SURVEY) + "$"))
    expect(page.get_by_role("link", name="Befragung starten")).to_be_visible()


def test_account_page_of_a_logged_in_resident_is_accessible(page, shoot):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(email=EMAIL)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").fill(EMAIL)
    page.get_by_label("Passwort", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/$"))

    page.get_by_role("navigation", name="Konto").get_by_role("link", name="Konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Konto")
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    shoot(page, "konto")

    problems = page_problems(page)

    assert not problems, report(problems)


def test_password_reset_pages_are_accessible(page, shoot):
    page.goto("/konto/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwort zurücksetzen")
    page.get_by_role("main").get_by_role("button", name="Link anfordern").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    shoot(page, "password-reset-error")
    problems = page_problems(page)

    assert not problems, report(problems)
