"""What every public page must satisfy in a browser, as functions that return readable problems.

Each check returns a list of sentences; a test collects them over one page load and fails once
with all of them, so one run shows everything that is wrong with a page.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass

import axe_playwright_python

AXE_SCRIPT = os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
SKIP_LINK_TEXT = {"de": "Zum Inhalt springen", "en": "Skip to content"}
SMALLEST_WIDTH = 320


@dataclass(frozen=True)
class PageType:
    id: str
    path: str
    lang: str = "de"
    # Text a resident must find on the page, with or without JavaScript.
    expect_text: str = ""
    # Changes the demo city needs before the page exists (run in the test's database).
    prepare: Callable[[], None] | None = None


RESULTS_OUTCOME = (
    "<p>Das Stadtteilnetzwerk hat die Ergebnisse im Stadtteiltreff besprochen. Ab März gibt "
    "es einen Mittagstisch im Gemeindehaus.</p>"
)


def publish_survey_results() -> None:
    """The demo survey with published results: the browser demo has no responses, so 60
    are submitted (one transaction) and counted."""
    from django.db import transaction

    from surveys.aggregation import survey_results_refresh
    from surveys.demo import GUT_LEBEN_SURVEY, demo_responses_create
    from surveys.models import SurveyPage

    survey = SurveyPage.objects.get(slug=GUT_LEBEN_SURVEY["slug"])
    survey.results_visibility = "live"
    survey.results_outcome = survey.results_outcome or RESULTS_OUTCOME
    survey.save()
    with transaction.atomic():
        demo_responses_create(survey, count=60)
    survey_results_refresh(survey_id=survey.pk)


def publish_collection_results() -> None:
    """The Beiertheim-Bulach idea collection with published, freshly counted results."""
    from ideas.aggregation import collection_results_refresh
    from ideas.models import IdeaCollectionPage

    collection = IdeaCollectionPage.objects.get(slug="ideen-gut-aelter-werden")
    collection.results_visibility = "live"
    collection.results_outcome = collection.results_outcome or RESULTS_OUTCOME
    collection.save()
    collection_results_refresh(collection_id=collection.pk)


PAGE_TYPES = [
    PageType("home", "/", expect_text="Gemeinsam gestalten wir lebendige Quartiere"),
    PageType("district", "/daxlanden/", expect_text="Stadtteilnetzwerk Daxlanden"),
    PageType("news-index", "/neuigkeiten/", expect_text="12 Neuigkeiten – Seite 1 von 2"),
    PageType(
        "news-index-district",
        "/neuigkeiten/?stadtteil=daxlanden",
        expect_text="Stadtlabor vor Ort: Werkstatt im Stadtteiltreff Daxlanden",
    ),
    PageType("news-index-page-2", "/neuigkeiten/?seite=2", expect_text="Seite 2 von 2"),
    PageType(
        "news-detail",
        "/daxlanden/stadtlabor-werkstatt-daxlanden/",
        expect_text="Stadtlabor vor Ort: Werkstatt im Stadtteiltreff Daxlanden",
    ),
    PageType(
        "accessibility-statement",
        "/barrierefreiheit/",
        expect_text="Barrieren melden: Feedback und Kontakt",
    ),
    PageType(
        "easy-read", "/leichte-sprache/", expect_text="Das erklären wir hier in Leichter Sprache"
    ),
    PageType("search", "/suche/?q=Quartier", expect_text="Ergebnisse für „Quartier“"),
    PageType(
        "idea-collection",
        "/daxlanden/was-fehlt-in-daxlanden/",
        expect_text="Abgesenkter Bordstein an der Ecke Rheinstraße/Pfarrstraße",
    ),
    PageType(
        "idea-collection-filtered",
        "/beiertheim-bulach/ideen-gut-aelter-werden/?sortierung=unterstuetzt&seite=1",
        expect_text="Ideen für ein gutes Älterwerden",
    ),
    PageType("idea-form", "/daxlanden/was-fehlt-in-daxlanden/neu/", expect_text="Schritt 1 von 2"),
    PageType(
        "survey-results",
        "/beiertheim-bulach/gut-leben-und-aelter-werden/ergebnisse/",
        expect_text="Das haben wir daraus gemacht",
        prepare=publish_survey_results,
    ),
    PageType(
        "collection-results",
        "/beiertheim-bulach/ideen-gut-aelter-werden/ergebnisse/",
        expect_text="Die meistunterstützten Ideen",
        prepare=publish_collection_results,
    ),
    PageType("english-district", "/en/daxlanden/", lang="en", expect_text="Location and area"),
    PageType("not-found", "/gibt-es-nicht/", expect_text="Seite nicht gefunden"),
]


def axe_problems(page) -> list[str]:
    """Run axe-core (WCAG 2.0 A/AA, 2.1 AA) on the loaded page; one line per failing node."""
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: "
        "['violations']})",
        AXE_TAGS,
    )
    problems = []
    for violation in results["violations"]:
        problems.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            problems.append(f"    {target}: {summary}")
    return problems


def structure_problems(page, *, lang: str) -> list[str]:
    """One h1, the four landmarks, the document language, relative links to our own pages."""
    facts = page.evaluate(
        """() => ({
            lang: document.documentElement.lang,
            h1: document.querySelectorAll('h1').length,
            banner: document.querySelectorAll('body > header, [role=banner]').length,
            nav: document.querySelectorAll('nav, [role=navigation]').length,
            main: document.querySelectorAll('main, [role=main]').length,
            contentinfo: document.querySelectorAll('body > footer, [role=contentinfo]').length,
            absoluteOwnLinks: [...document.querySelectorAll('a[href]')]
                .map(a => a.getAttribute('href'))
                .filter(href => /^https?:\\/\\/(localhost|127\\.0\\.0\\.1|testserver)/.test(href)),
        })"""
    )
    problems = []
    if facts["lang"] != lang:
        problems.append(f'<html lang="{facts["lang"]}">, expected "{lang}"')
    if facts["h1"] != 1:
        problems.append(f"{facts['h1']} h1 elements, expected exactly one")
    for landmark in ("banner", "nav", "main", "contentinfo"):
        if facts[landmark] < 1:
            problems.append(f"no {landmark} landmark")
    if facts["main"] > 1:
        problems.append(f"{facts['main']} main landmarks")
    if facts["absoluteOwnLinks"]:
        problems.append(f"absolute links to this site: {facts['absoluteOwnLinks'][:5]}")
    return problems


def text_problems(page, page_type: PageType) -> list[str]:
    """The text that tells a resident they are on the right page is there and visible."""
    if page.get_by_text(page_type.expect_text).first.is_visible():
        return []
    return [f"{page_type.expect_text!r} is not visible"]


FOCUS_STYLE_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        text: (el.innerText || el.value || '').trim().slice(0, 60),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
        inViewport: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
            && box.right > 0 && box.left < innerWidth,
    };
}"""


