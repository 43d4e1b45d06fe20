"""A survey's results in the admin: who sees which results, the filters, the aggregate
downloads, the PDF reports and the district comparison of city-wide surveys."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.services import EDITOR_GROUP_NAME
from surveys import results_admin
from surveys.aggregation import survey_results_refresh
from surveys.demo import DEMO_WISHES, _choices, _question, demo_responses_create
from surveys.models import Answer, Channel, Response, SurveyReport, SurveyResultsState
from surveys.questions.base import AnswerValue
from surveys.results_exports import results_export_header
from surveys.services import Participant, response_submit
from surveys.tasks import recompute_survey_results_task
from tests.factories import DistrictPageFactory, SurveyPageFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"
FORBIDDEN = 403
PDF = b"%PDF-1.4\n% Ergebnisbericht\n%%EOF\n"
OTHER_TEXT = "Kopfsteinpflaster am Marktplatz"
STREET = "Breite Straße 12"


def _sql(query: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _answered(survey, *, count: int, seed: int):
    demo_responses_create(survey, count=count, seed=seed)
    # Free text where the generated answers have none: a "Sonstiges" text and a street.
    response_submit(
        survey=survey,
        participant=Participant(key=None),
        answers=[
            AnswerValue("einkauf-zu-fuss", choice_key="nein"),
            AnswerValue("einkauf-hindernisse", choice_key="sonstiges", text=OTHER_TEXT),
            AnswerValue("strasse", text=STREET),
        ],
        channel=Channel.PAPER,
    )
    survey_results_refresh(survey_id=survey.pk)
    return survey


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    """Report files in a temporary folder (the field's storage is built at import time)."""
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(SurveyReport._meta.get_field("file"), "storage", storage)
    return storage


def _report(survey, *, status=SurveyReport.Status.READY) -> SurveyReport:
    report = SurveyReport.objects.create(
        survey=survey, status=status, results_computed_at=timezone.now()
    )
    if status == SurveyReport.Status.READY:
        report.file.save("bericht.pdf", ContentFile(PDF))
    return report


@pytest.fixture
def answered_survey(survey, private_storage):
    return _answered(survey, count=40, seed=7)


@pytest.fixture
def other_survey(home_page, private_storage):
    oststadt = DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )
    survey = SurveyPageFactory(parent=oststadt, title="Älter werden in der Oststadt")
    return _answered(survey, count=12, seed=3)


@pytest.fixture
def member(survey):
    return UserFactory(groups=[survey.district.network_group])


@pytest.fixture
def other_member(other_survey):
    return UserFactory(groups=[other_survey.district.network_group])


@pytest.fixture
def editor(db, home_page):
    return UserFactory(groups=[Group.objects.get(name=EDITOR_GROUP_NAME)])


def url(name, survey, *args):
    return reverse(f"surveys_admin:{name}", args=[survey.pk, *args])


def _assert_status(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
    else:
        assert response.status_code == expected


# --- who may see what ------------------------------------------------------------------------

VIEWS = ["results", "text_answers", "results_csv", "results_xlsx", "report_download"]


def _view_url(name, survey):
    if name == "text_answers":
        return url(name, survey, "wunsch")
    if name == "report_download":
        return url(name, survey, _report(survey).pk)
    return url(name, survey)


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize(
    ("who", "target", "expected"),
    [
        ("anonymous", "own", LOGIN),
        ("member", "own", 200),
        ("member", "other", FORBIDDEN),
        ("other_member", "own", FORBIDDEN),
        ("editor", "own", 200),
        ("editor", "other", 200),
    ],
)
def test_permission_matrix(
    client, request, answered_survey, other_survey, name, who, target, expected
):
    survey = answered_survey if target == "own" else other_survey
    path = _view_url(name, survey)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(path)

    _assert_status(response, expected)
    if expected == FORBIDDEN:
        assert "Sie haben keinen Zugriff auf diese Ergebnisse." in response.content.decode()
        assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))


