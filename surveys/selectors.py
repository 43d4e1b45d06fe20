"""Reads for surveys."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys.models import (
    AccessCode,
    Answer,
    QuestionRecord,
    QuestionResult,
    Response,
    SurveyPage,
    SurveyResult,
)
from surveys.structure import question_items


def survey_change_conflicts(*, survey: SurveyPage, questions) -> list[str]:
    """Edits that would give answered keys another meaning: a changed question type, or a
    removed choice or matrix row that somebody chose. Wording changes are fine."""
    by_key = {child.value["key"]: child for child in question_items(questions)}
    conflicts = []
    for key, block_type in QuestionRecord.objects.filter(survey=survey).values_list(
        "key", "block_type"
    ):
        child = by_key.get(key)
        if child is not None and child.block_type != block_type:
            conflicts.append(
                _("Die Frage „%(key)s“ hat schon Antworten; ihr Fragetyp bleibt deshalb gleich.")
                % {"key": key}
            )
    answered = (
        Answer.objects.filter(survey=survey)
        .exclude(choice_key=None)
        .values_list("question_key", "row_key", "choice_key")
        .distinct()
    )
    for question_key, row_key, choice_key in answered:
        child = by_key.get(question_key)
        if child is None:
            continue
        if choice_key not in child.block.choice_keys(child.value):
            conflicts.append(
                _(
                    "Die Antwort „%(choice)s“ der Frage „%(key)s“ wurde schon gewählt und kann "
                    "nicht entfernt werden."
                )
                % {"choice": choice_key, "key": question_key}
            )
        rows = {row["key"] for row in child.value.get("rows", [])}
        if row_key and row_key not in rows:
            conflicts.append(
                _(
                    "Die Zeile „%(row)s“ der Frage „%(key)s“ hat schon Antworten und kann nicht "
                    "entfernt werden."
                )
                % {"row": row_key, "key": question_key}
            )
    return sorted(set(conflicts))


def survey_submitted_responses(*, survey: SurveyPage) -> QuerySet[Response]:
    """Submitted responses of a survey, newest first."""
    return Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).order_by(
        "-submitted_at", "-pk"
    )


def participant_response_get(*, survey: SurveyPage, participant_key: str | None) -> Response | None:
    """The participant's response to the survey, in progress or submitted. None for a survey
    that is not saved yet (an editor's preview of a new page)."""
    if not participant_key or survey.pk is None:
        return None
    return Response.objects.filter(survey=survey, participant_key=participant_key).first()


def survey_list_with_response_counts(*, surveys: QuerySet[SurveyPage]) -> QuerySet[SurveyPage]:
    """The given surveys with `submitted_count`, newest period first; one query."""
    return (
        surveys.select_related("district")
        .annotate(
            submitted_count=Count(
                "responses", filter=Q(responses__status=Response.Status.SUBMITTED)
            )
        )
        .order_by(F("opens_at").desc(nulls_last=True), "title", "pk")
    )


def survey_channel_counts(*, survey: SurveyPage) -> dict[str, int]:
    """Submitted responses per channel (online, paper, ...), channels without any left out."""
    rows = (
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
        .values_list("channel")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def access_code_batches(*, survey: SurveyPage) -> QuerySet:
    """How many access codes each batch has, as dicts (batch, count, created), oldest first."""
    return (
        AccessCode.objects.filter(survey=survey)
        .values("batch")
        .annotate(count=Count("pk"), created=Min("created_at"))
        .order_by("created", "batch")
    )


def survey_export_responses(*, survey: SurveyPage) -> QuerySet:
    """Submitted responses as (id, submitted_at, channel) tuples in id order, for exports."""
    return (
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
        .order_by("pk")
        .values_list("pk", "submitted_at", "channel")
    )


def survey_export_answers(*, survey: SurveyPage) -> QuerySet:
    """Answer rows as (response_id, question_key, row_key, choice_key, number, text) tuples,
    ordered by response like survey_export_responses, for exports."""
    return (
        Answer.objects.filter(survey=survey)
        .order_by("response_id", "pk")
        .values_list("response_id", "question_key", "row_key", "choice_key", "number", "text")
    )


def survey_list_open(*, district=None) -> list[SurveyPage]:
    """Live, public surveys taking answers now, closing soonest first; a district's only when
    one is given (city-wide surveys have no district)."""
    from django.db.models import Q

    now = timezone.now()
    surveys = (
        SurveyPage.objects.live()
        .public()
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("district")
        .order_by("closes_at", "title")
    )
    if district is not None:
        surveys = surveys.filter(district=district)
    return list(surveys)


def survey_list_published() -> QuerySet[SurveyPage]:
    """Live, public surveys in any state (not yet open, open, closed) with their district."""
    return SurveyPage.objects.live().public().select_related("district").order_by("-pk")


@dataclass(frozen=True)
class SurveyResults:
    """A survey's stored results as one reader sees them (network or public)."""

    computed_at: datetime
    responses: int | None
    survey_figures: dict
    questions: list[dict]
    dirty: bool  # newer answers are waiting to be counted


def survey_results_get(*, survey: SurveyPage, public: bool) -> SurveyResults | None:
    """The results projection of a survey, the public (suppressed) or the network's version;
    None before the first computation. Two queries whatever the number of answers."""
    result = (
        SurveyResult.objects.filter(survey=survey)
        .annotate(dirty_since=F("survey__results_state__dirty_since"))
        .first()
    )
    if result is None:
        return None
    field = "public_figures" if public else "figures"
    questions = list(
        QuestionResult.objects.filter(survey=survey)
        .order_by("position")
        .values_list(field, flat=True)
    )
    survey_figures = getattr(result, field)
    return SurveyResults(
        computed_at=result.computed_at,
        responses=survey_figures.get("responses"),
        survey_figures=survey_figures,
        questions=questions,
        dirty=result.dirty_since is not None,
    )


def survey_text_answers(*, survey: SurveyPage, question_key: str) -> QuerySet:
    """A free-text question's answers, newest first, for the network only (never public)."""
    return (
        Answer.objects.filter(survey=survey, question_key=question_key)
        .exclude(text=None)
        .exclude(text="")
        .select_related("response")
        .order_by("-response__submitted_at", "-pk")
    )


def survey_responses_filtered(
    *,
    survey: SurveyPage,
    channel: str = "",
    group: tuple[str, str] | None = None,
    submitted_from=None,
    submitted_before=None,
) -> QuerySet[Response]:
    """Submitted responses of a survey for the dashboard's filters: a channel, a demographic
    group (question key, choice key) and a submission period [from, before)."""
    from django.db.models import Exists, OuterRef

    responses = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
    if channel:
        responses = responses.filter(channel=channel)
    if group:
        question_key, choice_key = group
        answered = Answer.objects.filter(
            response=OuterRef("pk"), question_key=question_key, choice_key=choice_key
        )
        responses = responses.filter(Exists(answered))
    if submitted_from:
        responses = responses.filter(submitted_at__gte=submitted_from)
    if submitted_before:
        responses = responses.filter(submitted_at__lt=submitted_before)
    return responses


def survey_reports_list(*, survey: SurveyPage, limit: int) -> QuerySet:
    """A survey's PDF reports, newest first, with who asked for them."""
    from surveys.models import SurveyReport

    return (
        SurveyReport.objects.filter(survey=survey)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")[:limit]
    )


def survey_results_exist(*, survey: SurveyPage) -> bool:
    """Whether the survey's results were computed at least once."""
    return SurveyResult.objects.filter(survey=survey).exists()


def survey_responses_per_day(*, survey: SurveyPage, channel: str = "") -> list[dict]:
    """Submitted responses per calendar day in the site's time zone (one SQL GROUP BY), as
    dicts (date, count, cumulative) in date order; days without responses are left out. With
    `channel`, that channel's responses only."""
    from django.db.models.functions import TruncDate

    responses = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
    if channel:
        responses = responses.filter(channel=channel)
    rows = (
        responses.annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_default_timezone()))
        .values_list("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    days, running = [], 0
    for day, count in rows:  # one row per day, not per response
        running += count
        days.append({"date": day, "count": count, "cumulative": running})
    return days
