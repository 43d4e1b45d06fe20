"""Keeping the results projections current (DESIGN decision 6).

A write marks its survey or idea collection dirty in its own transaction and, after commit,
asks for one recomputation. Requests are coalesced: the first one within a short window
enqueues a task with a small delay, later ones see the pending task and add nothing, so a burst
of submissions costs a handful of recomputations. The task releases the window as it starts,
so writes during a recomputation schedule the next one. If Redis is unreachable nothing is
enqueued and the write still succeeds; the periodic reconciler recomputes whatever is still
dirty once the broker is back.
"""

import contextlib
import logging
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# How long a pending-task marker lives if its task never starts (lost with the broker or with
# a killed worker): afterwards a new write may enqueue again; the reconciler does not wait.
PENDING_MARKER_SECONDS = 60


def _pending_key(task_name: str, object_id: int) -> str:
    return f"projection:pending:{task_name}:{object_id}"


def recompute_request(task, object_id: int, *, force: bool = False) -> bool:
    """Enqueue `task(object_id)` unless one is pending; True if this call enqueued it. Never
    raises: a write must not fail because the broker or cache is down. The reconciler forces:
    a pending marker may belong to a task that died with its worker, and a needless run is
    cheap (it finds nothing stale)."""
    key = _pending_key(task.name, object_id)
    try:
        if force:
            cache.set(key, 1, timeout=PENDING_MARKER_SECONDS)
        elif not cache.add(key, 1, timeout=PENDING_MARKER_SECONDS):
            return False
        task.apply_async((object_id,), countdown=settings.RESULTS_COALESCE_SECONDS)
    except Exception:  # Redis down or restarting: the reconciler catches up
        logger.warning("Could not enqueue %s(%s); the reconciler will.", task.name, object_id)
        with contextlib.suppress(Exception):  # the marker expires on its own
            cache.delete(key)
        return False
    return True


def recompute_started(task_name: str, object_id: int) -> None:
    """Called first thing by a recompute task: writes from now on enqueue a new run."""
    try:
        cache.delete(_pending_key(task_name, object_id))
    except Exception:
        logger.warning("Cache unreachable; pending marker of %s(%s) expires", task_name, object_id)


def advisory_lock(namespace: int, object_id: int) -> bool:
    """Take the transaction-scoped lock for one object's results, without waiting; False if
    another transaction holds it. PostgreSQL releases it at commit, rollback or when the
    holder's connection dies (a killed worker), so it can never be left behind. SQLite
    serialises writers itself, and runs tasks in-process."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [namespace, object_id])
        return cursor.fetchone()[0]


class Busy(Exception):
    """Another worker is writing this object's results right now."""


@contextlib.contextmanager
def recompute_transaction(namespace: int, object_id: int):
    """The transaction a recomputation reads and writes in: on PostgreSQL one consistent
    snapshot (REPEATABLE READ, so figures and their counts agree), room to group a million
    joined rows in memory, and the object's advisory lock, without waiting (raises Busy)."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if not outer:  # must be the transaction's first statement
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET LOCAL work_mem = '64MB'")
        if not advisory_lock(namespace, object_id):
            raise Busy(object_id)
        yield


def projection_mark_dirty(state_model, *, target, task) -> None:
    """Flag `target`'s results for recomputation in the caller's transaction (one upsert into
    its results-state row, safe under parallel writes) and, after commit, ask for one
    coalesced run of `task`. The state model's primary key is its one-to-one to `target`."""
    field = state_model._meta.pk.name
    state_model.objects.bulk_create(
        [state_model(**{field: target}, dirty_since=timezone.now())],
        update_conflicts=True,
        unique_fields=[field],
        update_fields=["dirty_since"],
    )
    transaction.on_commit(partial(recompute_request, task, target.pk), robust=True)
