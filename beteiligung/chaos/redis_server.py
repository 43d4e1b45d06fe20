"""A redis-server of the fault run's own on a free loopback port: stopping it never touches the
shared Redis that development workers and other runs use."""

import shutil
import socket
import subprocess
import tempfile
import time

from beteiligung.bench.server import free_port

START_TIMEOUT_SECONDS = 10


class PrivateRedis:
    """Without persistence, so a restart comes back empty, as a crashed cache-only Redis does:
    queued tasks and pending-task markers are gone and only the reconciler can catch up."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._directory = tempfile.TemporaryDirectory(prefix="chaos-redis-")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("The fault run needs redis-server (apt-get install redis-server).")
        command = [executable, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        self.process = subprocess.Popen(  # noqa: S603 - redis-server with our own arguments
            command,
            cwd=self._directory.name,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as client:
                client.sendall(b"PING\r\n")
                return client.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill: no shutdown, open connections just drop."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def __enter__(self) -> "PrivateRedis":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.kill()
        self._directory.cleanup()
