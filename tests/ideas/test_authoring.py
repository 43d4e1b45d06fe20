"""Networks and editors set up idea collections like any page of their district: drafts,
publishing and the page tree's permissions, with the collection's rules checked at save."""

import pytest
from wagtail.test.utils.form_data import rich_text

from ideas.models import IdeaCategory, IdeaCollectionPage
from tests.factories import DistrictPageFactory, IdeaFactory, UserFactory
from tests.factories.accounts import TEST_PASSWORD


@pytest.fixture
def member(district_page):
    user = UserFactory(groups=[district_page.district.network_group])
    return user


@pytest.fixture
def other_district_page(home_page):
    return DistrictPageFactory(
        parent=home_page, district__name="Daxlanden", district__slug="daxlanden"
    )


def _form_data(**overrides):
    data = {
        "title": "Ideen für den neuen Quartierstreff",
        "slug": "quartierstreff",
        "question": "Was soll es im neuen Quartierstreff geben?",
        "intro": "Der Quartierstreff zieht im Frühjahr in die alte Post.",
        "moderation": "before",
        "participation": "anonymous",
        "location_enabled": "on",
        "supports_enabled": "on",
        "comments_enabled": "on",
        "report_threshold": "3",
        "results_visibility": "internal",
        "privacy_note": rich_text("<p>Wir speichern keine Namen.</p>"),
        "categories-TOTAL_FORMS": "2",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "1",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-name": "Begegnung",
        "categories-0-ORDER": "1",
        "categories-1-name": "Kultur",
        "categories-1-ORDER": "2",
    }
    data.update(overrides)
    return data


def _add_url(parent):
    return f"/admin/pages/add/ideas/ideacollectionpage/{parent.pk}/"


@pytest.mark.django_db
def test_network_member_creates_a_draft_collection_in_own_district(client, district_page, member):
    assert client.login(email=member.email, password=TEST_PASSWORD)

    response = client.post(_add_url(district_page), _form_data())

    assert response.status_code == 302, response.content.decode()[:2000]
    collection = IdeaCollectionPage.objects.get(slug="quartierstreff")
    assert not collection.live, "saved as a draft unless published"
    assert collection.district_id == district_page.district_id
    assert list(collection.categories.values_list("name", flat=True)) == ["Begegnung", "Kultur"]


@pytest.mark.django_db
def test_network_member_cannot_add_a_collection_to_another_district(
    client, district_page, other_district_page, member
):
    assert client.login(email=member.email, password=TEST_PASSWORD)

    response = client.post(_add_url(other_district_page), _form_data())

    assert response.status_code in (302, 403)
    assert not IdeaCollectionPage.objects.exists()


@pytest.mark.django_db
def test_a_collection_needs_at_least_one_category_and_a_sane_period(client, district_page, member):
    assert client.login(email=member.email, password=TEST_PASSWORD)
    no_categories = _form_data(
        **{"categories-TOTAL_FORMS": "0", "categories-0-name": "", "categories-1-name": ""},
        **{"action-publish": "action-publish"},
    )

    response = client.post(_add_url(district_page), no_categories)

    assert response.status_code == 200
    assert not IdeaCollectionPage.objects.exists()

    backwards = _form_data(
        opens_at="2026-12-01 10:00", closes_at="2026-11-01 10:00", **{"action-publish": "1"}
    )
    response = client.post(_add_url(district_page), backwards)

    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()
    assert not IdeaCollectionPage.objects.exists()


@pytest.mark.django_db
def test_a_category_with_ideas_cannot_be_removed_but_can_be_renamed(client, collection, member):
    used, unused, *_rest = collection.categories.all()
    IdeaFactory(collection=collection, category=used)
    assert client.login(email=member.email, password=TEST_PASSWORD)
    kept = collection.categories.exclude(pk=used.pk)

    def data_without(removed_pk, renamed=None):
        categories = list(collection.categories.all())
        data = _form_data(
            title=collection.title,
            slug=collection.slug,
            moderation=collection.moderation,
            **{
                "categories-TOTAL_FORMS": str(len(categories)),
                "categories-INITIAL_FORMS": str(len(categories)),
            },
        )
        for index, category in enumerate(categories):
            data[f"categories-{index}-id"] = str(category.pk)
            data[f"categories-{index}-name"] = (
                renamed if category.pk == used.pk and renamed else category.name
            )
            data[f"categories-{index}-ORDER"] = str(index + 1)
            data[f"categories-{index}-DELETE"] = "on" if category.pk == removed_pk else ""
        data["action-publish"] = "action-publish"
        return data

    response = client.post(f"/admin/pages/{collection.pk}/edit/", data_without(used.pk))

    assert response.status_code == 200
    assert "haben schon Ideen" in response.content.decode()
    assert IdeaCategory.objects.filter(pk=used.pk).exists()

    response = client.post(
        f"/admin/pages/{collection.pk}/edit/", data_without(unused.pk, "Treffpunkte")
    )

    assert response.status_code == 302
    assert not IdeaCategory.objects.filter(pk=unused.pk).exists()
    assert IdeaCategory.objects.get(pk=used.pk).name == "Treffpunkte"
    assert kept.count() == len(_rest), "only the removed, unused Themenfeld is gone"
