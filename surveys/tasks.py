"""Background work for surveys. Tasks take ids, read models, and are safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_response_confirmation_task(self, response_id: int) -> bool:
    """E-mail a participant who left an address that their answers arrived. Sends at most
    once: the sent time is recorded in the same transaction that holds the row lock."""
    from surveys.models import ResponseContact

    with transaction.atomic():
        contact = (
            ResponseContact.objects.select_for_update()
            .select_related("response__survey")
            .filter(response_id=response_id, confirmation_sent_at__isnull=True)
            .first()
        )
        if contact is None:
            return False
        survey = contact.response.survey
        with translation.override(settings.LANGUAGE_CODE):
            context = {"survey": survey, "base_url": settings.WAGTAILADMIN_BASE_URL}
            subject = render_to_string("surveys/email/confirmation_subject.txt", context).strip()
            body = render_to_string("surveys/email/confirmation_body.txt", context)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email])
        except OSError as error:  # SMTP down: try again later, the address is kept
            raise self.retry(exc=error) from error
        contact.confirmation_sent_at = timezone.now()
        contact.save(update_fields=["confirmation_sent_at"])
    return True
