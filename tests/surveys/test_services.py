"""Storing responses: one per participant, all or nothing, results marked for recomputation."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from surveys.models import (
    AccessCode,
    Answer,
    Channel,
    QuestionRecord,
    Response,
    ResponseContact,
    SurveyResultsState,
)
from surveys.services import (
    AlreadyAnswered,
    Participant,
    SurveyNotOpen,
    access_code_participant,
    access_codes_generate,
    account_participant,
    browser_participant,
    response_draft_save,
    response_submit,
)
from tests.conftest import mail_callbacks, parallel_connections_available
from tests.factories import UserFactory


@pytest.mark.django_db
def test_submission_stores_response_answers_and_marks_results_dirty(survey, some_answers):
    participant = browser_participant(survey=survey, browser_id="b-1")

    response = response_submit(
        survey=survey,
        participant=participant,
        answers=some_answers,
        contact_email="erika@beteiligung.example",
    )

    assert response.status == Response.Status.SUBMITTED
    assert response.district == survey.district
    assert response.participant_key.startswith("browser:")
    assert "b-1" not in response.participant_key  # only a salted hash is stored
    assert Answer.objects.filter(response=response).count() == 5
    assert (
        Answer.objects.get(question_key="einkauf-hindernisse", choice_key="sonstiges").text
        == "Kopfsteinpflaster"
    )
    assert ResponseContact.objects.get(response=response).email == "erika@beteiligung.example"
    assert not Answer.objects.filter(text__contains="@").exists()  # contact kept apart
    assert SurveyResultsState.objects.get(survey=survey).dirty_since is not None
    assert QuestionRecord.objects.filter(
        survey=survey, key="angebote", block_type="ranking"
    ).exists()


@pytest.mark.django_db
def test_second_submission_of_the_same_participant_is_refused(survey, some_answers):
    participant = browser_participant(survey=survey, browser_id="b-1")
    response_submit(survey=survey, participant=participant, answers=some_answers)

    with pytest.raises(AlreadyAnswered):
        response_submit(survey=survey, participant=participant, answers=some_answers)

    assert Response.objects.count() == 1
    assert Answer.objects.count() == 5


@pytest.mark.django_db
def test_paper_questionnaires_have_no_participant_and_never_collide(survey, some_answers):
    for _ in range(3):
        response_submit(
            survey=survey,
            participant=Participant(key=None),
            answers=some_answers,
            channel=Channel.PAPER,
        )
    assert Response.objects.filter(channel=Channel.PAPER, participant_key=None).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("when", ["before", "after", "unpublished"])
def test_online_answers_outside_the_period_are_refused_and_nothing_is_stored(
    survey, some_answers, when
):
    now = timezone.now()
    if when == "before":
        survey.opens_at = now + datetime.timedelta(days=1)
    elif when == "after":
        survey.closes_at = now - datetime.timedelta(minutes=1)
    else:
        survey.live = False
    survey.save()

    with pytest.raises(SurveyNotOpen):
        response_submit(
            survey=survey,
            participant=browser_participant(survey=survey, browser_id="b"),
            answers=some_answers,
        )
    assert not Response.objects.exists()
    assert not SurveyResultsState.objects.exists()


@pytest.mark.django_db
def test_paper_questionnaires_are_accepted_after_closing(survey, some_answers):
    survey.closes_at = timezone.now() - datetime.timedelta(days=1)
    survey.save()
    response = response_submit(
        survey=survey,
        participant=Participant(key=None),
        answers=some_answers,
        channel=Channel.PAPER,
    )
    assert response.channel == Channel.PAPER


@pytest.mark.django_db
def test_draft_then_submit_keeps_one_response(survey, some_answers):
    participant = browser_participant(survey=survey, browser_id="b-1")
    draft = response_draft_save(
        survey=survey, participant=participant, step=2, draft_answers={"1": {"wohndauer": ["5-20"]}}
    )
    assert draft.status == Response.Status.IN_PROGRESS
    assert not Answer.objects.exists()  # drafts are never counted

    submitted = response_submit(survey=survey, participant=participant, answers=some_answers)

    assert submitted.pk == draft.pk
    assert submitted.draft_answers == {}
    with pytest.raises(AlreadyAnswered):
        response_draft_save(survey=survey, participant=participant, step=1, draft_answers={})


@pytest.mark.django_db
def test_access_codes_are_stored_only_as_hashes_and_found_by_their_text(survey):
    codes = access_codes_generate(survey=survey, count=5, batch="Brief März")

    assert len(set(codes)) == 5
    stored = list(AccessCode.objects.values_list("code_hash", flat=True))
    assert not any(code.replace("-", "") in value for code in codes for value in stored)
    found = access_code_participant(survey=survey, code=codes[0].lower().replace("-", " "))
    assert found is not None and found.key.startswith("code:")
    assert access_code_participant(survey=survey, code="AAAA-BBBB-CC") is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.parametrize("mode", ["browser", "code", "account"])
def test_hundred_parallel_identical_submissions_store_exactly_one(survey, some_answers, mode):
    parallel = parallel_connections_available(wanted=100)
    if mode == "browser":
        participant = browser_participant(survey=survey, browser_id="same-browser")
    elif mode == "code":
        code = access_codes_generate(survey=survey, count=1)[0]
        participant = access_code_participant(survey=survey, code=code)
    else:
        participant = account_participant(user=UserFactory())
    barrier = threading.Barrier(parallel)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit():
        try:
            barrier.wait()
            response_submit(survey=survey, participant=participant, answers=some_answers)
            outcome = "stored"
        except AlreadyAnswered:
            outcome = "already"
        except Exception as error:
            outcome = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=submit) for _ in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert outcomes.count("stored") == 1
    assert outcomes.count("already") == parallel - 1
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(survey=survey).count() == len(some_answers)


@pytest.mark.django_db
def test_confirmation_email_is_sent_after_commit_and_only_once(
    survey, some_answers, django_capture_on_commit_callbacks, mailoutbox
):
    from surveys.tasks import send_response_confirmation_task

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = response_submit(
            survey=survey,
            participant=browser_participant(survey=survey, browser_id="b"),
            answers=some_answers,
            contact_email="erika@beteiligung.example",
        )
    assert len(mail_callbacks(callbacks)) == 1
    assert mailoutbox == []  # nothing before the transaction commits

    mail_callbacks(callbacks)[0]()
    send_response_confirmation_task(response.pk)  # a redelivered task sends nothing more

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["erika@beteiligung.example"]
    assert "Gut leben und älter werden" in mailoutbox[0].subject
    assert survey.url in mailoutbox[0].body


@pytest.mark.django_db
def test_no_email_no_task(survey, some_answers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response_submit(
            survey=survey,
            participant=browser_participant(survey=survey, browser_id="b"),
            answers=some_answers,
        )
    assert mail_callbacks(callbacks) == []


@pytest.mark.django_db
def test_a_submission_asks_for_one_results_recomputation_after_commit(
    survey, some_answers, django_capture_on_commit_callbacks
):
    from beteiligung.projection import recompute_request
    from surveys.tasks import recompute_survey_results_task

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response_submit(
            survey=survey,
            participant=browser_participant(survey=survey, browser_id="b"),
            answers=some_answers,
        )
    [recompute] = [callback for callback in callbacks if callback.func is recompute_request]
    assert recompute.args == (recompute_survey_results_task, survey.pk)
