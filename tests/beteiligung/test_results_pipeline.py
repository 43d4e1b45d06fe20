"""The results pipeline end to end (DESIGN decision 6): parallel submissions against PostgreSQL,
a real Celery worker fed through Redis, and the failures an operator meets: a worker killed
mid-recomputation, Redis restarting during a burst, two workers at the same survey.

Every test ends with the stored projection equal to a direct recomputation from the final
data; the failure tests also check that each submission that returned is stored exactly once.
Tasks reach the worker through `tasks_sent_to` (tests/beteiligung/conftest.py): a queue and a
cache prefix per worker group.
"""

import contextlib
import json
import random
import re
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from beteiligung.chaos.redis_server import PrivateRedis
from beteiligung.projection import PENDING_MARKER_SECONDS, Busy
from beteiligung.tasks import reconcile_results_task
from surveys.aggregation import (
    LOCK_NAMESPACE,
    survey_figures_compute,
    survey_results_refresh,
    survey_results_stale,
)
from surveys.demo import demo_answers
from surveys.disclosure import question_public, survey_public
from surveys.models import QuestionResult, Response, SurveyPage, SurveyResult, SurveyResultsState
from surveys.services import browser_participant, response_submit
from surveys.tasks import recompute_survey_results_task
from tests.beteiligung.conftest import tasks_sent_to, wait_for
from tests.factories import DistrictPageFactory, SurveyPageFactory

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),  # the worker must see committed rows
]

THREADS = 6  # parallel "web requests"; each holds one PostgreSQL connection
CATCH_UP_TIMEOUT = 60
# After a failure the reconciler has this long; the pipeline itself needs its window
# (RESULTS_COALESCE_SECONDS + 5 s) and one recomputation.
RECONCILE_TIMEOUT = 30
TASK_TIMEOUT = 30
SUCCEEDED = re.compile(r"recompute_survey_results_task\[[^\]]+\] succeeded")


@pytest.fixture
def survey(home_page) -> SurveyPage:
    now = timezone.now()
    return SurveyPageFactory(
        parent=DistrictPageFactory(parent=home_page),
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )


class Burst:
    """Submissions through `response_submit` from several threads, each with a database
    connection of its own (closed when the thread ends), as parallel web requests would."""

    def __init__(self, survey_id: int, count: int, *, seed: int, pause: float = 0.0):
        self.survey_id = survey_id
        self.count = count
        self.seed = seed
        self.pause = pause  # between one thread's submissions, to stretch the burst out
        self.response_ids: list[int] = []
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._submit, args=(number,), daemon=True)
            for number in range(THREADS)
        ]

    def _submit(self, thread_number: int) -> None:
        try:
            survey = SurveyPage.objects.get(pk=self.survey_id)
            for number in range(thread_number, self.count, THREADS):
                rng = random.Random(self.seed * 100_000 + number)
                participant = browser_participant(survey=survey, browser_id=f"{self.seed}-{number}")
                try:
                    response = response_submit(
                        survey=survey, participant=participant, answers=demo_answers(rng)
                    )
                except Exception as error:  # the assertion names it; the burst goes on
                    with self._lock:
                        self.errors.append(error)
                else:
                    with self._lock:
                        self.response_ids.append(response.pk)
                time.sleep(self.pause)
        finally:
            connections.close_all()

    @property
    def submitted(self) -> int:
        with self._lock:
            return len(self.response_ids)

    def start(self) -> "Burst":
        for thread in self._threads:
            thread.start()
        return self

    def join(self, timeout: float = CATCH_UP_TIMEOUT) -> "Burst":
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0))
        assert not any(thread.is_alive() for thread in self._threads), "burst did not finish"
        return self

    def run(self) -> "Burst":
        return self.start().join()


def _json(value):
    """What a JSONField gives back for `value`."""
    return json.loads(json.dumps(value))


def results_caught_up(survey_id: int, responses: int) -> bool:
    stored = SurveyResult.objects.filter(survey_id=survey_id).values_list("responses", flat=True)
    return stored.first() == responses and not survey_results_stale(survey_id=survey_id)


class ResultsNotCaughtUp(AssertionError):
    """The stored results did not count every submission within the bound."""


