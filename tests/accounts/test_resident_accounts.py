"""Residents' accounts (django-allauth at /konto/): sign-up with a confirmed e-mail address,
login, logout, password reset; no way from there into the Wagtail admin."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from surveys.models import ParticipationMode
from tests.factories import DistrictPageFactory, SurveyPageFactory, UserFactory
from tests.factories.accounts import TEST_PASSWORD

SIGNUP_URL = "/konto/signup/"
LOGIN_URL = "/konto/login/"
LOGOUT_URL = "/konto/logout/"
RESET_URL = "/konto/password/reset/"
VERIFICATION_SENT_URL = "/konto/confirm-email/"
NEW_PASSWORD = "Neues-Passwort-fuer-Erika-2026"
LINK = re.compile(r"http://testserver(/\S+)")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts attempts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident():
    """A resident whose address is confirmed."""
    user = UserFactory(email="erika@x.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_up(client, email="erika@x.example", password=TEST_PASSWORD, next_url=None):
    url = SIGNUP_URL + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"email": email, "password1": password, "password2": password})


def log_in(client, email="erika@x.example", password=TEST_PASSWORD, next_url=None):
    url = LOGIN_URL + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def link_in(message) -> str:
    """The one link to this site in an e-mail, as a path."""
    links = LINK.findall(message.body)
    assert len(links) == 1, message.body
    return links[0]


def logged_in_user(client):
    return client.get("/konto/email/").wsgi_request.user


# --- Sign-up and confirmation -------------------------------------------------------------------


def test_signup_sends_a_german_confirmation_mail_with_a_link(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == VERIFICATION_SENT_URL
    user = get_user_model().objects.get(email="erika@x.example")
    assert not user.is_staff and not user.is_superuser
    assert not user.groups.exists()
    assert not EmailAddress.objects.get(user=user).verified
    (message,) = mail.outbox
    assert message.to == ["erika@x.example"]
    assert message.subject == ("Beteiligung im Quartier: Bitte bestätigen Sie Ihre E-Mail-Adresse")
    assert message.body.startswith("Guten Tag,")
    assert "Bitte öffnen Sie diesen Link" in message.body
    assert link_in(message).startswith("/konto/confirm-email/")

    page = client.get(VERIFICATION_SENT_URL)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in page.text
    assert "Wir haben eine E-Mail mit einem Bestätigungslink an erika@x.example geschickt." in (
        page.text
    )


def test_signup_does_not_log_in_before_the_address_is_confirmed(client):
    sign_up(client)

    assert not logged_in_user(client).is_authenticated


def test_login_before_confirming_is_refused_with_a_clear_message(client):
    sign_up(client)
    mail.outbox.clear()

    response = log_in(client)

    assert response.status_code == 302
    assert response.url == VERIFICATION_SENT_URL
    page = client.get(response.url)
    assert "<h1>Bitte bestätigen Sie Ihre E-Mail-Adresse</h1>" in page.text
    assert "Erst danach können Sie sich anmelden." in page.text
    assert not logged_in_user(client).is_authenticated


def test_confirming_the_address_then_logging_in_works(client, django_user_model):
    sign_up(client)
    confirm_path = link_in(mail.outbox[0])
    # The link is opened in another browser than the one used to sign up.
    client.logout()

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Bitte bestätigen Sie, dass erika@x.example Ihre E-Mail-Adresse ist." in page.text
    # Opening the link alone confirms nothing (mail scanners open links); the button does.
    assert not EmailAddress.objects.get(email="erika@x.example").verified

    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302
    assert confirmed.url == LOGIN_URL
    assert EmailAddress.objects.get(email="erika@x.example").verified
    assert "Ihre E-Mail-Adresse erika@x.example ist bestätigt." in client.get(LOGIN_URL).text

    response = log_in(client)
    assert response.status_code == 302
    assert response.url == "/"
    user = logged_in_user(client)
    assert user.is_authenticated and user.email == "erika@x.example"


def test_an_invalid_confirmation_link_says_what_to_do(client):
    page = client.get("/konto/confirm-email/gibt-es-nicht/")

    assert page.status_code == 200
    assert "Dieser Link ist abgelaufen oder ungültig." in page.text


def test_signup_with_a_known_address_in_other_capitals_creates_no_second_account(client, resident):
    response = sign_up(client, email="Erika@X.example", password="Ein-anderes-Passwort-2026")

    # On screen it looks like any sign-up, so nobody learns who has an account here; the
    # address's owner is told by e-mail.
    assert response.status_code == 302
    assert response.url == VERIFICATION_SENT_URL
    assert get_user_model().objects.filter(email__iexact="erika@x.example").count() == 1
    assert EmailAddress.objects.filter(email__iexact="erika@x.example").count() == 1
    (message,) = mail.outbox
    assert message.to == ["erika@x.example"]
    assert message.subject == "Beteiligung im Quartier: Sie haben schon ein Konto"
    assert "Zu dieser Adresse gibt es aber schon ein Konto." in message.body
    resident.refresh_from_db()
    assert resident.check_password(TEST_PASSWORD)
    assert not logged_in_user(client).is_authenticated


def test_signup_form_errors_are_german_summarised_and_tied_to_their_fields(client):
    response = client.post(
        SIGNUP_URL,
        {"email": "keine-adresse", "password1": TEST_PASSWORD, "password2": "etwas-anderes"},
    )

    assert response.status_code == 200
    html = response.text
    assert "<title>Fehler: Konto anlegen" in html
    assert 'class="error-summary" role="alert"' in html
    assert 'href="#id_email"' in html and 'href="#id_password2"' in html
    assert "Die beiden Passwörter sind verschieden." in html
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*id="id_email"', html) or re.search(
        r'<input[^>]*id="id_email"[^>]*aria-invalid="true"', html
    )
    assert 'id="id_password2_error"' in html
    assert re.search(r'aria-describedby="id_password2_error"', html)
    assert "du " not in html.lower().split("<main", 1)[1]
    assert not get_user_model().objects.exists()
    assert not mail.outbox


def test_signup_fields_have_labels_and_autocomplete(client):
    html = client.get(SIGNUP_URL).text

    assert '<label for="id_email">E-Mail-Adresse</label>' in html
    assert re.search(r'<input[^>]*autocomplete="email"[^>]*id="id_email"', html)
    assert html.count('autocomplete="new-password"') == 2
    assert "placeholder=" not in html


def test_a_bot_filling_the_hidden_field_gets_no_account(client):
    response = client.post(
        SIGNUP_URL,
        {
            "email": "bot@x.example",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "website": "https://spam.example",
        },
    )

    assert response.status_code == 302
    assert not get_user_model().objects.exists()
    assert not mail.outbox


# --- Login and logout ----------------------------------------------------------------------------


def test_login_page_has_labels_autocomplete_and_links(client):
    html = client.get(LOGIN_URL).text

    assert html.count("<h1>") == 1
    assert re.search(r'<input[^>]*autocomplete="email"[^>]*id="id_login"', html)
    assert re.search(r'<input[^>]*autocomplete="current-password"[^>]*id="id_password"', html)
    assert 'href="/konto/password/reset/"' in html
    assert 'href="/konto/signup/"' in html


def test_wrong_password_gives_a_clear_german_error_and_no_login(client, resident):
    response = log_in(client, password="falsch")

    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in response.text
    assert 'role="alert"' in response.text
    assert '<a href="#id_login">E-Mail-Adresse oder Passwort stimmen nicht.' in response.text
    assert not logged_in_user(client).is_authenticated


def test_login_is_by_email_whatever_the_capitals(client, resident):
    response = log_in(client, email="ERIKA@x.Example")

    assert response.status_code == 302
    assert logged_in_user(client) == resident


def test_repeated_wrong_passwords_are_rate_limited_in_german(client, resident):
    for _attempt in range(5):
        log_in(client, password="falsch")

    response = log_in(client)

    assert "Zu viele Anmeldeversuche mit dieser E-Mail-Adresse." in response.text
    assert not logged_in_user(client).is_authenticated


def test_logout_needs_a_post(client, resident):
    log_in(client)

    confirm = client.get(LOGOUT_URL)
    assert confirm.status_code == 200
    assert "Möchten Sie sich abmelden?" in confirm.text
    assert logged_in_user(client).is_authenticated

    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert response.url == "/"
    assert not logged_in_user(client).is_authenticated


def test_header_offers_login_with_the_way_back_and_logout_as_a_form(client, home_page, resident):
    html = client.get("/suche/?q=Quartier").text
    assert 'href="/konto/login/?next=/suche/%3Fq%3DQuartier"' in html
    assert "Abmelden" not in html

    log_in(client)
    html = client.get("/suche/").text
    assert 'href="/konto/email/">Konto</a>' in html
    assert re.search(
        r'<form method="post" action="/konto/logout/">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken"[^>]*><button type="submit">Abmelden</button></form>',
        html,
    )
    assert "?next=" not in html


def test_login_page_header_does_not_link_back_to_itself(client):
    html = client.get(LOGIN_URL).text

    assert 'href="/konto/login/"' in html
    assert "?next=/konto/" not in html


# --- Password reset ----------------------------------------------------------------------------


def test_password_reset_mail_link_sets_a_new_password(client, resident):
    response = client.post(RESET_URL, {"email": "Erika@x.example"})
    assert response.status_code == 302
    assert response.url == "/konto/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == ["erika@x.example"]
    assert message.subject == "Beteiligung im Quartier: Neues Passwort festlegen"
    assert "Mit diesem Link legen Sie ein neues Passwort fest" in message.body

    # The link stores its key in the session and continues at a URL without it.
    form_page = client.get(link_in(message), follow=True)
    assert form_page.status_code == 200
    assert "<h1>Neues Passwort festlegen</h1>" in form_page.text
    form_url = form_page.redirect_chain[-1][0]
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done.url == "/konto/password/reset/key/done/"
    assert "Ihr neues Passwort ist gespeichert." in client.get(done.url).text

    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    assert log_in(client, password=TEST_PASSWORD).status_code == 200
    assert log_in(client, password=NEW_PASSWORD).status_code == 302


def test_a_used_reset_link_is_refused(client, resident):
    client.post(RESET_URL, {"email": "erika@x.example"})
    link = link_in(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    page = client.get(link, follow=True)

    assert "<h1>Link ungültig</h1>" in page.text


def test_password_reset_for_an_unknown_address_looks_the_same(client):
    response = client.post(RESET_URL, {"email": "niemand@x.example"})

    assert response.status_code == 302
    assert response.url == "/konto/password/reset/done/"
    (message,) = mail.outbox
    assert "Zu dieser Adresse gibt es aber kein Konto." in message.body


# --- No way into the Wagtail admin --------------------------------------------------------------


def test_a_resident_cannot_open_the_wagtail_admin(client, home_page):
    sign_up(client)
    client.post(link_in(mail.outbox[0]))
    log_in(client)
    resident = logged_in_user(client)
    assert resident.is_authenticated

    response = client.get("/admin/")

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url.startswith("/admin/login/")
    assert not resident.is_staff
    assert not resident.has_perm("wagtailadmin.access_admin")


def test_staff_still_log_in_to_the_wagtail_admin_at_its_own_login(client, home_page):
    UserFactory(email="redaktion@beteiligung.example", is_staff=True, is_superuser=True)

    response = client.post(
        "/admin/login/",
        {"username": "Redaktion@beteiligung.example", "password": TEST_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


# --- Back to the survey ---------------------------------------------------------------------------


@pytest.fixture
def account_survey(home_page):
    district_page = DistrictPageFactory(
        parent=home_page, district__name="Beiertheim-Bulach", district__slug="beiertheim-bulach"
    )
    now = timezone.now()
    return SurveyPageFactory(
        parent=district_page,
        title="Gut leben und älter werden",
        slug="gut-leben-und-aelter-werden",
        participation_mode=ParticipationMode.ACCOUNT,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )


SURVEY_PATH = "/beiertheim-bulach/gut-leben-und-aelter-werden/"


def test_after_signup_confirmation_and_login_the_resident_is_back_at_the_survey(
    client, account_survey
):
    assert account_survey.url == SURVEY_PATH
    assert "Befragung starten" not in client.get(SURVEY_PATH).text
    signup_page = client.get(f"{SIGNUP_URL}?next={SURVEY_PATH}")
    assert f'<input type="hidden" name="next" value="{SURVEY_PATH}">' in signup_page.text

    sign_up(client, next_url=SURVEY_PATH)
    confirm_path = link_in(mail.outbox[0])
    # The mail is opened in another browser: confirming leads to the login, then the survey.
    client.logout()
    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302
    assert (
        confirmed.url == f"{LOGIN_URL}?next=%2Fbeiertheim-bulach%2Fgut-leben-und-aelter-werden%2F"
    )
    login_page = client.get(confirmed.url)
    assert "Ihre E-Mail-Adresse erika@x.example ist bestätigt." in login_page.text
    assert f'<input type="hidden" name="next" value="{SURVEY_PATH}">' in login_page.text
    response = log_in(client, next_url=SURVEY_PATH)

    assert response.status_code == 302
    assert response.url == SURVEY_PATH
    assert "Befragung starten" in client.get(SURVEY_PATH).text


def test_confirming_in_the_signup_browser_logs_in_and_returns_to_the_survey(client, account_survey):
    sign_up(client, next_url=SURVEY_PATH)

    confirmed = client.post(link_in(mail.outbox[0]))

    assert confirmed.status_code == 302
    assert confirmed.url == SURVEY_PATH
    assert logged_in_user(client).email == "erika@x.example"
    assert "Befragung starten" in client.get(SURVEY_PATH).text


def test_login_does_not_follow_a_next_link_to_another_site(client, resident):
    response = log_in(client, next_url="https://boese.example/")

    assert response.status_code == 302
    assert response.url == "/"


# --- The account page -----------------------------------------------------------------------------


def test_changing_the_address_takes_effect_once_the_new_one_is_confirmed(client, resident):
    log_in(client)

    response = client.post("/konto/email/", {"action_add": "", "email": "erika.neu@x.example"})

    assert response.status_code == 302
    page = client.get("/konto/email/").text
    assert "Die neue Adresse erika.neu@x.example ist noch nicht bestätigt." in page
    resident.refresh_from_db()
    assert resident.email == "erika@x.example"
    (message,) = mail.outbox
    assert message.to == ["erika.neu@x.example"]

    client.post(link_in(message))

    resident.refresh_from_db()
    assert resident.email == "erika.neu@x.example"
    assert list(EmailAddress.objects.filter(user=resident).values_list("email", flat=True)) == [
        "erika.neu@x.example"
    ]


def test_the_account_page_needs_a_login(client):
    response = client.get("/konto/email/")

    assert response.status_code == 302
    assert response.url == "/konto/login/?next=/konto/email/"


def test_pages_for_logged_in_users_only_send_residents_to_their_login(client, home_page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=home_page, restriction_type="login")

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/konto/login/?next=/"


def test_the_english_login_page_lives_under_en(client):
    response = client.get("/en/konto/login/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert 'action="/en/konto/login/"' in response.text
