"""Aggregation benchmark: the results projection of one survey at 1 k, 10 k, 100 k and 1 M
answers.

Targets (DESIGN.md): a full recomputation at most 2x a raw SQL GROUP BY over the same rows, with
identical numbers; results read in p99 <= 30 ms whatever the number of answers; a burst of
submissions costs a handful of recomputations (coalescing).

Per size the demo questionnaire's answers are generated with a few set-based INSERT ... SELECT
statements (seeded random(), so every run writes the same rows), in the shape the question
types write them. Then: `survey_results_refresh` against hand-written SQL computing the same
cells in the same session (median of 3 after a warm-up each), every count of the stored
figures checked against that SQL, and 300 reads of the projection. Last, 1,000 submissions
through `response_submit` with a real Celery worker, counting the recomputations it ran.
"""

import copy
import datetime
import logging
import os
import random
import re
import subprocess
import sys
import threading
import time
import warnings
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from importlib.util import find_spec

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import Page, Site

from beteiligung.bench import median, milliseconds, percentile, seconds, table, thousands
from cms.models import District, DistrictPage, HomePage
from cms.services import district_create
from surveys.aggregation import (
    GROUPING_BLOCK_TYPES,
    OTHER_TEXTS_LIMIT,
    survey_questions,
    survey_results_refresh,
)
from surveys.demo import DEMO_CHANNELS, DEMO_WISHES, GUT_LEBEN_QUESTIONS, GUT_LEBEN_SURVEY
from surveys.models import QuestionResult, SurveyPage, SurveyResult, SurveyResultsState

SIZES = (1_000, 10_000, 100_000, 1_000_000)  # answers
RUNS = 3  # timed runs of recompute and raw SQL each, after one warm-up
READS = 300
SUBMISSIONS = 1_000
SUBMIT_THREADS = 4
SEED = 2026
BENCH_SLUG = "bench-aggregation"
# A site of its own when the database has no home page yet: the results page is requested
# through Wagtail's routing, which picks the site by host and port.
BENCH_HOST, BENCH_PORT = "127.0.0.1", 8099
WORKER_READY_SECONDS = 60
RESULTS_CURRENT_TIMEOUT = 300
IN_PROGRESS_SHARE = 0.08  # started, never submitted: no Answer rows, only drop-off figures

# --- generated answers --------------------------------------------------------------------
# Shares follow surveys.demo.demo_answers; the date and street questions, which the demo
# leaves out, are answered by three in four.
AGE = (("unter-60", 10), ("60-69", 30), ("70-79", 35), ("80-plus", 25))
STAY = (("unter-5", 10), ("5-20", 30), ("ueber-20", 60))
RATING = ((1, 3), (2, 7), (3, 20), (4, 40), (5, 30))
AGREEMENT = (("zu", 35), ("eher-zu", 35), ("eher-nicht", 20), ("nicht", 10))
GENDER = (("weiblich", 55), ("maennlich", 40), ("divers", 1), ("keine-angabe", 4))
HOUSEHOLD = ((1, 45), (2, 45), (3, 7), (4, 3))
HINDRANCES = ("weg-zu-weit", "keine-baenke", "bordsteine", "keine-laeden")
OFFERS = ("mittagstisch", "besuchsdienst", "fahrdienst", "treffpunkt")
MATRIX_ROWS = ("nachbarschaft", "beratung", "sicherheit")
OTHER_HINDRANCES = (
    "Ich brauche einen Rollator und die Gehwege sind zugeparkt.",
    "Die Ampel an der Hauptstraße ist zu kurz grün.",
    "Im Winter ist nicht geräumt.",
    "Ich trage die Einkäufe nicht mehr allein.",
)
STREETS = (
    "Breite Straße",
    "Kirchstraße",
    "Marie-Alexandra-Straße",
    "Bulacher Straße",
    "Hohenzollernstraße",
    "Gebhardstraße",
    "Grünwinkler Straße",
    "Litzelaustraße",
)
OTHER_SHARE = 0.1  # of those with hindrances, who write one of their own ("Sonstiges")
ANSWERED = {
    **{"wish": 0.4, "age": 0.9, "gender": 0.85, "household": 0.8},
    **{"moved": 0.75, "street": 0.75},
}
P_WALK_NOT = 0.25 * (0.6 + 0.4 * 0.3) + 0.75 * 0.3  # 80+ walk less: see demo_answers
# Answers per submitted response: 10 always (3 single, 4 ranks, 3 matrix rows), 1 to 3
# hindrances for those who cannot walk, and the optional questions.
ANSWERS_PER_RESPONSE = 10 + P_WALK_NOT * 2 + sum(ANSWERED.values())


def _literal(value) -> str:
    """A constant as SQL; "%" doubled, as the statements run with parameters."""
    if not isinstance(value, str):
        return str(value)
    return "'" + value.replace("'", "''").replace("%", "%%") + "'"


def _weighted_sql(draw: str, options) -> str:
    """CASE over a uniform draw in [0, 1) picking a value with the given weights."""
    total = sum(weight for _value, weight in options)
    cases, cumulative = [], 0
    for value, weight in options[:-1]:
        cumulative += weight
        cases.append(f"WHEN {draw} < {cumulative / total} THEN {_literal(value)}")
    return f"CASE {' '.join(cases)} ELSE {_literal(options[-1][0])} END"


def _array_sql(values) -> str:
    return "ARRAY[" + ", ".join(_literal(value) for value in values) + "]"


def _pick_sql(draw: str, share: float, values) -> str:
    """One of `values`, evenly, from a draw already known to be below `share`."""
    return f"({_array_sql(values)})[1 + floor({draw} / {share} * {len(values)})::int]"


