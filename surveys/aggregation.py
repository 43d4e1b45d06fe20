"""Survey results: a projection recomputed from Response and Answer rows (DESIGN decision 6).

Every figure comes from SQL aggregates (GROUP BY over Answer, joined to Response for the
channel and to the respondent's own demographic answers for cross-tabs). Python only turns the
aggregate rows into figures: it never loops over submissions. A recomputation replaces the
survey's result rows in one transaction, so running it twice gives the same rows.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q, QuerySet
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from beteiligung.projection import recompute_transaction
from cms.models import District
from surveys.disclosure import question_public, survey_public
from surveys.models import (
    Answer,
    Channel,
    QuestionResult,
    Response,
    SurveyPage,
    SurveyResult,
    SurveyResultsState,
)
from surveys.questions.base import OTHER_CHOICE_KEY
from surveys.structure import question_items, survey_steps
from surveys.terms import frequent_terms

logger = logging.getLogger(__name__)

# Raise when the figures or their format change: the reconciler recomputes older results.
RESULTS_VERSION = 1
LOCK_NAMESPACE = 1  # pg advisory lock class for surveys (ideas use 2)
OTHER_TEXTS_LIMIT = 200  # distinct "Sonstiges" texts kept per question, most frequent first

KIND_BY_BLOCK_TYPE = {
    "single_choice": "choice",
    "multiple_choice": "choice",
    "yes_no": "choice",
    "rating": "scale",
    "number": "number",
    "date": "date",
    "ranking": "ranking",
    "matrix": "matrix",
    "short_text": "text",
    "long_text": "text",
}
# Questions whose answers split respondents into groups without overlap; only these can be a
# cross-tab dimension (overlapping groups would break the suppression's arithmetic).
GROUPING_BLOCK_TYPES = ("single_choice", "yes_no")
NO_ANSWER_GROUP = ""  # respondents who did not answer the grouping question: "keine Angabe"


@dataclass
class Aggregates:
    """Aggregate rows of one grouping (overall, by channel, by a demographic question)."""

    # (group, question_key, row_key, choice_key) -> answers
    counts: dict = field(default_factory=lambda: defaultdict(int))
    # (group, question_key) -> respondents, for multiple choice (a person counts once)
    respondents: dict = field(default_factory=dict)
    # (group, question_key, choice_key) -> [(value, answers)] ascending
    numbers: dict = field(default_factory=lambda: defaultdict(list))


def _aggregates(
    answers: QuerySet, group: tuple, multiple_keys: list[str], prefix: str | None = None
) -> Aggregates:
    """Three GROUP BY queries over the given answers, grouped by `group` fields (may be ()).
    Group keys are the group fields' values, after `prefix` when one is given."""
    result = Aggregates()
    width = len(group)

    def group_key(row):
        return (prefix, *row[:width]) if prefix is not None else row[:width]

    rows = (
        answers.exclude(choice_key=None)
        .values_list(*group, "question_key", "row_key", "choice_key")
        .annotate(n=Count("id"))
    )
    for row in rows:
        result.counts[(group_key(row), *row[width:-1])] = row[-1]
    if multiple_keys:
        rows = (
            answers.filter(question_key__in=multiple_keys)
            .values_list(*group, "question_key")
            .annotate(n=Count("response_id", distinct=True))
        )
        for row in rows:
            result.respondents[(group_key(row), row[width])] = row[-1]
    rows = (
        answers.exclude(number=None)
        .values_list(*group, "question_key", "choice_key", "number")
        .annotate(n=Count("id"))
        .order_by(*group, "question_key", "choice_key", "number")
    )
    for row in rows:
        result.numbers[(group_key(row), row[width], row[width + 1])].append((row[-2], row[-1]))
    return result


# --- statistics from a value distribution ----------------------------------------------------


def _percentile(distribution: list[tuple[Decimal, int]], n: int, fraction: float) -> float:
    """Like PostgreSQL's percentile_cont: linear interpolation between order statistics."""
    position = fraction * (n - 1)
    lower_index, weight = int(position), position - int(position)
    lower = upper = None
    seen = 0
    for value, count in distribution:
        if lower is None and lower_index < seen + count:
            lower = value
        if lower_index + 1 < seen + count:
            upper = value
            break
        seen += count
    upper = lower if upper is None else upper
    return float(lower) + (float(upper) - float(lower)) * weight


