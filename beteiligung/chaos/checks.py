"""What a fault run checks afterwards, from the final data: each confirmed submission stored
exactly once, nothing stored twice, and the stored results equal to plain SQL over the rows."""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import override_settings

from beteiligung.bench.aggregation import Comparison
from beteiligung.browser_id import browser_id_from_signed
from beteiligung.chaos.clients import Submission
from beteiligung.chaos.survey import MARKER_QUESTION
from surveys.aggregation import survey_figures_compute, survey_questions, survey_results_stale
from surveys.disclosure import question_public, survey_public
from surveys.models import QuestionResult, Response, SurveyPage, SurveyResult
from surveys.services import browser_participant

GROUPING_QUESTION = "weg"  # the chaos survey's demographic question


@dataclass
class Stored:
    """The submissions against the stored rows."""

    responses: int = 0  # submitted
    in_progress: int = 0
    confirmed: int = 0
    confirmed_stored_once: int = 0
    missing: list[str] = field(default_factory=list)  # confirmed, no stored response
    misattributed: list[str] = field(default_factory=list)  # stored under another participant
    duplicate_markers: list[str] = field(default_factory=list)
    duplicate_participants: int = 0
    foreign: int = 0  # stored responses no participant of this run sent
    unconfirmed_stored: int = 0  # stored, but the person saw no thanks page
    unconfirmed_lost: int = 0  # not stored, and the person saw an error


def participant_keys(survey: SurveyPage, submissions: list[Submission], *, secret: str) -> dict:
    """Marker -> participant key, from each browser's cookie as the web processes (with their
    own secret key) read it: the key their response must be stored under."""
    keys = {}
    with override_settings(SECRET_KEY=secret):
        for submission in submissions:
            browser_id = browser_id_from_signed(submission.browser_cookie or "")
            if browser_id is not None:
                keys[submission.marker] = browser_participant(
                    survey=survey, browser_id=browser_id
                ).key
    return keys


def stored_check(survey: SurveyPage, submissions: list[Submission], *, secret: str) -> Stored:
    keys = participant_keys(survey, submissions, secret=secret)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.participant_key, r.status, a.text FROM surveys_response AS r "
            "LEFT JOIN surveys_answer AS a ON a.response_id = r.id AND a.question_key = %s "
            "WHERE r.survey_id = %s",
            [MARKER_QUESTION, survey.pk],
        )
        rows = cursor.fetchall()
    submitted = [(key, marker) for key, status, marker in rows if status == "submitted"]
    by_marker = defaultdict(list)
    for key, marker in submitted:
        by_marker[marker].append(key)
    participants = Counter(key for key, _status, _marker in rows)
    sent = {submission.marker for submission in submissions}
    result = Stored(
        responses=len(submitted),
        in_progress=sum(1 for _key, status, _marker in rows if status == "in_progress"),
        duplicate_markers=sorted(m for m, stored in by_marker.items() if len(stored) > 1),
        duplicate_participants=sum(1 for count in participants.values() if count > 1),
        foreign=sum(len(stored) for marker, stored in by_marker.items() if marker not in sent),
    )
    for submission in submissions:
        stored = by_marker.get(submission.marker, [])
        if not submission.confirmed:
            if stored:
                result.unconfirmed_stored += 1
            else:
                result.unconfirmed_lost += 1
            continue
        result.confirmed += 1
        if not stored:
            result.missing.append(submission.marker)
        elif stored != [keys.get(submission.marker)] or participants[stored[0]] != 1:
            result.misattributed.append(submission.marker)
        else:
            result.confirmed_stored_once += 1
    return result


# --- results against SQL ----------------------------------------------------------------------


# The option key of an answer: its choice, or the point of the rating scale.
OPTION_SQL = "coalesce(a.choice_key, (a.number::int)::text)"
COUNTS_SQL = f"""
SELECT a.question_key, {OPTION_SQL}, count(*) FROM surveys_answer AS a
WHERE a.survey_id = %(survey)s AND (a.choice_key IS NOT NULL OR a.number IS NOT NULL)
GROUP BY 1, 2
"""  # noqa: S608 - constants only
BY_GROUP_SQL = f"""
SELECT coalesce(g.choice_key, ''), a.question_key, {OPTION_SQL}, count(*)
FROM surveys_answer AS a
LEFT JOIN surveys_answer AS g ON g.response_id = a.response_id AND g.question_key = %(grouping)s
WHERE a.survey_id = %(survey)s AND (a.choice_key IS NOT NULL OR a.number IS NOT NULL)
GROUP BY 1, 2, 3
"""  # noqa: S608 - constants only


