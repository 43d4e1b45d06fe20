"""PostgreSQL unreachable: visitors get a clear 503 page (no stack trace), API clients the
JSON error body, both with Retry-After, and /healthz is not 200. The site runs in a process
of its own whose DATABASE_URL points at a port where no database listens."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

VISIT = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
answers = {}
for path in ("/", "/api/v1/surveys/", "/healthz"):
    response = client.get(path)
    answers[path] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "type": response["Content-Type"],
        "body": response.content.decode(),
    }
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def answers():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "beteiligung.settings.dev",
        "DEBUG": "0",
        # Port 1: nothing listens, the connection is refused at once.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/beteiligung",
        "REDIS_URL": "",
    }
    run = subprocess.run(
        [sys.executable, "-c", VISIT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_pages_answer_a_clear_503_without_a_stack_trace(answers):
    page = answers["/"]

    assert page["status"] == 503
    assert page["retry_after"] == "30"
    assert page["type"].startswith("text/html")
    assert "Die Seite ist gerade nicht erreichbar" in page["body"]
    assert "Traceback" not in page["body"]
    assert "OperationalError" not in page["body"]


def test_the_api_answers_its_error_body(answers):
    api = answers["/api/v1/surveys/"]

    assert api["status"] == 503
    assert api["retry_after"] == "30"
    assert json.loads(api["body"])["code"] == "unavailable"


def test_healthz_reports_the_database(answers):
    probe = answers["/healthz"]

    assert probe["status"] == 503
    assert json.loads(probe["body"])["checks"]["database"].startswith("error")
