"""docker/entrypoint.sh, run here without Docker: python, gunicorn and celery are replaced by
stubs that record how they were called, so each case shows what a container role would run."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = REPO_ROOT / "docker" / "entrypoint.sh"
STUB = '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'

pytestmark = pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")


def _run_entrypoint(tmp_path, *args, stub_python=True, **variables):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name in ["gunicorn", "celery", *(["python"] if stub_python else [])]:
        stub = bin_dir / name
        stub.write_text(STUB)
        stub.chmod(0o755)
    calls = tmp_path / "calls.txt"
    calls.touch()
    env = {
        # The stubs come first; with stub_python=False, `python` is this virtualenv's.
        "PATH": os.pathsep.join(
            [str(bin_dir), str(Path(sys.executable).parent), os.environ["PATH"]]
        ),
        "HOME": str(tmp_path),
        "CALLS": str(calls),
        **variables,
    }
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result, calls.read_text().splitlines()


def _cores():
    return int(subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout)


def test_web_waits_for_the_database_migrates_then_serves(tmp_path):
    result, calls = _run_entrypoint(tmp_path, "web")

    assert result.returncode == 0, result.stderr
    assert calls[0] == "python -"  # the database wait
    assert calls[1] == "python manage.py migrate --noinput"
    assert calls[2].startswith("gunicorn beteiligung.wsgi:application --bind 0.0.0.0:8000 ")
    assert f"--workers {2 * _cores() + 1} " in calls[2]
    assert len(calls) == 3


def test_web_takes_worker_count_and_port_from_the_environment(tmp_path):
    _, calls = _run_entrypoint(tmp_path, "web", GUNICORN_WORKERS="3", PORT="9000")

    assert "--bind 0.0.0.0:9000 --workers 3 " in calls[-1]


def test_web_skips_migrations_when_they_run_as_a_separate_job(tmp_path):
    _, calls = _run_entrypoint(tmp_path, "web", DJANGO_MIGRATE="0")

    assert not any("migrate" in call for call in calls)
    assert calls[-1].startswith("gunicorn ")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("worker", ["python -", "celery -A beteiligung worker --loglevel INFO --concurrency "]),
        ("beat", ["celery -A beteiligung beat --loglevel INFO --schedule /tmp/"]),
    ],
)
def test_worker_and_beat_never_migrate(tmp_path, role, expected):
    result, calls = _run_entrypoint(tmp_path, role)

    assert result.returncode == 0, result.stderr
    assert len(calls) == len(expected)
    for call, start in zip(calls, expected, strict=True):
        assert call.startswith(start)
    assert not any("migrate" in call for call in calls)


def test_any_other_command_runs_as_given(tmp_path):
    _, calls = _run_entrypoint(tmp_path, "celery", "inspect", "ping")

    assert calls == ["celery inspect ping"]


def test_web_gives_up_when_the_database_stays_unreachable(tmp_path):
    result, calls = _run_entrypoint(
        tmp_path,
        "web",
        stub_python=False,
        DJANGO_SETTINGS_MODULE="beteiligung.settings.test",
        # Nothing listens on port 1: every attempt is refused.
        DATABASE_URL="postgres://postgres@127.0.0.1:1/beteiligung",
        DB_WAIT_TIMEOUT="1",
    )

    assert result.returncode == 1
    assert "database unreachable, giving up" in result.stderr
    # Neither migrations nor gunicorn ran.
    assert calls == []