# One uniform draw per respondent and decision, taken in a fixed order (repeatable per seed).
DRAWS = (
    *("channel", "day", "age", "walk", "walk_old", "stay", "rating", "hind", "other", "wish"),
    *("age_given", "gender_given", "gender", "household_given", "household", "moved_given"),
    *("moved", "street_given", "street", "row1", "row2", "row3", "step"),
)

# The SQL below is assembled from this module's constants only.
RESPONDENTS_SQL = f"""
CREATE TEMP TABLE bench_respondent ON COMMIT DROP AS
SELECT d.*, g <= %(submitted)s AS submitted,
    CASE WHEN g > %(submitted)s THEN 'online'
         ELSE {_weighted_sql("u_channel", DEMO_CHANNELS)} END AS channel,
    {_weighted_sql("u_age", AGE)} AS age,
    CASE WHEN u_age >= 0.75 AND u_walk_old < 0.6 THEN 'nein'
         WHEN u_walk < 0.7 THEN 'ja' ELSE 'nein' END AS walks,
    1 + floor(u_hind * 3)::int AS hindrances,
    now() - u_day * interval '28 days' AS at
FROM (
    SELECT g, nextval(pg_get_serial_sequence('surveys_response', 'id')) AS response_id,
        {", ".join(f"random() AS u_{name}" for name in DRAWS)}
    FROM generate_series(1, %(total)s) AS g
) AS d
"""  # noqa: S608

RESPONSES_SQL = """
INSERT INTO surveys_response (id, survey_id, district_id, participant_key, user_id, channel,
    status, current_step, draft_answers, entered_by_id, started_at, updated_at, submitted_at)
SELECT response_id, %(survey)s, %(district)s,
    CASE WHEN channel = 'online' THEN 'browser:' || md5(%(survey)s::text || ':bench:' || g) END,
    NULL, channel,
    CASE WHEN submitted THEN 'submitted' ELSE 'in_progress' END,
    CASE WHEN submitted THEN 1 ELSE 1 + floor(u_step * 3)::int END,
    '{}', NULL, at - interval '8 minutes', at, CASE WHEN submitted THEN at END
FROM bench_respondent ORDER BY response_id
"""

_OPTIONAL = {name: f"u_{name}_given < {share}" for name, share in ANSWERED.items()}
_OPTIONAL["wish"] = f"u_wish < {ANSWERED['wish']}"
_ANSWER_COLUMNS = "response_id, pos, question_key, row_key, choice_key, number, text"
ANSWERS_SQL = f"""
INSERT INTO surveys_answer (response_id, survey_id, question_key, row_key, choice_key, number,
    text)
SELECT response_id, %(survey)s, question_key, row_key, choice_key, number, text FROM (
    SELECT response_id, 1 AS pos, 'wohndauer' AS question_key, NULL::varchar AS row_key,
        {_weighted_sql("u_stay", STAY)}::varchar AS choice_key, NULL::numeric AS number,
        NULL::text AS text
    FROM bench_respondent WHERE submitted
    UNION ALL
    SELECT response_id, 2, 'zufriedenheit', NULL, NULL, {_weighted_sql("u_rating", RATING)}, NULL
    FROM bench_respondent WHERE submitted
    UNION ALL
    SELECT response_id, 3, 'einkauf-zu-fuss', NULL, walks, NULL, NULL
    FROM bench_respondent WHERE submitted
    UNION ALL
    SELECT r.response_id, 4, 'einkauf-hindernisse', NULL, h.key, NULL, NULL
    FROM bench_respondent AS r CROSS JOIN LATERAL (
        SELECT key FROM unnest({_array_sql(HINDRANCES)}) AS key
        WHERE r.walks = 'nein' ORDER BY random()
        LIMIT r.hindrances - (r.u_other < {OTHER_SHARE})::int
    ) AS h
    WHERE r.submitted
    UNION ALL
    SELECT response_id, 4, 'einkauf-hindernisse', NULL, 'sonstiges', NULL,
        {_pick_sql("u_other", OTHER_SHARE, OTHER_HINDRANCES)}
    FROM bench_respondent WHERE submitted AND walks = 'nein' AND u_other < {OTHER_SHARE}
    UNION ALL
    SELECT r.response_id, 5, 'angebote', NULL, o.key, o.rank, NULL
    FROM bench_respondent AS r CROSS JOIN LATERAL (
        SELECT key, row_number() OVER (ORDER BY random()) AS rank
        FROM unnest({_array_sql(OFFERS)}) AS key WHERE r.submitted
    ) AS o
    UNION ALL
    SELECT r.response_id, 5 + m.position, 'aussagen', m.key,
        {_weighted_sql("(ARRAY[r.u_row1, r.u_row2, r.u_row3])[m.position::int]", AGREEMENT)},
        NULL, NULL
    FROM bench_respondent AS r
    CROSS JOIN unnest({_array_sql(MATRIX_ROWS)}) WITH ORDINALITY AS m(key, position)
    WHERE r.submitted
    UNION ALL
    SELECT response_id, 9, 'wunsch', NULL, NULL, NULL,
        {_pick_sql("u_wish", ANSWERED["wish"], DEMO_WISHES)}
    FROM bench_respondent WHERE submitted AND {_OPTIONAL["wish"]}
    UNION ALL
    SELECT response_id, 10, 'altersgruppe', NULL, age, NULL, NULL
    FROM bench_respondent WHERE submitted AND {_OPTIONAL["age"]}
    UNION ALL
    SELECT response_id, 11, 'geschlecht', NULL, {_weighted_sql("u_gender", GENDER)}, NULL, NULL
    FROM bench_respondent WHERE submitted AND {_OPTIONAL["gender"]}
    UNION ALL
    SELECT response_id, 12, 'haushalt', NULL, NULL, {_weighted_sql("u_household", HOUSEHOLD)},
        NULL
    FROM bench_respondent WHERE submitted AND {_OPTIONAL["household"]}
    UNION ALL
    SELECT response_id, 13, 'einzug', NULL, NULL, NULL,
        to_char(date '1950-01-01' + floor(u_moved * 27740)::int, 'YYYY-MM-DD')
    FROM bench_respondent WHERE submitted AND {_OPTIONAL["moved"]}
    UNION ALL
    SELECT response_id, 14, 'strasse', NULL, NULL, NULL,
        {_pick_sql("u_street", 1, STREETS)}
    FROM bench_respondent WHERE submitted AND {_OPTIONAL["street"]}
) AS answer ({_ANSWER_COLUMNS})
ORDER BY response_id, pos
"""  # noqa: S608


