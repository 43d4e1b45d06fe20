"""Full-page screenshots of every page type at 1280 and 320 px, and a district page in print,
for people to look at: `BROWSER_SCREENSHOTS=/tmp/shots pytest tests/browser`. Without that
variable only the print assertions run."""

import os

import pytest

from tests.browser.checks import PAGE_TYPES, SMALLEST_WIDTH

pytestmark = pytest.mark.browser

HIDDEN_IN_PRINT = [
    ".skip-link",
    ".main-nav",
    ".language-switch",
    ".search-form",
    ".breadcrumbs",
    ".site-footer nav",
]


# Skipped before any fixture runs, so the suite pays nothing for it by default.
@pytest.mark.skipif(
    not os.environ.get("BROWSER_SCREENSHOTS"), reason="BROWSER_SCREENSHOTS names no directory"
)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda page_type: page_type.id)
def test_screenshots(page, page_type, screenshot_dir):
    page.goto(page_type.path)
    page.screenshot(path=screenshot_dir / f"{page_type.id}-desktop.png", full_page=True)
    page.set_viewport_size({"width": SMALLEST_WIDTH, "height": 640})
    page.screenshot(path=screenshot_dir / f"{page_type.id}-mobile.png", full_page=True)


def test_print_shows_content_without_navigation(page, screenshot_dir):
    page.goto("/daxlanden/")
    page.emulate_media(media="print")

    hidden = page.evaluate(
        """selectors => selectors.filter(selector => [...document.querySelectorAll(selector)]
            .some(el => getComputedStyle(el).display !== 'none'))""",
        HIDDEN_IN_PRINT,
    )
    assert hidden == [], f"shown in print: {hidden}"
    assert page.get_by_role("heading", level=1, name="Daxlanden").is_visible()
    assert page.get_by_text("koordination-daxlanden@beteiligung.example").first.is_visible()
    if screenshot_dir is not None:
        page.screenshot(path=screenshot_dir / "district-print.png", full_page=True)