def _sql_figures(survey_id: int) -> dict:
    params = {"survey": survey_id, "grouping": GROUPING_QUESTION}
    figures = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT channel, count(*) FROM surveys_response "
            "WHERE survey_id = %(survey)s AND status = 'submitted' GROUP BY 1",
            params,
        )
        figures["channels"] = dict(cursor.fetchall())
        figures["responses"] = sum(figures["channels"].values())
        cursor.execute(COUNTS_SQL, params)
        figures["counts"] = {(q, option): n for q, option, n in cursor.fetchall()}
        cursor.execute(
            "SELECT question_key, count(DISTINCT response_id) FROM surveys_answer "
            "WHERE survey_id = %(survey)s GROUP BY 1",
            params,
        )
        figures["answered"] = dict(cursor.fetchall())
        cursor.execute(BY_GROUP_SQL, params)
        figures["by_group"] = {(g, q, option): n for g, q, option, n in cursor.fetchall()}
    return figures


def _json(value):
    """What a JSONField gives back for `value`."""
    return json.loads(json.dumps(value))


def results_current(survey_id: int) -> bool:
    """The stored results count every submitted response and nothing is marked dirty."""
    submitted = Response.objects.filter(
        survey_id=survey_id, status=Response.Status.SUBMITTED
    ).count()
    stored = SurveyResult.objects.filter(survey_id=survey_id).values_list("responses", flat=True)
    return stored.first() == submitted and not survey_results_stale(survey_id=survey_id)


def results_compare(survey: SurveyPage) -> Comparison:
    """The stored projection against hand-written SQL over the final rows (responses,
    channels, every option count and respondents per question, the breakdown by the
    grouping question), then against a full recomputation, public figures included."""
    comparison = Comparison()
    check = comparison.check
    result = SurveyResult.objects.filter(survey=survey).first()
    if result is None:
        comparison.mismatches.append("no stored results")
        return comparison
    sql = _sql_figures(survey.pk)
    check("responses", result.responses, sql["responses"])
    check("figures responses", result.figures["responses"], sql["responses"])
    for channel in result.figures["by_channel"]:
        check(f"channel {channel['key']}", channel["count"], sql["channels"].get(channel["key"], 0))
    stored = {row.question_key: row.figures for row in QuestionResult.objects.filter(survey=survey)}
    for question in survey_questions(survey):
        figures = stored.get(question.key)
        if figures is None:
            comparison.mismatches.append(f"{question.key}: no stored figures")
            continue
        check(f"{question.key} answered", figures["answered"], sql["answered"].get(question.key, 0))
        for option in figures.get("options", []):
            expected = sql["counts"].get((question.key, option["key"]), 0)
            check(f"{question.key}/{option['key']}", option["count"], expected)
        for breakdown in figures.get("breakdowns", []):
            if breakdown["dimension"] != f"q:{GROUPING_QUESTION}":
                continue
            for group in breakdown["groups"]:
                for column, count in zip(breakdown["columns"], group["counts"], strict=True):
                    expected = sql["by_group"].get((group["key"], question.key, column["key"]), 0)
                    check(f"{question.key}/{column['key']} for {group['key']}", count, expected)
    _compare_with_recomputation(comparison, survey, result)
    return comparison


def _compare_with_recomputation(comparison: Comparison, survey: SurveyPage, result) -> None:
    survey_figures, question_figures = survey_figures_compute(survey=survey)
    k = survey.results_min_group
    check = comparison.check
    for name, stored, computed in (
        ("figures", result.figures, survey_figures),
        ("public figures", result.public_figures, survey_public(survey_figures, k=k)),
    ):
        differing = sorted(key for key in computed if stored.get(key) != _json(computed[key]))
        check(f"{name} differing from a recomputation", differing, [])
    rows = {row.question_key: row for row in QuestionResult.objects.filter(survey=survey)}
    for figures in question_figures:
        row = rows.get(figures["key"])
        check(
            f"{figures['key']} figures equal a recomputation",
            row is not None
            and row.figures == _json(figures)
            and row.public_figures == _json(question_public(figures, k=k)),
            True,
        )