def reconcile_until_caught_up(survey_id: int, responses: int, *, timeout: float) -> float:
    """Run the reconciler as beat would, only more often, until the results count all
    `responses` and are clean; returns the seconds it took. The call runs here and only
    enqueues (coalesced with a pending task)."""
    started = time.monotonic()

    def caught_up():
        if results_caught_up(survey_id, responses):
            return True
        reconcile_results_task()
        return False

    if not wait_for(caught_up, timeout=timeout, interval=1):
        stored = SurveyResult.objects.filter(survey_id=survey_id).values_list(
            "responses", flat=True
        )
        raise ResultsNotCaughtUp(
            f"after {timeout:.0f} s the results count {stored.first()} of {responses} "
            f"responses (stale: {survey_results_stale(survey_id=survey_id)})"
        )
    return time.monotonic() - started


def assert_stored_exactly_once(survey_id: int, response_ids: list[int]) -> None:
    stored = list(Response.objects.filter(survey_id=survey_id).values_list("pk", flat=True))
    assert len(stored) == len(set(stored)) == len(response_ids)
    assert set(stored) == set(response_ids)


def assert_results_equal_recomputation(survey_id: int) -> None:
    survey = SurveyPage.objects.get(pk=survey_id)
    survey_figures, question_figures = survey_figures_compute(survey=survey)
    k = survey.results_min_group
    stored = SurveyResult.objects.get(survey_id=survey_id)
    assert stored.responses == survey_figures["responses"]
    assert (
        stored.responses
        == Response.objects.filter(survey_id=survey_id, status=Response.Status.SUBMITTED).count()
    )
    assert stored.figures == _json(survey_figures)
    assert stored.public_figures == _json(survey_public(survey_figures, k=k))
    rows = QuestionResult.objects.filter(survey_id=survey_id).order_by("position")
    assert [(row.question_key, row.figures, row.public_figures) for row in rows] == [
        (figures["key"], _json(figures), _json(question_public(figures, k=k)))
        for figures in question_figures
    ]


def result_rows(survey_id: int) -> tuple:
    """The stored projection without its timestamp and the question rows' ids."""
    result = SurveyResult.objects.get(survey_id=survey_id)
    questions = QuestionResult.objects.filter(survey_id=survey_id).order_by("position")
    return (
        (result.responses, result.version, result.figures, result.public_figures),
        [(row.question_key, row.position, row.figures, row.public_figures) for row in questions],
    )


def mark_dirty(survey_id: int) -> None:
    """What a submission does to the state row, without enqueueing a task."""
    SurveyResultsState.objects.filter(survey_id=survey_id).update(dirty_since=timezone.now())


