"""The results projection equals a direct SQL computation, question type by question type,
and recomputing is idempotent. Runs on SQLite and, in CI, on PostgreSQL."""

import random
import statistics
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.aggregation import (
    RESULTS_VERSION,
    survey_figures_compute,
    survey_results_refresh,
    survey_results_stale,
)
from surveys.demo import _choices, _question, demo_answers, demo_responses_create
from surveys.models import (
    Channel,
    QuestionResult,
    Response,
    SurveyResult,
    SurveyResultsState,
)
from surveys.questions.base import AnswerValue
from surveys.selectors import survey_results_get
from surveys.services import Participant, response_draft_save, response_submit, survey_mark_dirty

pytestmark = pytest.mark.django_db


def _sql(query: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


@pytest.fixture
def answered_survey(survey):
    demo_responses_create(survey, count=90, seed=7)
    # What the generated responses leave out: dates, "Sonstiges" texts, a street, paper.
    for number, (month, other) in enumerate(
        [
            ("2019-04-01", "Kopfsteinpflaster"),
            ("2019-04-20", "kopfsteinpflaster"),
            ("2021-09-09", None),
        ]
    ):
        answers = [
            AnswerValue("einzug", text=month),
            AnswerValue("einkauf-zu-fuss", choice_key="nein"),
            AnswerValue("strasse", text="Breite Straße"),
        ]
        if other:
            answers.append(AnswerValue("einkauf-hindernisse", choice_key="sonstiges", text=other))
        response_submit(
            survey=survey,
            participant=Participant(key=None),
            answers=answers,
            channel=Channel.PAPER if number else Channel.INTERVIEW,
        )
    # Two questionnaires left unfinished, one on each step.
    for number, step in enumerate((1, 2)):
        response_draft_save(
            survey=survey,
            participant=Participant(key=f"browser:unfinished-{number}"),
            step=step,
            draft_answers={},
        )
    return survey


def _figures(survey) -> dict:
    _survey_figures, questions = survey_figures_compute(survey=survey)
    return {question["key"]: question for question in questions}


def test_choice_counts_and_respondents_equal_sql(answered_survey):
    figures = _figures(answered_survey)
    for key in ("wohndauer", "einkauf-zu-fuss", "einkauf-hindernisse", "altersgruppe"):
        expected = dict(
            _sql(
                "SELECT choice_key, COUNT(*) FROM surveys_answer WHERE survey_id = %s "
                "AND question_key = %s GROUP BY choice_key",
                [answered_survey.pk, key],
            )
        )
        counts = {option["key"]: option["count"] for option in figures[key]["options"]}
        assert {k: v for k, v in counts.items() if v} == expected, key
        [(respondents,)] = _sql(
            "SELECT COUNT(DISTINCT response_id) FROM surveys_answer WHERE survey_id = %s "
            "AND question_key = %s",
            [answered_survey.pk, key],
        )
        assert figures[key]["answered"] == respondents
    multiple = figures["einkauf-hindernisse"]
    assert multiple["multiple"] is True
    assert sum(option["count"] for option in multiple["options"]) > multiple["answered"]
    assert multiple["other_texts"] == [
        {"text": "Kopfsteinpflaster", "count": 1},
        {"text": "kopfsteinpflaster", "count": 1},
    ]


def _values(survey, key) -> list[float]:
    rows = _sql(
        "SELECT number FROM surveys_answer WHERE survey_id = %s AND question_key = %s "
        "AND number IS NOT NULL",
        [survey.pk, key],
    )
    return sorted(float(value) for (value,) in rows)


@pytest.mark.parametrize("key", ["zufriedenheit", "haushalt"])
def test_scale_and_number_statistics_equal_sql(answered_survey, key):
    stats = _figures(answered_survey)[key]["stats"]
    values = _values(answered_survey, key)
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    assert stats["n"] == len(values)
    assert stats["mean"] == pytest.approx(statistics.fmean(values), abs=1e-4)
    assert (stats["q1"], stats["median"], stats["q3"]) == pytest.approx((q1, median, q3))
    assert (stats["min"], stats["max"]) == (values[0], values[-1])
    if connection.vendor == "postgresql":
        [row] = _sql(
            "SELECT AVG(number), percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP "
            "(ORDER BY number) FROM surveys_answer WHERE survey_id = %s AND question_key = %s",
            [answered_survey.pk, key],
        )
        assert stats["mean"] == pytest.approx(float(row[0]), abs=1e-4)
        assert [stats["q1"], stats["median"], stats["q3"]] == pytest.approx(row[1])


def test_scale_distribution_and_number_histogram(answered_survey):
    figures = _figures(answered_survey)
    scale = {option["key"]: option["count"] for option in figures["zufriedenheit"]["options"]}
    expected = dict(
        _sql(
            "SELECT CAST(number AS INTEGER), COUNT(*) FROM surveys_answer WHERE survey_id = %s "
            "AND question_key = 'zufriedenheit' GROUP BY number",
            [answered_survey.pk],
        )
    )
    assert scale == {str(point): expected.get(point, 0) for point in range(1, 6)}
    histogram = figures["haushalt"]["histogram"]
    assert sum(item["count"] for item in histogram) == figures["haushalt"]["answered"]


def test_ranking_mean_rank_and_first_places_equal_sql(answered_survey):
    ranking = {option["key"]: option for option in _figures(answered_survey)["angebote"]["ranking"]}
    rows = _sql(
        "SELECT choice_key, AVG(number), SUM(CASE WHEN number = 1 THEN 1 ELSE 0 END) "
        "FROM surveys_answer WHERE survey_id = %s AND question_key = 'angebote' "
        "GROUP BY choice_key",
        [answered_survey.pk],
    )
    assert len(rows) == 4
    for choice, mean, first in rows:
        assert ranking[choice]["mean_rank"] == pytest.approx(float(mean), abs=1e-4)
        assert ranking[choice]["first"] == first
    means = [option["mean_rank"] for option in _figures(answered_survey)["angebote"]["ranking"]]
    assert means == sorted(means)


def test_matrix_distribution_per_row_equals_sql(answered_survey):
    rows = {row["key"]: row for row in _figures(answered_survey)["aussagen"]["rows"]}
    for row_key, choice, count in _sql(
        "SELECT row_key, choice_key, COUNT(*) FROM surveys_answer WHERE survey_id = %s "
        "AND question_key = 'aussagen' GROUP BY row_key, choice_key",
        [answered_survey.pk],
    ):
        options = {option["key"]: option["count"] for option in rows[row_key]["options"]}
        assert options[choice] == count


def test_text_and_date_questions(answered_survey):
    figures = _figures(answered_survey)
    [(wishes,)] = _sql(
        "SELECT COUNT(*) FROM surveys_answer WHERE survey_id = %s AND question_key = 'wunsch'",
        [answered_survey.pk],
    )
    assert figures["wunsch"]["answered"] == wishes > 0
    terms = figures["wunsch"]["terms"]
    assert terms and all(term["count"] > 0 for term in terms)
    words = {term["term"] for term in terms}
    assert not words & {"und", "die", "der", "mehr", "the", "and"}, "stop words are left out"
    assert figures["strasse"]["terms"][0] == {"term": "breite", "count": 3}
    assert figures["einzug"]["options"] == [
        {"key": "2019-04", "label": "2019-04", "count": 2, "share": pytest.approx(2 / 3, 1e-3)},
        {"key": "2021-09", "label": "2021-09", "count": 1, "share": pytest.approx(1 / 3, 1e-3)},
    ]


def test_breakdown_by_demographic_question_equals_sql(answered_survey):
    figures = _figures(answered_survey)
    [table] = [b for b in figures["wohndauer"]["breakdowns"] if b["dimension"] == "q:altersgruppe"]
    expected = {
        (group, choice): count
        for group, choice, count in _sql(
            "SELECT d.choice_key, a.choice_key, COUNT(*) FROM surveys_answer a "
            "JOIN surveys_answer d ON d.response_id = a.response_id "
            "AND d.question_key = 'altersgruppe' WHERE a.survey_id = %s "
            "AND a.question_key = 'wohndauer' GROUP BY d.choice_key, a.choice_key",
            [answered_survey.pk],
        )
    }
    columns = [column["key"] for column in table["columns"]]
    for group in table["groups"]:
        if group["key"] == "":
            continue
        for choice, count in zip(columns, group["counts"], strict=True):
            assert count == expected.get((group["key"], choice), 0)
    # "keine Angabe" makes rows add up to the overall figures, column by column.
    for index, total in enumerate(table["column_totals"]):
        assert sum(group["counts"][index] for group in table["groups"]) == total
    assert table["total"] == figures["wohndauer"]["answered"]
    assert table["groups"][-1]["key"] == ""
    assert not any(
        b["dimension"] == "q:altersgruppe" for b in figures["altersgruppe"]["breakdowns"]
    )


def test_breakdown_by_channel_equals_sql(answered_survey):
    figures = _figures(answered_survey)
    [table] = [b for b in figures["einkauf-zu-fuss"]["breakdowns"] if b["dimension"] == "channel"]
    expected = {
        (channel, choice): count
        for channel, choice, count in _sql(
            "SELECT r.channel, a.choice_key, COUNT(*) FROM surveys_answer a "
            "JOIN surveys_response r ON r.id = a.response_id WHERE a.survey_id = %s "
            "AND a.question_key = 'einkauf-zu-fuss' GROUP BY r.channel, a.choice_key",
            [answered_survey.pk],
        )
    }
    for group in table["groups"]:
        assert group["counts"] == [
            expected.get((group["key"], "ja"), 0),
            expected.get((group["key"], "nein"), 0),
        ]
    [numbers] = [b for b in figures["haushalt"]["breakdowns"] if b["dimension"] == "channel"]
    online = next(group for group in numbers["groups"] if group["key"] == "online")
    [(mean,)] = _sql(
        "SELECT AVG(a.number) FROM surveys_answer a JOIN surveys_response r "
        "ON r.id = a.response_id WHERE a.survey_id = %s AND a.question_key = 'haushalt' "
        "AND r.channel = 'online'",
        [answered_survey.pk],
    )
    assert online["stats"]["mean"] == pytest.approx(float(mean), abs=1e-4)


def test_participation_completion_and_drop_off(answered_survey):
    survey_figures, _questions = survey_figures_compute(survey=answered_survey)
    assert survey_figures["responses"] == 93
    assert survey_figures["started"] == 95
    assert survey_figures["completion_rate"] == pytest.approx(93 / 95, abs=1e-4)
    assert [step["left"] for step in survey_figures["drop_off"]] == [1, 1, 0]
    assert [step["reached"] for step in survey_figures["drop_off"]] == [95, 94, 93]
    by_channel = {item["key"]: item["count"] for item in survey_figures["by_channel"]}
    expected = dict(
        _sql(
            "SELECT channel, COUNT(*) FROM surveys_response WHERE survey_id = %s "
            "AND status = 'submitted' GROUP BY channel",
            [answered_survey.pk],
        )
    )
    assert {key: count for key, count in by_channel.items() if count} == expected
    assert sum(by_channel.values()) == 93
    assert sum(day["count"] for day in survey_figures["by_day"]) == 93
    days = [day["day"] for day in survey_figures["by_day"]]
    assert days == sorted(days)


def test_filtered_figures_count_only_the_given_responses(answered_survey):
    paper = Response.objects.filter(survey=answered_survey, channel=Channel.PAPER)
    survey_figures, questions = survey_figures_compute(survey=answered_survey, responses=paper)
    assert survey_figures["responses"] == paper.filter(status="submitted").count()
    walks = next(question for question in questions if question["key"] == "einkauf-zu-fuss")
    [(expected,)] = _sql(
        "SELECT COUNT(*) FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
        "WHERE a.survey_id = %s AND a.question_key = 'einkauf-zu-fuss' AND r.channel = 'paper'",
        [answered_survey.pk],
    )
    assert walks["answered"] == expected


def test_refresh_stores_the_projection_and_twice_gives_the_same_rows(answered_survey):
    assert survey_results_stale(survey_id=answered_survey.pk)
    first = survey_results_refresh(survey_id=answered_survey.pk)
    rows = list(QuestionResult.objects.order_by("position").values_list("question_key", "figures"))
    second = survey_results_refresh(survey_id=answered_survey.pk)
    assert (
        list(QuestionResult.objects.order_by("position").values_list("question_key", "figures"))
        == rows
    )
    assert first.figures == second.figures and second.responses == 93
    assert SurveyResult.objects.count() == 1 and second.version == RESULTS_VERSION
    assert not survey_results_stale(survey_id=answered_survey.pk)
    state = SurveyResultsState.objects.get(survey=answered_survey)
    assert state.dirty_since is None and state.computed_at is not None
    assert rows[0][0] == "wohndauer" and "kontakt" not in dict(rows)


def test_a_submission_during_the_recomputation_keeps_the_survey_dirty(answered_survey, monkeypatch):
    import surveys.aggregation as aggregation

    compute = aggregation.survey_figures_compute

    def compute_while_someone_submits(**kwargs):
        figures = compute(**kwargs)
        survey_mark_dirty(survey=answered_survey)  # as if a submission committed just now
        return figures

    monkeypatch.setattr(aggregation, "survey_figures_compute", compute_while_someone_submits)
    survey_results_refresh(survey_id=answered_survey.pk)
    assert SurveyResultsState.objects.get(survey=answered_survey).dirty_since is not None
    assert survey_results_stale(survey_id=answered_survey.pk)


def test_results_reader_gets_network_or_public_figures(answered_survey):
    assert survey_results_get(survey=answered_survey, public=False) is None
    survey_results_refresh(survey_id=answered_survey.pk)
    network = survey_results_get(survey=answered_survey, public=False)
    public = survey_results_get(survey=answered_survey, public=True)
    assert network.responses == public.responses == 93 and not network.dirty
    by_key = {question["key"]: question for question in public.questions}
    assert by_key["wunsch"]["suppressed"] is True and "terms" not in by_key["wunsch"]
    assert "other_texts" not in by_key["einkauf-hindernisse"]
    network_by_key = {question["key"]: question for question in network.questions}
    assert network_by_key["wunsch"]["terms"]


def _published_counts(node):
    """Every count a public visitor can read in the public figures."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name in ("count", "first", "n", "answered", "responses", "total") and isinstance(
                value, int
            ):
                yield value
            elif name in ("counts", "column_totals"):
                yield from (count for count in value if isinstance(count, int))
            else:
                yield from _published_counts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _published_counts(item)


def test_public_figures_show_no_group_smaller_than_k(answered_survey):
    survey_results_refresh(survey_id=answered_survey.pk)
    public = survey_results_get(survey=answered_survey, public=True)
    k = answered_survey.results_min_group
    counts = list(_published_counts([public.survey_figures, public.questions]))
    assert counts and not [count for count in counts if 0 < count < k]
    network = survey_results_get(survey=answered_survey, public=False)
    assert [c for c in _published_counts(network.questions) if 0 < c < k], (
        "the test has small groups"
    )


def test_computing_costs_the_same_queries_for_few_and_many_responses(survey):
    rng = random.Random(5)
    for _number in range(10):
        response_submit(survey=survey, participant=Participant(key=None), answers=demo_answers(rng))
    with CaptureQueriesContext(connection) as few:
        survey_figures_compute(survey=survey)
    for _number in range(60):
        response_submit(survey=survey, participant=Participant(key=None), answers=demo_answers(rng))
    with CaptureQueriesContext(connection) as many:
        survey_figures_compute(survey=survey)
    assert len(many) == len(few)


def test_city_wide_survey_compares_districts(home_page, district_page):
    from tests.factories import DistrictPageFactory, SurveyPageFactory

    other = DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )
    survey = SurveyPageFactory(
        parent=home_page,
        questions=[
            _question(
                "single_choice",
                "stadtteil",
                "In welchem Stadtteil wohnen Sie?",
                display="radio",
                allow_other=False,
                randomize=False,
                choices=_choices(
                    ("beiertheim-bulach", "Beiertheim-Bulach"), ("oststadt", "Oststadt")
                ),
            ),
            _question("yes_no", "zufrieden", "Sind Sie zufrieden?"),
        ],
        district_question="stadtteil",
    )
    for district, answer, count in (("oststadt", "ja", 6), ("beiertheim-bulach", "nein", 4)):
        for _number in range(count):
            response_submit(
                survey=survey,
                participant=Participant(key=None),
                answers=[
                    AnswerValue("stadtteil", choice_key=district),
                    AnswerValue("zufrieden", choice_key=answer),
                ],
            )
    assert Response.objects.filter(district=other.district).count() == 6
    figures = _figures(survey)
    [table] = [b for b in figures["zufrieden"]["breakdowns"] if b["dimension"] == "district"]
    by_group = {group["label"]: group["counts"] for group in table["groups"]}
    assert by_group["Oststadt"] == [6, 0] and by_group["Beiertheim-Bulach"] == [0, 4]


def test_decimal_answers_are_exact(survey):
    for value in ("1.5", "2.25", "10"):
        response_submit(
            survey=survey,
            participant=Participant(key=None),
            answers=[AnswerValue("haushalt", number=Decimal(value))],
        )
    stats = _figures(survey)["haushalt"]["stats"]
    assert stats["mean"] == pytest.approx((1.5 + 2.25 + 10) / 3, abs=1e-4)
    assert stats["median"] == 2.25


def test_public_overall_counts_agree_with_every_breakdown(answered_survey):
    """Each count is published once: hidden in the distribution means hidden as a column
    total of every breakdown, and the other way round."""
    survey_results_refresh(survey_id=answered_survey.pk)
    public = survey_results_get(survey=answered_survey, public=True)
    checked = 0
    for question in public.questions:
        if question["suppressed"] or question["kind"] not in ("choice", "scale"):
            continue
        overall = [option["count"] for option in question["options"]]
        for table in question["breakdowns"]:
            assert table["column_totals"] == overall, (question["key"], table["dimension"])
            assert table["total"] == question["answered"]
            checked += 1
    assert checked >= 10
