"""District records in the admin: a network keeps its own actors and contact up to date."""

import pytest
from django.contrib.auth.models import Group

from cms.models import District
from cms.services import EDITOR_GROUP_NAME
from tests.factories import DistrictFactory, NetworkActorFactory, UserFactory

EDIT_URL = "/admin/snippets/cms/district/edit/{pk}/"
DELETE_URL = "/admin/snippets/cms/district/delete/{pk}/"
LIST_URL = "/admin/snippets/cms/district/"


@pytest.fixture
def districts(home_page):
    return DistrictFactory(name="Daxlanden", slug="daxlanden"), DistrictFactory(
        name="Oststadt", slug="oststadt"
    )


@pytest.fixture
def member_client(client, districts):
    daxlanden, _oststadt = districts
    client.force_login(UserFactory(groups=[daxlanden.network_group]))
    return client


def _edit_data(district, **changes) -> dict:
    """The edit form as a browser posts it, with one new actor in the inline panel."""
    data = {
        "name": district.name,
        "slug": district.slug,
        "area_description": district.area_description,
        "coordinator_name": district.coordinator_name,
        "coordination_phone": district.coordination_phone,
        "coordination_email": district.coordination_email,
        "office_hours": "Freitag 9–11 Uhr",
        "coordination_address": "",
        "actors-TOTAL_FORMS": "1",
        "actors-INITIAL_FORMS": "0",
        "actors-MIN_NUM_FORMS": "0",
        "actors-MAX_NUM_FORMS": "1000",
        "actors-0-name": "Lesecafé am Rhein",
        "actors-0-kind": "initiative",
        "actors-0-offer": "Vorlesen für Kinder und Erwachsene.",
        "actors-0-address": "",
        "actors-0-phone": "",
        "actors-0-email": "",
        "actors-0-website": "",
        "actors-0-ORDER": "1",
        "actors-0-id": "",
        "actors-0-DELETE": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_network_lists_only_its_own_district(member_client, districts):
    html = member_client.get(LIST_URL).content.decode()
    assert "Daxlanden" in html
    assert "Oststadt" not in html


@pytest.mark.django_db
def test_network_edits_its_own_contact_and_actors_but_not_the_name(member_client, districts):
    daxlanden, _oststadt = districts
    form = member_client.get(EDIT_URL.format(pk=daxlanden.pk)).content.decode()
    assert 'name="office_hours"' in form
    assert 'name="name"' not in form and 'name="slug"' not in form

    response = member_client.post(
        EDIT_URL.format(pk=daxlanden.pk), _edit_data(daxlanden, name="Gekapert", slug="x")
    )

    assert response.status_code == 302
    daxlanden.refresh_from_db()
    assert daxlanden.office_hours == "Freitag 9–11 Uhr"
    assert [actor.name for actor in daxlanden.actors.all()] == ["Lesecafé am Rhein"]
    assert (daxlanden.name, daxlanden.slug) == ("Daxlanden", "daxlanden")
    assert daxlanden.network_group.name == "Stadtteilnetzwerk Daxlanden"


@pytest.mark.django_db
def test_network_cannot_open_or_change_another_district(member_client, districts):
    _daxlanden, oststadt = districts
    NetworkActorFactory(district=oststadt, name="Bürgerzentrum Oststadt")

    assert member_client.get(EDIT_URL.format(pk=oststadt.pk)).status_code in (302, 403)
    response = member_client.post(EDIT_URL.format(pk=oststadt.pk), _edit_data(oststadt))

    assert response.status_code in (302, 403)
    oststadt.refresh_from_db()
    assert oststadt.office_hours == ""
    assert [actor.name for actor in oststadt.actors.all()] == ["Bürgerzentrum Oststadt"]


@pytest.mark.django_db
def test_network_cannot_delete_its_district(member_client, districts):
    daxlanden, _oststadt = districts
    response = member_client.post(DELETE_URL.format(pk=daxlanden.pk))
    assert response.status_code in (302, 403)
    assert District.objects.filter(pk=daxlanden.pk).exists()


@pytest.mark.django_db
def test_redaktion_edits_every_district_including_its_name(client, districts):
    _daxlanden, oststadt = districts
    client.force_login(UserFactory(groups=[Group.objects.get(name=EDITOR_GROUP_NAME)]))

    assert "Oststadt" in client.get(LIST_URL).content.decode()
    response = client.post(
        EDIT_URL.format(pk=oststadt.pk), _edit_data(oststadt, name="Oststadt-Nord")
    )

    assert response.status_code == 302
    oststadt.refresh_from_db()
    assert oststadt.name == "Oststadt-Nord"
    assert oststadt.network_group.name == "Stadtteilnetzwerk Oststadt-Nord"