@pytest.mark.parametrize("name", ["results_recompute", "report_request"])
def test_another_district_cannot_recompute_or_order_reports(
    client, answered_survey, other_member, name, monkeypatch
):
    requested = []
    monkeypatch.setattr(results_admin, "recompute_request", lambda *args: requested.append(args))
    client.force_login(other_member)

    response = client.post(url(name, answered_survey))

    assert response.status_code == FORBIDDEN
    assert requested == []
    assert not SurveyReport.objects.filter(survey=answered_survey).exists()


def test_page_listing_and_header_link_to_the_results(client, survey, member, district_page):
    client.force_login(member)

    listing = client.get(f"/admin/pages/{district_page.pk}/").content.decode()
    editing = client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()

    assert url("results", survey) in listing
    assert url("results", survey) in editing


def test_unknown_survey_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(reverse("surveys_admin:results", args=[987654])).status_code == 404


# --- the results page ------------------------------------------------------------------------


def test_unfiltered_page_reads_the_projection_only(client, answered_survey, member):
    client.force_login(member)
    client.get(url("results", answered_survey))  # warm per-process caches

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("results", answered_survey))

    assert response.status_code == 200
    touched = [query["sql"] for query in queries if "surveys_answer" in query["sql"]]
    assert touched == []
    assert not any('"surveys_response"' in query["sql"] for query in queries)
    page = response.content.decode()
    assert "Stand:" in page
    assert "41 Antworten" in page
    assert "Gefilterte Zahlen werden bei jedem Aufruf" not in page
    # The network's version: "Sonstiges" texts and frequent terms are shown here.
    assert OTHER_TEXT in page


def test_page_shows_the_stand_the_actions_and_the_links(client, answered_survey, member):
    SurveyResultsState.objects.filter(survey=answered_survey).update(dirty_since=timezone.now())
    client.force_login(member)

    page = client.get(url("results", answered_survey)).content.decode()

    assert "Neue Antworten werden gerade eingerechnet." in page
    assert url("results_recompute", answered_survey) in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert url("results_csv", answered_survey) in page
    assert url("results_xlsx", answered_survey) in page
    assert url("text_answers", answered_survey, "wunsch") in page
    assert url("text_answers", answered_survey, "strasse") in page
    assert url("report_request", answered_survey) in page
    assert url("comparison", answered_survey) not in page, "only for city-wide surveys"


def test_page_before_the_first_computation(client, survey, member):
    client.force_login(member)

    response = client.get(url("results", survey))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Ergebnisse sind noch nicht berechnet." in page
    assert url("results_csv", survey) not in page
    assert client.get(url("results_csv", survey)).status_code == 404


def test_recompute_button_enqueues_one_coalesced_task(client, answered_survey, member, monkeypatch):
    requested = []
    monkeypatch.setattr(
        results_admin, "recompute_request", lambda task, pk: requested.append((task, pk)) or True
    )
    client.force_login(member)

    response = client.post(url("results_recompute", answered_survey), follow=True)

    assert requested == [(recompute_survey_results_task, answered_survey.pk)]
    assert response.redirect_chain == [(url("results", answered_survey), 302)]
    assert "Die Ergebnisse werden neu berechnet." in response.content.decode()


def test_recompute_needs_the_csrf_token(answered_survey, member, monkeypatch):
    requested = []
    monkeypatch.setattr(results_admin, "recompute_request", lambda *args: requested.append(args))
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(url("results_recompute", answered_survey))

    assert response.status_code == 403
    assert requested == []


def test_recompute_is_post_only(client, answered_survey, member):
    client.force_login(member)
    assert client.get(url("results_recompute", answered_survey)).status_code == 405


# --- filters ---------------------------------------------------------------------------------


def _filtered(client, survey, **params):
    response = client.get(url("results", survey), params)
    assert response.status_code == 200, response.content.decode()[:2000]
    results = response.context["results"]
    return response, results, {question["key"]: question for question in results.questions}


