"""Where residents find surveys: "Jetzt mitmachen" on the home page and the district page."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import DistrictPageFactory, SurveyPageFactory


@pytest.mark.django_db
def test_open_surveys_are_listed_where_residents_look(client, home_page, survey):
    now = timezone.now()
    SurveyPageFactory(
        parent=survey.get_parent(), title="Schon vorbei", closes_at=now - datetime.timedelta(days=1)
    )
    SurveyPageFactory(
        parent=survey.get_parent(),
        title="Noch nicht offen",
        opens_at=now + datetime.timedelta(days=1),
    )
    SurveyPageFactory(parent=survey.get_parent(), title="Entwurf", live=False)
    other = DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )

    home = client.get("/").content.decode()
    district = client.get(survey.get_parent().url).content.decode()
    other_district = client.get(other.url).content.decode()

    for html in (home, district):
        assert "Jetzt mitmachen" in html
        assert "Gut leben und älter werden" in html
        for hidden in ("Schon vorbei", "Noch nicht offen", "Entwurf"):
            assert hidden not in html
    assert "Jetzt mitmachen" not in other_district
