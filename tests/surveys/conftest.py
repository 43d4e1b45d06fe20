import datetime

import pytest
from django.utils import timezone

from surveys.questions.base import AnswerValue
from tests.factories import DistrictPageFactory, SurveyPageFactory


@pytest.fixture
def district_page(home_page):
    return DistrictPageFactory(
        parent=home_page, district__name="Beiertheim-Bulach", district__slug="beiertheim-bulach"
    )


@pytest.fixture
def survey(district_page):
    now = timezone.now()
    return SurveyPageFactory(
        parent=district_page,
        title="Gut leben und älter werden",
        slug="gut-leben",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )


@pytest.fixture
def some_answers() -> list[AnswerValue]:
    from decimal import Decimal

    return [
        AnswerValue("wohndauer", choice_key="ueber-20"),
        AnswerValue("zufriedenheit", number=Decimal(4)),
        AnswerValue("einkauf-zu-fuss", choice_key="nein"),
        AnswerValue("einkauf-hindernisse", choice_key="keine-baenke"),
        AnswerValue("einkauf-hindernisse", choice_key="sonstiges", text="Kopfsteinpflaster"),
    ]