def _option_counts(question) -> dict[str, int]:
    return {option["key"]: option["count"] for option in question["options"] if option["count"]}


def test_channel_filter_counts_equal_sql(client, answered_survey, member):
    client.force_login(member)

    response, results, questions = _filtered(client, answered_survey, kanal="paper")

    [(responses,)] = _sql(
        "SELECT COUNT(*) FROM surveys_response WHERE survey_id = %s AND status = 'submitted' "
        "AND channel = 'paper'",
        [answered_survey.pk],
    )
    expected = dict(
        _sql(
            "SELECT a.choice_key, COUNT(*) FROM surveys_answer a JOIN surveys_response r "
            "ON r.id = a.response_id WHERE a.survey_id = %s AND a.question_key = 'wohndauer' "
            "AND r.channel = 'paper' GROUP BY a.choice_key",
            [answered_survey.pk],
        )
    )
    assert 0 < responses < 41
    assert results.responses == responses
    assert _option_counts(questions["wohndauer"]) == expected
    page = response.content.decode()
    assert "Gefilterte Zahlen werden bei jedem Aufruf aus den Antworten berechnet." in page
    assert "Weg der Antwort: Papier" in page


def test_group_filter_counts_equal_sql(client, answered_survey, member):
    client.force_login(member)

    response, results, questions = _filtered(client, answered_survey, gruppe="q:altersgruppe:70-79")

    [(responses,)] = _sql(
        "SELECT COUNT(*) FROM surveys_answer WHERE survey_id = %s "
        "AND question_key = 'altersgruppe' AND choice_key = '70-79'",
        [answered_survey.pk],
    )
    expected = dict(
        _sql(
            "SELECT a.choice_key, COUNT(*) FROM surveys_answer a JOIN surveys_answer g "
            "ON g.response_id = a.response_id AND g.question_key = 'altersgruppe' "
            "AND g.choice_key = '70-79' WHERE a.survey_id = %s "
            "AND a.question_key = 'einkauf-zu-fuss' GROUP BY a.choice_key",
            [answered_survey.pk],
        )
    )
    assert 0 < responses < 41
    assert results.responses == responses
    assert _option_counts(questions["einkauf-zu-fuss"]) == expected
    assert _option_counts(questions["altersgruppe"]) == {"70-79": responses}
    assert "Wie alt sind Sie?: 70 bis 79 Jahre" in response.content.decode()


def test_period_filter_counts_whole_local_days(client, answered_survey, member):
    # Two responses on 3 November 2019 in Berlin and one a quarter past midnight on the 4th,
    # which in UTC is still the 3rd: days are the city's days.
    berlin = timezone.get_current_timezone()
    moments = [
        datetime.datetime(2019, 11, 3, 8, 0, tzinfo=berlin),
        datetime.datetime(2019, 11, 3, 23, 30, tzinfo=berlin),
        datetime.datetime(2019, 11, 4, 0, 15, tzinfo=berlin),
    ]
    chosen = list(
        Response.objects.filter(survey=answered_survey, channel=Channel.ONLINE)
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    )
    for pk, moment in zip(chosen, moments, strict=True):
        Response.objects.filter(pk=pk).update(submitted_at=moment)
    client.force_login(member)

    _response, results, questions = _filtered(
        client, answered_survey, von="2019-11-03", bis="2019-11-03"
    )
    _response, german, _questions = _filtered(client, answered_survey, von="03.11.2019")

    [(responses,)] = _sql(
        "SELECT COUNT(*) FROM surveys_response WHERE survey_id = %s AND status = 'submitted' "
        "AND submitted_at >= %s AND submitted_at < %s",
        [
            answered_survey.pk,
            connection.ops.adapt_datetimefield_value(moments[0].replace(hour=0)),
            connection.ops.adapt_datetimefield_value(moments[2].replace(minute=0)),
        ],
    )
    assert results.responses == responses == 2
    assert (
        german.responses
        == Response.objects.filter(
            survey=answered_survey, submitted_at__gte=moments[0].replace(hour=0)
        ).count()
    )
    assert questions["zufriedenheit"]["answered"] == 2


