"""Production settings as an operator meets them: each case starts a fresh Python process with
only the environment the case names, because settings are read once, at import."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET_KEY = secrets.token_urlsafe(64)


def _run_with_production_settings(tmp_path, args, **variables):
    """Run `python <args>` with the production settings and only `variables` set."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "beteiligung.settings.production",
        # Never the repository's db.sqlite3, and nothing written next to the code.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        **variables,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _skip_if_dotenv_sets(name):
    # The settings read REPO_ROOT/.env too (a fresh clone and CI have none); a developer's .env
    # would quietly supply the variable these cases leave out.
    dotenv = REPO_ROOT / ".env"
    if dotenv.exists() and re.search(rf"(?m)^\s*(export\s+)?{name}\s*=", dotenv.read_text()):
        pytest.skip(f"{dotenv} sets {name}")


SETUP = "import django; django.setup()"


@pytest.mark.parametrize(
    ("variables", "unset", "message"),
    [
        pytest.param(
            {"ALLOWED_HOSTS": "beteiligung.example.org"},
            "SECRET_KEY",
            "Set the SECRET_KEY environment variable",
            id="secret-key-missing",
        ),
        pytest.param(
            {"ALLOWED_HOSTS": "beteiligung.example.org", "SECRET_KEY": ""},
            None,
            "SECRET_KEY must be set to at least 50 random characters.",
            id="secret-key-empty",
        ),
        pytest.param(
            {"ALLOWED_HOSTS": "beteiligung.example.org", "SECRET_KEY": "too-short-" * 4},
            None,
            "SECRET_KEY must be set to at least 50 random characters.",
            id="secret-key-too-short",
        ),
        pytest.param(
            {"SECRET_KEY": GOOD_SECRET_KEY},
            "ALLOWED_HOSTS",
            "Set the ALLOWED_HOSTS environment variable",
            id="allowed-hosts-missing",
        ),
        pytest.param(
            {"SECRET_KEY": GOOD_SECRET_KEY, "ALLOWED_HOSTS": ""},
            None,
            "ALLOWED_HOSTS must name the host names the site is served on.",
            id="allowed-hosts-empty",
        ),
    ],
)
def test_production_settings_refuse_to_start_without_secret_key_or_hosts(
    tmp_path, variables, unset, message
):
    if unset:
        _skip_if_dotenv_sets(unset)

    result = _run_with_production_settings(tmp_path, ["-c", SETUP], **variables)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_settings_start_with_secret_key_and_hosts(tmp_path):
    result = _run_with_production_settings(
        tmp_path,
        ["-c", f"{SETUP}; from django.conf import settings; print(settings.DEBUG)"],
        SECRET_KEY=GOOD_SECRET_KEY,
        ALLOWED_HOSTS="beteiligung.example.org",
        DEBUG="true",
    )

    assert result.returncode == 0, result.stderr
    # DEBUG=true in the environment must not switch debug pages on in production.
    assert result.stdout.strip() == "False"


def test_check_deploy_reports_no_issues(tmp_path):
    result = _run_with_production_settings(
        tmp_path,
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=GOOD_SECRET_KEY,
        ALLOWED_HOSTS="beteiligung.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PROBE_OVER_PLAIN_HTTP = """
import django
django.setup()
from django.test import Client
client = Client()
for path, host in [("/healthz", "beteiligung.example.org"), ("/readyz", "127.0.0.1:8000"),
                   ("/", "beteiligung.example.org")]:
    response = client.get(path, HTTP_HOST=host)
    print(path, response.status_code, response.get("Location", ""))
"""


def test_probes_answer_over_plain_http_while_pages_redirect_to_https(tmp_path):
    """A load balancer probes the container over HTTP; the compose health check asks for
    http://127.0.0.1:8000/readyz. Neither may be redirected to HTTPS."""
    result = _run_with_production_settings(
        tmp_path,
        ["-c", PROBE_OVER_PLAIN_HTTP],
        SECRET_KEY=GOOD_SECRET_KEY,
        ALLOWED_HOSTS="beteiligung.example.org,127.0.0.1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "/healthz 200 ",
        "/readyz 200 ",
        "/ 301 https://beteiligung.example.org/",
    ]


def _variables_read_by_settings():
    sources = "\n".join(
        path.read_text() for path in (REPO_ROOT / "beteiligung" / "settings").glob("*.py")
    )
    return set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", sources))


def test_env_example_documents_every_variable_the_settings_and_containers_read():
    documented = set(
        re.findall(r"(?m)^#?\s*([A-Z][A-Z0-9_]*)=", (REPO_ROOT / ".env.example").read_text())
    )
    entrypoint = (REPO_ROOT / "docker" / "entrypoint.sh").read_text()
    compose = (REPO_ROOT / "docker" / "compose.yaml").read_text()
    read = (
        _variables_read_by_settings()
        | set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):-", entrypoint))
        | set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)[:}]", compose))
    )

    # Sanity: the scan finds what base.py is known to read.
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SECURE_SSL_REDIRECT"} <= read
    assert read - documented == set()
