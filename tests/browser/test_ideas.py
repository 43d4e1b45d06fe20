"""Idea collections in Chromium: a resident submits an idea by keyboard alone without
JavaScript and sees the similar-ideas hint, supports an idea, a network member moderates and
answers in the admin, and the resident reads the answer. axe checks every page on the way."""

import re

import pytest

from ideas.models import Idea, IdeaCollectionPage, IdeaStatus, ModerationState
from tests.browser.checks import axe_problems, report
from tests.browser.conftest import _new_context

pytestmark = pytest.mark.browser

DAXLANDEN = "/daxlanden/was-fehlt-in-daxlanden/"  # checked before publication
BEIERTHEIM = "/beiertheim-bulach/ideen-gut-aelter-werden/"  # published at once
MEMBER = "netzwerk-daxlanden@beteiligung.example"
PASSWORD = "Quartier-Demo-2026"


def _assert_accessible(page, where: str) -> None:
    problems = axe_problems(page)
    assert not problems, f"{where}:\n{report(problems)}"


def _tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "selector => document.activeElement && document.activeElement.matches(selector)",
            selector,
        ):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def _published_idea(collection_path: str) -> Idea:
    collection = IdeaCollectionPage.objects.get(
        url_path__endswith=collection_path.split("/")[-2] + "/"
    )
    return (
        Idea.objects.filter(collection=collection, moderation=ModerationState.PUBLISHED)
        .order_by("pk")
        .first()
    )