def test_combined_filters_and_an_empty_selection(client, answered_survey, member):
    client.force_login(member)

    _response, results, questions = _filtered(
        client, answered_survey, kanal="interview", gruppe="q:geschlecht:divers", von="2020-01-01"
    )

    expected = Response.objects.filter(
        survey=answered_survey,
        channel=Channel.INTERVIEW,
        answers__question_key="geschlecht",
        answers__choice_key="divers",
    ).count()
    assert results.responses == expected
    assert questions["wohndauer"]["answered"] == sum(
        option["count"] for option in questions["wohndauer"]["options"]
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kanal": "brieftaube"}, "„brieftaube“ ist kein Weg der Antwort."),
        ({"gruppe": "q:nicht-da:x"}, "ist keine Gruppe dieser Befragung"),
        ({"gruppe": "q:altersgruppe:200-plus"}, "ist keine Gruppe dieser Befragung"),
        ({"gruppe": "q:wohndauer:ueber-20"}, "ist keine Gruppe dieser Befragung"),
        ({"gruppe": "'; DROP TABLE surveys_answer; --"}, "ist keine Gruppe dieser Befragung"),
        ({"von": "gestern"}, "Bitte geben Sie den Beginn als Datum an"),
        ({"bis": "2026-13-45"}, "Bitte geben Sie das Ende als Datum an"),
        ({"von": "2026-11-05", "bis": "2026-11-01"}, "Das Ende des Zeitraums liegt vor"),
        ({"von": "0001-01-01"}, "Bitte geben Sie ein Datum zwischen 01.01.2000 und"),
        ({"bis": "9999-12-31"}, "Bitte geben Sie ein Datum zwischen 01.01.2000 und"),
        ({"kanal": ["paper", "online"], "von": "2026-02-30"}, "als Datum an"),
    ],
)
def test_garbage_filters_are_a_400_with_a_german_message(
    client, answered_survey, member, params, message
):
    client.force_login(member)

    response = client.get(url("results", answered_survey), params)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Die Filter passen nicht" in page
    assert message in page
    assert 'aria-invalid="true"' in page
    assert "Die Antworten Frage für Frage" not in page


def test_unrelated_parameters_are_no_filter(client, answered_survey, member):
    client.force_login(member)
    response = client.get(url("results", answered_survey), {"utm_source": "mail", "kanal": ""})
    assert response.status_code == 200
    assert response.context["filtered"] is False


def test_group_filter_offers_the_demographic_questions(client, answered_survey, member):
    client.force_login(member)
    form = client.get(url("results", answered_survey)).context["filters"]
    groups = dict(form.fields["gruppe"].choices)
    assert set(groups) == {"", "Wie alt sind Sie?", "Welches Geschlecht haben Sie?"}
    assert ("q:altersgruppe:80-plus", "80 Jahre und älter") in groups["Wie alt sind Sie?"]


# --- free-text answers -----------------------------------------------------------------------


def test_free_text_answers_are_listed_for_the_network(client, answered_survey, member):
    client.force_login(member)

    response = client.get(url("text_answers", answered_survey, "wunsch"))

    page = response.content.decode()
    texts = list(
        Answer.objects.filter(survey=answered_survey, question_key="wunsch")
        .exclude(text=None)
        .values_list("text", flat=True)
    )
    assert response.context["total"] == len(texts) > 0
    assert set(texts) <= set(DEMO_WISHES)
    assert all(text in page for text in set(texts))


