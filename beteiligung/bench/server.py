"""The site as production runs it, started on loopback for a benchmark or a fault run: gunicorn
with production settings and collected static files, plus, when asked, a Celery worker.

Both are subprocesses of this process against the database and Redis named here; they never
listen on anything but 127.0.0.1. Leaving the `with` block stops them, also after an error.
"""

import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.db import connection

STARTUP_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(database: dict | None = None) -> str:
    """DATABASE_URL of this process's database (or of `database`, a settings dict)."""
    db = database or connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db.get('USER') or 'postgres'}{password}@{db.get('HOST') or '127.0.0.1'}"
        f":{db.get('PORT') or 5432}/{db['NAME']}"
    )


def production_env(*, static_root: str, redis_url: str | None = None, **overrides) -> dict:
    """Environment of a production process on loopback: no TLS redirect (nothing terminates
    TLS here), a fresh secret key, this process's database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "beteiligung.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url if redis_url is not None else settings.REDIS_URL,
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **{name: str(value) for name, value in overrides.items()},
    }


def wait_until_healthy(base: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} while starting")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 - our loopback server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz within a minute")


def static_sources_fingerprint() -> str:
    """A hash over every file collectstatic copies (path, size, modification time): it
    changes with any edited static file and any upgraded package that ships some."""
    from django.contrib.staticfiles.finders import get_finders

    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{storage.path(path)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(sorted(entries)).encode())
    return digest.hexdigest()[:16]


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (Linux /proc), e.g. a gunicorn master's workers."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        # "pid (name) state ppid ...": the name may hold spaces and parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            children.append(int(entry.name))
    return sorted(children)


class Site:
    """gunicorn (and optionally a Celery worker) with production settings on a free port.

    `env` overrides settings of both processes, e.g. {"SURVEY_SUBMISSIONS_PER_MINUTE": ...}.
    With `static_cache`, the collected static files are kept in the temporary directory under
    a hash of their sources and reused by the next Site: collecting (hashing, rewriting and
    compressing some 800 files) takes 30-80 s on two busy cores, longer than a short fault run.
    """

    def __init__(
        self,
        *,
        workers: int,
        env: dict | None = None,
        celery_worker: bool = False,
        redis_url: str | None = None,
        log_dir: str | None = None,
        static_cache: bool = False,
    ):
        self.workers = workers
        self.overrides = env or {}
        self.with_celery = celery_worker
        self.redis_url = redis_url
        self.log_dir = log_dir
        self.static_cache = static_cache
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self._stack = ExitStack()

    def __enter__(self) -> "Site":
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def _start(self) -> None:
        log_dir = self.log_dir or self._stack.enter_context(
            tempfile.TemporaryDirectory(prefix="site-logs-")
        )
        self.log_path = Path(log_dir)
        if self.static_cache:
            static_root = self._static_cached()
        else:
            static_root = self._stack.enter_context(
                tempfile.TemporaryDirectory(prefix="site-static-")
            )
            self._collect_static(static_root)
        self.env = production_env(
            static_root=static_root, redis_url=self.redis_url, **self.overrides
        )
        self.server = self._spawn(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "beteiligung.wsgi",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--access-logfile=/dev/null",
                "--graceful-timeout=10",
            ],
            "gunicorn.log",
        )
        if self.with_celery:
            self.worker_start()
        wait_until_healthy(self.base, self.server)

    def _collect_static(self, static_root: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=production_env(static_root=static_root, redis_url=self.redis_url, **self.overrides),
            check=True,
        )

    def _static_cached(self) -> str:
        """The collected static files for the current sources, collected first if missing;
        two Sites collecting at once each finish, and the first rename wins."""
        target = Path(tempfile.gettempdir()) / f"site-static-{static_sources_fingerprint()}"
        if (target / "staticfiles.json").exists():
            return str(target)
        collecting = tempfile.mkdtemp(prefix=f"{target.name}-collecting-", dir=target.parent)
        try:
            self._collect_static(collecting)
            os.rename(collecting, target)
        except OSError:  # another Site's rename came first
            if not (target / "staticfiles.json").exists():
                raise
        finally:
            shutil.rmtree(collecting, ignore_errors=True)
        return str(target)

    def _spawn(self, command: list[str], log_name: str) -> subprocess.Popen:
        log = self._stack.enter_context((self.log_path / log_name).open("a"))
        process = subprocess.Popen(  # noqa: S603 - our own programs
            command, cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self._stack.callback(_stop, process)
        return process

    def worker_start(self) -> subprocess.Popen:
        """A Celery worker (one process) on the default queue, as `make worker` runs it."""
        self.worker = self._spawn(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "beteiligung",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            "celery.log",
        )
        return self.worker

    def worker_pids(self) -> list[int]:
        """The gunicorn workers' process ids (the master restarts a killed one)."""
        return children_of(self.server.pid)

    def log(self, name: str = "gunicorn.log") -> str:
        return (self.log_path / name).read_text(errors="replace")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
