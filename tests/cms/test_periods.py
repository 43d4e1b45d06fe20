"""The open period of surveys and idea collections: the list filter's query gives the same
state as the page's own state(), for every combination of ends."""

import datetime

import pytest
from django.utils import timezone

from cms.models.periods import PeriodState, period_state_filter
from surveys.models import SurveyPage
from tests.factories import SurveyPageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_query_and_page_agree_on_every_state(home_page):
    now = timezone.now()
    ends = [None, now - DAY, now + DAY]
    surveys = [
        SurveyPageFactory(parent=home_page, opens_at=opens, closes_at=closes)
        for opens in ends
        for closes in ends
        if not (opens and closes and closes <= opens)  # the page refuses an end before the start
    ]

    for state in PeriodState:
        by_query = set(
            SurveyPage.objects.filter(period_state_filter(state, now)).values_list("pk", flat=True)
        )
        by_page = {survey.pk for survey in surveys if survey.state(now) == state}
        assert by_query == by_page, state
