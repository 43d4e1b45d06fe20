"""E-mails to submitters who asked to hear back. Tasks take ids and are safe to run twice:
the sent time is recorded in the transaction that holds the row lock."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation


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
