"""Verwaltung → API-Zugang: an admin user makes, replaces and deletes their own key; the key is
shown once and works at once, a replaced or deleted key is refused (401)."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from wagtail.models import ModelLogEntry

pytestmark = pytest.mark.django_db

PAGE = "/admin/api-zugang/"
LIST = "/api/v1/network/surveys/"


def _with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_the_page_sits_where_the_menu_points():
    assert reverse("accounts_api_keys") == PAGE


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))

    response = client.post(PAGE, {"action": "create"})
    assert response.status_code == 302
    assert not Token.objects.exists()


def test_without_a_key_the_page_offers_one(client, member_a):
    client.force_login(member_a)
    response = client.get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sie haben noch keinen API-Schlüssel." in content
    assert "Schlüssel erzeugen" in content
    assert "Schlüssel löschen" not in content
    assert 'href="/api/docs/"' in content
    assert "http://testserver/api/v1/network/surveys/" in content


def test_the_admin_menu_links_to_the_page(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("wagtailadmin_home"))
    assert PAGE in response.content.decode()


def test_create_shows_the_key_once_and_it_works(client, member_a, survey_a):
    client.force_login(member_a)
    response = client.post(PAGE, {"action": "create"})

    assert response.status_code == 200  # rendered, not redirected: the key is in this answer
    token = Token.objects.get(user=member_a)
    content = response.content.decode()
    assert f'value="{token.key}"' in content
    assert "Kopieren Sie ihn jetzt, er wird nicht noch einmal angezeigt." in content
    assert f'curl -H "Authorization: Bearer {token.key}"' in content
    assert "no-store" in response["Cache-Control"]
    assert ModelLogEntry.objects.filter(action="accounts.api_key_create").count() == 1

    listed = _with_key(token.key).get(LIST)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [survey_a.pk]

    again = client.get(PAGE).content.decode()
    assert token.key not in again
    assert "Sie haben einen API-Schlüssel, erzeugt am" in again
    assert "Neuen Schlüssel erzeugen" in again


def test_rotate_replaces_the_old_key(client, member_a):
    client.force_login(member_a)
    client.post(PAGE, {"action": "create"})
    old = Token.objects.get(user=member_a).key

    response = client.post(PAGE, {"action": "create"})

    new = Token.objects.get(user=member_a).key
    assert response.status_code == 200
    assert new != old
    assert Token.objects.filter(user=member_a).count() == 1
    assert old not in response.content.decode()
    refused = _with_key(old).get(LIST)
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert _with_key(new).get(LIST).status_code == 200


def test_delete_ends_access(client, member_a):
    client.force_login(member_a)
    client.post(PAGE, {"action": "create"})
    key = Token.objects.get(user=member_a).key

    response = client.post(PAGE, {"action": "delete"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(PAGE, 302)]
    assert not Token.objects.filter(user=member_a).exists()
    assert "Ihr API-Schlüssel ist gelöscht." in response.content.decode()
    assert _with_key(key).get(LIST).status_code == 401
    assert ModelLogEntry.objects.filter(action="accounts.api_key_delete").count() == 1


def test_each_user_handles_only_their_own_key(client, member_a, member_b):
    Token.objects.create(user=member_b)
    client.force_login(member_a)

    client.post(PAGE, {"action": "delete"})
    client.post(PAGE, {"action": "create"})

    assert Token.objects.filter(user=member_b).exists()
    assert Token.objects.count() == 2


def test_posting_needs_the_csrf_token(member_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a)
    response = client.post(PAGE, {"action": "create"})
    assert response.status_code == 403
    assert not Token.objects.exists()