def survey_clear(survey_id: int) -> None:
    """Remove a survey's responses, answers and results (set-based: 1 M rows in seconds); the
    responses protect the page from deletion."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM surveys_answer WHERE survey_id = %s", [survey_id])
        cursor.execute(
            "DELETE FROM surveys_responsecontact WHERE response_id IN "
            "(SELECT id FROM surveys_response WHERE survey_id = %s)",
            [survey_id],
        )
        cursor.execute("DELETE FROM surveys_response WHERE survey_id = %s", [survey_id])
    QuestionResult.objects.filter(survey_id=survey_id).delete()
    SurveyResult.objects.filter(survey_id=survey_id).delete()
    SurveyResultsState.objects.filter(survey_id=survey_id).delete()


def answers_generate(survey: SurveyPage, *, answers: int, seed: int) -> tuple[int, int]:
    """Write about `answers` answers (and a share of unfinished questionnaires) for the survey;
    returns (answers, submitted responses) as written."""
    submitted = round(answers / ANSWERS_PER_RESPONSE)
    total = round(submitted / (1 - IN_PROGRESS_SHARE))
    params = {
        "survey": survey.pk,
        "district": survey.district_id,
        "submitted": submitted,
        "total": total,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # random() is repeatable only in one fixed order: no parallel plans.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        if cursor.fetchone()[0]:
            # The rows are consistent by construction; the deferred foreign-key triggers would
            # check 2 M references one by one at commit, as long again as the inserts.
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(RESPONDENTS_SQL, params)
        cursor.execute(RESPONSES_SQL, params)
        cursor.execute(ANSWERS_SQL, params)
        written = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE surveys_response")
        cursor.execute("VACUUM ANALYZE surveys_answer")
    return written, submitted


# --- the survey page ------------------------------------------------------------------------


def survey_create() -> SurveyPage:
    """A district page with the demo survey, live, results public while it runs."""
    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Benchmark", slug=BENCH_SLUG, intro="Benchmark.")
        )
    if not Site.objects.filter(root_page=home).exists():
        Site.objects.create(
            hostname=BENCH_HOST, port=BENCH_PORT, root_page=home, site_name="Benchmark"
        )
    district = district_create(name="Benchmark-Stadtteil", slug=BENCH_SLUG)
    district_page = home.add_child(
        instance=DistrictPage(
            title=district.name, slug=BENCH_SLUG, district=district, intro="Benchmark."
        )
    )
    now = timezone.now()
    fields = {**GUT_LEBEN_SURVEY, "slug": BENCH_SLUG, "results_visibility": "live"}
    return district_page.add_child(
        instance=SurveyPage(
            **fields,
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now + datetime.timedelta(days=30),
            questions=copy.deepcopy(GUT_LEBEN_QUESTIONS),
        )
    )


def bench_pages_delete() -> None:
    """Everything the benchmark created, also what a crashed or --keep run left behind."""
    for survey_id in SurveyPage.objects.filter(slug=BENCH_SLUG).values_list("pk", flat=True):
        survey_clear(survey_id)
    for page in DistrictPage.objects.filter(slug=BENCH_SLUG):
        page.delete()
    Site.objects.filter(hostname=BENCH_HOST, port=BENCH_PORT, site_name="Benchmark").delete()
    for home in HomePage.objects.filter(slug=BENCH_SLUG):
        home.delete()
    for district in District.objects.filter(slug=BENCH_SLUG):
        group, collection = district.network_group, district.collection
        district.delete()
        if group is not None:
            group.delete()
        if collection is not None:
            collection.delete()


# --- recompute vs. raw SQL -----------------------------------------------------------------


@dataclass
class QueryLog:
    """Time spent in the database during a block, per statement."""

    queries: list[tuple[float, str]] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - start, sql))

    @property
    def total(self) -> float:
        return sum(duration for duration, _sql in self.queries)


@contextmanager
def _query_log():
    log = QueryLog()
    with connection.execute_wrapper(log):
        yield log


def _recompute(survey_id: int) -> tuple[float, QueryLog]:
    with _query_log() as log:
        start = time.perf_counter()
        survey_results_refresh(survey_id=survey_id)
        elapsed = time.perf_counter() - start
    return elapsed, log


@dataclass
class Baseline:
    """The cells of a survey's results, as plain SQL computes them. Groups: () for everyone,
    ("channel", channel), ("q:<key>", choice or "" for no answer to the grouping question)."""

    counts: dict = field(default_factory=lambda: defaultdict(int))  # (group, q, row, choice)
    numbers: dict = field(default_factory=lambda: defaultdict(dict))  # (group, q, choice)
    respondents: dict = field(default_factory=dict)  # (group, q), multiple choice
    months: dict = field(default_factory=lambda: defaultdict(dict))
    texts: dict = field(default_factory=dict)
    other_texts: dict = field(default_factory=lambda: defaultdict(dict))
    words: dict = field(default_factory=dict)
    status: dict = field(default_factory=dict)
    channels: dict = field(default_factory=dict)
    days: dict = field(default_factory=dict)
    stopped: dict = field(default_factory=dict)
    stats: dict = field(default_factory=dict)  # (group, q, choice) -> (n, mean, ...), checks only
    params: dict = field(default_factory=dict)  # of the queries, for the statistics

    def add(self, group, question_key, row_key, choice_key, number, count) -> None:
        if choice_key is not None:
            self.counts[(group, question_key, row_key, choice_key)] += count
        if number is not None:
            self.numbers[(group, question_key, choice_key)][number] = count


def _groupings(grouping_keys: list[str]) -> list[tuple[str, str, str]]:
    """(dimension, group column, join) per grouping: everyone, the channel (from the response),
    and per grouping question the respondent's own answer to it, a self-join on response_id
    ('' when they gave none)."""
    groupings = [("NULL", "NULL", ""), ("'channel'", "r.channel", BY_CHANNEL)]
    for index in range(len(grouping_keys)):
        dimension = f"'q:' || %(grouping_{index})s"
        groupings.append((dimension, "coalesce(g.choice_key, '')", BY_ANSWER.format(index=index)))
    return groupings


BY_CHANNEL = "JOIN surveys_response AS r ON r.id = a.response_id"
BY_ANSWER = (
    "LEFT JOIN surveys_answer AS g ON g.response_id = a.response_id "
    "AND g.survey_id = %(survey)s AND g.question_key = %(grouping_{index})s "
    "AND g.choice_key IS NOT NULL"
)


def _grouped_sql(grouping, select: list[str], where: str, aggregates: str) -> str:
    """One plain GROUP BY of the answers for a grouping from _groupings: rows are (dimension,
    group key, *select, *aggregates); everyone's rows have NULL, NULL."""
    dimension, column, join = grouping
    positions = ", ".join(str(position) for position in range(1, len(select) + 3))
    return (
        f"SELECT {dimension}, {column}, {', '.join(select)}, {aggregates} "  # noqa: S608
        f"FROM surveys_answer AS a {join} "
        f"WHERE a.survey_id = %(survey)s AND {where} GROUP BY {positions}"
    )


