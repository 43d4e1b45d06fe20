"""Background work for idea collections: e-mails to submitters who asked to hear back, and
the results projection. Tasks take ids and are safe to run twice: an e-mail's sent time is
recorded in the transaction that holds the row lock, results are recomputed and replaced."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from beteiligung.projection import Busy, recompute_started

# A collection has thousands of ideas at most; the limit only stops a runaway query.
RESULTS_SOFT_TIME_LIMIT = 300


def _send(template: str, context: dict, recipient: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "base_url": settings.WAGTAILADMIN_BASE_URL}
        subject = render_to_string(f"ideas/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"ideas/email/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_idea_rejected_task(self, idea_id: int) -> bool:
    """Tell the submitter why their idea is not published."""
    from ideas.models import Idea, ModerationState

    with transaction.atomic():
        idea = (
            Idea.objects.select_for_update(of=("self",))
            .select_related("collection")
            .filter(
                pk=idea_id,
                moderation=ModerationState.REJECTED,
                rejection_notified_at__isnull=True,
            )
            .exclude(contact_email="")
            .first()
        )
        if idea is None:
            return False
        try:
            _send(
                "idea_rejected", {"idea": idea, "collection": idea.collection}, idea.contact_email
            )
        except OSError as error:  # SMTP down: try again later
            raise self.retry(exc=error) from error
        idea.rejection_notified_at = timezone.now()
        idea.save(update_fields=["rejection_notified_at"])
    return True


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_status_change_task(self, change_id: int) -> bool:
    """Tell the submitter that their idea moved on, with the network's feedback."""
    from ideas.models import IdeaStatusChange

    with transaction.atomic():
        change = (
            IdeaStatusChange.objects.select_for_update(of=("self",))
            .select_related("idea__collection")
            .filter(pk=change_id, notified_at__isnull=True)
            .exclude(idea__contact_email="")
            .first()
        )
        if change is None:
            return False
        idea = change.idea
        context = {"idea": idea, "change": change, "collection": idea.collection}
        try:
            _send("status_change", context, idea.contact_email)
        except OSError as error:
            raise self.retry(exc=error) from error
        change.notified_at = timezone.now()
        change.save(update_fields=["notified_at"])
    return True


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    max_retries=5,
    soft_time_limit=RESULTS_SOFT_TIME_LIMIT,
    time_limit=RESULTS_SOFT_TIME_LIMIT + 60,
)
def recompute_collection_results_task(self, collection_id: int) -> int | None:
    """Recompute one idea collection's results projection; returns the ideas counted.
    Idempotent (replaces the row); a run that finds another worker at it tries again shortly,
    and the reconciler catches anything still dirty."""
    from ideas.aggregation import collection_results_refresh

    recompute_started(self.name, collection_id)
    try:
        result = collection_results_refresh(collection_id=collection_id)
    except Busy as busy:
        raise self.retry(exc=busy, countdown=settings.RESULTS_COALESCE_SECONDS + 1) from busy
    return result.ideas if result else None
