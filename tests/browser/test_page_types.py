"""Every page type, with JavaScript and without. With it: axe-core finds nothing at WCAG 2.1 AA,
the keyboard reaches everything visibly, and 320 px need no horizontal scrolling. Without it
(axe-core needs JavaScript): content, landmarks and the skip link still work. Both tabs share
one test so that the demo city is restored once per page type, not twice."""

import pytest

from tests.browser.checks import (
    PAGE_TYPES,
    axe_problems,
    focus_visibility_problems,
    overflow_problems,
    report,
    skip_link_problems,
    structure_problems,
    text_problems,
)

pytestmark = pytest.mark.browser


def _load_problems(page, page_type) -> list[str]:
    response = page.goto(page_type.path)
    expected_status = 404 if page_type.id == "not-found" else 200
    if response.status != expected_status:
        return [f"HTTP {response.status}, expected {expected_status}"]
    return structure_problems(page, lang=page_type.lang) + text_problems(page, page_type)


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda page_type: page_type.id)
def test_page(page, page_without_js, page_type):
    if page_type.prepare:
        page_type.prepare()
    with_js = _load_problems(page, page_type)
    with_js += skip_link_problems(page, lang=page_type.lang)
    with_js += focus_visibility_problems(page)
    with_js += axe_problems(page)
    with_js += overflow_problems(page)

    without_js = _load_problems(page_without_js, page_type)
    without_js += skip_link_problems(page_without_js, lang=page_type.lang)

    problems = [f"with JavaScript: {problem}" for problem in with_js]
    problems += [f"without JavaScript: {problem}" for problem in without_js]
    assert not problems, report(problems)


def test_english_interface_marks_german_content(page):
    """WCAG 3.1.2: screen readers switch voice for the editors' German text, and only for it."""
    page.goto("/en/daxlanden/")

    languages = page.evaluate(
        """() => {
            const langOf = el => el ? el.closest('[lang]').lang : null;
            const byText = (selector, text) => [...document.querySelectorAll(selector)]
                .find(el => el.textContent.trim() === text);
            return {
                html: document.documentElement.lang,
                h1: langOf(document.querySelector('h1')),
                intro: langOf(document.querySelector('.lead')),
                navPageTitle: langOf(byText('.main-nav a', 'Über die Plattform')),
                navInterface: langOf(byText('.main-nav a', 'Districts')),
                breadcrumb: langOf(document.querySelector('.breadcrumbs [aria-current=page]')),
                sectionHeading: langOf(byText('h2', 'Location and area')),
                areaText: langOf(document.querySelector('#area-heading + div')),
                actorName: langOf(document.querySelector('.actor__name')),
                actorKind: langOf(document.querySelector('.actor .meta')),
                contactLabel: langOf(byText('.actor__contact dt', 'Phone')),
                newsTitle: langOf(document.querySelector('.news-card .card__title')),
                footerText: langOf(document.querySelector('.site-footer__text')),
                footerLink: langOf(byText('.site-footer a', 'Accessibility statement')),
            };
        }"""
    )

    assert languages == {
        "html": "en",
        "h1": "de",
        "intro": "de",
        "navPageTitle": "de",
        "navInterface": "en",
        "breadcrumb": "de",
        "sectionHeading": "en",
        "areaText": "de",
        "actorName": "de",
        "actorKind": "en",
        "contactLabel": "en",
        "newsTitle": "de",
        "footerText": "de",
        "footerLink": "en",
    }