def _group(dimension, key):
    return () if dimension is None else (dimension, key)


def _baseline(survey: SurveyPage, questions) -> Baseline:
    """Every cell of the figures with hand-written SQL over the same rows."""
    keys = {kind: [q.key for q in questions if q.kind == kind] for kind in ("date", "text")}
    params = {
        "survey": survey.pk,
        "grouping": [
            q.key
            for q in questions
            if q.block_type in GROUPING_BLOCK_TYPES and q.value.get("demographic")
        ],
        "multiple": [q.key for q in questions if q.multiple],
        "date": keys["date"],
        "text": keys["text"],
        "other": [q.key for q in questions if q.value.get("allow_other")],
        "time_zone": settings.TIME_ZONE,
    }
    params.update({f"grouping_{index}": key for index, key in enumerate(params["grouping"])})
    base = Baseline(params=params)
    with connection.cursor() as cursor:
        groupings = _groupings(params["grouping"])
        for grouping in groupings:
            select = ["a.question_key", "a.row_key", "a.choice_key", "a.number"]
            valued = "(a.choice_key IS NOT NULL OR a.number IS NOT NULL)"
            cursor.execute(_grouped_sql(grouping, select, valued, "count(*)"), params)
            for dimension, key, *row in cursor.fetchall():
                base.add(_group(dimension, key), *row)
        multiple = [
            _grouped_sql(
                grouping,
                ["a.question_key"],
                "a.question_key = ANY(%(multiple)s)",
                "count(DISTINCT a.response_id)",
            )
            for grouping in groupings
        ]
        cursor.execute(" UNION ALL ".join(multiple), params)
        for dimension, key, question_key, count in cursor.fetchall():
            base.respondents[(_group(dimension, key), question_key)] = count
        cursor.execute(
            "SELECT question_key, substr(text, 1, 7), count(*) FROM surveys_answer "
            "WHERE survey_id = %(survey)s AND question_key = ANY(%(date)s) GROUP BY 1, 2",
            params,
        )
        for question_key, month, count in cursor.fetchall():
            base.months[question_key][month] = count
        cursor.execute(
            "SELECT question_key, count(*) FROM surveys_answer "
            "WHERE survey_id = %(survey)s AND question_key = ANY(%(text)s) GROUP BY 1",
            params,
        )
        base.texts = dict(cursor.fetchall())
        cursor.execute(
            "SELECT question_key, text, count(*) FROM surveys_answer "
            "WHERE survey_id = %(survey)s AND question_key = ANY(%(other)s) "
            "AND choice_key = 'sonstiges' AND text IS NOT NULL GROUP BY 1, 2",
            params,
        )
        for question_key, text, count in cursor.fetchall():
            base.other_texts[question_key][text] = count
        for question_key in keys["text"]:
            # Word counts for the frequent terms: the same text search the projection uses.
            cursor.execute(
                "SELECT count(*) FROM ts_stat(format("
                "'SELECT to_tsvector(''simple'', coalesce(text, '''')) FROM surveys_answer "
                "WHERE survey_id = %%s AND question_key = %%L AND text IS NOT NULL', "
                "%(survey)s, %(key)s::text))",
                {**params, "key": question_key},
            )
            base.words[question_key] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT status, count(*) FROM surveys_response WHERE survey_id = %(survey)s GROUP BY 1",
            params,
        )
        base.status = dict(cursor.fetchall())
        cursor.execute(
            "SELECT channel, count(*) FROM surveys_response "
            "WHERE survey_id = %(survey)s AND status = 'submitted' GROUP BY 1",
            params,
        )
        base.channels = dict(cursor.fetchall())
        cursor.execute(
            "SELECT (submitted_at AT TIME ZONE %(time_zone)s)::date, count(*) "
            "FROM surveys_response WHERE survey_id = %(survey)s AND status = 'submitted' "
            "GROUP BY 1",
            params,
        )
        base.days = {day.isoformat(): count for day, count in cursor.fetchall()}
        cursor.execute(
            "SELECT current_step, count(*) FROM surveys_response "
            "WHERE survey_id = %(survey)s AND status = 'in_progress' GROUP BY 1",
            params,
        )
        base.stopped = dict(cursor.fetchall())
    return base


