"""Schemathesis against our own OpenAPI schema: every operation, with data that fits the
schema and data that does not. No server error, no status code or body the schema does not
document, and every request that breaks the schema is refused with a 4xx."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from beteiligung.wsgi import application

pytestmark = pytest.mark.django_db

# 30 keeps `make test` short; API_FUZZ_EXAMPLES=500 for a longer search before a release.
EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "30"))

# The schema as the app serves it; requests go in-process through WSGI. (Loaded at import:
# schemathesis' fixture-based loader does not run under pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Called through WSGI, each request would end by closing the database connection that
    holds the test's transaction (Django's test client switches that off the same way)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def small_city(survey_a, collection_a, district_b_page):
    """Something to find behind the ids: districts, a survey and an idea collection."""


@pytest.fixture
def editor_key(editor) -> str:
    """The network endpoints are called with Redaktion's key, so they answer with data."""
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=editor).key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, editor_key):
    # Not checked: that every schema-valid request is accepted. A survey's answers, a
    # collection's Themenfelder and an idea's place are checked against the survey or the
    # district, which a schema cannot express; those refusals are 400 with field errors.
    headers = {}
    header_mode = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    # A case whose headers are deliberately wrong (say, without Authorization) keeps them.
    headers_negative = header_mode is not None and header_mode.mode == GenerationMode.NEGATIVE
    if case.path.startswith("/api/v1/network/") and not headers_negative:
        headers["Authorization"] = f"Bearer {editor_key}"
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