def distribution_stats(distribution: list[tuple[Decimal, int]]) -> dict | None:
    """n, mean, quartiles, min and max of ascending (value, count) pairs; None when empty."""
    n = sum(count for _value, count in distribution)
    if not n:
        return None
    total = sum(float(value) * count for value, count in distribution)
    return {
        "n": n,
        "mean": round(total / n, 4),
        "q1": round(_percentile(distribution, n, 0.25), 4),
        "median": round(_percentile(distribution, n, 0.5), 4),
        "q3": round(_percentile(distribution, n, 0.75), 4),
        "min": float(distribution[0][0]),
        "max": float(distribution[-1][0]),
    }


def _histogram(distribution: list[tuple[Decimal, int]], bins: int = 10) -> list[dict]:
    """Each value its own bar when there are few, else equal-width bins."""
    if len(distribution) <= 12:
        return [{"label": _number_label(value), "count": count} for value, count in distribution]
    low, high = float(distribution[0][0]), float(distribution[-1][0])
    width = (high - low) / bins
    counts = [0] * bins
    for value, count in distribution:
        counts[min(int((float(value) - low) / width), bins - 1)] += count
    edges = [_number_label(low + index * width) for index in range(bins + 1)]
    return [
        {"label": f"{edges[index]}–{edges[index + 1]}", "count": count}
        for index, count in enumerate(counts)
    ]


def _number_label(value) -> str:
    value = float(value)
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0").replace(".", ",")


def _share(count: int, n: int) -> float:
    return round(count / n, 4) if n else 0.0


# --- figures per question kind ---------------------------------------------------------------


@dataclass
class QuestionContext:
    key: str
    block_type: str
    value: dict
    block: object

    @property
    def kind(self) -> str:
        return KIND_BY_BLOCK_TYPE[self.block_type]

    @property
    def multiple(self) -> bool:
        return self.block_type == "multiple_choice"

    def options(self) -> list[tuple[str, str]]:
        """(key, label) of the answer options a count table has columns for."""
        if self.block_type == "yes_no":
            return [(key, str(label)) for key, label in self.block.CHOICES]
        if self.block_type in ("single_choice", "multiple_choice"):
            return self.block.choice_options(self.value)
        if self.block_type in ("ranking", "matrix"):
            return [(choice["key"], choice["label"]) for choice in self.value["choices"]]
        if self.block_type == "rating":
            return [(str(point), str(point)) for point in self.block.scale(self.value)]
        return []


def _option_counts(question: QuestionContext, aggregates: Aggregates, group, row_key=None):
    """Answers per option of one question (and matrix row) in one group, in option order."""
    if question.block_type == "rating":
        by_value = {
            str(int(value)): count
            for value, count in aggregates.numbers.get((group, question.key, None), [])
        }
        return [by_value.get(key, 0) for key, _label in question.options()]
    return [
        aggregates.counts.get((group, question.key, row_key, key), 0)
        for key, _label in question.options()
    ]


def _respondents(question: QuestionContext, aggregates: Aggregates, group, counts) -> int:
    if question.multiple:
        return aggregates.respondents.get((group, question.key), 0)
    return sum(counts)


def _options_figures(question, counts: list[int], n: int) -> list[dict]:
    return [
        {"key": key, "label": label, "count": count, "share": _share(count, n)}
        for (key, label), count in zip(question.options(), counts, strict=True)
    ]


def _ranking_figures(question: QuestionContext, aggregates: Aggregates, group) -> dict:
    options = []
    for key, label in question.options():
        distribution = aggregates.numbers.get((group, question.key, key), [])
        n = sum(count for _value, count in distribution)
        total = sum(float(value) * count for value, count in distribution)
        first = sum(count for value, count in distribution if value == 1)
        options.append(
            {
                "key": key,
                "label": label,
                "n": n,
                "mean_rank": round(total / n, 4) if n else None,
                "first": first,
            }
        )
    ranked = sorted(options, key=lambda option: (option["mean_rank"] is None, option["mean_rank"]))
    answered = sum(option["first"] for option in options)
    return {"answered": answered, "ranking": ranked}


