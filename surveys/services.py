"""Writes for surveys: participants' responses and access codes.

One response per participant is the database's rule (a partial unique index), never a
check-then-insert: the check below only picks the friendlier message.
"""

import datetime
import secrets
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from beteiligung.projection import projection_mark_dirty
from cms.models import District
from surveys.models import (
    AccessCode,
    Answer,
    Channel,
    QuestionRecord,
    Response,
    ResponseContact,
    SurveyPage,
    SurveyReport,
    SurveyResultsState,
    SurveyState,
)
from surveys.questions.base import AnswerValue
from surveys.structure import question_items
from surveys.tasks import (
    recompute_survey_results_task,
    render_survey_report_task,
    send_response_confirmation_task,
)

ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
ACCESS_CODE_LENGTH = 10


class SurveyError(Exception):
    """A submission the survey refuses; `message` is shown to the participant."""

    message = _("Ihre Antwort konnte nicht gespeichert werden.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        if message:
            self.message = message


class AlreadyAnswered(SurveyError):
    message = _("Sie haben an dieser Befragung schon teilgenommen. Vielen Dank!")


class SurveyNotOpen(SurveyError):
    message = _("Diese Befragung nimmt gerade keine Antworten an.")


@dataclass(frozen=True)
class Participant:
    """Who answers: the key that makes one response per participant, and the account if any."""

    key: str | None
    user_id: int | None = None


def browser_participant(*, survey: SurveyPage, browser_id: str) -> Participant:
    """Open mode: a salted hash of the signed browser id; the id itself is never stored."""
    digest = salted_hmac("surveys.browser", f"{survey.pk}:{browser_id}", algorithm="sha256")
    return Participant(key=f"browser:{digest.hexdigest()[:64]}")


def account_participant(*, user) -> Participant:
    return Participant(key=f"user:{user.pk}", user_id=user.pk)


def _code_hash(survey: SurveyPage, code: str) -> str:
    normalised = "".join(code.upper().split()).replace("-", "")
    return salted_hmac(
        "surveys.access-code", f"{survey.pk}:{normalised}", algorithm="sha256"
    ).hexdigest()


def access_code_participant(*, survey: SurveyPage, code: str) -> Participant | None:
    """The participant behind a code, or None for an unknown code."""
    access_code = AccessCode.objects.filter(
        survey=survey, code_hash=_code_hash(survey, code)
    ).first()
    return Participant(key=f"code:{access_code.pk}") if access_code else None


@transaction.atomic
def access_codes_generate(*, survey: SurveyPage, count: int, batch: str = "") -> list[str]:
    """Create `count` one-time codes; returns them in plain text, the only time they exist."""
    codes = set()
    while len(codes) < count:
        raw = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))
        codes.add(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    AccessCode.objects.bulk_create(
        [
            AccessCode(survey=survey, code_hash=_code_hash(survey, code), batch=batch)
            for code in codes
        ]
    )
    return sorted(codes)


def _raise_unless_participant_answered(survey, participant, error) -> None:
    """Only an existing response of this participant means "already answered"; any other
    integrity error is a fault and must not be told to a resident as their duplicate."""
    if (
        participant.key
        and Response.objects.filter(survey=survey, participant_key=participant.key).exists()
    ):
        raise AlreadyAnswered() from error
    raise error


def survey_mark_dirty(*, survey: SurveyPage) -> None:
    """Flag the survey's results for recomputation (one upsert, safe under parallel writes)
    and, after commit, ask for one coalesced recomputation task."""
    projection_mark_dirty(SurveyResultsState, target=survey, task=recompute_survey_results_task)


def _answered_district_id(survey: SurveyPage, answers: list[AnswerValue]) -> int | None:
    """City-wide surveys that ask for the district: the district the participant chose."""
    if survey.district_id is not None or not survey.district_question:
        return survey.district_id
    slug = next((a.choice_key for a in answers if a.question_key == survey.district_question), None)
    if slug is None:
        return None
    return District.objects.filter(slug=slug).values_list("pk", flat=True).first()


def _check_open(survey: SurveyPage, channel: str) -> None:
    # Paper questionnaires arrive after the survey closed; only online answers need it open.
    if not survey.live or (channel == Channel.ONLINE and survey.state() != SurveyState.OPEN):
        raise SurveyNotOpen()


@transaction.atomic
def response_draft_save(
    *, survey: SurveyPage, participant: Participant, step: int, draft_answers: dict
) -> Response:
    """Keep a participant's progress (answers of earlier steps) so they can resume.
    Idempotent per participant: the one in-progress response is updated."""
    _check_open(survey, Channel.ONLINE)
    response = (
        Response.objects.select_for_update()
        .filter(survey=survey, participant_key=participant.key)
        .first()
    )
    if response is None:
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    survey=survey,
                    district_id=survey.district_id,
                    participant_key=participant.key,
                    user_id=participant.user_id,
                )
        except IntegrityError as error:
            _raise_unless_participant_answered(survey, participant, error)
    if response.status == Response.Status.SUBMITTED:
        raise AlreadyAnswered()
    response.current_step = step
    response.draft_answers = draft_answers
    response.save(update_fields=["current_step", "draft_answers", "updated_at"])
    return response


