"""Shared fixtures. Tests that need a real service are marked; in CI (CI=true) a missing
service is a failure, never a skip."""

import os

import pytest
from wagtail.models import Collection, Locale, Page, Site

from cms.models import HomePage

IN_CI = os.environ.get("CI", "").lower() == "true"


def _require_service(env_var: str, what: str) -> None:
    if os.environ.get(env_var):
        return
    message = f"{what} is required here: set {env_var}."
    if IN_CI:
        pytest.fail(f"CI: {message}", pytrace=False)
    pytest.skip(message)


def pytest_configure(config):
    if IN_CI:
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
        if missing:
            raise pytest.UsageError(f"CI runs against real services; missing: {', '.join(missing)}")


def pytest_runtest_setup(item):
    if item.get_closest_marker("redis"):
        _require_service("REDIS_URL", "Redis")
    if item.get_closest_marker("postgres"):
        _require_service("DATABASE_URL", "PostgreSQL")
        if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
            _require_service("__NO_SUCH_VARIABLE__", "PostgreSQL (DATABASE_URL is not postgres)")


def ensure_home_page() -> HomePage:
    """The home page the cms migrations create; rebuilt when a transactional test (live server,
    real worker) has flushed the tables that migrations filled."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page.specific
    Locale.objects.get_or_create(language_code="de")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(
        instance=HomePage(
            title="Beteiligung im Quartier",
            slug="start",
            intro="Hier gestalten Bewohnerinnen und Bewohner ihren Stadtteil mit.",
        )
    )
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    from cms.services import roles_sync

    roles_sync()
    return home


def mail_callbacks(callbacks) -> list:
    """The on-commit callbacks that send e-mail: every write also asks for a results
    recomputation after commit (beteiligung.projection), which these tests leave aside."""
    from beteiligung.projection import recompute_request

    return [callback for callback in callbacks if callback.func is not recompute_request]


def parallel_connections_available(*, wanted: int) -> int:
    """As many simultaneous connections as PostgreSQL allows next to the ones in use; CI raises
    max_connections so that all run, a default local server gets fewer (at least 50)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int, count(*) FROM pg_stat_activity"
        )
        limit, in_use = cursor.fetchone()
    available = min(wanted, limit - in_use - 5)
    assert available >= 50, f"PostgreSQL allows only {available} more connections"
    if IN_CI:
        assert available == wanted, "CI must run all parallel requests (max_connections)"
    return available


@pytest.fixture(scope="session")
def media_root(tmp_path_factory):
    """Uploaded and rendered images go here, never into the working copy's media/."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, media_root):
    settings.MEDIA_ROOT = str(media_root)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root / "private"), "base_url": None},
        },
    }


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's home page, root of the default site."""
    return ensure_home_page()