def skip_link_problems(page, *, lang: str) -> list[str]:
    """From a fresh load: Tab reaches the visible skip link first, Enter moves focus to main."""
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_STYLE_JS)
    if focused is None:
        return ["Tab from a fresh page load focuses nothing"]
    problems = []
    if focused["text"] != SKIP_LINK_TEXT[lang]:
        problems.append(
            f"first Tab focuses <{focused['tag']}> {focused['text']!r}, not the skip link"
        )
        return problems
    if not focused["inViewport"]:
        problems.append("the focused skip link stays off screen")
    if not (focused["outline"] or focused["shadow"]):
        problems.append("the focused skip link has neither outline nor box-shadow")
    page.keyboard.press("Enter")
    active = page.evaluate("() => document.activeElement.id")
    if active != "main":
        problems.append(f"Enter on the skip link focuses #{active or '(nothing)'}, not #main")
    return problems


def focus_visibility_problems(page, *, stops: int = 60) -> list[str]:
    """Tab from the top through up to `stops` elements: each shows an outline or box-shadow and
    is scrolled into view. Stops at the first element reached twice (focus wrapped around)."""
    # Focusing the skip link sets where sequential navigation starts: the top of the page.
    page.locator(".skip-link").focus()
    page.evaluate("() => { window.__focusStops = new WeakSet(); }")
    problems = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE_JS)
        wrapped = page.evaluate(
            """() => {
                const el = document.activeElement;
                const seen = window.__focusStops.has(el);
                window.__focusStops.add(el);
                return seen;
            }"""
        )
        if focused is None or wrapped:
            break
        if not (focused["outline"] or focused["shadow"]):
            problems.append(f"no visible focus on <{focused['tag']}> {focused['text']!r}")
        if not focused["inViewport"]:
            problems.append(f"focused <{focused['tag']}> {focused['text']!r} is off screen")
    return problems


def overflow_problems(page, *, width: int = SMALLEST_WIDTH) -> list[str]:
    """No horizontal scrolling at `width` CSS pixels (WCAG 1.4.10 Reflow)."""
    page.set_viewport_size({"width": width, "height": 640})
    facts = page.evaluate(
        """width => ({
            scrollWidth: document.documentElement.scrollWidth,
            culprits: [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 0.5)
                .filter(el => getComputedStyle(el).position !== 'absolute')
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')),
        })""",
        width,
    )
    if facts["scrollWidth"] <= width:
        return []
    return [f"scrollWidth {facts['scrollWidth']} px at {width} px; wider: {facts['culprits']}"]


def report(problems: list[str]) -> str:
    return "\n" + "\n".join(problems)
