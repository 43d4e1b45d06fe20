"""Surveys through the API: the list with its filters, one survey's questions, and answering
it in each participation mode with the web's rules (one response per participant, period,
conditions, honeypot)."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from beteiligung import ratelimit
from beteiligung.api.participants import PARTICIPANT_HEADER
from surveys.models import Answer, ParticipationMode, Response
from surveys.services import access_codes_generate
from tests.api.conftest import client_for
from tests.factories import SurveyPageFactory

pytestmark = pytest.mark.django_db

# The demo questionnaire (surveys.demo.GUT_LEBEN_QUESTIONS): every required question answered.
ANSWERS = {
    "wohndauer": "ueber-20",
    "zufriedenheit": 4,
    "einkauf-zu-fuss": "nein",
    "einkauf-hindernisse": ["keine-baenke", "bordsteine"],
    "angebote__mittagstisch": "1",
    "angebote__besuchsdienst": "2",
    "angebote__fahrdienst": "3",
    "angebote__treffpunkt": "4",
    "aussagen__nachbarschaft": "zu",
    "aussagen__beratung": "eher-zu",
    "aussagen__sicherheit": "eher-nicht",
    "wunsch": "Mehr Bänke an der Breite Straße.",
    "altersgruppe": "70-79",
    "haushalt": 2,
    "einzug": "1998-04-01",
}


def submit(client, survey, answers=None, **extra):
    """POST a response; upper-case HTTP_* keywords are request headers, the rest body fields."""
    headers = {key: value for key, value in extra.items() if key.startswith("HTTP_")}
    fields = {key: value for key, value in extra.items() if key not in headers}
    body = {"answers": ANSWERS if answers is None else answers, **fields}
    return client.post(f"/api/v1/surveys/{survey.pk}/responses/", body, format="json", **headers)


# --- reading ---------------------------------------------------------------------------------


def test_list_filters_a_districts_open_surveys(api, survey_a, survey_b, district_a_page):
    closed = SurveyPageFactory(
        parent=district_a_page, closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    SurveyPageFactory(parent=district_a_page, live=False)

    everything = api.get("/api/v1/surveys/")
    open_in_a = api.get("/api/v1/surveys/?district=suedweststadt&state=open")
    closed_in_a = api.get("/api/v1/surveys/?district=suedweststadt&state=closed")

    assert everything.status_code == 200
    assert {item["id"] for item in everything.json()["results"]} == {
        survey_a.pk,
        survey_b.pk,
        closed.pk,
    }
    assert [item["id"] for item in open_in_a.json()["results"]] == [survey_a.pk]
    assert [item["id"] for item in closed_in_a.json()["results"]] == [closed.pk]
    first = open_in_a.json()["results"][0]
    assert first["state"] == "open"
    assert first["district"] == {"slug": "suedweststadt", "name": "Südweststadt"}
    assert first["responses_endpoint"].endswith(f"/api/v1/surveys/{survey_a.pk}/responses/")


def test_bad_filter_and_ordering_values_are_400(api, survey_a):
    bad_state = api.get("/api/v1/surveys/?state=vielleicht")
    bad_order = api.get("/api/v1/surveys/?ordering=participant_key")

    assert bad_state.status_code == 400
    assert "state" in bad_state.json()["errors"]
    assert bad_order.status_code == 400
    assert bad_order.json()["code"] == "invalid"


@pytest.mark.parametrize("count", [3, 12])
def test_list_costs_the_same_queries_for_any_length(
    api, district_a_page, count, django_assert_num_queries
):
    for _number in range(count):
        SurveyPageFactory(parent=district_a_page)
    with django_assert_num_queries(3):  # count, page, site root paths (cached)
        response = api.get("/api/v1/surveys/?page_size=100")
    assert len(response.json()["results"]) == count


def test_detail_describes_every_answer_field(api, survey_a):
    response = api.get(f"/api/v1/surveys/{survey_a.pk}/")

    assert response.status_code == 200
    items = [item for step in response.json()["steps"] for item in step["items"]]
    fields = {field["name"]: field for item in items for field in item.get("fields", [])}
    assert set(ANSWERS) <= set(fields)
    assert fields["wohndauer"]["type"] == "choice"
    assert [c["key"] for c in fields["wohndauer"]["choices"]] == ["unter-5", "5-20", "ueber-20"]
    assert fields["einkauf-hindernisse"]["type"] == "multiple_choice"
    assert fields["haushalt"]["type"] == "number"
    hindernisse = next(item for item in items if item.get("key") == "einkauf-hindernisse")
    assert hindernisse["condition"] == {
        "question": "einkauf-zu-fuss",
        "operator": "is",
        "choice": "nein",
    }


def test_unpublished_or_unknown_survey_is_404(api, district_a_page):
    draft = SurveyPageFactory(parent=district_a_page, live=False)

    assert api.get(f"/api/v1/surveys/{draft.pk}/").status_code == 404
    assert api.get("/api/v1/surveys/999999/").json() == {
        "status": 404,
        "code": "not_found",
        "detail": "Nicht gefunden.",
    }
    assert submit(api, draft).status_code == 404


# --- answering -------------------------------------------------------------------------------


def test_open_mode_stores_the_response_and_hands_out_a_participant_id(api, survey_a):
    response = submit(api, survey_a)

    assert response.status_code == 201, response.json()
    participant_id = response.json()["participant_id"]
    assert response[PARTICIPANT_HEADER] == participant_id
    stored = Response.objects.get(survey=survey_a)
    assert stored.status == Response.Status.SUBMITTED
    assert stored.channel == "online"
    assert set(Answer.objects.filter(response=stored).values_list("question_key", flat=True)) >= {
        "wohndauer",
        "einkauf-hindernisse",
        "angebote",
        "aussagen",
    }


def test_second_response_with_the_same_participant_id_is_409(api, survey_a):
    first = submit(api, survey_a)
    again = submit(api, survey_a, HTTP_X_PARTICIPANT_ID=first.json()["participant_id"])

    assert again.status_code == 409
    assert again.json()["code"] == "already_answered"
    assert Response.objects.filter(survey=survey_a).count() == 1


def test_the_web_cookie_is_the_same_participant(api, client, survey_a):
    first = submit(api, survey_a)
    client.cookies["beteiligung_teilnahme"] = first.json()["participant_id"]

    page = client.get(survey_a.url)

    assert page.status_code == 200
    assert "schon teilgenommen" in page.content.decode()


def test_missing_required_answer_is_a_field_error_and_stores_nothing(api, survey_a):
    answers = {key: value for key, value in ANSWERS.items() if key != "wohndauer"}

    response = submit(api, survey_a, answers)

    assert response.status_code == 400
    assert response.json()["errors"]["answers.wohndauer"] == ["Bitte wählen Sie eine Antwort."]
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**ANSWERS, "wohndauer": "seit-gestern"}, "answers.wohndauer"),
        ({**ANSWERS, "haushalt": "viele"}, "answers.haushalt"),
        ({**ANSWERS, "einzug": "gestern"}, "answers.einzug"),
        ({**ANSWERS, "unbekannt": "x"}, "answers.unbekannt"),
        ({**ANSWERS, "zufriedenheit": {"wert": 4}}, "answers.zufriedenheit"),
    ],
)
def test_wrong_values_are_field_errors(api, survey_a, answers, field):
    response = submit(api, survey_a, answers)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Response.objects.exists()


def test_answers_to_a_hidden_question_are_dropped_as_on_the_web(api, survey_a):
    response = submit(api, survey_a, {**ANSWERS, "einkauf-zu-fuss": "ja"})

    assert response.status_code == 201
    assert not Answer.objects.filter(question_key="einkauf-hindernisse").exists()


def test_honeypot_unknown_field_and_malformed_json_store_nothing(api, survey_a):
    honeypot = submit(api, survey_a, website="http://spam.example")
    unknown = submit(api, survey_a, name="Bot")
    malformed = api.post(
        f"/api/v1/surveys/{survey_a.pk}/responses/", "{answers:", content_type="application/json"
    )
    not_json = api.post(
        f"/api/v1/surveys/{survey_a.pk}/responses/", "answers=1", content_type="text/plain"
    )

    assert honeypot.status_code == 400
    assert "automatischen Programm" in honeypot.json()["errors"]["answers.non_field_errors"][0]
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"name": ["Unbekanntes Feld."]}
    assert malformed.status_code == 400
    assert malformed.json()["code"] == "parse_error"
    assert not_json.status_code == 415
    assert not Response.objects.exists()


def test_oversize_body_is_413(api, survey_a, settings):
    settings.API_MAX_BODY_BYTES = 1000

    response = submit(api, survey_a, {**ANSWERS, "wunsch": "x" * 2000})

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Response.objects.exists()


def test_closed_survey_is_409_not_open(api, district_a_page):
    closed = SurveyPageFactory(
        parent=district_a_page, closes_at=timezone.now() - datetime.timedelta(hours=1)
    )

    response = submit(api, closed)

    assert response.status_code == 409
    assert response.json()["code"] == "not_open"
    assert not Response.objects.exists()


def test_account_mode_needs_a_key_and_takes_one_response_per_account(
    api, district_a_page, resident
):
    survey = SurveyPageFactory(parent=district_a_page, participation_mode=ParticipationMode.ACCOUNT)

    anonymous = submit(api, survey)
    first = submit(client_for(resident), survey)
    second = submit(client_for(resident), survey)

    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Bearer")
    assert first.status_code == 201
    assert first.json()["participant_id"] is None
    assert second.status_code == 409
    assert list(Response.objects.values_list("user", flat=True)) == [resident.pk]


def test_code_mode_takes_each_code_once(api, district_a_page):
    survey = SurveyPageFactory(parent=district_a_page, participation_mode=ParticipationMode.CODE)
    code = access_codes_generate(survey=survey, count=1)[0]

    without = submit(api, survey)
    wrong = submit(api, survey, access_code="AAAA-BBBB-CC")
    first = submit(api, survey, access_code=code.lower())
    second = submit(api, survey, access_code=code)

    assert without.status_code == 400
    assert wrong.status_code == 400
    assert "Zugangscode" in wrong.json()["errors"]["access_code"][0]
    assert first.status_code == 201
    assert second.status_code == 409
    assert Response.objects.count() == 1


def test_rate_limit_is_429_with_retry_after(api, survey_a, settings):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 1
    cache.clear()

    first = submit(api, survey_a)
    second = submit(api, survey_a, HTTP_X_PARTICIPANT_ID="ignored")

    assert first.status_code == 201
    assert second.status_code == 429
    assert second.json()["code"] == "throttled"
    assert 1 <= int(second["Retry-After"]) <= 60
    assert Response.objects.count() == 1


def test_english_messages_with_accept_language(api, survey_a):
    answers = {key: value for key, value in ANSWERS.items() if key != "wohndauer"}

    response = submit(api, survey_a, answers, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["errors"]["answers.wohndauer"] == ["Please choose an answer."]


def test_a_web_cookie_sent_as_header_is_the_same_participant(api, rf, survey_a):
    from django.http import HttpResponse

    from beteiligung.browser_id import BROWSER_COOKIE, browser_id_remember

    web = HttpResponse()
    browser_id_remember(rf.get("/"), web, "browser-of-a-resident")
    cookie_value = web.cookies[BROWSER_COOKIE].value

    first = submit(api, survey_a, HTTP_X_PARTICIPANT_ID=cookie_value)
    second = submit(api, survey_a, HTTP_X_PARTICIPANT_ID=cookie_value)

    assert first.status_code == 201
    assert first.json()["participant_id"] == cookie_value  # no new id handed out
    assert second.status_code == 409


def test_with_redis_unreachable_answers_are_taken_and_limited_per_process(api, survey_a, settings):
    """The rate limit's fallback (beteiligung.ratelimit): counted in this process."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Port 1: nothing listens, every cache call fails at once.
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 2
    ratelimit._process_counts.clear()  # what an earlier test in this minute counted

    statuses = [submit(api, survey_a).status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    assert Response.objects.filter(survey=survey_a).count() == 2