def _baseline_stats(base: Baseline) -> None:
    """n, mean, quartiles, min and max of every number, in SQL (percentile_cont), to check the
    projection's statistics against; not part of the timed baseline."""
    sql = " UNION ALL ".join(
        _grouped_sql(
            grouping,
            ["a.question_key", "a.choice_key"],
            "a.number IS NOT NULL",
            "count(*), avg(a.number), min(a.number), max(a.number), "
            "percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY a.number)",
        )
        for grouping in _groupings(base.params["grouping"])
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, base.params)
        for dimension, key, question_key, choice_key, *values in cursor.fetchall():
            n, mean, low, high, (q1, median_, q3) = values
            base.stats[(_group(dimension, key), question_key, choice_key)] = {
                "n": n,
                "mean": float(mean),
                "q1": q1,
                "median": median_,
                "q3": q3,
                "min": float(low),
                "max": float(high),
            }


# --- cell by cell ---------------------------------------------------------------------------


@dataclass
class Comparison:
    cells: int = 0
    mismatches: list[str] = field(default_factory=list)

    def check(self, where: str, stored, expected) -> None:
        self.cells += 1
        if isinstance(expected, float) or isinstance(stored, float):
            same = stored is not None and expected is not None
            same = same and abs(float(stored) - float(expected)) <= 1e-4 + 1e-9
        else:
            same = stored == expected
        if not same:
            self.mismatches.append(f"{where}: stored {stored!r}, SQL {expected!r}")

    def stats(self, where: str, stored: dict | None, expected: dict | None) -> None:
        if expected is None or stored is None:
            self.check(f"{where} stats", stored, expected)
            return
        for name, value in expected.items():
            self.check(f"{where} {name}", stored.get(name), value)


def _compare(survey: SurveyPage, questions, base: Baseline) -> Comparison:
    """Every count (and statistic) of the stored figures against the raw SQL's."""
    comparison = Comparison()
    result = SurveyResult.objects.get(survey=survey)
    figures = result.figures
    submitted = base.status.get("submitted", 0)
    started = submitted + base.status.get("in_progress", 0)
    comparison.check("responses", figures["responses"], submitted)
    comparison.check("started", figures["started"], started)
    for channel in figures["by_channel"]:
        expected = base.channels.get(channel["key"], 0)
        comparison.check(f"channel {channel['key']}", channel["count"], expected)
    stored_days = {day["day"]: day["count"] for day in figures["by_day"]}
    for day in sorted(set(stored_days) | set(base.days)):
        comparison.check(f"day {day}", stored_days.get(day), base.days.get(day))
    comparison.check("drop-off reached", figures["drop_off"][0]["reached"], started)
    for step in figures["drop_off"]:
        comparison.check(f"left at {step['step']}", step["left"], base.stopped.get(step["step"], 0))

    stored = dict(
        QuestionResult.objects.filter(survey=survey).values_list("question_key", "figures")
    )
    for question in questions:
        _compare_question(comparison, question, stored[question.key], base)
    return comparison


def _answered(question, base: Baseline, group, row_key=None) -> int:
    if question.multiple:
        return base.respondents.get((group, question.key), 0)
    if question.kind == "scale":
        return sum(base.numbers.get((group, question.key, None), {}).values())
    return sum(
        count
        for (g, q, row, _choice), count in base.counts.items()
        if g == group and q == question.key and row == row_key
    )


def _cell(question, base: Baseline, group, option_key, row_key=None) -> int:
    if question.kind == "scale":
        return base.numbers.get((group, question.key, None), {}).get(Decimal(option_key), 0)
    return base.counts.get((group, question.key, row_key, option_key), 0)


def _first_places(question, base: Baseline, group, option_key) -> int:
    return base.numbers.get((group, question.key, option_key), {}).get(Decimal(1), 0)