def test_resident_submits_an_idea_by_keyboard_without_javascript(browser, demo_city, media_root):
    page = _new_context(browser, demo_city, media_root, javascript=False).new_page()
    # axe-core needs JavaScript: each page's markup as the no-JavaScript tab got it is
    # checked in a tab with JavaScript, at the same address.
    checker = _new_context(browser, demo_city, media_root, javascript=True).new_page()

    def _assert_accessible(page, where):
        checker.goto(page.url)
        checker.set_content(page.content())
        problems = axe_problems(checker)
        assert not problems, f"{where}:\n{report(problems)}"

    existing = _published_idea(BEIERTHEIM)
    page.goto(BEIERTHEIM)
    _assert_accessible(page, "collection page")

    _tab_to(page, "a.button--large")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Schritt 1 von 2" in page.title()
    _assert_accessible(page, "form, step 1")

    # Nothing typed: the error summary names the missing fields and the page says "Fehler".
    _tab_to(page, ".idea-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Fehler:")
    _assert_accessible(page, "form, step 1 with errors")

    _tab_to(page, "#id_title")
    page.keyboard.type(existing.title)
    _tab_to(page, "#id_description")
    page.keyboard.type("Eine zweite Bank dort, damit man sich auf halbem Weg ausruhen kann.")
    _tab_to(page, ".idea-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    hint = page.locator(".similar-ideas")
    assert "Gibt es Ihre Idee schon?" in hint.inner_text()
    assert existing.title in hint.inner_text(), "the idea that reads alike is offered"
    _assert_accessible(page, "form, step 2 with similar ideas")

    # Step 2 without a Themenfeld: refused with the error at the fieldset, nothing stored.
    before = Idea.objects.count()
    _tab_to(page, ".idea-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Fehler:")
    assert Idea.objects.count() == before
    _assert_accessible(page, "form, step 2 with errors")

    _tab_to(page, "input[name=category]")
    page.keyboard.press("Space")
    _tab_to(page, "#id_location_text")
    page.keyboard.type("Bushaltestelle Marie-Alexandra-Straße")
    _tab_to(page, ".idea-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/danke/" in page.url
    _assert_accessible(page, "thank-you page")
    idea = Idea.objects.latest("pk")
    assert idea.location_text == "Bushaltestelle Marie-Alexandra-Straße"
    assert idea.moderation == ModerationState.PUBLISHED, "this collection publishes at once"
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Idee ansehen|zu Ihrer Idee", re.I)).first.click()
    assert idea.title in page.locator("h1").inner_text()
    page.context.close()
    checker.context.close()


def test_resident_supports_an_idea_once_and_can_withdraw(page):
    idea = _published_idea(BEIERTHEIM)
    count = idea.supports.count()
    page.goto(BEIERTHEIM)
    with page.expect_navigation():
        page.get_by_role("link", name=idea.title).first.click()
    _assert_accessible(page, "idea page")

    with page.expect_navigation():
        page.get_by_role("button", name="Unterstützen", exact=True).click()
    assert idea.supports.count() == count + 1
    assert f"{count + 1} Personen unterstützen diese Idee." in page.content()
    assert page.get_by_role("button", name="Unterstützung zurückziehen").is_visible()
    _assert_accessible(page, "idea page after supporting")

    # A second tab of the same browser sees the support as its own.
    second_tab = page.context.new_page()
    second_tab.goto(page.url)
    assert second_tab.get_by_role("button", name="Unterstützung zurückziehen").is_visible()
    second_tab.close()

    with page.expect_navigation():
        page.get_by_role("button", name="Unterstützung zurückziehen").click()
    assert idea.supports.count() == count


def test_network_member_moderates_and_the_resident_reads_the_answer(browser, demo_city, media_root):
    resident_context = _new_context(browser, demo_city, media_root, javascript=True)
    resident = resident_context.new_page()
    resident.goto(DAXLANDEN + "neu/")
    resident.fill("#id_title", "Trinkbrunnen am Rheinhafen-Spielplatz")
    resident.fill("#id_description", "Im Sommer haben die Kinder dort nichts zu trinken.")
    with resident.expect_navigation():
        resident.click(".idea-form button[type=submit]")
    resident.locator("input[name=category]").first.check()
    resident.fill("#id_contact_email", "anwohnerin@example.org")
    resident.check("#id_contact_consent")
    with resident.expect_navigation():
        resident.click(".idea-form button[type=submit]")
    assert "/danke/" in resident.url
    idea = Idea.objects.get(title="Trinkbrunnen am Rheinhafen-Spielplatz")
    assert idea.moderation == ModerationState.PENDING
    resident.goto(DAXLANDEN)
    assert idea.title not in resident.content(), "nothing appears before moderation"

    member_context = _new_context(browser, demo_city, media_root, javascript=True)
    member = member_context.new_page()
    member.goto("/admin/login/")
    member.fill("input[name=username]", MEMBER)
    member.fill("input[name=password]", PASSWORD)
    with member.expect_navigation():
        member.keyboard.press("Enter")
    member.goto(f"/admin/ideen/{idea.collection_id}/")
    _assert_accessible(member, "moderation queue")
    with member.expect_navigation():
        member.get_by_role("link", name=idea.title).first.click()
    _assert_accessible(member, "idea in the admin")
    with member.expect_navigation():
        member.get_by_role("button", name="Freigeben").click()
    member.select_option("#stand-status", IdeaStatus.IN_REVIEW)
    member.fill(
        "#stand-feedback",
        "Wir fragen beim Gartenbauamt nach, ob am Spielplatz ein Wasseranschluss liegt.",
    )
    with member.expect_navigation():
        member.get_by_role("button", name="Stand ändern und Rückmeldung veröffentlichen").click()
    idea.refresh_from_db()
    assert idea.moderation == ModerationState.PUBLISHED
    assert idea.status == IdeaStatus.IN_REVIEW
    member_context.close()

    resident.goto(DAXLANDEN)
    with resident.expect_navigation():
        resident.get_by_role("link", name=idea.title).first.click()
    text = resident.locator("main").inner_text()
    assert "in Prüfung" in text
    assert "ob am Spielplatz ein Wasseranschluss liegt" in text
    _assert_accessible(resident, "idea page with feedback")
    resident_context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_error_pages_of_ideas_are_accessible(browser, demo_city, media_root, javascript):
    context = _new_context(browser, demo_city, media_root, javascript=javascript)
    page = context.new_page()
    checker = (
        page
        if javascript
        else _new_context(browser, demo_city, media_root, javascript=True).new_page()
    )

    def check(path: str, status: int, where: str) -> None:
        response = page.goto(path)
        assert response.status == status, where
        if not javascript:  # axe needs JavaScript: check the same markup in a tab that has it
            checker.goto(page.url)
            checker.set_content(page.content())
        _assert_accessible(checker, where)

    check(DAXLANDEN + "idee/999999/", 404, "unknown idea")
    idea = _published_idea(DAXLANDEN)
    check(f"{DAXLANDEN}idee/{idea.pk}/unterstuetzen/", 405, "support by GET")
    check(
        DAXLANDEN + "?kategorie=kaputt&status=unbekannt&sortierung=egal&seite=9999",
        200,
        "collection page with nonsense filters",
    )
    context.close()
    checker.context.close()