def advisory_lock_holder(survey_id: int) -> int | None:
    """The server process holding the survey's results lock (a recomputation inside its
    transaction), if any."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s AND objid = %s AND objsubid = 2"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [LOCK_NAMESPACE, survey_id],
        )
        row = cursor.fetchone()
    return row[0] if row else None


@contextlib.contextmanager
def result_row_locked(survey_id: int):
    """Hold the survey's SurveyResult row FOR UPDATE from a connection of its own. A
    recomputation takes the advisory lock, computes, and then waits at its write: it is held
    mid-task for as long as the block runs. Only locking, never updating, the row does not
    make the waiting REPEATABLE READ transaction fail once it is released."""
    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM surveys_surveyresult WHERE survey_id = %s FOR UPDATE",
                [survey_id],
            )
            assert cursor.fetchone(), "no result row to hold"
        yield
    finally:
        holder.rollback()
        holder.close()


# --- a burst, coalesced ----------------------------------------------------------------------


def test_a_burst_of_300_is_counted_completely_by_a_few_recomputations(
    survey, settings, celery_worker
):
    with tasks_sent_to(settings, celery_worker):
        runs_before = len(SUCCEEDED.findall(celery_worker.log_text()))
        started = time.monotonic()
        burst = Burst(survey.pk, 300, seed=1).run()
        submitting = time.monotonic() - started

        assert burst.errors == []
        assert wait_for(lambda: results_caught_up(survey.pk, 300), timeout=CATCH_UP_TIMEOUT), (
            f"results not caught up; worker log:\n{celery_worker.log_text()[-3000:]}"
        )

    assert_stored_exactly_once(survey.pk, burst.response_ids)
    assert_results_equal_recomputation(survey.pk)
    runs = len(SUCCEEDED.findall(celery_worker.log_text())) - runs_before
    print(f"300 submissions in {submitting:.1f} s, {runs} recomputations")
    # One recomputation per coalescing window (2 s) and run, not one per submission.
    assert 1 <= runs <= 30


# --- a worker killed ---------------------------------------------------------------------------


def test_a_worker_killed_mid_recomputation_loses_nothing(survey, settings, celery_workers):
    settings.RESULTS_COALESCE_SECONDS = 3  # this process: how long a requested run waits
    worker = celery_workers.start()
    with tasks_sent_to(settings, worker):
        first = Burst(survey.pk, 20, seed=2).run()
        assert wait_for(lambda: results_caught_up(survey.pk, 20), timeout=CATCH_UP_TIMEOUT)

        with result_row_locked(survey.pk):
            # Thirty submissions within the 3 s window: one recomputation, due afterwards.
            before = Burst(survey.pk, 30, seed=3).run()
            assert advisory_lock_holder(survey.pk) is None, "recomputation started too early"
            # It starts, takes the lock, computes and waits at its write.
            holder = wait_for(lambda: advisory_lock_holder(survey.pk), timeout=TASK_TIMEOUT)
            assert holder, f"no recomputation started:\n{worker.log_text()[-3000:]}"
            # Let the blocked worker's last BRPOP (1 s) run out: the next run then waits in
            # Redis for the new worker. (A message Redis hands to a worker that dies before
            # reading it is lost; that case is the next test's.)
            time.sleep(1.5)
            during = Burst(survey.pk, 120, seed=4, pause=0.02).start()
            assert wait_for(lambda: during.submitted >= 20, timeout=CATCH_UP_TIMEOUT)
            worker.kill()
            killed_at = during.submitted
        # Released: the killed worker's server process runs into its closed socket and rolls
        # back, freeing the advisory lock; nothing it computed is written.
        assert wait_for(lambda: advisory_lock_holder(survey.pk) is None, timeout=TASK_TIMEOUT)
        assert SurveyResult.objects.get(survey_id=survey.pk).responses == 20
        replacement = celery_workers.start(queue=worker.queue, wait=False)
        during.join()

        assert during.errors == []
        assert killed_at < during.count, "the kill came after the burst"
        response_ids = first.response_ids + before.response_ids + during.response_ids
        assert_stored_exactly_once(survey.pk, response_ids)
        replacement.wait_until_ready()
        settings.RESULTS_COALESCE_SECONDS = 1  # the reconciler's window: 6 s
        took = reconcile_until_caught_up(survey.pk, len(response_ids), timeout=RECONCILE_TIMEOUT)
        print(f"caught up {took:.1f} s after the burst")

    assert_results_equal_recomputation(survey.pk)


RECEIVED = re.compile(r"recompute_survey_results_task\[[^\]]+\] received")


def test_the_reconciler_recovers_the_task_a_killed_worker_held(survey, settings, celery_workers):
    settings.RESULTS_COALESCE_SECONDS = 3
    worker = celery_workers.start()
    with tasks_sent_to(settings, worker):
        burst_started = time.monotonic()
        burst = Burst(survey.pk, 120, seed=5, pause=0.02).start()
        # The first submission enqueued a recomputation due in 3 s; the worker has it in
        # memory (and as unacknowledged in Redis, for an hour). Kill it before it is due.
        if not wait_for(lambda: RECEIVED.search(worker.log_text()), timeout=TASK_TIMEOUT):
            pytest.fail(f"the worker received no task:\n{worker.log_text()[-3000:]}")
        worker.kill()
        if "Results of survey" in worker.log_text():
            pytest.fail("killed too late: the task ran")
        replacement = celery_workers.start(queue=worker.queue, wait=False)
        burst.join()

        assert burst.errors == []
        assert_stored_exactly_once(survey.pk, burst.response_ids)
        replacement.wait_until_ready()
        settings.RESULTS_COALESCE_SECONDS = 1
        # The bound ends before the lost task's marker expires, else the test could not tell
        # the reconciler from the expiry. A correct pipeline needs about 10 s here.
        timeout = min(20, PENDING_MARKER_SECONDS - 5 - (time.monotonic() - burst_started))
        if timeout < 15:
            pytest.fail(f"too slow to tell: {timeout:.0f} s left before the marker expires")
        took = reconcile_until_caught_up(survey.pk, burst.count, timeout=timeout)
        print(f"caught up {took:.1f} s after the burst")

    assert_results_equal_recomputation(survey.pk)


# --- Redis restarting ------------------------------------------------------------------------


@pytest.fixture
def private_redis():
    """A redis-server of this test's own; the shared Redis on 6379 is never touched."""
    with PrivateRedis() as server:
        yield server


