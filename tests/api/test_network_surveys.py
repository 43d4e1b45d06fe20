"""Surveys for the networks, with a key: who sees which survey, the full results with the
Stand, responses per day, and the downloads (raw responses only with the export permission,
and recorded)."""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import PageLogEntry

from surveys.aggregation import survey_results_refresh
from surveys.models import Channel, Response
from surveys.questions.base import AnswerValue
from surveys.services import Participant, browser_participant, response_submit
from tests.api.conftest import client_for
from tests.factories import SurveyPageFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
LIST = "/api/v1/network/surveys/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANSWERS = [
    AnswerValue("wohndauer", choice_key="ueber-20"),
    AnswerValue("zufriedenheit", number=Decimal(4)),
    AnswerValue("einkauf-zu-fuss", choice_key="nein"),
]


def results_url(survey):
    return f"/api/v1/network/surveys/{survey.pk}/results/"


def over_time_url(survey):
    return f"/api/v1/network/surveys/{survey.pk}/responses-over-time/"


def export_url(survey, name):
    return f"/api/v1/network/surveys/{survey.pk}/exports/{name}"


def submit(survey, number, *, channel=Channel.ONLINE, at=None) -> Response:
    if channel == Channel.ONLINE:
        participant = browser_participant(survey=survey, browser_id=f"b-{survey.pk}-{number}")
    else:
        participant = Participant(key=None)
    response = response_submit(
        survey=survey, participant=participant, answers=ANSWERS, channel=channel
    )
    if at is not None:
        Response.objects.filter(pk=response.pk).update(submitted_at=at)
    return response


@pytest.fixture
def answered(survey_a, survey_b):
    """Three responses to survey A, one to survey B, results of both computed."""
    for number in range(3):
        submit(survey_a, number)
    submit(survey_b, 0)
    survey_results_refresh(survey_id=survey_a.pk)
    survey_results_refresh(survey_id=survey_b.pk)
    return survey_a


def _user(request, who):
    return None if who == "anonymous" else request.getfixturevalue(who)


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return b"".join(response) if hasattr(response, "file_to_stream") else response.content


# --- the list --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected_titles"),
    [
        ("resident", []),
        ("member_a", ["Gut leben in der Südweststadt"]),
        ("member_b", ["Älter werden in der Oststadt"]),
        ("editor", ["Gut leben in der Südweststadt", "Älter werden in der Oststadt"]),
    ],
)
def test_list_shows_the_surveys_the_user_manages(request, answered, who, expected_titles):
    response = client_for(request.getfixturevalue(who)).get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert sorted(row["title"] for row in body["results"]) == sorted(expected_titles)
    assert body["count"] == len(expected_titles)