def _compare_question(comparison: Comparison, question, figures: dict, base: Baseline) -> None:
    key, kind, check = question.key, question.kind, comparison.check
    if kind in ("choice", "scale"):
        for option in figures["options"]:
            check(
                f"{key}/{option['key']}", option["count"], _cell(question, base, (), option["key"])
            )
        check(f"{key} answered", figures["answered"], _answered(question, base, ()))
        if kind == "scale":
            comparison.stats(key, figures["stats"], base.stats.get(((), key, None)))
        if "other_texts" in figures:
            expected = base.other_texts.get(key, {})
            check(
                f"{key} other texts",
                len(figures["other_texts"]),
                min(len(expected), OTHER_TEXTS_LIMIT),
            )
            for other in figures["other_texts"]:
                check(f"{key} other {other['text']!r}", other["count"], expected.get(other["text"]))
    elif kind == "number":
        expected = base.stats.get(((), key, None))
        comparison.stats(key, figures["stats"], expected)
        check(f"{key} answered", figures["answered"], expected["n"] if expected else 0)
        distribution = sorted(base.numbers.get(((), key, None), {}).items())
        if len(distribution) <= 12:
            check(
                f"{key} histogram",
                [bar["count"] for bar in figures["histogram"]],
                [count for _value, count in distribution],
            )
    elif kind == "date":
        months = base.months.get(key, {})
        periods = months
        if len(months) > 24:  # the results show years then (surveys.aggregation)
            periods = defaultdict(int)
            for month, count in months.items():
                periods[month[:4]] += count
        for option in figures["options"]:
            check(f"{key}/{option['key']}", option["count"], periods.get(option["key"]))
        check(f"{key} periods", len(figures["options"]), len(periods))
        check(f"{key} answered", figures["answered"], sum(months.values()))
    elif kind == "ranking":
        for option in figures["ranking"]:
            expected = base.stats.get(((), key, option["key"]))
            check(f"{key}/{option['key']} n", option["n"], expected["n"] if expected else 0)
            check(
                f"{key}/{option['key']} first",
                option["first"],
                _first_places(question, base, (), option["key"]),
            )
            check(f"{key}/{option['key']} mean rank", option["mean_rank"], expected["mean"])
    elif kind == "matrix":
        for row in figures["rows"]:
            for option in row["options"]:
                expected = base.counts.get(((), key, row["key"], option["key"]), 0)
                check(f"{key}/{row['key']}/{option['key']}", option["count"], expected)
            check(
                f"{key}/{row['key']} answered",
                row["answered"],
                _answered(question, base, (), row["key"]),
            )
    elif kind == "text":
        check(f"{key} answered", figures["answered"], base.texts.get(key, 0))
    for breakdown in figures.get("breakdowns", []):
        _compare_breakdown(comparison, question, breakdown, base)


def _compare_breakdown(comparison: Comparison, question, breakdown: dict, base: Baseline) -> None:
    check, dimension = comparison.check, breakdown["dimension"]
    row_key = breakdown.get("row_key")
    where = f"{question.key}{'/' + row_key if row_key else ''} by {dimension}"
    if "columns" not in breakdown:  # statistics per group (number questions)
        for group in breakdown["groups"]:
            expected = base.stats.get(((dimension, group["key"]), question.key, None))
            comparison.stats(f"{where}={group['key']}", group["stats"], expected)
        overall = base.stats.get(((), question.key, None))
        check(f"{where} total", breakdown["total"], overall["n"] if overall else 0)
        return
    columns = [column["key"] for column in breakdown["columns"]]
    first = breakdown.get("measure") == "first"

    def cell(group, column):
        if first:
            return _first_places(question, base, group, column)
        return _cell(question, base, group, column, row_key)

    for group in breakdown["groups"]:
        key = (dimension, group["key"])
        for column, stored in zip(columns, group["counts"], strict=True):
            check(f"{where}={group['key']}/{column}", stored, cell(key, column))
        n = (
            sum(cell(key, column) for column in columns)
            if first
            else _answered(question, base, key, row_key)
        )
        check(f"{where}={group['key']} n", group["n"], n)
        if question.kind == "scale" and group.get("stats") is not None:
            # "keine Angabe" has no statistics: its counts come from subtraction.
            comparison.stats(
                f"{where}={group['key']}",
                group["stats"],
                base.stats.get((key, question.key, None)),
            )
    for column, stored in zip(columns, breakdown["column_totals"], strict=True):
        check(f"{where} total {column}", stored, cell((), column))
    overall = (
        sum(cell((), column) for column in columns)
        if first
        else _answered(question, base, (), row_key)
    )
    check(f"{where} total", breakdown["total"], overall)


def _disclosure_time(survey: SurveyPage) -> tuple[float, str, float]:
    """How long the recomputation's suppression step takes on the stored figures (it is pure):
    in all, and for the slowest question."""
    from surveys.disclosure import question_public, survey_public

    k = survey.results_min_group
    start = time.perf_counter()
    survey_public(SurveyResult.objects.get(survey=survey).figures, k=k)
    total, slowest = time.perf_counter() - start, ("", 0.0)
    for key, figures in QuestionResult.objects.filter(survey=survey).values_list(
        "question_key", "figures"
    ):
        start = time.perf_counter()
        question_public(figures, k=k)
        elapsed = time.perf_counter() - start
        total += elapsed
        slowest = max(slowest, (key, elapsed), key=lambda item: item[1])
    return total, *slowest


# --- read latency ---------------------------------------------------------------------------


def _timed(function, count: int) -> tuple[float, float]:
    for _ in range(10):  # warm-up: connection, caches, the plan
        function()
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return percentile(samples, 0.5), percentile(samples, 0.99)


def _read_latency(survey: SurveyPage) -> tuple:
    """p50/p99 of the projection read, of the public results page rendered, and of the same
    page from the page cache (or why not)."""
    from surveys.selectors import survey_results_get

    projection = _timed(lambda: survey_results_get(survey=survey, public=True), READS)
    if find_spec("surveys.results_views") is None:
        return projection, "the public results page (surveys.results_views) is not there yet", "–"
    site = Site.objects.get(root_page=survey.get_ancestors().type(HomePage).first())
    host = site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"
    client = Client(HTTP_HOST=host, SERVER_PORT=str(site.port))
    url = f"{survey.relative_url(site)}ergebnisse/"
    status = client.get(url).status_code
    if status != 200:
        return projection, f"GET {url} answered {status}", "–"
    rendered = _timed(lambda: client.get(url), READS)
    # As anonymous visitors get it in production: from the page cache (beteiligung.page_cache).
    with override_settings(PAGE_CACHE_SECONDS=120):
        stored = _timed(lambda: client.get(url), READS)
    return projection, rendered, stored