def test_redis_restarting_during_a_burst_loses_no_submission(
    survey, settings, private_redis, celery_workers
):
    # private_redis is requested before celery_workers, so workers stop while it still runs.
    settings.RESULTS_COALESCE_SECONDS = 1
    redis_urls = {"redis_url": private_redis.url(0), "cache_url": private_redis.url(1)}
    worker = celery_workers.start(**redis_urls)

    def supervised(worker):
        """As the compose file's `restart: unless-stopped` does. Celery/kombu 5.7 end a worker
        that holds an unacknowledged message (a delayed task) when the broker connection
        drops ("Unrecoverable error: AttributeError ... 'hostname'", exit a few seconds
        later) instead of reconnecting; a worker that held none reconnects."""
        reconnected = wait_for(
            lambda: worker.process.poll() is not None or worker.count("Connected to redis") > 1,
            timeout=TASK_TIMEOUT,
        )
        assert reconnected, f"worker neither reconnected nor exited:\n{worker.log_text()[-3000:]}"
        if worker.process.poll() is None:
            return worker
        print(f"worker exited ({worker.process.returncode}) when Redis went away; restarted")
        return celery_workers.start(queue=worker.queue, **redis_urls)

    with tasks_sent_to(settings, worker):
        burst = Burst(survey.pk, 150, seed=4, pause=0.03).start()
        assert wait_for(lambda: burst.submitted >= 50, timeout=CATCH_UP_TIMEOUT)
        private_redis.kill()
        down_at = burst.submitted
        assert wait_for(lambda: burst.submitted >= 100, timeout=CATCH_UP_TIMEOUT)
        up_at = burst.submitted
        private_redis.start()
        burst.join()

        assert burst.errors == []
        assert down_at < up_at < burst.count, "no submission while Redis was down"
        assert_stored_exactly_once(survey.pk, burst.response_ids)
        worker = supervised(worker)
        took = reconcile_until_caught_up(survey.pk, burst.count, timeout=RECONCILE_TIMEOUT)
        print(f"caught up {took:.1f} s after the burst")

    assert_results_equal_recomputation(survey.pk)


# --- concurrency and idempotency -------------------------------------------------------------


def test_two_recomputations_at_once_one_computes_the_other_is_busy(survey, monkeypatch):
    # No task queue here: the two recomputations are the ones under test.
    monkeypatch.setattr("beteiligung.projection.recompute_request", lambda *args, **kwargs: False)
    Burst(survey.pk, 30, seed=5).run()
    survey_results_refresh(survey_id=survey.pk)
    more = Burst(survey.pk, 10, seed=6).run()
    assert more.errors == []
    outcomes = {}
    barrier = threading.Barrier(2)

    def refresh(name):
        try:
            barrier.wait(timeout=10)
            outcomes[name] = survey_results_refresh(survey_id=survey.pk).responses
        except Busy:
            outcomes[name] = "busy"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refresh, args=(name,)) for name in ("a", "b")]
    # Forty responses take milliseconds: hold the winner at its write until the other has
    # tried, so that the two surely overlap.
    with result_row_locked(survey.pk):
        for thread in threads:
            thread.start()
        assert wait_for(lambda: "busy" in outcomes.values(), timeout=TASK_TIMEOUT)
    for thread in threads:
        thread.join(TASK_TIMEOUT)

    assert sorted(outcomes.values(), key=str) == [40, "busy"]
    assert not survey_results_stale(survey_id=survey.pk)
    assert_results_equal_recomputation(survey.pk)


def test_the_task_run_twice_on_the_worker_leaves_identical_rows(survey, settings, celery_worker):
    with tasks_sent_to(settings, celery_worker):
        Burst(survey.pk, 40, seed=7).run()
        assert wait_for(lambda: results_caught_up(survey.pk, 40), timeout=CATCH_UP_TIMEOUT)
        computed = []
        for _run in range(2):
            mark_dirty(survey.pk)  # else the task would find nothing to do
            task = recompute_survey_results_task.apply_async((survey.pk,))
            try:
                assert task.get(timeout=TASK_TIMEOUT) == 40
            finally:
                task.forget()
            assert celery_worker.logged(f"[{task.id}] succeeded")
            computed.append(
                (result_rows(survey.pk), SurveyResult.objects.get(survey_id=survey.pk).computed_at)
            )
        # Nothing new: a third run stops at the staleness check and writes nothing.
        task = recompute_survey_results_task.apply_async((survey.pk,))
        try:
            assert task.get(timeout=TASK_TIMEOUT) is None
        finally:
            task.forget()

    (first_rows, first_at), (second_rows, second_at) = computed
    assert first_rows == second_rows
    assert first_at < second_at  # the second run did recompute
    assert result_rows(survey.pk) == second_rows
    assert SurveyResult.objects.get(survey_id=survey.pk).computed_at == second_at
    assert_results_equal_recomputation(survey.pk)