def _question_figures(question: QuestionContext, aggregates: Aggregates, extra: dict) -> dict:
    """A question's overall figures from the ungrouped aggregates."""
    group = ()
    figures = {"key": question.key, "type": question.block_type, "kind": question.kind}
    figures["label"] = question.value["label"]
    kind = question.kind
    if kind in ("choice", "scale"):
        counts = _option_counts(question, aggregates, group)
        n = _respondents(question, aggregates, group, counts)
        figures.update(answered=n, multiple=question.multiple)
        figures["options"] = _options_figures(question, counts, n)
        if kind == "scale":
            figures["stats"] = distribution_stats(
                aggregates.numbers.get((group, question.key, None), [])
            )
            figures["min_label"] = question.value.get("min_label") or ""
            figures["max_label"] = question.value.get("max_label") or ""
        if question.value.get("allow_other"):
            figures["other_texts"] = extra["other_texts"].get(question.key, [])
    elif kind == "number":
        distribution = aggregates.numbers.get((group, question.key, None), [])
        stats = distribution_stats(distribution)
        figures.update(answered=stats["n"] if stats else 0, stats=stats)
        figures["unit"] = question.value.get("unit") or ""
        figures["histogram"] = _histogram(distribution) if distribution else []
    elif kind == "ranking":
        figures.update(_ranking_figures(question, aggregates, group))
    elif kind == "matrix":
        rows = []
        for row in question.value["rows"]:
            counts = _option_counts(question, aggregates, group, row["key"])
            n = sum(counts)
            rows.append(
                {
                    "key": row["key"],
                    "label": row["label"],
                    "answered": n,
                    "options": _options_figures(question, counts, n),
                }
            )
        figures["rows"] = rows
        figures["answered"] = max((row["answered"] for row in rows), default=0)
    elif kind == "date":
        periods = _date_periods(extra["months"].get(question.key, []))
        figures["answered"] = sum(count for _period, count in periods)
        figures["options"] = [
            {
                "key": period,
                "label": period,
                "count": count,
                "share": _share(count, figures["answered"]),
            }
            for period, count in periods
        ]
    elif kind == "text":
        figures["answered"] = extra["text_counts"].get(question.key, 0)
        figures["terms"] = extra["terms"].get(question.key, [])
    return figures


