"""Who may edit which part of the page tree: Redaktion everything, a district network only its
own district's subtree."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from cms.models import DistrictPage
from cms.services import (
    EDITOR_GROUP_NAME,
    PAGE_PERMISSIONS_NETWORK,
    district_permissions_sync,
    roles_sync,
)
from tests.factories import DistrictPageFactory, NewsPageFactory, UserFactory
from tests.factories.accounts import TEST_PASSWORD


@pytest.fixture
def two_districts(home_page):
    daxlanden = DistrictPageFactory(
        parent=home_page, district__name="Daxlanden", district__slug="daxlanden"
    )
    oststadt = DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )
    return daxlanden, oststadt


@pytest.fixture
def daxlanden_member(two_districts):
    daxlanden, _oststadt = two_districts
    return UserFactory(groups=[daxlanden.district.network_group])


def _login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)


@pytest.mark.django_db
def test_creating_a_district_creates_its_network_group_and_collection(two_districts):
    daxlanden, _oststadt = two_districts
    group = daxlanden.district.network_group
    assert group.name == "Stadtteilnetzwerk Daxlanden"
    assert daxlanden.district.collection.name == "Stadtteil Daxlanden"
    granted = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    )
    assert granted == {(daxlanden.pk, codename) for codename in PAGE_PERMISSIONS_NETWORK}


@pytest.mark.django_db
def test_network_member_can_edit_own_district_only(client, two_districts, daxlanden_member):
    daxlanden, oststadt = two_districts
    _login(client, daxlanden_member)

    own = client.get(f"/admin/pages/{daxlanden.pk}/edit/")
    other = client.get(f"/admin/pages/{oststadt.pk}/edit/")
    home = client.get(f"/admin/pages/{daxlanden.get_parent().pk}/edit/")

    assert own.status_code == 200
    assert other.status_code in (302, 403)
    assert home.status_code in (302, 403)
    assert daxlanden.permissions_for_user(daxlanden_member).can_edit()
    assert not oststadt.permissions_for_user(daxlanden_member).can_edit()
    assert not oststadt.permissions_for_user(daxlanden_member).can_add_subpage()


@pytest.mark.django_db
def test_network_member_cannot_change_another_districts_page_by_post(
    client, two_districts, daxlanden_member
):
    _daxlanden, oststadt = two_districts
    _login(client, daxlanden_member)

    response = client.post(
        f"/admin/pages/{oststadt.pk}/edit/",
        {"title": "Übernommen", "slug": "oststadt", "intro": "x", "district": oststadt.district_id},
    )

    assert response.status_code in (302, 403)
    oststadt.refresh_from_db()
    assert oststadt.title == "Oststadt"
    assert not oststadt.revisions.exists()


@pytest.mark.django_db
def test_network_member_can_add_news_in_own_district(client, two_districts, daxlanden_member):
    daxlanden, oststadt = two_districts
    _login(client, daxlanden_member)

    own = client.get(f"/admin/pages/add/cms/newspage/{daxlanden.pk}/")
    other = client.get(f"/admin/pages/add/cms/newspage/{oststadt.pk}/")

    assert own.status_code == 200
    assert other.status_code in (302, 403)


@pytest.mark.django_db
def test_news_under_another_district_is_not_editable_by_member(two_districts, daxlanden_member):
    _daxlanden, oststadt = two_districts
    news = NewsPageFactory(parent=oststadt)
    assert not news.permissions_for_user(daxlanden_member).can_edit()


@pytest.mark.django_db
def test_redaktion_edits_every_district(client, two_districts):
    daxlanden, oststadt = two_districts
    editor = UserFactory(groups=[Group.objects.get(name=EDITOR_GROUP_NAME)])
    _login(client, editor)

    for page in (daxlanden, oststadt, daxlanden.get_parent()):
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@pytest.mark.django_db
def test_role_sync_is_idempotent(two_districts):
    daxlanden, _oststadt = two_districts
    before = GroupPagePermission.objects.count()

    roles_sync()
    district_permissions_sync(district=daxlanden.district)

    assert GroupPagePermission.objects.count() == before
    assert Group.objects.filter(name="Stadtteilnetzwerk Daxlanden").count() == 1


@pytest.mark.django_db
def test_renaming_a_district_renames_its_group(two_districts):
    daxlanden, _oststadt = two_districts
    district = daxlanden.district
    district.name = "Daxlanden-Rheinstrand"
    district.save()

    district_permissions_sync(district=district)

    district.network_group.refresh_from_db()
    assert district.network_group.name == "Stadtteilnetzwerk Daxlanden-Rheinstrand"


@pytest.mark.django_db
def test_creating_a_district_page_in_the_admin_grants_its_network(client, home_page):
    from tests.factories import DistrictFactory

    district = DistrictFactory(name="Grünwinkel", slug="gruenwinkel")
    admin = UserFactory(is_superuser=True)
    _login(client, admin)

    response = client.post(
        f"/admin/pages/add/cms/districtpage/{home_page.pk}/",
        {
            "title": "Grünwinkel",
            "slug": "gruenwinkel",
            "district": district.pk,
            "intro": "Ein Stadtteil im Westen.",
            "body-count": "0",
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    page = DistrictPage.objects.get(slug="gruenwinkel")
    assert page.live
    assert page.get_parent().pk == home_page.pk
    assert GroupPagePermission.objects.filter(
        group=district.network_group, page=page, permission__codename="change_page"
    ).exists()


@pytest.mark.django_db
def test_networks_and_redaktion_may_export_raw_responses(two_districts, daxlanden_member):
    editor = UserFactory(groups=[Group.objects.get(name=EDITOR_GROUP_NAME)])
    resident = UserFactory()
    assert daxlanden_member.has_perm("surveys.export_raw_responses")
    assert editor.has_perm("surveys.export_raw_responses")
    assert not resident.has_perm("surveys.export_raw_responses")