@transaction.atomic
def response_submit(
    *,
    survey: SurveyPage,
    participant: Participant,
    answers: list[AnswerValue],
    contact_email: str | None = None,
    channel: str = Channel.ONLINE,
    entered_by=None,
) -> Response:
    """Store a submitted response and its answers (one bulk insert) and mark the survey's
    results dirty, all in one transaction. Raises AlreadyAnswered for a second response of
    the same participant and SurveyNotOpen outside the survey's period."""
    _check_open(survey, channel)
    now = timezone.now()
    district_id = _answered_district_id(survey, answers)
    response = None
    if participant.key:
        response = (
            Response.objects.select_for_update()
            .filter(survey=survey, participant_key=participant.key)
            .first()
        )
        if response is not None and response.status == Response.Status.SUBMITTED:
            raise AlreadyAnswered()
    if response is None:
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    survey=survey,
                    district_id=district_id,
                    participant_key=participant.key,
                    user_id=participant.user_id,
                    channel=channel,
                    status=Response.Status.SUBMITTED,
                    submitted_at=now,
                    entered_by=entered_by,
                )
        except IntegrityError as error:
            _raise_unless_participant_answered(survey, participant, error)
    else:
        response.status = Response.Status.SUBMITTED
        response.submitted_at = now
        response.channel = channel
        response.district_id = district_id
        response.draft_answers = {}
        response.save()

    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                survey=survey,
                question_key=answer.question_key,
                row_key=answer.row_key,
                choice_key=answer.choice_key,
                number=answer.number,
                text=answer.text,
            )
            for answer in answers
        ]
    )
    if contact_email:
        ResponseContact.objects.create(response=response, email=contact_email)
        transaction.on_commit(
            partial(send_response_confirmation_task.delay, response.pk), robust=True
        )
    QuestionRecord.objects.bulk_create(
        [
            QuestionRecord(survey=survey, key=child.value["key"], block_type=child.block_type)
            for child in question_items(survey.questions)
        ],
        ignore_conflicts=True,
    )
    survey_mark_dirty(survey=survey)
    return response


@transaction.atomic
def response_delete(*, response: Response, deleted_by) -> None:
    """Delete a submitted response with its answers and contact address (cascade), note it
    in the survey's history and mark its results dirty. Not idempotent: the row is gone."""
    survey, number = response.survey, response.pk
    response.delete()
    log(
        instance=survey,
        action="surveys.response_delete",
        user=deleted_by,
        data={"response": number},
    )
    survey_mark_dirty(survey=survey)


def responses_export_record(*, survey: SurveyPage, user, file_format: str) -> None:
    """Note in the survey's history who downloaded its raw responses, and in which format."""
    log(
        instance=survey,
        action="surveys.responses_export",
        user=user,
        data={"format": file_format},
    )


REPORT_REUSE_MINUTES = 10  # a second click while a report renders gets the same report


def survey_report_request(*, survey: SurveyPage, user) -> SurveyReport:
    """Ask for a PDF results report: a PENDING row, rendered by a task after commit. A report
    of the same survey still pending from the last 10 minutes is returned instead, so a
    double click or a reload renders once."""
    since = timezone.now() - datetime.timedelta(minutes=REPORT_REUSE_MINUTES)
    pending = (
        SurveyReport.objects.filter(
            survey=survey, status=SurveyReport.Status.PENDING, requested_at__gte=since
        )
        .order_by("-requested_at")
        .first()
    )
    if pending is not None:
        return pending
    report = SurveyReport.objects.create(
        survey=survey, requested_by=user if user is not None and user.is_authenticated else None
    )
    transaction.on_commit(partial(render_survey_report_task.delay, report.pk), robust=True)
    return report