def _date_periods(months: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Dates by month ("2019-04"), or by year when they span more than two years: a bar per
    month of a decade helps nobody."""
    if len(months) <= 24:
        return months
    years: dict[str, int] = {}
    for month, count in months:
        years[month[:4]] = years.get(month[:4], 0) + count
    return list(years.items())


# --- cross-tabs ------------------------------------------------------------------------------


@dataclass
class Dimension:
    """A way of splitting respondents into groups: channel, district or a demographic answer."""

    key: str  # "channel", "district" or "q:<question key>"
    title: str
    groups: list[tuple[str, str]]  # (group key, label); NO_ANSWER_GROUP last where it exists
    aggregates: Aggregates
    question_key: str | None = None  # the grouping question itself is not split by itself


def _group_table(question, dimension: Dimension, overall: Aggregates, row_key=None) -> dict:
    """One count table: groups x options, with respondents per group and per option."""
    overall_counts = _option_counts(question, overall, (), row_key)
    groups = []
    for group_key, label in dimension.groups:
        if group_key == NO_ANSWER_GROUP:
            continue
        group = (dimension.key, group_key)
        counts = _option_counts(question, dimension.aggregates, group, row_key)
        groups.append(
            {
                "key": group_key,
                "label": label,
                "counts": counts,
                "n": _respondents(question, dimension.aggregates, group, counts),
            }
        )
    if any(key == NO_ANSWER_GROUP for key, _label in dimension.groups):
        # Respondents without an answer to the grouping question: the overall figures minus
        # every group (the groups do not overlap), so the rows always add up to the columns.
        counts = [
            total - sum(group["counts"][index] for group in groups)
            for index, total in enumerate(overall_counts)
        ]
        n = _respondents(question, overall, (), overall_counts) - sum(g["n"] for g in groups)
        groups.append({"key": NO_ANSWER_GROUP, "label": "", "counts": counts, "n": n})
    table = {
        "dimension": dimension.key,
        "title": dimension.title,
        "columns": [{"key": key, "label": label} for key, label in question.options()],
        "groups": groups,
        "column_totals": overall_counts,
        "total": sum(group["n"] for group in groups),
        "rows_additive": not question.multiple,
    }
    if row_key is not None:
        table["row_key"] = row_key
    return table


def _group_stats(question, dimension: Dimension, overall: Aggregates, choice_key=None) -> dict:
    """Statistics per group of a number (or of one option's rank)."""
    groups = []
    for group_key, label in dimension.groups:
        if group_key == NO_ANSWER_GROUP:
            continue
        distribution = dimension.aggregates.numbers.get(
            ((dimension.key, group_key), question.key, choice_key), []
        )
        groups.append({"key": group_key, "label": label, "stats": distribution_stats(distribution)})
    overall_stats = distribution_stats(overall.numbers.get(((), question.key, choice_key), []))
    return {
        "dimension": dimension.key,
        "title": dimension.title,
        "groups": groups,
        "total": overall_stats["n"] if overall_stats else 0,
        "stats": overall_stats,
    }


def _breakdowns(question: QuestionContext, dimensions: list[Dimension], overall) -> list[dict]:
    breakdowns = []
    for dimension in dimensions:
        if dimension.question_key == question.key:
            continue
        if question.kind in ("choice", "scale"):
            table = _group_table(question, dimension, overall)
            if question.kind == "scale":
                for group in table["groups"]:
                    group["stats"] = distribution_stats(
                        dimension.aggregates.numbers.get(
                            ((dimension.key, group["key"]), question.key, None), []
                        )
                    )
            breakdowns.append(table)
        elif question.kind == "matrix":
            for row in question.value["rows"]:
                table = _group_table(question, dimension, overall, row["key"])
                table["row_label"] = row["label"]
                breakdowns.append(table)
        elif question.kind == "number":
            breakdowns.append(_group_stats(question, dimension, overall))
        elif question.kind == "ranking":
            # First places per group: each respondent has exactly one, so groups add up.
            table = _ranking_first_table(question, dimension, overall)
            breakdowns.append(table)
    return breakdowns


def _ranking_first_table(question, dimension: Dimension, overall: Aggregates) -> dict:
    def firsts(aggregates, group):
        return [
            sum(
                count
                for value, count in aggregates.numbers.get((group, question.key, key), [])
                if value == 1
            )
            for key, _label in question.options()
        ]

    overall_counts = firsts(overall, ())
    groups = [
        {"key": key, "label": label, "counts": firsts(dimension.aggregates, (dimension.key, key))}
        for key, label in dimension.groups
        if key != NO_ANSWER_GROUP
    ]
    if any(key == NO_ANSWER_GROUP for key, _label in dimension.groups):
        groups.append(
            {
                "key": NO_ANSWER_GROUP,
                "label": "",
                "counts": [
                    total - sum(group["counts"][index] for group in groups)
                    for index, total in enumerate(overall_counts)
                ],
            }
        )
    for group in groups:
        group["n"] = sum(group["counts"])
    return {
        "dimension": dimension.key,
        "title": dimension.title,
        "measure": "first",
        "columns": [{"key": key, "label": label} for key, label in question.options()],
        "groups": groups,
        "column_totals": overall_counts,
        "total": sum(overall_counts),
        "rows_additive": True,
    }


def _dimensions(survey, answers, questions, multiple_keys) -> list[Dimension]:
    """Channel, district (city-wide surveys that ask for it) and every grouping question."""
    dimensions = [
        Dimension(
            key="channel",
            title="channel",
            groups=[(key, str(label)) for key, label in Channel.choices],
            aggregates=_aggregates(
                answers, ("response__channel",), multiple_keys, prefix="channel"
            ),
        )
    ]
    if survey.district_id is None and survey.district_question:
        districts = list(District.objects.order_by("name").values_list("pk", "name"))
        dimensions.append(
            Dimension(
                key="district",
                title="district",
                groups=[(str(pk), name) for pk, name in districts] + [(NO_ANSWER_GROUP, "")],
                aggregates=_string_groups(
                    _aggregates(
                        answers, ("response__district_id",), multiple_keys, prefix="district"
                    )
                ),
            )
        )
    grouping = [
        question
        for question in questions
        if question.block_type in GROUPING_BLOCK_TYPES and question.value.get("demographic")
    ]
    if grouping:
        keys = [question.key for question in grouping]
        joined = answers.annotate(
            grouping=FilteredRelation(
                "response__answers",
                condition=Q(
                    response__answers__question_key__in=keys,
                    response__answers__choice_key__isnull=False,
                ),
            )
        ).filter(grouping__id__isnull=False)  # an inner join; the condition is in the ON
        aggregates = _aggregates(
            joined, ("grouping__question_key", "grouping__choice_key"), multiple_keys
        )
        for question in grouping:
            dimension_key = f"q:{question.key}"
            dimensions.append(
                Dimension(
                    key=dimension_key,
                    title=question.value["label"],
                    groups=[*question.options(), (NO_ANSWER_GROUP, "")],
                    aggregates=_rekey(aggregates, question.key, dimension_key),
                    question_key=question.key,
                )
            )
    return dimensions


def _regroup(aggregates: Aggregates, group_key) -> Aggregates:
    """The aggregates with each (dimension, group) key replaced by `group_key(dimension, group)`;
    rows for which it returns None are left out."""
    result = Aggregates()
    for target, source in (
        (result.counts, aggregates.counts),
        (result.respondents, aggregates.respondents),
        (result.numbers, aggregates.numbers),
    ):
        for (group, *rest), value in source.items():
            new_group = group_key(*group)
            if new_group is not None:
                target[(new_group, *rest)] = value
    return result


def _string_groups(aggregates: Aggregates) -> Aggregates:
    """District ids come back as integers; group keys are strings everywhere."""
    return _regroup(
        aggregates, lambda dimension, group: (dimension, "" if group is None else str(group))
    )


def _rekey(aggregates: Aggregates, question_key: str, dimension_key: str) -> Aggregates:
    """The part of a joined aggregate that belongs to one grouping question."""
    return _regroup(
        aggregates,
        lambda dimension, group: (dimension_key, group) if dimension == question_key else None,
    )


# --- the whole survey ------------------------------------------------------------------------


def survey_questions(survey: SurveyPage) -> list[QuestionContext]:
    """The questions results are computed for, in questionnaire order (no contact fields)."""
    return [
        QuestionContext(child.value["key"], child.block_type, child.value, child.block)
        for child in question_items(survey.questions)
        if child.block_type in KIND_BY_BLOCK_TYPE
    ]


def _participation(survey: SurveyPage, responses: QuerySet) -> dict:
    """Responses, completion, channel, days and where unfinished questionnaires stopped."""
    submitted = responses.filter(status=Response.Status.SUBMITTED)
    by_status = dict(responses.values_list("status").annotate(n=Count("id")).order_by())
    count = by_status.get(Response.Status.SUBMITTED, 0)
    started = count + by_status.get(Response.Status.IN_PROGRESS, 0)
    by_channel = dict(submitted.values_list("channel").annotate(n=Count("id")).order_by())
    by_day = (
        submitted.annotate(day=TruncDate("submitted_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    stopped = dict(
        responses.filter(status=Response.Status.IN_PROGRESS)
        .values_list("current_step")
        .annotate(n=Count("id"))
        .order_by()
    )
    steps = survey_steps(survey.questions)
    still_in = started
    drop_off = []
    for step in steps:
        left = stopped.get(step.number, 0)
        drop_off.append(
            {"step": step.number, "title": step.title, "reached": still_in, "left": left}
        )
        still_in -= left
    return {
        "responses": count,
        "started": started,
        "completion_rate": _share(count, started),
        "by_channel": [
            {"key": key, "label": str(label), "count": by_channel.get(key, 0)}
            for key, label in Channel.choices
        ],
        "by_day": [{"day": day.isoformat(), "count": n} for day, n in by_day],
        "drop_off": drop_off,
    }


def survey_figures_compute(
    *, survey: SurveyPage, responses: QuerySet | None = None
) -> tuple[dict, list[dict]]:
    """The full (network) figures of a survey: survey-wide and one dict per question. With
    `responses`, only those submitted responses count (the dashboard's filters). Reads only."""
    all_responses = Response.objects.filter(survey=survey)
    answers = Answer.objects.filter(survey=survey)
    if responses is not None:
        all_responses = all_responses.filter(pk__in=responses.values("pk"))
        answers = answers.filter(response__in=responses.values("pk"))
    answers = answers.order_by()
    questions = survey_questions(survey)
    multiple_keys = [question.key for question in questions if question.multiple]

    overall = _aggregates(answers, (), multiple_keys)
    extra = {
        "other_texts": _other_texts(answers, questions),
        "months": _months(answers, questions),
        "text_counts": dict(
            answers.filter(question_key__in=[q.key for q in questions if q.kind == "text"])
            .values_list("question_key")
            .annotate(n=Count("id"))
        ),
        "terms": {
            question.key: frequent_terms(answers.filter(question_key=question.key))
            for question in questions
            if question.kind == "text"
        },
    }
    dimensions = _dimensions(survey, answers, questions, multiple_keys)
    question_figures = []
    for question in questions:
        figures = _question_figures(question, overall, extra)
        figures["breakdowns"] = _breakdowns(question, dimensions, overall)
        question_figures.append(figures)
    survey_figures = _participation(survey, all_responses)
    survey_figures["dimensions"] = [
        {"key": dimension.key, "title": dimension.title} for dimension in dimensions
    ]
    return survey_figures, question_figures


def _other_texts(answers: QuerySet, questions) -> dict[str, list[dict]]:
    keys = [question.key for question in questions if question.value.get("allow_other")]
    if not keys:
        return {}
    rows = (
        answers.filter(question_key__in=keys, choice_key=OTHER_CHOICE_KEY)
        .exclude(text=None)
        .values_list("question_key", "text")
        .annotate(n=Count("id"))
        .order_by("question_key", "-n", "text")
    )
    texts = defaultdict(list)
    for key, text, n in rows:
        if len(texts[key]) < OTHER_TEXTS_LIMIT:
            texts[key].append({"text": text, "count": n})
    return dict(texts)


def _months(answers: QuerySet, questions) -> dict[str, list[tuple[str, int]]]:
    keys = [question.key for question in questions if question.kind == "date"]
    if not keys:
        return {}
    rows = (
        answers.filter(question_key__in=keys)
        .annotate(month=Substr("text", 1, 7))
        .values_list("question_key", "month")
        .annotate(n=Count("id"))
        .order_by("question_key", "month")
    )
    months = defaultdict(list)
    for key, month, n in rows:
        months[key].append((month, n))
    return dict(months)


# --- writing the projection ------------------------------------------------------------------


def survey_results_stale(*, survey_id: int) -> bool:
    """Whether the stored results miss answers or come from older code (one query)."""
    result = (
        SurveyPage.objects.filter(pk=survey_id)
        .values_list("result__version", "results_state__dirty_since")
        .first()
    )
    if result is None:
        return False  # the survey is gone
    version, dirty_since = result
    return version != RESULTS_VERSION or dirty_since is not None


def survey_results_refresh(*, survey_id: int) -> SurveyResult | None:
    """Recompute a survey's results and replace its result rows; clears the dirty mark unless
    a submission arrived meanwhile. Idempotent. Raises Busy if another worker holds the lock;
    returns None for a survey that no longer exists."""
    with recompute_transaction(LOCK_NAMESPACE, survey_id):
        survey = SurveyPage.objects.filter(pk=survey_id).first()
        if survey is None:
            return None
        seen = (
            SurveyResultsState.objects.filter(survey_id=survey_id)
            .values_list("dirty_since", flat=True)
            .first()
        )
        survey_figures, question_figures = survey_figures_compute(survey=survey)
        k = survey.results_min_group
        now = timezone.now()
        result, _created = SurveyResult.objects.update_or_create(
            survey=survey,
            defaults={
                "computed_at": now,
                "responses": survey_figures["responses"],
                "version": RESULTS_VERSION,
                "figures": survey_figures,
                "public_figures": survey_public(survey_figures, k=k),
            },
        )
        QuestionResult.objects.filter(survey=survey).delete()
        QuestionResult.objects.bulk_create(
            [
                QuestionResult(
                    survey=survey,
                    question_key=figures["key"],
                    position=position,
                    figures=figures,
                    public_figures=question_public(figures, k=k),
                )
                for position, figures in enumerate(question_figures)
            ]
        )
    # After commit, outside the snapshot: a submission that marked the survey since `seen`
    # keeps it dirty (and has scheduled the next run).
    SurveyResultsState.objects.filter(survey_id=survey_id, dirty_since=seen).update(
        dirty_since=None, computed_at=now
    )
    logger.info("Results of survey %s: %s responses", survey_id, result.responses)
    return result
