"""Operational tasks of the platform itself."""

import socket

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

WORKER_HEARTBEAT_CACHE_KEY = "ops:worker-heartbeat"


@shared_task(ignore_result=False)
def record_worker_heartbeat_task() -> dict:
    """Store when a worker last ran a task, for /readyz. Idempotent: overwrites one cache key."""
    heartbeat = {"worker": socket.gethostname(), "seen_at": timezone.now().isoformat()}
    # Beat runs this every minute; keep it ten minutes so a short beat outage shows as "old".
    cache.set(WORKER_HEARTBEAT_CACHE_KEY, heartbeat, timeout=600)
    return heartbeat


RECONCILE_BATCH = 200  # objects per run; the next minute's run takes the rest


@shared_task(ignore_result=True)
def reconcile_results_task() -> dict:
    """Ask for a recomputation of every survey and idea collection still marked dirty (and of
    results written by an older version of the aggregation). It enqueues even where a task
    seems pending, since that task may have died with its worker; a needless run finds nothing
    stale and writes nothing."""
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Q

    from beteiligung.projection import recompute_request
    from ideas.aggregation import RESULTS_VERSION as COLLECTION_RESULTS_VERSION
    from ideas.models import CollectionResultsState, IdeaCollectionPage
    from ideas.tasks import recompute_collection_results_task
    from surveys.aggregation import RESULTS_VERSION as SURVEY_RESULTS_VERSION
    from surveys.models import SurveyPage, SurveyResultsState
    from surveys.tasks import recompute_survey_results_task

    # Leave the coalescing window to the task a submission enqueued itself.
    settled = timezone.now() - timedelta(seconds=settings.RESULTS_COALESCE_SECONDS + 5)
    surveys = set(
        SurveyResultsState.objects.filter(dirty_since__lt=settled).values_list(
            "survey_id", flat=True
        )[:RECONCILE_BATCH]
    ) | set(
        SurveyPage.objects.filter(
            Q(result__isnull=False) & ~Q(result__version=SURVEY_RESULTS_VERSION)
        ).values_list("pk", flat=True)[:RECONCILE_BATCH]
    )
    collections = set(
        CollectionResultsState.objects.filter(dirty_since__lt=settled).values_list(
            "collection_id", flat=True
        )[:RECONCILE_BATCH]
    ) | set(
        IdeaCollectionPage.objects.filter(
            Q(result__isnull=False) & ~Q(result__version=COLLECTION_RESULTS_VERSION)
        ).values_list("pk", flat=True)[:RECONCILE_BATCH]
    )
    for survey_id in sorted(surveys):
        recompute_request(recompute_survey_results_task, survey_id, force=True)
    for collection_id in sorted(collections):
        recompute_request(recompute_collection_results_task, collection_id, force=True)
    return {"surveys": len(surveys), "collections": len(collections)}
