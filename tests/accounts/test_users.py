import pytest
from django.contrib.auth import get_user_model

from tests.factories import UserFactory
from tests.factories.accounts import TEST_PASSWORD


@pytest.mark.django_db
def test_login_is_by_email_whatever_the_capitals(client):
    user = UserFactory(email="Erika.Muster@Beteiligung.example")
    assert user.email == "erika.muster@beteiligung.example"
    assert client.login(email="ERIKA.MUSTER@beteiligung.example", password=TEST_PASSWORD)


@pytest.mark.django_db
def test_email_is_unique():
    from django.db import IntegrityError

    UserFactory(email="doppelt@beteiligung.example")
    with pytest.raises(IntegrityError):
        get_user_model().objects.create_user(email="doppelt@beteiligung.example", password="x")


@pytest.mark.django_db
def test_administrator_creates_an_account_in_the_wagtail_admin(client, home_page):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)

    response = client.post(
        "/admin/users/new/",
        {
            "email": "netzwerk-neu@beteiligung.example",
            "first_name": "Nora",
            "last_name": "Netzwerk",
            "password1": "Ein-langes-Passwort-2026",
            "password2": "Ein-langes-Passwort-2026",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:1500]
    created = get_user_model().objects.get(email="netzwerk-neu@beteiligung.example")
    assert created.check_password("Ein-langes-Passwort-2026")


@pytest.mark.django_db
def test_admin_login_page_asks_for_email(client, home_page):
    html = client.get("/admin/login/").content.decode()
    assert 'name="username"' in html or 'name="email"' in html
    response = client.post(
        "/admin/login/",
        {"username": UserFactory(is_superuser=True).email, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