# --- coalescing -----------------------------------------------------------------------------

TASK_DONE = re.compile(
    r"Task surveys\.tasks\.recompute_survey_results_task\[[^\]]+\] succeeded in [\d.]+s: (\S+)"
)


class Worker:
    """A Celery worker subprocess (solo pool) whose log lines are kept."""

    def __init__(self):
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "beteiligung",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--hostname=bench-aggregation@%h",
            ],
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip())
            if "ready." in line:
                self.ready.set()

    def stop(self) -> None:
        self.process.terminate()  # warm shutdown: the running task finishes
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _submit(survey_id: int, numbers: range, seed: int) -> float:
    """Submit generated answers for the given participant numbers; returns when the last one
    was committed (monotonic clock)."""
    from surveys.demo import demo_answers
    from surveys.services import Participant, browser_participant, response_submit

    try:
        survey = SurveyPage.objects.get(pk=survey_id)
        rng = random.Random(seed)  # noqa: S311 - generated answers, not a secret
        channels, weights = zip(*DEMO_CHANNELS, strict=True)
        for number in numbers:
            channel = rng.choices(channels, weights)[0]
            participant = (
                browser_participant(survey=survey, browser_id=f"bench-{number}")
                if channel == "online"
                else Participant(key=None)
            )
            response_submit(
                survey=survey, participant=participant, answers=demo_answers(rng), channel=channel
            )
        return time.monotonic()
    finally:
        connections.close_all()


@dataclass
class Coalescing:
    submissions: int
    submit_seconds: float
    tasks: int
    recomputations: int
    current_after: float | None


