import copy

import pytest
from django.core.exceptions import ValidationError

from surveys.models import Response
from surveys.services import browser_participant, response_submit
from tests.factories import UserFactory


def _question(questions, key):
    return next(
        q
        for q in questions
        if q["type"] not in ("section", "page_break") and q["value"]["key"] == key
    )


@pytest.fixture
def answered_survey(survey, some_answers):
    response_submit(
        survey=survey,
        participant=browser_participant(survey=survey, browser_id="b"),
        answers=some_answers,
    )
    survey.refresh_from_db()
    return survey


def _with_questions(survey, raw):
    survey.questions = raw
    return survey


@pytest.mark.django_db
def test_survey_under_a_district_belongs_to_it(survey, district_page):
    assert survey.district == district_page.district


@pytest.mark.django_db
def test_wording_fixes_stay_possible_after_answers(answered_survey):
    raw = copy.deepcopy(answered_survey.questions.raw_data)
    _question(raw, "wohndauer")["value"]["label"] = "Seit wann leben Sie in Beiertheim-Bulach?"
    _with_questions(answered_survey, raw).full_clean()


@pytest.mark.django_db
def test_removing_an_answered_choice_is_refused(answered_survey):
    raw = copy.deepcopy(answered_survey.questions.raw_data)
    question = _question(raw, "wohndauer")
    question["value"]["choices"] = [
        c for c in question["value"]["choices"] if c["value"]["key"] != "ueber-20"
    ]
    with pytest.raises(ValidationError) as error:
        _with_questions(answered_survey, raw).full_clean()
    assert "ueber-20" in str(error.value.message_dict["questions"])


@pytest.mark.django_db
def test_removing_an_unanswered_choice_is_fine(answered_survey):
    raw = copy.deepcopy(answered_survey.questions.raw_data)
    question = _question(raw, "wohndauer")
    question["value"]["choices"] = [
        c for c in question["value"]["choices"] if c["value"]["key"] != "unter-5"
    ]
    _with_questions(answered_survey, raw).full_clean()


@pytest.mark.django_db
def test_changing_an_answered_questions_type_is_refused(answered_survey):
    raw = copy.deepcopy(answered_survey.questions.raw_data)
    question = _question(raw, "zufriedenheit")
    question["type"] = "number"
    question["value"].update(
        {"min_value": None, "max_value": None, "decimal_places": 0, "unit": ""}
    )
    with pytest.raises(ValidationError) as error:
        _with_questions(answered_survey, raw).full_clean()
    assert "zufriedenheit" in str(error.value.message_dict["questions"])


@pytest.mark.django_db
def test_a_survey_with_responses_cannot_be_deleted_in_the_admin(client, answered_survey):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(f"/admin/pages/{answered_survey.pk}/delete/")
    assert response.status_code == 302
    assert Response.objects.filter(survey=answered_survey).exists()
    answered_survey.refresh_from_db()  # still there


@pytest.mark.django_db
def test_period_must_end_after_it_begins(survey):
    survey.closes_at = survey.opens_at
    with pytest.raises(ValidationError) as error:
        survey.full_clean()
    assert "closes_at" in error.value.message_dict