def test_list_without_a_key_is_401(api, answered):
    response = api.get(LIST)
    assert response.status_code == 401
    assert response.json() == {
        "status": 401,
        "code": "not_authenticated",
        "detail": response.json()["detail"],
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_list_row_has_counts_district_state_and_dates(answered, member_a):
    submit(answered, 9, channel=Channel.PAPER)
    Response.objects.create(survey=answered, participant_key="browser:unfinished")

    row = client_for(member_a).get(LIST).json()["results"][0]

    assert row == {
        "id": answered.pk,
        "title": "Gut leben in der Südweststadt",
        "live": True,
        "district": {"slug": "suedweststadt", "name": "Südweststadt"},
        "state": "open",
        "opens_at": None,
        "closes_at": None,
        "participation_mode": "open",
        "results_visibility": "internal",
        "responses": 4,  # submitted only: the unfinished one does not count
    }


def test_list_filters_and_ordering(editor, district_a_page, district_b_page):
    now = datetime.datetime.now(tz=BERLIN)
    SurveyPageFactory(parent=district_a_page, title="Gut leben")
    SurveyPageFactory(parent=district_b_page, title="Alt werden")
    SurveyPageFactory(
        parent=district_a_page,
        title="Abgeschlossen",
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now - datetime.timedelta(days=1),
    )
    client = client_for(editor)

    def titles(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        return [row["title"] for row in response.json()["results"]]

    assert titles(district="suedweststadt", ordering="title") == ["Abgeschlossen", "Gut leben"]
    assert titles(state="closed") == ["Abgeschlossen"]
    assert titles(state="open", ordering="-title") == ["Gut leben", "Alt werden"]
    # No end date means open for good: last by closes_at, first by -closes_at.
    assert titles(ordering="closes_at")[0] == "Abgeschlossen"
    assert titles(ordering="-closes_at")[-1] == "Abgeschlossen"
    assert titles(district="nirgendwo") == []

    assert client.get(LIST, {"ordering": "responses"}).status_code == 400
    assert client.get(LIST, {"state": "bald"}).status_code == 400
    assert client.get(LIST, {"page_size": 101}).status_code == 400


@pytest.mark.parametrize("count", [2, 8])
def test_list_query_count_does_not_grow(
    django_assert_num_queries, district_a_page, member_a, count
):
    for number in range(count):
        survey = SurveyPageFactory(parent=district_a_page, title=f"Befragung {number}")
        submit(survey, number)
    client = client_for(member_a)

    # Key with its user, the user's page permissions, the page count, the page of surveys.
    with django_assert_num_queries(4):
        response = client.get(LIST)

    assert response.status_code == 200
    assert len(response.json()["results"]) == count
    assert {row["responses"] for row in response.json()["results"]} == {1}


# --- one survey: who may see it --------------------------------------------------------------

ONE_SURVEY_ENDPOINTS = [
    results_url,
    over_time_url,
    lambda survey: export_url(survey, "results.csv"),
    lambda survey: export_url(survey, "results.xlsx"),
    lambda survey: export_url(survey, "responses.csv"),
    lambda survey: export_url(survey, "responses.xlsx"),
]


@pytest.mark.parametrize("endpoint", ONE_SURVEY_ENDPOINTS)
@pytest.mark.parametrize(
    ("who", "target", "expected"),
    [
        ("anonymous", "a", 401),
        ("resident", "a", 403),
        ("member_a", "b", 403),
        ("member_b", "a", 403),
        ("member_a", "a", 200),
        ("editor", "a", 200),
        ("editor", "b", 200),
    ],
)
def test_permission_matrix(request, answered, survey_b, endpoint, who, target, expected):
    survey = answered if target == "a" else survey_b

    response = client_for(_user(request, who)).get(endpoint(survey))

    assert response.status_code == expected
    if expected != 200:
        assert response["Content-Type"] == "application/json"
        assert response.json()["status"] == expected
        assert response.json()["code"] == {401: "not_authenticated", 403: "forbidden"}[expected]


@pytest.mark.parametrize("endpoint", ONE_SURVEY_ENDPOINTS)
def test_unknown_survey_is_404(editor, collection_a, endpoint):
    class Unknown:
        pk = 999_999

    assert client_for(editor).get(endpoint(Unknown)).status_code == 404
    Unknown.pk = 10**30  # beyond what SQLite can hold: still 404, not 500
    assert client_for(editor).get(endpoint(Unknown)).status_code == 404
    # An id of another page type is no survey either.
    assert client_for(editor).get(endpoint(collection_a)).status_code == 404


# --- results ---------------------------------------------------------------------------------


def test_results_before_the_first_computation(survey_a, member_a):
    response = client_for(member_a).get(results_url(survey_a))

    assert response.status_code == 200
    assert response.json() == {
        "survey_id": survey_a.pk,
        "computed_at": None,
        "responses": None,
        "dirty": None,
        "message": "Die Ergebnisse sind noch nicht berechnet.",
        "results": None,
    }


def test_results_are_the_networks_figures_with_the_stand(answered, member_a):
    body = client_for(member_a).get(results_url(answered)).json()

    assert body["responses"] == 3
    assert body["dirty"] is False
    assert body["message"] == ""
    assert body["computed_at"]
    assert body["results"]["survey"]["responses"] == 3
    keys = [question["key"] for question in body["results"]["questions"]]
    assert keys[:3] == ["wohndauer", "zufriedenheit", "einkauf-zu-fuss"]
    # The network's version: three answers are shown, below the public minimum of five.
    wohndauer = body["results"]["questions"][0]
    assert not wohndauer.get("suppressed")
    assert {option["key"]: option["count"] for option in wohndauer["options"]}["ueber-20"] == 3


def test_results_say_when_newer_answers_wait(answered, member_a):
    submit(answered, 7)

    body = client_for(member_a).get(results_url(answered)).json()

    assert body["responses"] == 3  # the stored Stand, not counted live
    assert body["dirty"] is True
    assert body["message"] == "Neue Antworten werden gerade eingerechnet."


# --- responses per day -----------------------------------------------------------------------


def test_responses_per_day_in_the_sites_time_zone(survey_a, member_a):
    # 23:30 UTC on 2 March is already 3 March in Karlsruhe.
    utc = datetime.UTC
    submit(survey_a, 1, at=datetime.datetime(2026, 3, 2, 10, 0, tzinfo=utc))
    submit(survey_a, 2, at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=utc))
    submit(survey_a, 3, at=datetime.datetime(2026, 3, 3, 8, 0, tzinfo=utc))
    submit(survey_a, 4, channel=Channel.PAPER, at=datetime.datetime(2026, 3, 5, 9, tzinfo=utc))
    Response.objects.create(survey=survey_a, participant_key="browser:unfinished")

    response = client_for(member_a).get(over_time_url(survey_a))

    assert response.status_code == 200
    assert response.json() == {
        "survey_id": survey_a.pk,
        "channel": None,
        "time_zone": "Europe/Berlin",
        "total": 4,
        "days": [
            {"date": "2026-03-02", "count": 1, "cumulative": 1},
            {"date": "2026-03-03", "count": 2, "cumulative": 3},
            {"date": "2026-03-05", "count": 1, "cumulative": 4},
        ],
    }

    paper = client_for(member_a).get(over_time_url(survey_a), {"channel": "paper"}).json()
    assert paper["channel"] == "paper"
    assert paper["days"] == [{"date": "2026-03-05", "count": 1, "cumulative": 1}]


def test_responses_per_day_refuses_an_unknown_channel(survey_a, member_a):
    response = client_for(member_a).get(over_time_url(survey_a), {"channel": "brieftaube"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["channel"]


def test_responses_per_day_of_a_survey_without_answers(survey_a, member_a):
    body = client_for(member_a).get(over_time_url(survey_a)).json()
    assert body["total"] == 0
    assert body["days"] == []


# --- downloads -------------------------------------------------------------------------------


def test_results_csv_is_the_public_aggregate(answered, member_a):
    response = client_for(member_a).get(export_url(answered, "results.csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ergebnisse-')
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Frage-Schlüssel", "Frage", "Zeile"]
    # Three responses are fewer than the minimum group of five: hidden, with the note.
    assert rows[1][6] == ""
    assert "ausgeblendet" in rows[1][8]


def test_results_xlsx(answered, member_a):
    response = client_for(member_a).get(export_url(answered, "results.xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert _body(response)[:2] == b"PK"


def test_results_download_before_the_first_computation_is_404(survey_a, member_a):
    response = client_for(member_a).get(export_url(survey_a, "results.csv"))
    assert response.status_code == 404
    assert response.json()["detail"] == "Die Ergebnisse sind noch nicht berechnet."


@pytest.mark.parametrize("name", ["results.csv", "responses.csv", "responses.xlsx"])
@pytest.mark.parametrize(
    "ask",
    [
        {"HTTP_ACCEPT": "text/csv"},
        {"HTTP_ACCEPT": "application/json"},
        {"HTTP_ACCEPT": "image/png"},
        {"QUERY_STRING": "format=csv"},
        {"QUERY_STRING": "format=json"},
        {"QUERY_STRING": "format=pdf"},
    ],
)
def test_downloads_ignore_accept_and_format(answered, editor, name, ask):
    response = client_for(editor).get(export_url(answered, name), **ask)
    assert response.status_code == 200


def test_errors_of_downloads_stay_json_whatever_is_accepted(answered, resident):
    response = client_for(resident).get(
        export_url(answered, "responses.csv"), HTTP_ACCEPT="text/csv"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"


def _remove_export_permission(user):
    permission = Permission.objects.get(codename="export_raw_responses")
    for group in user.groups.all():
        group.permissions.remove(permission)


def _exports_logged(survey):
    return PageLogEntry.objects.filter(page=survey, action="surveys.responses_export")


@pytest.mark.parametrize("name", ["responses.csv", "responses.xlsx"])
def test_raw_responses_need_the_export_permission(answered, member_a, name):
    _remove_export_permission(member_a)

    response = client_for(member_a).get(export_url(answered, name))

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Rohdaten exportieren darf nur")
    assert not _exports_logged(answered).exists()
    # Managing the survey is unaffected.
    assert client_for(member_a).get(results_url(answered)).status_code == 200


def test_raw_responses_csv_is_recorded(answered, member_a):
    response = client_for(member_a).get(export_url(answered, "responses.csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="antworten-')
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["antwort_id", "abgeschickt_am", "kanal"]
    assert len(rows) == 1 + 3
    entry = _exports_logged(answered).get()
    assert entry.user_id == member_a.pk
    assert entry.data == {"format": "csv"}


def test_raw_responses_xlsx_is_recorded(answered, editor):
    response = client_for(editor).get(export_url(answered, "responses.xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert _body(response)[:2] == b"PK"
    assert _exports_logged(answered).get().data == {"format": "xlsx"}


def test_refused_raw_export_of_another_district_is_not_recorded(answered, member_b):
    assert client_for(member_b).get(export_url(answered, "responses.csv")).status_code == 403
    assert not _exports_logged(answered).exists()
