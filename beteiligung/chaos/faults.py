"""The faults a run injects into the running site, and the supervisor that restarts a Celery
worker that has exited, as an orchestrator's restart policy does."""

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from beteiligung.bench.server import Site
from beteiligung.chaos.plan import Plan
from beteiligung.chaos.redis_server import PrivateRedis

GUNICORN_REPLACE_SECONDS = 30
GUNICORN_KILL_SPACING = 5
SUPERVISOR_INTERVAL = 0.25


@dataclass
class Event:
    at: float  # seconds on the run's clock
    what: str
    fault: bool = False  # injected, rather than the system's answer to one


class WorkerSupervisor(threading.Thread):
    """Starts a new Celery worker whenever the current one has exited, as an orchestrator's
    restart policy does (a worker holding a delayed task exits when Redis goes away)."""

    def __init__(self, site: Site, clock, events: list[Event]):
        super().__init__(name="chaos-supervisor", daemon=True)
        self.site, self.clock, self.events = site, clock, events
        self.lock = threading.Lock()
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.wait(SUPERVISOR_INTERVAL):
            with self.lock:
                code = self.site.worker.poll()
                if code is not None:
                    self.events.append(
                        Event(
                            self.clock(), f"Celery worker exited ({code}); supervisor restarts it"
                        )
                    )
                    self.site.worker_start()

    def stop(self) -> None:
        self._stopping.set()
        self.join(10)


def _sleep_until(clock, moment: float) -> None:
    delay = moment - clock()
    if delay > 0:
        time.sleep(delay)


def _kill_celery_worker(site: Site, supervisor: WorkerSupervisor, clock, events) -> None:
    with supervisor.lock:
        victim = site.worker
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        site.worker_start()
    events.append(
        Event(clock(), f"Celery worker {victim.pid} killed (SIGKILL), a new one started", True)
    )


def _established_inodes(port: int) -> set[str]:
    """Socket inodes of established TCP connections to `port` on 127.0.0.1 (Linux)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state, inode = fields[1], fields[3], fields[9]
        if state == "01" and int(local.split(":")[1], 16) == port:
            inodes.add(inode)
    return inodes


def _serving_worker(site: Site) -> tuple[int, bool]:
    """A gunicorn worker in the middle of a request (it holds a client's connection), so
    that killing it cuts one off; any worker if none is caught within a second. Returns the
    worker and whether it was serving."""
    workers = site.worker_pids()
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        connections = _established_inodes(site.port)
        for pid in workers:
            with contextlib.suppress(OSError):  # the worker ended meanwhile
                for fd in Path(f"/proc/{pid}/fd").iterdir():
                    link = os.readlink(fd)
                    if link.startswith("socket:[") and link[8:-1] in connections:
                        return pid, True
        time.sleep(0.01)
    return workers[0], False


def _kill_gunicorn_worker(site: Site, clock, events) -> None:
    count = len(site.worker_pids())
    victim, serving = _serving_worker(site)
    os.kill(victim, signal.SIGKILL)
    killed = clock()
    moment = "mid-request" if serving else "between requests"
    events.append(Event(killed, f"gunicorn worker {victim} killed (SIGKILL) {moment}", True))
    deadline = time.monotonic() + GUNICORN_REPLACE_SECONDS
    while time.monotonic() < deadline:
        now = site.worker_pids()
        if victim not in now and len(now) == count:
            events.append(Event(clock(), f"gunicorn master replaced it ({clock() - killed:.1f} s)"))
            return
        time.sleep(0.05)
    events.append(Event(clock(), "gunicorn master did NOT replace the killed worker"))


def faults_inject(
    plan: Plan,
    *,
    start: float,
    site: Site,
    redis: PrivateRedis,
    supervisor: WorkerSupervisor,
    clock,
    events: list[Event],
) -> tuple[float, float]:
    """Inject the faults at their moments after `start` (the burst's, on the run's clock);
    returns when Redis was killed and when it answered again."""
    _sleep_until(clock, start + plan.worker_kill_at * plan.duration)
    _kill_celery_worker(site, supervisor, clock, events)

    _sleep_until(clock, start + plan.redis_down_at * plan.duration)
    redis.kill()
    down = clock()
    events.append(Event(down, "Redis killed (SIGKILL)", True))
    time.sleep(plan.redis_down_seconds)
    redis.start()
    up = clock()
    events.append(Event(up, f"Redis started again, empty ({up - down:.1f} s down)", True))

    for kill in range(plan.gunicorn_kills):
        moment = plan.gunicorn_kill_at * plan.duration + kill * GUNICORN_KILL_SPACING
        _sleep_until(clock, start + moment)
        _kill_gunicorn_worker(site, clock, events)
    return down, up
