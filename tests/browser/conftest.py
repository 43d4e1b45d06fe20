"""Browser fixtures: one Debian Chromium for all browser tests, the demo city in every test's
database, and tabs with and without JavaScript."""

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import IN_CI, ensure_home_page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="package")
def browser():
    """Debian's Chromium, started once for all browser tests; Playwright's own browser download
    is never used.

    Playwright's sync API keeps an asyncio loop running in the main thread, and Django refuses
    ORM calls from a thread with a running loop. The tests here call the ORM only between
    Playwright calls, never from inside the loop, so the guard is lifted while the browser
    runs, and both end with this package: tests elsewhere keep Django's guard.

    While that loop runs, Django keeps the main thread's database connections in a separate
    (context-local) store; they are closed before it stops, or they would stay open and keep
    PostgreSQL from dropping the test database.
    """
    from django.db import connections

    if not os.access(CHROMIUM, os.X_OK):
        message = f"the browser tests need Debian's Chromium at {CHROMIUM} (apt install chromium)"
        if IN_CI:
            pytest.fail(f"CI: {message}", pytrace=False)
        pytest.skip(message)

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
            connections.close_all()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _demo_city_seed() -> None:
    from wagtail.models import Collection

    from cms.demo.seed import demo_city_seed

    # After another transactional test the tables are flushed, including the collection tree
    # that Wagtail's migrations create; districts need its root for their image collections.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    ensure_home_page()
    # The 240 generated survey responses only slow each restore down (5 s on PostgreSQL).
    demo_city_seed(survey_responses=0)


@pytest.fixture(scope="package")
def demo_city_snapshot(django_db_setup, django_db_blocker, media_root):
    """Seed the demo city once and make it what each browser test's database starts from.

    The live server needs transactional tests, and each of those ends with a flush. Seeding
    takes 0.8 s on SQLite and 1.5 s on PostgreSQL (2,000 queries); restoring a serialised copy
    takes 0.15 s and 0.35 s. Django restores `_test_serialized_contents` before every test
    with serialized_rollback, so that copy is swapped in here for this package's tests and the
    migrated state swapped back (and restored) afterwards.
    """
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    media = override_settings(MEDIA_ROOT=str(media_root))
    media.enable()
    with django_db_blocker.unblock():
        _demo_city_seed()
        snapshot = connection.creation.serialize_db_to_string()
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    migrated = getattr(connection, "_test_serialized_contents", None)
    connection._test_serialized_contents = snapshot
    yield
    with django_db_blocker.unblock():
        call_command(
            "flush", interactive=False, verbosity=0, inhibit_post_migrate=migrated is not None
        )
        if migrated is None:
            del connection._test_serialized_contents
        else:
            connection._test_serialized_contents = migrated
            connection.creation.deserialize_db_from_string(migrated)
    media.disable()


def _sequences_reset() -> None:
    """Move PostgreSQL's id sequences past the restored rows. Django restores the snapshot with
    the rows' own ids after the flush has set every sequence back to 1, so the next insert into
    a seeded table (a survey response, say) would collide. SQLite needs nothing: it tracks the
    largest id itself."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture
def demo_city(demo_city_snapshot, live_server, django_db_serialized_rollback) -> str:
    """The demo city in the live server's database; returns the server's base URL."""
    _sequences_reset()
    return live_server.url


def _serve_media(media_root: Path):
    """The live server serves static files but not media (DEBUG is off in tests); serve them
    from MEDIA_ROOT so pictures appear in screenshots as they would on the real site."""

    def handler(route):
        relative = unquote(urlsplit(route.request.url).path).removeprefix("/media/")
        file = (media_root / relative).resolve()
        if file.is_relative_to(media_root) and file.is_file():
            content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            route.fulfill(path=file, content_type=content_type)
        else:
            route.fulfill(status=404, body="")

    return handler


def _new_context(browser, base_url: str, media_root: Path, *, javascript: bool):
    context = browser.new_context(
        base_url=base_url,
        viewport=DESKTOP,
        locale="de-DE",
        java_script_enabled=javascript,
    )
    context.route(f"{base_url}/media/**", _serve_media(media_root))
    return context


@pytest.fixture
def page(browser, demo_city, media_root):
    """A fresh tab with JavaScript, 1280 px wide."""
    context = _new_context(browser, demo_city, media_root, javascript=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_js(browser, demo_city, media_root):
    """A fresh tab with JavaScript switched off, as some residents and screen readers use it."""
    context = _new_context(browser, demo_city, media_root, javascript=False)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path | None:
    """Where screenshots go when BROWSER_SCREENSHOTS names a directory; none are taken otherwise."""
    directory = os.environ.get("BROWSER_SCREENSHOTS")
    if not directory:
        return None
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    return path