def test_free_text_answers_are_paginated(client, answered_survey, member, monkeypatch):
    monkeypatch.setattr(results_admin, "TEXT_ANSWERS_PER_PAGE", 5)
    client.force_login(member)

    first = client.get(url("text_answers", answered_survey, "wunsch"))
    second = client.get(url("text_answers", answered_survey, "wunsch"), {"p": 2})

    assert len(first.context["answers"]) == 5
    assert first.context["total"] > 5
    assert second.context["answers"].number == 2
    assert '?p=2"' in first.content.decode()


@pytest.mark.parametrize("key", ["wohndauer", "gibt-es-nicht"])
def test_free_text_page_only_for_text_questions(client, answered_survey, member, key):
    client.force_login(member)
    assert client.get(url("text_answers", answered_survey, key)).status_code == 404


# --- aggregate downloads ---------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_has_public_figures_only(client, answered_survey, member):
    client.force_login(member)

    response = client.get(url("results_csv", answered_survey))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ergebnisse-')
    assert "no-cache" in response["Cache-Control"]
    header, *rows = _csv_rows(response)
    assert header == results_export_header()
    k = answered_survey.results_min_group
    counts = [row[6] for row in rows]
    shown = [int(count) for count in counts if count]
    assert shown and all(count == 0 or count >= k for count in shown)
    hidden = [row for row in rows if not row[6]]
    assert hidden, "with 41 answers some small groups are hidden"
    assert all("ausgeblendet" in row[8] or "Freitext" in row[8] for row in hidden)
    assert all(not row[7] for row in hidden), "no share of a hidden count"
    text = "\n".join(";".join(row) for row in rows)
    for free_text in (OTHER_TEXT, STREET, *DEMO_WISHES):
        assert free_text not in text
    keys = {row[0] for row in rows}
    assert {"wohndauer", "angebote", "aussagen", "haushalt", "wunsch"} <= keys
    assert {row[3] for row in rows} >= {"Kanal", "Wie alt sind Sie?"}


def test_csv_totals_agree_with_the_public_projection(client, answered_survey, member):
    client.force_login(member)
    rows = _csv_rows(client.get(url("results_csv", answered_survey)))[1:]
    [total] = [row for row in rows if row[1] == "Teilnahme" and row[5] == "Antworten insgesamt"]
    assert total[6] == "41"
    [walk] = [
        row
        for row in rows
        if row[0] == "einkauf-zu-fuss" and row[5] == "Ja" and not row[3] and not row[2]
    ]
    [(yes,)] = _sql(
        "SELECT COUNT(*) FROM surveys_answer WHERE survey_id = %s "
        "AND question_key = 'einkauf-zu-fuss' AND choice_key = 'ja'",
        [answered_survey.pk],
    )
    assert walk[6] == str(yes)


def test_xlsx_opens_with_the_same_rows(client, answered_survey, member):
    client.force_login(member)

    response = client.get(url("results_xlsx", answered_survey))
    csv_rows = _csv_rows(client.get(url("results_csv", answered_survey)))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == results_export_header()
    assert len(rows) == len(csv_rows)
    counts = [row[6] for row in rows[1:] if row[6] is not None]
    assert all(isinstance(count, int) for count in counts)
    assert all(count == 0 or count >= answered_survey.results_min_group for count in counts)


# --- PDF reports -----------------------------------------------------------------------------


def test_report_request_creates_a_pending_report(
    client, answered_survey, member, django_capture_on_commit_callbacks
):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url("report_request", answered_survey))

    assert response.status_code == 302
    assert response["Location"] == url("results", answered_survey) + "#bericht"
    [report] = SurveyReport.objects.filter(survey=answered_survey)
    assert (report.requested_by, report.status) == (member, SurveyReport.Status.PENDING)
    page = client.get(url("results", answered_survey)).content.decode()
    assert "wird erstellt" in page


