"""With JavaScript switched off, search, the news filter, pagination and the language switch
work as plain GET forms and links (each page type without JavaScript: test_page_types.py)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_header_search_works_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/daxlanden/")

    page.get_by_role("searchbox", name="Suche auf der Seite").fill("Quartier")
    page.get_by_role("banner").get_by_role("button", name="Suchen").click()

    expect(page).to_have_url(re.compile(r"/suche/\?q=Quartier$"))
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ Ergebnisse? für „Quartier“$"))
    results = page.locator(".search-results > li")
    assert results.count() >= 1
    expect(page.get_by_role("searchbox", name="Suchbegriff")).to_have_value("Quartier")


def test_news_filter_and_pagination_work_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/neuigkeiten/")
    expect(page.get_by_role("status")).to_have_text("12 Neuigkeiten – Seite 1 von 2")

    page.get_by_role("link", name="Nächste Seite").click()
    expect(page).to_have_url(re.compile(r"/neuigkeiten/\?seite=2$"))
    expect(page.get_by_role("status")).to_have_text("12 Neuigkeiten – Seite 2 von 2")
    expect(page.locator("[aria-current=page]", has_text="2")).to_be_visible()

    page.get_by_label("Stadtteil").select_option(label="Daxlanden")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(r"/neuigkeiten/\?stadtteil=daxlanden$"))
    expect(page.get_by_role("status")).to_have_text("3 Neuigkeiten – Daxlanden")
    assert page.locator(".news-list .news-card").count() == 3


def test_language_switch_works_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/daxlanden/")

    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"/en/daxlanden/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The interface is English; the editors' German content says so for screen readers.
    assert page.locator("h1").evaluate("h1 => h1.closest('[lang]').lang") == "de"