def _coalescing(survey: SurveyPage, report) -> Coalescing:
    """Submissions through the service while a worker recomputes; how many runs it took."""
    from beteiligung.celery import app
    from beteiligung.projection import _pending_key
    from surveys.tasks import recompute_survey_results_task

    survey_clear(survey.pk)
    app.control.purge()  # tasks a crashed run left in the queue would be counted
    cache.delete(_pending_key(recompute_survey_results_task.name, survey.pk))
    worker = Worker()
    try:
        if not worker.ready.wait(WORKER_READY_SECONDS):
            raise RuntimeError("Celery worker not ready:\n" + "\n".join(worker.lines[-20:]))
        report.progress(f"worker ready, submitting {thousands(SUBMISSIONS)} responses")
        start = time.monotonic()
        share = -(-SUBMISSIONS // SUBMIT_THREADS)
        with ThreadPoolExecutor(SUBMIT_THREADS) as pool:
            batches = [
                pool.submit(
                    _submit,
                    survey.pk,
                    range(start_at, min(start_at + share, SUBMISSIONS)),
                    SEED + start_at,
                )
                for start_at in range(0, SUBMISSIONS, share)
            ]
            last = max(batch.result() for batch in batches)
        current_after = None
        while time.monotonic() - last < RESULTS_CURRENT_TIMEOUT:
            row = (
                SurveyResult.objects.filter(survey=survey)
                .values_list("responses", "survey__results_state__dirty_since")
                .first()
            )
            if row is not None and row[0] == SUBMISSIONS and row[1] is None:
                current_after = time.monotonic() - last
                break
            time.sleep(0.02)
    finally:
        worker.stop()
    results = [match.group(1) for line in worker.lines if (match := TASK_DONE.search(line))]
    return Coalescing(
        submissions=SUBMISSIONS,
        submit_seconds=last - start,
        tasks=len(results),
        recomputations=sum(1 for value in results if value != "None"),
        current_after=current_after,
    )


# --- the scenario ---------------------------------------------------------------------------


@dataclass
class SizeResult:
    answers: int
    responses: int
    generate_seconds: float
    recompute: float
    recompute_sql: float
    recompute_queries: int
    slowest: list[tuple[float, str]]
    raw: float
    comparison: Comparison
    projection: tuple[float, float]
    page: tuple[float, float] | str  # or why it was not measured
    page_stored: tuple[float, float] | str
    disclosure: tuple[float, str, float]  # seconds in all, the slowest question and its seconds


def _measure(survey: SurveyPage, answers: int, report) -> SizeResult:
    survey_clear(survey.pk)
    start = time.perf_counter()
    written, responses = answers_generate(survey, answers=answers, seed=SEED + answers)
    generated = time.perf_counter() - start
    report.progress(f"{thousands(written)} answers generated in {seconds(generated)}")
    questions = survey_questions(survey)
    _recompute(survey.pk)  # warm-up: caches, plans, hint bits of the new rows
    _baseline(survey, questions)
    recompute_runs, raw_runs = [], []
    for _ in range(RUNS):  # alternated, so drift in the machine's speed hits both alike
        recompute_runs.append(_recompute(survey.pk))
        start = time.perf_counter()
        base = _baseline(survey, questions)
        raw_runs.append(time.perf_counter() - start)
    recompute = median([elapsed for elapsed, _log in recompute_runs])
    _elapsed, log = sorted(recompute_runs, key=lambda run: run[0])[RUNS // 2]
    _baseline_stats(base)
    comparison = _compare(survey, questions, base)
    report.progress(f"recompute {seconds(recompute)}, raw SQL {seconds(median(raw_runs))}")
    disclosure = _disclosure_time(survey)
    projection, page, page_stored = _read_latency(survey)
    return SizeResult(
        answers=written,
        responses=responses,
        generate_seconds=generated,
        recompute=recompute,
        recompute_sql=log.total,
        recompute_queries=len(log.queries),
        slowest=sorted(log.queries, reverse=True)[:3],
        raw=median(raw_runs),
        comparison=comparison,
        projection=projection,
        page=page,
        page_stored=page_stored,
        disclosure=disclosure,
    )


def _print(report, results: list[SizeResult], coalescing: Coalescing | str, *, load) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    report.line(
        f"Aggregation benchmark — PostgreSQL {version}, {os.cpu_count()} cores "
        f"(load average {load:.1f} at the start)"
    )
    rows = []
    for result in results:
        comparison = result.comparison
        identical = (
            f"yes ({thousands(comparison.cells)} cells)"
            if not comparison.mismatches
            else f"NO ({len(comparison.mismatches)} of {thousands(comparison.cells)} cells)"
        )
        rows.append(
            [
                thousands(result.answers),
                thousands(result.responses),
                seconds(result.recompute),
                seconds(result.raw),
                f"{result.recompute / result.raw:.1f}×",
                identical,
                milliseconds(*result.projection),
                "–" if isinstance(result.page, str) else milliseconds(*result.page),
                "–" if isinstance(result.page_stored, str) else milliseconds(*result.page_stored),
            ]
        )
    header = ["answers", "responses", "recompute", "raw SQL", "ratio", "identical"]
    header += ["read p50/p99 (projection)", "page p50/p99", "stored page p50/p99"]
    for line in table(header, rows):
        report.line(line)
    if isinstance(coalescing, str):
        report.line(f"Coalescing: not measured, {coalescing}")
    elif coalescing is not None:
        per_thousand = coalescing.tasks * 1000 / coalescing.submissions
        current = (
            f"results current {coalescing.current_after:.1f} s after the last submission"
            if coalescing.current_after is not None
            else f"results NOT current {RESULTS_CURRENT_TIMEOUT} s after the last submission"
        )
        idle = coalescing.tasks - coalescing.recomputations
        idle = f", {idle} of them found nothing new" if idle else ""
        report.line(
            f"Coalescing: {thousands(coalescing.submissions)} submissions → "
            f"{coalescing.tasks} recomputation tasks ({per_thousand:.0f} per 1 000{idle}); "
            f"{current}"
        )
        report.line(
            f"  (submitted by {SUBMIT_THREADS} threads in {coalescing.submit_seconds:.1f} s, "
            f"coalescing window {settings.RESULTS_COALESCE_SECONDS:g} s, one solo worker)"
        )
    report.line()
    report.line("Where the time goes (median run):")
    for result in results:
        python = result.recompute - result.recompute_sql
        disclosure, question, slowest = result.disclosure
        report.line(
            f"  {thousands(result.answers):>9} answers: recompute = SQL "
            f"{seconds(result.recompute_sql)} ({result.recompute_queries} queries) + Python "
            f"{seconds(python)} (small-group suppression, timed on its own: {seconds(disclosure)}, "
            f"{seconds(slowest)} for {question!r}); data generated in "
            f"{seconds(result.generate_seconds)}"
        )
    for result in results[-1:]:
        report.line(f"Slowest recompute queries at {thousands(result.answers)} answers:")
        for duration, sql in result.slowest:
            report.line(f"  {seconds(duration):>8}  {_sql_summary(sql)}")
    for result in results:
        for mismatch in result.comparison.mismatches[:10]:
            report.line(f"Mismatch at {thousands(result.answers)} answers: {mismatch}")
    for note in dict.fromkeys(r.page for r in results if isinstance(r.page, str)):
        report.line(f"page p50/p99: {note}")
    report.line(
        "raw SQL: the same cells by hand: GROUP BY per grouping (all, channel, the demographic "
        "answers by self-join), COUNT(DISTINCT) for multiple choice, months, texts, word counts "
        "(ts_stat), responses by status/channel/day/step"
    )


def _sql_summary(sql: str, width: int = 240) -> str:
    """A statement on one line without quotes, aliases and table prefixes, to recognise it."""
    sql = re.sub(r' AS "[^"]+"|"surveys_answer"\.', "", " ".join(sql.split())).replace('"', "")
    return sql if len(sql) <= width else f"{sql[: width - 1]}…"


def run(*, report, options: dict) -> None:
    """Generate, measure, print; removes everything it created unless options["keep"]."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The aggregation benchmark needs PostgreSQL (DATABASE_URL).")
    sizes = options.get("sizes") or SIZES
    # One line per recomputation would bury the progress lines.
    logging.getLogger("surveys.aggregation").setLevel(logging.WARNING)
    # Static files are not collected for a benchmark; the page does not need them.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    load = os.getloadavg()[0]
    bench_pages_delete()
    survey = survey_create()
    results, coalescing = [], None
    try:
        for answers in sizes:
            report.progress(f"{thousands(answers)} answers")
            results.append(_measure(survey, answers, report))
        if settings.CELERY_TASK_ALWAYS_EAGER:
            coalescing = "it needs a broker and a worker (REDIS_URL)"
        else:
            try:
                coalescing = _coalescing(survey, report)
            except Exception as error:  # the figures measured so far still get printed
                coalescing = f"{type(error).__name__}: {error}"
    finally:
        if options.get("keep"):
            report.progress(f"kept the survey /{BENCH_SLUG}/{BENCH_SLUG}/ and its answers")
        else:
            bench_pages_delete()
    _print(report, results, coalescing, load=load)