def test_requested_report_is_rendered_and_downloaded(
    client, answered_survey, member, django_capture_on_commit_callbacks
):
    from beteiligung.celery import app
    from surveys.reports import weasyprint_module

    if weasyprint_module() is None:
        pytest.skip("WeasyPrint or its Pango library is missing")
    client.force_login(member)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # render in this process, also with a broker configured
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("report_request", answered_survey))
    finally:
        app.conf.task_always_eager = eager

    [report] = SurveyReport.objects.filter(survey=answered_survey)
    assert report.status == SurveyReport.Status.READY
    response = client.get(url("report_download", answered_survey, report.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_report_download_streams_the_file(client, answered_survey, member):
    report = _report(answered_survey)
    client.force_login(member)

    response = client.get(url("report_download", answered_survey, report.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bericht-gut-leben-')
    assert b"".join(response.streaming_content) == PDF
    page = client.get(url("results", answered_survey)).content.decode()
    assert url("report_download", answered_survey, report.pk) in page


@pytest.mark.parametrize("status", [SurveyReport.Status.PENDING, SurveyReport.Status.FAILED])
def test_unfinished_report_is_not_found(client, answered_survey, member, status):
    report = _report(answered_survey, status=status)
    client.force_login(member)
    assert client.get(url("report_download", answered_survey, report.pk)).status_code == 404


def test_report_of_another_survey_is_not_reachable_through_ones_own(
    client, answered_survey, other_survey, member
):
    foreign = _report(other_survey)
    client.force_login(member)
    # Through one's own survey: not found; directly: no access.
    assert client.get(url("report_download", answered_survey, foreign.pk)).status_code == 404
    assert client.get(url("report_download", other_survey, foreign.pk)).status_code == 403


# --- district comparison ---------------------------------------------------------------------


@pytest.fixture
def city_wide(home_page, district_page):
    oststadt = DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )
    survey = SurveyPageFactory(
        parent=home_page,
        title="Wie lebt es sich in Karlsruhe?",
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
    for district, answers in (
        ("oststadt", ["ja"] * 6 + ["nein"] * 2),
        ("beiertheim-bulach", ["nein"] * 4 + ["ja"]),
    ):
        for answer in answers:
            response_submit(
                survey=survey,
                participant=Participant(key=None),
                answers=[
                    AnswerValue("stadtteil", choice_key=district),
                    AnswerValue("zufrieden", choice_key=answer),
                ],
            )
    survey_results_refresh(survey_id=survey.pk)
    survey.oststadt = oststadt
    return survey


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", LOGIN), ("member", FORBIDDEN), ("editor", 200)],
)
@pytest.mark.parametrize("name", ["comparison", "results"])
def test_city_wide_results_are_for_editors(client, request, city_wide, who, expected, name):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    _assert_status(client.get(url(name, city_wide)), expected)


def test_comparison_puts_the_districts_side_by_side(client, city_wide, editor):
    client.force_login(editor)

    response = client.get(url("comparison", city_wide))

    [table] = response.context["tables"]
    assert table["key"] == "zufrieden", "the district question itself is no comparison"
    assert [group["label"] for group in table["groups"]] == ["Beiertheim-Bulach", "Oststadt"]
    assert [group["n"] for group in table["groups"]] == [5, 8]
    yes, no = table["rows"]
    assert [cell["count"] for cell in yes["cells"]] == [1, 6]
    assert [cell["share"] for cell in yes["cells"]] == pytest.approx([0.2, 0.75])
    assert [cell["count"] for cell in no["cells"]] == [4, 2]
    assert (yes["total"]["share"], yes["total"]["count"]) == (pytest.approx(7 / 13), 7)
    page = response.content.decode()
    assert "54\u00a0%" in page and "75\u00a0%" in page
    assert "Sind Sie zufrieden?" in page
    assert "wenige" in page, "Beiertheim-Bulach has fewer than k respondents"
    results_page = client.get(url("results", city_wide)).content.decode()
    assert url("comparison", city_wide) in results_page
    assert "nach Stadtteil" in results_page


def test_comparison_only_for_city_wide_surveys_with_a_district_question(
    client, answered_survey, editor
):
    client.force_login(editor)
    assert client.get(url("comparison", answered_survey)).status_code == 404
