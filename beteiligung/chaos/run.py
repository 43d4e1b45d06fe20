"""One fault run: a burst of participants over HTTP against gunicorn, a Celery worker and a
private Redis, with faults at set moments, then the checks (see the package docstring)."""

import contextlib
import secrets
import threading
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field

import requests
from celery.exceptions import AlwaysEagerIgnored
from django.db import connection
from kombu.exceptions import OperationalError as KombuOperationalError

from beteiligung.bench.server import Site
from beteiligung.celery import app as celery_app
from beteiligung.chaos.checks import (
    Comparison,
    Stored,
    results_compare,
    results_current,
    stored_check,
)
from beteiligung.chaos.clients import Burst, Outcome, Submission
from beteiligung.chaos.faults import Event, WorkerSupervisor, faults_inject
from beteiligung.chaos.plan import Plan
from beteiligung.chaos.redis_server import PrivateRedis
from beteiligung.chaos.survey import chaos_survey_create, survey_step_path

WORKER_READY_SECONDS = 60
READYZ_INTERVAL = 0.25
READYZ_THREADS = 2
# How often the reconciler runs after the burst: beat runs it every minute, the run cannot
# wait that long, and a needless run finds nothing stale.
RECONCILE_INTERVAL = 2.0
RECONCILE_TASK = "beteiligung.tasks.reconcile_results_task"


@dataclass
class Probe:
    """One /readyz request: when, what it answered."""

    started: float
    ended: float
    status: int | None
    broker: str


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class ChaosResult:
    plan: Plan
    survey_id: int
    burst: tuple[float, float]  # start and end on the run's clock
    submissions: list[Submission]
    events: list[Event]
    redis_down: tuple[float, float]  # when it was killed, when it answered again
    probes: list[Probe]
    stored: Stored
    comparison: Comparison
    catch_up_seconds: float | None
    reconciler_runs: int
    log_dir: str
    log_counts: dict[str, int] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def outcomes(self) -> Counter:
        return Counter(submission.outcome for submission in self.submissions)

    def failed_requests(self) -> Counter:
        return Counter(f"{phase}: {kind}" for s in self.submissions for phase, kind in s.failures)

    def during_outage(self) -> list[Submission]:
        """Thanks pages for posts sent and answered while Redis was down."""
        down, up = self.redis_down
        return [
            s
            for s in self.submissions
            if s.outcome == Outcome.THANKS and s.posted and down <= s.posted[0] <= s.posted[1] <= up
        ]

    def outage_probes(self) -> list[Probe]:
        """/readyz requests sent and answered while Redis was down."""
        down, up = self.redis_down
        return [p for p in self.probes if down <= p.started and p.ended <= up]

    def broker_back_after(self) -> float | None:
        """Seconds from Redis' restart to the first /readyz that answered ready."""
        up = self.redis_down[1]
        ready = [p.ended for p in self.probes if p.started >= up and p.status == 200]
        return min(ready) - up if ready else None


# --- background threads ----------------------------------------------------------------------


class ReadyzSampler:
    """Threads asking /readyz in turn: each sample waits behind the burst's requests for a
    free gunicorn worker, so one thread alone may see a short outage only once."""

    def __init__(self, base: str, clock, threads: int = READYZ_THREADS):
        self.url, self.clock = f"{base}/readyz", clock
        self.probes: list[Probe] = []
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._sample, name=f"chaos-readyz-{n}", daemon=True)
            for n in range(threads)
        ]

    def _sample(self) -> None:
        while not self._stopping.wait(READYZ_INTERVAL):
            started = self.clock()
            try:
                response = requests.get(self.url, timeout=(2, 10))
                status = response.status_code
                broker = response.json().get("checks", {}).get("broker", "?")
            except (requests.RequestException, ValueError) as error:
                status, broker = None, type(error).__name__
            self.probes.append(Probe(started, self.clock(), status, broker))

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(15)
        self.probes.sort(key=lambda probe: probe.started)


