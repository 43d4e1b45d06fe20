"""A small city for API tests: districts A and B, each with a network member, an open
survey and an open idea collection; an editor (Redaktion) and a resident with an account."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cms.services import EDITOR_GROUP_NAME
from tests.factories import (
    DistrictPageFactory,
    IdeaCollectionPageFactory,
    SurveyPageFactory,
    UserFactory,
)


def client_for(user=None) -> APIClient:
    """An API client; with a user, it sends that user's key as `Authorization: Bearer`."""
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    return client


@pytest.fixture
def api():
    """Anonymous."""
    return APIClient()


@pytest.fixture
def district_a_page(home_page):
    return DistrictPageFactory(
        parent=home_page, district__name="Südweststadt", district__slug="suedweststadt"
    )


@pytest.fixture
def district_b_page(home_page):
    return DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )


@pytest.fixture
def survey_a(district_a_page):
    return SurveyPageFactory(parent=district_a_page, title="Gut leben in der Südweststadt")


@pytest.fixture
def survey_b(district_b_page):
    return SurveyPageFactory(parent=district_b_page, title="Älter werden in der Oststadt")


@pytest.fixture
def collection_a(district_a_page):
    return IdeaCollectionPageFactory(parent=district_a_page, title="Ideen für die Südweststadt")


@pytest.fixture
def collection_b(district_b_page):
    return IdeaCollectionPageFactory(parent=district_b_page, title="Ideen für die Oststadt")


@pytest.fixture
def member_a(district_a_page):
    return UserFactory(groups=[district_a_page.district.network_group])


@pytest.fixture
def member_b(district_b_page):
    return UserFactory(groups=[district_b_page.district.network_group])


@pytest.fixture
def editor(home_page):
    return UserFactory(groups=[Group.objects.get(name=EDITOR_GROUP_NAME)])


@pytest.fixture
def resident(db):
    return UserFactory()
