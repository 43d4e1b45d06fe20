"""The demo survey "Gut leben und älter werden" in Chromium, as the issue accepts it: answered
with the keyboard alone (a conditional question and a ranking included) up to the thank-you
page, axe-core clean on every step and every error state, refused a second time from the same
browser; answerable without JavaScript; usable at 320 px; its print version clean too.

`BROWSER_SCREENSHOTS=/tmp/shots pytest tests/browser/test_survey.py` also saves each step and
error state at 1280 and 320 px as survey-*.png for people to look at.
"""

import itertools
import re

import pytest
from playwright.sync_api import expect

from tests.browser.checks import (
    SMALLEST_WIDTH,
    axe_problems,
    overflow_problems,
    report,
    structure_problems,
)

pytestmark = pytest.mark.browser

SURVEY = "/beiertheim-bulach/gut-leben-und-aelter-werden/"
CONDITION_HINT = "Nur beantworten, wenn Sie bei „Können Sie Ihre Einkäufe zu Fuß erledigen?“"

FOCUSED_JS = """() => {
    const el = document.activeElement;
    return el === document.body ? '(body)'
        : el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? `[${el.name}]` : '')
          + ' ' + (el.innerText || '').trim().slice(0, 40);
}"""


@pytest.fixture
def shoot(screenshot_dir):
    """Save a full-page screenshot as survey-<name>.png when BROWSER_SCREENSHOTS is set."""

    def save(page, name: str) -> None:
        if screenshot_dir is not None:
            page.screenshot(path=screenshot_dir / f"survey-{name}.png", full_page=True)

    return save


# --- Keyboard ------------------------------------------------------------------------------------


def focused(page) -> str:
    return page.evaluate(FOCUSED_JS)


def is_focused(page, selector: str) -> bool:
    return page.evaluate("selector => document.activeElement.matches(selector)", selector)


def tab_to(page, selector: str, *, within: int = 1) -> None:
    """Press Tab until `selector` has focus, at most `within` times (1: the very next stop)."""
    stops = []
    for _ in range(within):
        page.keyboard.press("Tab")
        if is_focused(page, selector):
            return
        stops.append(focused(page))
    pytest.fail(f"{within} Tab(s) did not reach {selector}; focus went to {stops}")


def in_viewport(page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        "el => { const box = el.getBoundingClientRect();"
        " return box.top >= 0 && box.bottom <= innerHeight; }"
    )


def press(page, key: str, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press(key)


def press_and_load(page, key: str) -> None:
    """Press a key that submits the form or follows a link; return once the next page loaded
    (its URL may be the same: a step with errors)."""
    with page.expect_navigation():
        page.keyboard.press(key)


def click_and_load(locator) -> None:
    with locator.page.expect_navigation():
        locator.click()


def step_url(number: int):
    return re.compile(rf"{re.escape(SURVEY)}schritt/{number}/$")


def error_summary_problems(page) -> list[str]:
    """The summary shows, has focus (JavaScript), and every link names an element on the page."""
    summary = page.locator("[data-error-summary]")
    if not summary.is_visible():
        return ["no error summary"]
    problems = []
    if not is_focused(page, "[data-error-summary]"):
        problems.append(f"the error summary has no focus; {focused(page)} has")
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.hash.slice(1))")
    if not targets:
        problems.append("the error summary links to nothing")
    for target in targets:
        if not page.evaluate("id => !!document.getElementById(id)", target):
            problems.append(f"the error summary links to #{target}, which is not on the page")
    return problems


# --- Keyboard-only walkthrough ------------------------------------------------------------------


