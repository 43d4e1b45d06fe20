"""Background work for surveys. Tasks take ids, read models, and are safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from beteiligung.projection import Busy, recompute_started

# A recomputation of a million answers takes seconds; the limit only stops a runaway query.
RESULTS_SOFT_TIME_LIMIT = 600


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


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    max_retries=5,
    soft_time_limit=RESULTS_SOFT_TIME_LIMIT,
    time_limit=RESULTS_SOFT_TIME_LIMIT + 60,
)
def recompute_survey_results_task(self, survey_id: int) -> int | None:
    """Recompute one survey's results projection; returns the responses counted. Idempotent
    (replaces the rows); a run that finds another worker at it tries again shortly, and the
    reconciler catches anything still dirty."""
    from surveys.aggregation import survey_results_refresh, survey_results_stale

    recompute_started(self.name, survey_id)
    if not survey_results_stale(survey_id=survey_id):
        return None  # an earlier run of a burst has counted everything already
    try:
        result = survey_results_refresh(survey_id=survey_id)
    except Busy as busy:
        raise self.retry(exc=busy, countdown=settings.RESULTS_COALESCE_SECONDS + 1) from busy
    return result.responses if result else None


# WeasyPrint lays out a report of some 20 pages in a few seconds; the limit stops a runaway.
REPORT_SOFT_TIME_LIMIT = 300


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=3,
    default_retry_delay=30,
    soft_time_limit=REPORT_SOFT_TIME_LIMIT,
    time_limit=REPORT_SOFT_TIME_LIMIT + 30,
)
def render_survey_report_task(self, report_id: int) -> str | None:
    """Render one PDF results report; returns its status. Idempotent: a report that is READY
    (or FAILED) is not rendered again. Storage errors (OSError) are retried three times, then
    the report is FAILED."""
    from surveys.reports import survey_report_fail, survey_report_render

    try:
        report = survey_report_render(report_id=report_id)
    except OSError as error:
        if self.request.retries >= self.max_retries:
            survey_report_fail(report_id=report_id)
            raise
        raise self.retry(exc=error) from error
    return report.status if report else None
