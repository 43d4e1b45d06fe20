"""Answering through the web: every step, every mode, and every bad input stores nothing."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from surveys.models import Answer, ParticipationMode, Response, ResponseContact
from surveys.services import access_codes_generate

STEP_1 = {
    "wohndauer": "ueber-20",
    "zufriedenheit": "4",
    "einkauf-zu-fuss": "nein",
    "einkauf-hindernisse": ["keine-baenke", "sonstiges"],
    "einkauf-hindernisse__sonstiges": "Kopfsteinpflaster",
    "weiter": "",
}
STEP_2 = {
    "angebote__mittagstisch": "1",
    "angebote__besuchsdienst": "2",
    "angebote__fahrdienst": "3",
    "angebote__treffpunkt": "4",
    "aussagen__nachbarschaft": "zu",
    "aussagen__beratung": "eher-nicht",
    "aussagen__sicherheit": "eher-zu",
    "wunsch": "Mehr Bänke an der Kirchstraße.",
    "weiter": "",
}
STEP_3 = {
    "altersgruppe": "80-plus",
    "geschlecht": "weiblich",
    "haushalt": "1",
    "einzug": "1975-04-01",
    "strasse": "Kirchstraße",
    "kontakt": "erika@beteiligung.example",
    "weiter": "",
}


def step_url(survey, number):
    return survey.url + survey.reverse_subpage("survey_step", args=(number,))


def answer_all(client, survey, step_3=STEP_3):
    assert client.post(step_url(survey, 1), STEP_1).status_code == 302
    assert client.post(step_url(survey, 2), STEP_2).status_code == 302
    return client.post(step_url(survey, 3), step_3)


@pytest.mark.django_db
def test_resident_answers_three_steps_and_sees_thanks(client, survey):
    start = client.get(survey.url)
    assert "Befragung starten" in start.content.decode()

    response = answer_all(client, survey)

    assert response.status_code == 302
    assert response["Location"].endswith("/danke/")
    assert "Vielen Dank" in client.get(response["Location"]).content.decode()
    stored = Response.objects.get(survey=survey)
    assert stored.status == Response.Status.SUBMITTED
    assert stored.channel == "online"
    answers = set(Answer.objects.values_list("question_key", "row_key", "choice_key"))
    assert ("einkauf-hindernisse", None, "sonstiges") in answers
    assert ("aussagen", "beratung", "eher-nicht") in answers
    assert ("angebote", None, "fahrdienst") in answers
    assert Answer.objects.get(question_key="angebote", choice_key="fahrdienst").number == 3
    assert ResponseContact.objects.get().email == "erika@beteiligung.example"


@pytest.mark.django_db
def test_second_attempt_from_the_same_browser_is_refused(client, survey):
    answer_all(client, survey)

    again = client.get(step_url(survey, 1))
    post_again = client.post(step_url(survey, 1), STEP_1)

    assert "Sie haben schon teilgenommen" in again.content.decode()
    assert post_again.status_code == 409
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_another_browser_may_answer(survey):
    answer_all(Client(), survey)
    answer_all(Client(), survey)
    assert Response.objects.filter(status="submitted").count() == 2


@pytest.mark.django_db
def test_hidden_conditional_question_keeps_no_answer(client, survey):
    data = {**STEP_1, "einkauf-zu-fuss": "ja"}  # the follow-up question does not apply
    assert client.post(step_url(survey, 1), data).status_code == 302
    client.post(step_url(survey, 2), STEP_2)
    client.post(step_url(survey, 3), STEP_3)
    assert not Answer.objects.filter(question_key="einkauf-hindernisse").exists()


@pytest.mark.django_db
def test_steps_cannot_be_skipped(client, survey):
    response = client.get(step_url(survey, 3))
    assert response.status_code == 302
    assert response["Location"].endswith("/schritt/1/")


@pytest.mark.django_db
def test_back_keeps_the_answers_of_the_step(client, survey):
    client.post(step_url(survey, 1), STEP_1)
    back = {key: value for key, value in STEP_2.items() if key != "weiter"}
    client.post(step_url(survey, 2), {**back, "zurueck": "", "wunsch": "x"})
    html = client.get(step_url(survey, 2)).content.decode()
    assert "x</textarea>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "changes", "message"),
    [
        (1, {"wohndauer": "erfunden"}, "gültige Auswahl"),  # tampered choice key
        (1, {"wohndauer": ""}, "Bitte wählen Sie eine Antwort"),  # required
        (1, {"zufriedenheit": "9"}, "gültige Auswahl"),  # out of range on the scale
        (
            1,
            {"einkauf-hindernisse": ["weg-zu-weit", "keine-baenke", "bordsteine", "keine-laeden"]},
            "höchstens 3",
        ),
        (2, {"angebote__fahrdienst": "1"}, "nur einmal"),  # duplicate rank
        (2, {"angebote__fahrdienst": ""}, "Rang"),
        (2, {"wunsch": "x" * 1001}, "höchstens 1000 Zeichen"),  # oversize text
        (3, {"haushalt": "13"}, "kleiner oder gleich 12"),  # number out of range
        (3, {"haushalt": "zwei"}, "Zahl"),
        (3, {"einzug": "31.02.2020"}, "gültiges Datum"),
        (3, {"kontakt": "keine-adresse"}, "E-Mail-Adresse"),
        (1, {"einkauf-zu-fuss": "vielleicht"}, "gültige Auswahl"),  # yes/no
        (2, {"aussagen__beratung": ""}, "Bitte wählen Sie eine Antwort in dieser Zeile"),
        (2, {"aussagen__beratung": "total"}, "gültige Auswahl"),  # tampered matrix column
        (3, {"strasse": "x" * 101}, "höchstens 100 Zeichen"),  # short text
        (3, {"altersgruppe": "99-plus"}, "gültige Auswahl"),  # tampered select
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(client, survey, step, changes, message):
    steps = {1: STEP_1, 2: STEP_2, 3: STEP_3}
    for earlier in range(1, step):
        client.post(step_url(survey, earlier), steps[earlier])

    response = client.post(step_url(survey, step), {**steps[step], **changes})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert message in html
    assert not Answer.objects.exists()
    assert not Response.objects.filter(status="submitted").exists()


@pytest.mark.django_db
def test_honeypot_submission_is_refused(client, survey):
    response = client.post(step_url(survey, 1), {**STEP_1, "website": "http://spam.example"})
    assert response.status_code == 400
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_missing_csrf_token_is_refused(survey):
    client = Client(enforce_csrf_checks=True)
    response = client.post(step_url(survey, 1), STEP_1)
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_closed_survey_shows_a_state_page_and_refuses_posts(client, survey):
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.save()

    page = client.get(survey.url).content.decode()
    post = client.post(step_url(survey, 1), STEP_1)

    assert "Die Befragung ist beendet" in page
    assert "Befragung starten" not in page
    assert post.status_code == 409
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_not_yet_open_survey_has_no_form(client, survey):
    survey.opens_at = timezone.now() + datetime.timedelta(days=2)
    survey.save()
    html = client.get(step_url(survey, 1)).content.decode()
    assert "noch nicht begonnen" in html
    assert '<form method="post" novalidate class="survey-form">' not in html


@pytest.mark.django_db
def test_unpublished_survey_is_not_found(client, survey):
    url = step_url(survey, 1)
    survey.unpublish()
    assert client.post(url, STEP_1).status_code == 404
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_code_participant_resumes_after_closing_the_browser(survey):
    survey.participation_mode = ParticipationMode.CODE
    survey.save()
    code = access_codes_generate(survey=survey, count=1)[0]
    code_url = survey.url + survey.reverse_subpage("survey_code")

    first_visit = Client()
    assert first_visit.post(code_url, {"code": code})["Location"].endswith("/schritt/1/")
    first_visit.post(step_url(survey, 1), STEP_1)

    later = Client()  # a new browser: no cookies, no session
    resumed = later.post(code_url, {"code": code.lower()})
    assert resumed["Location"].endswith("/schritt/2/")
    answer = later.post(step_url(survey, 2), STEP_2)
    assert answer.status_code == 302
    assert later.post(step_url(survey, 3), STEP_3)["Location"].endswith("/danke/")

    again = Client()
    again.post(code_url, {"code": code})
    assert again.post(step_url(survey, 1), STEP_1).status_code == 409
    assert Response.objects.filter(status="submitted").count() == 1


@pytest.mark.django_db
def test_unknown_code_is_refused_with_a_message(client, survey):
    survey.participation_mode = ParticipationMode.CODE
    survey.save()
    response = client.post(survey.url + "code/", {"code": "AAAA-BBBB-CC"})
    assert response.status_code == 400
    assert "Diesen Zugangscode kennen wir nicht" in response.content.decode()


@pytest.mark.django_db
def test_code_survey_needs_a_code_before_any_step(client, survey):
    survey.participation_mode = ParticipationMode.CODE
    survey.save()
    response = client.post(step_url(survey, 1), STEP_1)
    assert response.status_code == 302
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_too_many_posts_from_one_client_are_slowed_down(client, survey, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit-test",
        }
    }
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = limit = 5
    statuses = [
        client.post(step_url(survey, 1), {**STEP_1, "wohndauer": "x"}).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [400] * limit
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_print_version_lists_every_question(client, survey):
    html = client.get(survey.url + "drucken/").content.decode()
    for label in (
        "Wie lange wohnen Sie schon",
        "Welche Angebote",
        "Wie sehr stimmen Sie",
        "Wie viele Personen",
    ):
        assert label in html


@pytest.mark.django_db
def test_open_participant_resumes_on_another_device_with_the_link(client, survey):
    import re

    client.post(step_url(survey, 1), STEP_1)
    step_2 = client.get(step_url(survey, 2)).content.decode()
    link = re.search(r'id="resume-url" type="text" readonly value="([^"]+)"', step_2).group(1)

    other_device = Client()
    followed = other_device.get(link)
    start = other_device.get(followed["Location"]).content.decode()

    assert followed.status_code == 302
    assert "Weitermachen, wo Sie aufgehört haben" in start
    assert other_device.post(step_url(survey, 2), STEP_2).status_code == 302
    assert other_device.post(step_url(survey, 3), STEP_3)["Location"].endswith("/danke/")
    assert Response.objects.filter(status="submitted").count() == 1


@pytest.mark.django_db
def test_a_tampered_resume_link_is_refused(client, survey):
    response = client.get(survey.url + "weiter/eyJzIjoxLCJiIjoieCJ9/")
    assert response.status_code == 400
    assert "Dieser Link funktioniert nicht" in response.content.decode()


@pytest.mark.django_db
def test_account_survey_invites_anonymous_visitors_to_log_in(client, survey):
    survey.participation_mode = ParticipationMode.ACCOUNT
    survey.save()

    html = client.get(survey.url).content.decode()
    step = client.post(step_url(survey, 1), STEP_1)

    assert f'href="/konto/login/?next={survey.url}"' in html
    assert f'href="/konto/signup/?next={survey.url}"' in html
    assert step.status_code == 302  # back to the survey page, nothing stored
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_one_response_per_account(client, survey):
    from tests.factories import UserFactory

    survey.participation_mode = ParticipationMode.ACCOUNT
    survey.save()
    client.force_login(UserFactory())

    assert answer_all(client, survey)["Location"].endswith("/danke/")
    assert client.post(step_url(survey, 1), STEP_1).status_code == 409
    assert Response.objects.get().user is not None


@pytest.mark.django_db
@pytest.mark.parametrize(("proxies", "separate_budgets"), [(1, True), (0, False)])
def test_rate_limit_tells_residents_apart_behind_the_load_balancer(
    survey, settings, proxies, separate_budgets
):
    """Behind one proxy every request comes from its address: residents are told apart by the
    address it appends. Without a trusted proxy, a forged header must not buy a new budget."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"ratelimit-proxy-{proxies}",
        }
    }
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 2
    settings.TRUSTED_PROXY_COUNT = proxies
    balancer = {"REMOTE_ADDR": "10.0.0.5"}

    def post(client_address):
        return (
            Client()
            .post(
                step_url(survey, 1),
                {**STEP_1, "wohndauer": "x"},
                HTTP_X_FORWARDED_FOR=f"{client_address}",
                **balancer,
            )
            .status_code
        )

    first = [post("203.0.113.7") for _ in range(3)]
    second = post("198.51.100.23")

    assert first == [400, 400, 429]
    assert second == (400 if separate_budgets else 429)