def test_keyboard_only_walkthrough_with_error_states(page, shoot):
    """Start page to thank-you page with Tab, Shift+Tab, arrows, Space, Enter and typing only;
    axe-core on every page and error state on the way; the same browser is then refused."""
    from surveys.models import Answer, Response

    demo_responses = list(Response.objects.values_list("pk", flat=True))
    problems = []

    def check(label: str) -> None:
        problems.extend(f"{label}: {problem}" for problem in axe_problems(page))
        problems.extend(f"{label}: {p}" for p in structure_problems(page, lang="de"))

    # Start page: Tab from the top to the button-styled link.
    page.goto(SURVEY)
    check("start page")
    shoot(page, "start-desktop")
    tab_to(page, "a.button--large", within=40)
    expect(page.locator(":focus")).to_have_text("Befragung starten")
    press_and_load(page, "Enter")
    expect(page).to_have_url(step_url(1))

    # Step 1: the conditional question is hidden until "Nein".
    check("step 1")
    shoot(page, "step1-desktop")
    conditional = page.locator("#frage-einkauf-hindernisse")
    expect(conditional).to_be_hidden()

    # Step 1 sent empty: an error summary that takes focus and links to the questions.
    tab_to(page, "button[name=weiter]", within=40)
    press_and_load(page, "Enter")
    expect(page).to_have_url(step_url(1))
    expect(page).to_have_title(re.compile(r"^Fehler: Schritt 1 von 3"))
    problems += [f"step 1 errors: {p}" for p in error_summary_problems(page)]
    expect(page.locator("[data-error-summary] a")).to_have_count(3)
    check("step 1 errors")
    shoot(page, "step1-errors-desktop")
    expect(conditional).to_be_hidden()

    # The first link leads to the first option of the first question.
    tab_to(page, "[data-error-summary] a")
    page.keyboard.press("Enter")
    assert is_focused(page, "#id_wohndauer_0"), focused(page)
    assert in_viewport(page, "#frage-wohndauer legend"), "the question is off screen"
    press(page, "ArrowDown")  # moves to and chooses "5 bis 20 Jahre"
    tab_to(page, "#id_zufriedenheit_0")
    press(page, "ArrowRight", 3)  # 4 on the scale of 1 to 5
    tab_to(page, "#id_einkauf-zu-fuss_0")
    # The hidden question is out of the tab order: the next stop is the button; Shift+Tab
    # goes back into the radio group, which has no choice yet.
    tab_to(page, "button[name=weiter]")
    page.keyboard.press("Shift+Tab")
    assert is_focused(page, "#id_einkauf-zu-fuss_0"), focused(page)
    expect(conditional).to_be_hidden()
    press(page, "ArrowDown")  # "Nein"
    expect(page.locator("#id_einkauf-zu-fuss_1")).to_be_checked()
    expect(conditional).to_be_visible()
    # With JavaScript the question shows when it applies; the "only if" hint is for no-JS.
    expect(conditional.locator("[data-condition-hint]")).to_be_hidden()
    tab_to(page, "#id_einkauf-hindernisse_0")
    press(page, "Space")  # "Der Weg ist zu weit"
    tab_to(page, "#id_einkauf-hindernisse_4", within=4)
    press(page, "Space")  # "Sonstiges"
    tab_to(page, "#id_einkauf-hindernisse__sonstiges")
    page.keyboard.type("Kopfsteinpflaster")
    check("step 1 answered")
    tab_to(page, "button[name=weiter]")
    press_and_load(page, "Enter")

    # Step 2: every option ranked 1 first, then distinct ranks.
    expect(page).to_have_url(step_url(2))
    check("step 2")
    shoot(page, "step2-desktop")
    tab_to(page, "#id_angebote__mittagstisch", within=40)
    for name in ("mittagstisch", "besuchsdienst", "fahrdienst", "treffpunkt"):
        assert is_focused(page, f"#id_angebote__{name}"), focused(page)
        press(page, "ArrowDown")  # from "Rang wählen" to 1
        page.keyboard.press("Tab")
    # The matrix: one radio group per statement, one Tab stop each.
    assert is_focused(page, "#id_aussagen__nachbarschaft_0"), focused(page)
    press(page, "Space")  # "stimme zu"
    tab_to(page, "#id_aussagen__beratung_0")
    press(page, "ArrowRight")  # "stimme eher zu"
    tab_to(page, "#id_aussagen__sicherheit_0")
    press(page, "ArrowRight", 2)  # "stimme eher nicht zu"
    tab_to(page, "button[name=weiter]", within=2)  # past the optional text
    press_and_load(page, "Enter")

    expect(page).to_have_url(step_url(2))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Jeder Rang darf nur einmal vorkommen.")
    problems += [f"step 2 ranking error: {p}" for p in error_summary_problems(page)]
    check("step 2 ranking error")
    shoot(page, "step2-errors-desktop")
    tab_to(page, "[data-error-summary] a")
    page.keyboard.press("Enter")
    assert is_focused(page, "#id_angebote__mittagstisch"), focused(page)
    page.keyboard.press("2")  # type-ahead in a closed select: the option "2"
    tab_to(page, "#id_angebote__besuchsdienst")  # stays 1
    tab_to(page, "#id_angebote__fahrdienst")
    press(page, "ArrowDown", 2)  # 1 → 3
    tab_to(page, "#id_angebote__treffpunkt")
    page.keyboard.press("4")
    # The matrix kept its answers; the checked radio of each row is its Tab stop.
    tab_to(page, "#id_aussagen__nachbarschaft_0")
    tab_to(page, "#id_aussagen__beratung_1")
    tab_to(page, "#id_aussagen__sicherheit_2")
    tab_to(page, "#id_wunsch")
    page.keyboard.type("Eine Bank vor der Apotheke.")
    tab_to(page, "button[name=weiter]")
    press_and_load(page, "Enter")

    # Step 3: a number that is not one.
    expect(page).to_have_url(step_url(3))
    check("step 3")
    shoot(page, "step3-desktop")
    tab_to(page, "#id_altersgruppe", within=40)
    press(page, "ArrowDown", 4)  # "80 Jahre und älter"
    tab_to(page, "#id_geschlecht_0")
    press(page, "Space")  # "weiblich"
    tab_to(page, "#id_haushalt")
    page.keyboard.type("abc")
    tab_to(page, "#id_einzug")
    # Day, month and year segments of the date field; their order follows Chromium's own
    # locale, not the page's, so day and month are the same here.
    page.keyboard.type("05051998")
    tab_to(page, "#id_strasse", within=3)  # Tab passes the date's remaining segments first
    page.keyboard.type("Breite Straße")
    tab_to(page, "#id_kontakt")
    page.keyboard.type("bewohnerin@example.org")
    tab_to(page, "button[name=weiter]")
    expect(page.locator(":focus")).to_have_text("Antworten absenden")
    press_and_load(page, "Enter")

    expect(page).to_have_url(step_url(3))
    expect(page.locator("[data-error-summary] li")).to_have_count(1)
    problems += [f"step 3 number error: {p}" for p in error_summary_problems(page)]
    check("step 3 number error")
    shoot(page, "step3-errors-desktop")
    tab_to(page, "[data-error-summary] a")
    page.keyboard.press("Enter")
    assert is_focused(page, "#id_haushalt"), focused(page)
    expect(page.locator("#id_haushalt")).to_have_attribute("aria-invalid", "true")
    press(page, "ControlOrMeta+a")
    page.keyboard.type("2")
    tab_to(page, "button[name=weiter]", within=10)
    press_and_load(page, "Enter")

    expect(page).to_have_url(re.compile(rf"{re.escape(SURVEY)}danke/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Antworten!")
    check("thank-you page")
    shoot(page, "thanks-desktop")
    assert not problems, report(problems)

    # What the keyboard chose is what was stored.
    response = Response.objects.exclude(pk__in=demo_responses).get()
    assert response.status == Response.Status.SUBMITTED
    stored = {
        (answer.question_key, answer.row_key, answer.choice_key): answer.number or answer.text
        for answer in Answer.objects.filter(response=response)
    }
    assert stored == {
        ("wohndauer", None, "5-20"): None,
        ("zufriedenheit", None, None): 4,
        ("einkauf-zu-fuss", None, "nein"): None,
        ("einkauf-hindernisse", None, "weg-zu-weit"): None,
        ("einkauf-hindernisse", None, "sonstiges"): "Kopfsteinpflaster",
        ("angebote", None, "mittagstisch"): 2,
        ("angebote", None, "besuchsdienst"): 1,
        ("angebote", None, "fahrdienst"): 3,
        ("angebote", None, "treffpunkt"): 4,
        ("aussagen", "nachbarschaft", "zu"): None,
        ("aussagen", "beratung", "eher-zu"): None,
        ("aussagen", "sicherheit", "eher-nicht"): None,
        ("wunsch", None, None): "Eine Bank vor der Apotheke.",
        ("altersgruppe", None, "80-plus"): None,
        ("geschlecht", None, "weiblich"): None,
        ("haushalt", None, None): 2,
        ("einzug", None, None): "1998-05-05",
        ("strasse", None, None): "Breite Straße",
    }

    # A second attempt from the same browser is refused, on the step and the start page.
    page.goto(SURVEY + "schritt/1/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sie haben schon teilgenommen")
    expect(page.locator("form.survey-form")).to_have_count(0)
    page.goto(SURVEY)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sie haben schon teilgenommen")
    expect(page.get_by_role("link", name="Befragung starten")).to_have_count(0)
    assert axe_problems(page) == []
    assert Response.objects.exclude(pk__in=demo_responses).count() == 1


# --- Without JavaScript ------------------------------------------------------------------------


def _answer_without_javascript(page) -> None:
    """Every step works as a plain form; the conditional question shows with a hint saying when
    it applies, and its answer is dropped when that does not hold."""
    from surveys.models import Answer, Response

    demo_responses = list(Response.objects.values_list("pk", flat=True))
    page.goto(SURVEY)
    click_and_load(page.get_by_role("link", name="Befragung starten"))

    expect(page).to_have_url(step_url(1))
    conditional = page.locator("#frage-einkauf-hindernisse")
    expect(conditional).to_be_visible()
    expect(conditional.get_by_text(CONDITION_HINT)).to_be_visible()
    page.get_by_label("5 bis 20 Jahre").check()
    page.get_by_label("5 – sehr gern").check()
    page.get_by_role("group", name="Können Sie Ihre Einkäufe zu Fuß erledigen?").get_by_label(
        "Ja"
    ).check()
    page.get_by_label("Der Weg ist zu weit").check()
    page.get_by_label("Sonstiges, und zwar:").fill("Kopfsteinpflaster")
    click_and_load(page.get_by_role("button", name="Weiter"))

    expect(page).to_have_url(step_url(2))
    for rank, option in enumerate(("Offener Treffpunkt", "Mittagstisch", "Besuchsdienst"), 1):
        page.get_by_label(option, exact=True).select_option(str(rank))
    page.get_by_label("Fahrdienst zum Arzt und Einkaufen").select_option("4")
    for statement in ("Nachbarschaft", "Beratung", "Straßen"):
        row = page.get_by_role("group", name=re.compile(statement))
        row.get_by_label("stimme zu", exact=True).check()
    click_and_load(page.get_by_role("button", name="Weiter"))

    expect(page).to_have_url(step_url(3))
    page.get_by_label("Wie alt sind Sie?").select_option(label="70 bis 79 Jahre")
    click_and_load(page.get_by_role("button", name="Antworten absenden"))

    expect(page).to_have_url(re.compile(rf"{re.escape(SURVEY)}danke/$"))
    response = Response.objects.exclude(pk__in=demo_responses).get()
    assert response.status == Response.Status.SUBMITTED
    keys = set(Answer.objects.filter(response=response).values_list("question_key", flat=True))
    # "Ja" makes the question about obstacles not apply: its ticked box is not stored.
    assert keys == {
        "wohndauer",
        "zufriedenheit",
        "einkauf-zu-fuss",
        "angebote",
        "aussagen",
        "altersgruppe",
    }
    assert not Answer.objects.filter(response=response, question_key="einkauf-hindernisse").exists()

    page.goto(SURVEY + "schritt/1/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sie haben schon teilgenommen")
    expect(page.locator("form.survey-form")).to_have_count(0)


# --- 320 px ------------------------------------------------------------------------------------


def _reachable_problems(page, label: str) -> list[str]:
    """At 320 px: no horizontal scrolling, every control of the form inside the viewport."""
    problems = [f"{label}: {p}" for p in overflow_problems(page)]
    outside = page.evaluate(
        """width => [...document.querySelectorAll(
                '.survey-form :is(input, select, textarea, button, label)')]
            .filter(el => el.offsetParent !== null && !el.closest('.honeypot'))
            .filter(el => { const box = el.getBoundingClientRect();
                            return box.left < 0 || box.right > width + 0.5; })
            .map(el => el.id || el.getAttribute('for') || el.name || el.tagName)""",
        SMALLEST_WIDTH,
    )
    if outside:
        problems.append(f"{label}: controls outside the viewport: {outside}")
    # Reading order is focus order: a wrapped button row must not put "Zurück" first.
    in_order = page.evaluate(
        """() => [...document.querySelectorAll('.survey-actions button')]
            .map(button => button.getBoundingClientRect())
            .every((box, i, boxes) => i === 0 || box.top > boxes[i - 1].bottom - 1
                || (Math.abs(box.top - boxes[i - 1].top) < 1 && box.left > boxes[i - 1].left))"""
    )
    if not in_order:
        problems.append(f"{label}: the buttons show in another order than the keyboard takes")
    return problems


def _answer_at_320_px(page, shoot) -> list[str]:
    """Each step and error state reflows to 320 CSS pixels and can be answered there."""
    page.set_viewport_size({"width": SMALLEST_WIDTH, "height": 640})
    page.goto(SURVEY)
    problems = _reachable_problems(page, "start page")
    shoot(page, "start-320")
    click_and_load(page.get_by_role("link", name="Befragung starten"))

    expect(page).to_have_url(step_url(1))
    page.get_by_label("Nein", exact=True).check()
    expect(page.locator("#frage-einkauf-hindernisse")).to_be_visible()
    problems += _reachable_problems(page, "step 1")
    shoot(page, "step1-320")
    click_and_load(page.get_by_role("button", name="Weiter"))
    expect(page.locator("[data-error-summary]")).to_be_visible()
    problems += _reachable_problems(page, "step 1 errors")
    shoot(page, "step1-errors-320")
    page.get_by_label("weniger als 5 Jahre").check()
    page.get_by_label("1 – gar nicht gern").check()
    page.get_by_label("Es fehlen Bänke zum Ausruhen").check()
    click_and_load(page.get_by_role("button", name="Weiter"))

    expect(page).to_have_url(step_url(2))
    problems += _reachable_problems(page, "step 2")
    shoot(page, "step2-320")
    for name in ("mittagstisch", "besuchsdienst", "fahrdienst", "treffpunkt"):
        page.locator(f"#id_angebote__{name}").select_option("1")
    click_and_load(page.get_by_role("button", name="Weiter"))
    expect(page.locator("[data-error-summary]")).to_be_visible()
    problems += _reachable_problems(page, "step 2 errors")
    shoot(page, "step2-errors-320")
    for rank, name in enumerate(("mittagstisch", "besuchsdienst", "fahrdienst", "treffpunkt"), 1):
        page.locator(f"#id_angebote__{name}").select_option(str(rank))
    for row in ("nachbarschaft", "beratung", "sicherheit"):
        page.locator(f"#id_aussagen__{row}_3").check()
    click_and_load(page.get_by_role("button", name="Weiter"))

    expect(page).to_have_url(step_url(3))
    problems += _reachable_problems(page, "step 3")
    shoot(page, "step3-320")
    page.locator("#id_haushalt").fill("abc")
    click_and_load(page.get_by_role("button", name="Antworten absenden"))
    expect(page.locator("[data-error-summary]")).to_be_visible()
    problems += _reachable_problems(page, "step 3 errors")
    shoot(page, "step3-errors-320")
    page.locator("#id_haushalt").fill("1")
    click_and_load(page.get_by_role("button", name="Antworten absenden"))

    expect(page).to_have_url(re.compile(rf"{re.escape(SURVEY)}danke/$"))
    problems += _reachable_problems(page, "thank-you page")
    shoot(page, "thanks-320")
    return problems


# --- Print version -----------------------------------------------------------------------------


def _print_problems(page, shoot) -> list[str]:
    """The questionnaire to print passes axe-core, and its headings skip no level."""
    page.goto(SURVEY + "drucken/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gut leben und älter werden in Beiertheim-Bulach"
    )
    problems = axe_problems(page) + structure_problems(page, lang="de")
    levels = page.locator("main :is(h1, h2, h3, h4)").evaluate_all(
        "headings => headings.map(h => Number(h.tagName[1]))"
    )
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    if skips:
        problems.append(f"heading levels skip: {skips} in {levels}")
    shoot(page, "print-desktop")
    page.emulate_media(media="print")
    shoot(page, "print-media")
    page.emulate_media(media="screen")
    return [f"print version: {problem}" for problem in problems]


# One test for these three, so the demo city (with its demo responses: seconds to restore on
# PostgreSQL) is restored once, not three times.
def test_without_javascript_at_320_px_and_in_print(page, page_without_js, shoot):
    _answer_without_javascript(page_without_js)
    problems = _print_problems(page, shoot)
    problems += _answer_at_320_px(page, shoot)
    assert not problems, report(problems)