# --- faults ------------------------------------------------------------------------------------


def _wait_worker_ready(site: Site, readies: int) -> None:
    """Until celery.log holds more than `readies` " ready." lines (one per started worker)."""
    deadline = time.monotonic() + WORKER_READY_SECONDS
    while site.log("celery.log").count(" ready.") <= readies:
        if time.monotonic() > deadline:
            raise RuntimeError("Celery worker not ready:\n" + site.log("celery.log")[-3000:])
        time.sleep(0.2)


# --- catching up -------------------------------------------------------------------------------


def _reconcile_request(broker_url: str) -> None:
    """Send the reconciler to the run's worker through the run's Redis (this process's own
    Celery settings may name another broker, or none)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AlwaysEagerIgnored)
        with celery_app.connection_for_write(broker_url) as conn:
            celery_app.send_task(RECONCILE_TASK, connection=conn, ignore_result=True)


def _catch_up(survey_id: int, broker_url: str, timeout: float, clock) -> tuple[float | None, int]:
    """Run the reconciler every few seconds until the results are current; the seconds it
    took (None when not current within `timeout`) and how often the reconciler was sent."""
    started, sent, runs = clock(), None, 0
    while clock() - started < timeout:
        if results_current(survey_id):
            return clock() - started, runs
        if sent is None or clock() - sent >= RECONCILE_INTERVAL:
            sent = clock()
            with contextlib.suppress(KombuOperationalError):  # tried again in a moment
                _reconcile_request(broker_url)
                runs += 1
        time.sleep(0.25)
    return None, runs


# --- the run -----------------------------------------------------------------------------------


def chaos_run(*, plan: Plan, log_dir: str, progress=print) -> ChaosResult:
    """Run the burst with its faults, catch up, check. Creates a new survey (deleting the
    previous run's); everything it starts is stopped again, also after an error."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The fault run needs PostgreSQL (DATABASE_URL).")
    token = f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"
    survey = chaos_survey_create(label=token)
    step_path = survey_step_path(survey)
    origin = time.monotonic()

    def clock() -> float:
        return time.monotonic() - origin

    events: list[Event] = []
    env = {"SURVEY_SUBMISSIONS_PER_MINUTE": 1_000_000}  # every client is 127.0.0.1
    if plan.coalesce_seconds is not None:
        env["RESULTS_COALESCE_SECONDS"] = plan.coalesce_seconds
    with PrivateRedis() as redis:
        # The cache in a database of its own on the private Redis, never the shared one.
        env["REDIS_CACHE_URL"] = redis.url(1)
        progress(f"private Redis on port {redis.port}; starting gunicorn and a Celery worker")
        with Site(
            workers=plan.web_workers,
            env=env,
            celery_worker=True,
            redis_url=redis.url(0),
            log_dir=log_dir,
            static_cache=True,
        ) as site:
            secret = site.env["SECRET_KEY"]
            _wait_worker_ready(site, 0)
            supervisor = WorkerSupervisor(site, clock, events)
            sampler = ReadyzSampler(site.base, clock)
            supervisor.start()
            sampler.start()
            try:
                progress(
                    f"burst: {plan.clients} clients for {plan.duration:.0f} s against "
                    f"{site.base}{step_path}"
                )
                burst = Burst(
                    base=site.base,
                    step_path=step_path,
                    token=f"chaos-{token}",
                    clients=plan.clients,
                    duration=plan.duration,
                    limit=plan.limit,
                    clock=clock,
                ).start()
                redis_down = faults_inject(
                    plan,
                    start=burst.started_at,
                    site=site,
                    redis=redis,
                    supervisor=supervisor,
                    clock=clock,
                    events=events,
                )
                burst.join()
                progress(f"burst over: {len(burst.submissions)} participants; catching up")
                catch_up, reconciler_runs = _catch_up(
                    survey.pk, redis.url(0), plan.catch_up_timeout, clock
                )
            finally:
                sampler.stop()
                supervisor.stop()
            logs = {name: site.log(name) for name in ("gunicorn.log", "celery.log")}
    progress("checking the stored data")
    result = ChaosResult(
        plan=plan,
        survey_id=survey.pk,
        burst=(burst.started_at, burst.ended_at),
        submissions=burst.submissions,
        events=sorted(events, key=lambda event: event.at),
        redis_down=redis_down,
        probes=sampler.probes,
        stored=stored_check(survey, burst.submissions, secret=secret),
        comparison=results_compare(survey),
        catch_up_seconds=catch_up,
        reconciler_runs=reconciler_runs,
        log_dir=log_dir,
        log_counts={
            "rate limit counted per process": logs["gunicorn.log"].count(
                "rate limit cache unavailable"
            ),
            "recomputation not enqueued": logs["gunicorn.log"].count("Could not enqueue"),
            "server errors logged": logs["gunicorn.log"].count("Internal Server Error"),
            "worker tracebacks": logs["celery.log"].count("Traceback"),
        },
    )
    result.checks = checks_evaluate(result)
    return result


def checks_evaluate(result: ChaosResult) -> list[Check]:
    stored, outcomes = result.stored, result.outcomes()
    server_errors = sum(
        count for kind, count in result.failed_requests().items() if ": HTTP 5" in kind
    )
    outage = result.outage_probes()
    broker_down = [p for p in outage if p.status == 503 and p.broker.startswith("error")]
    during = result.during_outage()
    back = result.broker_back_after()
    faults = [event for event in result.events if event.fault]
    planned = 3 + result.plan.gunicorn_kills  # Celery worker, Redis down and up, gunicorn
    replaced = sum(1 for e in result.events if e.what.startswith("gunicorn master replaced"))
    return [
        Check(
            "(a) every confirmed submission is stored exactly once (marker and participant)",
            stored.confirmed_stored_once == stored.confirmed > 0,
            f"{stored.confirmed_stored_once} of {stored.confirmed}; missing "
            f"{len(stored.missing)}, under another participant {len(stored.misattributed)}",
        ),
        Check(
            "(b) no response stored twice, none from elsewhere",
            not stored.duplicate_markers
            and not stored.duplicate_participants
            and not stored.foreign,
            f"duplicate markers {len(stored.duplicate_markers)}, duplicate participants "
            f"{stored.duplicate_participants}, unknown {stored.foreign}",
        ),
        Check(
            "(c) results current and equal to SQL over the final data",
            result.catch_up_seconds is not None and not result.comparison.mismatches,
            f"{result.comparison.cells} cells, {len(result.comparison.mismatches)} mismatches, "
            + (
                f"current {result.catch_up_seconds:.1f} s after the burst"
                if result.catch_up_seconds is not None
                else f"NOT current {result.plan.catch_up_timeout:.0f} s after the burst"
            ),
        ),
        Check(
            "(d) Redis down: thanks pages still, /readyz reports the broker down, then up",
            bool(during) and bool(outage) and len(broker_down) == len(outage) and back is not None,
            f"{len(during)} thanks pages, /readyz broker down in {len(broker_down)} of "
            f"{len(outage)} samples, ready again "
            + (f"{back:.1f} s after the restart" if back is not None else "NEVER"),
        ),
        Check(
            "(e) no server error (5xx) answered",
            server_errors == 0 and result.log_counts["server errors logged"] == 0,
            f"{server_errors} answered, {result.log_counts['server errors logged']} logged",
        ),
        Check(
            "faults injected during the burst as planned",
            len(faults) == planned
            and all(result.burst[0] <= event.at <= result.burst[1] for event in faults)
            and replaced == result.plan.gunicorn_kills
            and outcomes[Outcome.THANKS] > 0,
            f"{len(faults)} of {planned} within the burst, killed gunicorn workers replaced "
            f"{replaced} of {result.plan.gunicorn_kills}",
        ),
    ]
