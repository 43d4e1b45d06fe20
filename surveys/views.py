"""Answering a survey, step by step. The page model routes here (see SurveyPage)."""

import base64

from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from beteiligung.browser_id import browser_id_get, browser_id_new, browser_id_remember
from beteiligung.page_cache import same_for_every_participant
from beteiligung.ratelimit import rate_limit_exceeded
from surveys.forms import SurveyStepForm
from surveys.models import ParticipationMode, Response, SurveyPage, SurveyState
from surveys.selectors import participant_response_get
from surveys.services import (
    AlreadyAnswered,
    Participant,
    SurveyNotOpen,
    access_code_participant,
    account_participant,
    browser_participant,
    response_draft_save,
    response_submit,
)
from surveys.structure import survey_steps

CODE_SESSION_KEY = "surveys.code-participants"
RESUME_SALT = "surveys.resume"
RESUME_MAX_AGE = 60 * 60 * 24 * 90  # a paper letter's "answer by" period is rarely longer


def participant_for(request, survey: SurveyPage, *, create: bool = False):
    """(participant, browser id to remember) for this request, or (None, None)."""
    mode = survey.participation_mode
    if mode == ParticipationMode.ACCOUNT:
        user = request.user
        return (account_participant(user=user), None) if user.is_authenticated else (None, None)
    if mode == ParticipationMode.CODE:
        key = request.session.get(CODE_SESSION_KEY, {}).get(str(survey.pk))
        return (Participant(key=key), None) if key else (None, None)
    browser_id = browser_id_get(request) or (browser_id_new() if create else None)
    if browser_id is None:
        return None, None
    return browser_participant(survey=survey, browser_id=browser_id), browser_id


def resume_url(request, survey: SurveyPage, browser_id: str) -> str:
    """A link that brings an open-mode participant back to their answers on another device."""
    signed = signing.dumps({"s": survey.pk, "b": browser_id}, salt=RESUME_SALT, compress=True)
    # Wagtail routes only [\w-] in path segments; the signature's colons would not pass.
    token = base64.urlsafe_b64encode(signed.encode()).rstrip(b"=").decode()
    path = survey.url + survey.reverse_subpage("survey_resume", args=(token,))
    return request.build_absolute_uri(path)


@never_cache
def survey_resume(request, survey: SurveyPage, token: str):
    """Follow a resume link: remember its browser id here and continue where it stopped."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        data = signing.loads(signed, salt=RESUME_SALT, max_age=RESUME_MAX_AGE)
    except (signing.BadSignature, ValueError):
        return _render(
            request, survey, "surveys/survey_state.html", {"state": "bad_link"}, status=400
        )
    if data.get("s") != survey.pk or not isinstance(data.get("b"), str):
        return _render(
            request, survey, "surveys/survey_state.html", {"state": "bad_link"}, status=400
        )
    response = HttpResponseRedirect(survey.url)
    browser_id_remember(request, response, data["b"])
    return response


def _render(request, survey, template, context=None, status=200, browser_id=None):
    response = TemplateResponse(
        request, template, {"page": survey, "self": survey, **(context or {})}, status=status
    )
    if browser_id:
        browser_id_remember(request, response, browser_id)
    return response


def _state_page(request, survey, state: str, status=200):
    return _render(request, survey, "surveys/survey_state.html", {"state": state}, status=status)


def _replay(survey, steps, draft: dict, *, upto: int, shuffle_seed: str):
    """Answers of the steps before `upto` from the draft, validated again as submitted.
    Returns (answers, contact e-mail, number of the first step that is not valid or None)."""
    answers, contact = [], None
    for step in steps[: upto - 1]:
        form = SurveyStepForm(
            MultiValueDict(draft.get(str(step.number), {})),
            step=step,
            earlier_answers=answers,
            shuffle_seed=shuffle_seed,
        )
        if not form.is_valid():
            return answers, contact, step.number
        answers.extend(form.answer_values())
        contact = form.contact_email() or contact
    return answers, contact, None


@never_cache
def survey_start(request, survey: SurveyPage):
    """The survey's front page: what it is about, its state, and the way in."""
    participant, _browser = participant_for(request, survey)
    existing = participant_response_get(
        survey=survey, participant_key=participant.key if participant else None
    )
    if existing and existing.status == Response.Status.SUBMITTED:
        return _state_page(request, survey, "answered")
    return _render(
        request,
        survey,
        "surveys/survey_page.html",
        {
            "state": survey.state(),
            "resume_step": existing.current_step if existing else None,
            "steps": survey_steps(survey.questions),
        },
    )


@never_cache
def survey_code(request, survey: SurveyPage):
    """Code mode: check the code from the letter and let its household in."""
    if request.method != "POST" or survey.participation_mode != ParticipationMode.CODE:
        return HttpResponseRedirect(survey.url)
    if rate_limit_exceeded(
        request, scope="survey-code", limit=settings.SURVEY_CODE_TRIES_PER_MINUTE
    ):
        return _state_page(request, survey, "rate_limited", status=429)
    participant = access_code_participant(survey=survey, code=request.POST.get("code", "")[:40])
    if participant is None:
        return _render(
            request,
            survey,
            "surveys/survey_page.html",
            {
                "state": survey.state(),
                "steps": survey_steps(survey.questions),
                "code_error": _(
                    "Diesen Zugangscode kennen wir nicht. Bitte prüfen Sie die "
                    "Schreibweise auf Ihrem Brief."
                ),
            },
            status=400,
        )
    codes = request.session.get(CODE_SESSION_KEY, {})
    codes[str(survey.pk)] = participant.key
    request.session[CODE_SESSION_KEY] = codes
    existing = participant_response_get(survey=survey, participant_key=participant.key)
    step = existing.current_step if existing else 1
    return HttpResponseRedirect(survey.url + survey.reverse_subpage("survey_step", args=(step,)))


@never_cache
def survey_step(request, survey: SurveyPage, number: int):
    """One step: GET shows it, POST checks it and moves on (or back)."""
    state = survey.state()
    if state != SurveyState.OPEN:
        return _state_page(request, survey, state, status=409 if request.method == "POST" else 200)
    participant, browser_id = participant_for(request, survey, create=True)
    if participant is None:
        return HttpResponseRedirect(survey.url)
    steps = survey_steps(survey.questions)
    if not 1 <= number <= len(steps):
        return HttpResponseRedirect(survey.url)
    existing = participant_response_get(survey=survey, participant_key=participant.key)
    if existing and existing.status == Response.Status.SUBMITTED:
        status = 409 if request.method == "POST" else 200
        return _state_page(request, survey, "answered", status=status)
    draft = existing.draft_answers if existing else {}
    reached = existing.current_step if existing else 1
    if number > reached:
        target = survey.reverse_subpage("survey_step", args=(reached,))
        return HttpResponseRedirect(survey.url + target)

    seed = participant.key
    earlier, _contact, invalid_step = _replay(survey, steps, draft, upto=number, shuffle_seed=seed)
    if invalid_step:
        target = survey.reverse_subpage("survey_step", args=(invalid_step,))
        return HttpResponseRedirect(survey.url + target)
    step = steps[number - 1]

    if request.method != "POST":
        form = SurveyStepForm(
            initial=_initial(draft.get(str(number), {})),
            step=step,
            earlier_answers=earlier,
            shuffle_seed=seed,
        )
        return _step_page(request, survey, steps, step, form, browser_id)

    if rate_limit_exceeded(
        request, scope="survey-submit", limit=settings.SURVEY_SUBMISSIONS_PER_MINUTE
    ):
        return _state_page(request, survey, "rate_limited", status=429)
    form = SurveyStepForm(request.POST, step=step, earlier_answers=earlier, shuffle_seed=seed)
    going_back = "zurueck" in request.POST
    try:
        if going_back:
            # Keep what was typed, valid or not; it is checked again on the way forward.
            draft = {**draft, str(number): form.raw_data()}
            response_draft_save(
                survey=survey, participant=participant, step=reached, draft_answers=draft
            )
            target = survey.reverse_subpage("survey_step", args=(max(number - 1, 1),))
            return _redirect_remembering(request, survey.url + target, browser_id)
        if not form.is_valid():
            return _step_page(request, survey, steps, step, form, browser_id, status=400)
        draft = {**draft, str(number): form.raw_data()}
        if number < len(steps):
            response_draft_save(
                survey=survey,
                participant=participant,
                step=max(reached, number + 1),
                draft_answers=draft,
            )
            target = survey.reverse_subpage("survey_step", args=(number + 1,))
            return _redirect_remembering(request, survey.url + target, browser_id)
        answers, contact, _invalid = _replay(survey, steps, draft, upto=number, shuffle_seed=seed)
        response_submit(
            survey=survey,
            participant=participant,
            answers=answers + form.answer_values(),
            contact_email=form.contact_email() or contact,
        )
    except AlreadyAnswered:
        return _state_page(request, survey, "answered", status=409)
    except SurveyNotOpen:
        return _state_page(request, survey, SurveyState.CLOSED, status=409)
    target = survey.reverse_subpage("survey_thanks")
    return _redirect_remembering(request, survey.url + target, browser_id)


def _initial(raw: dict) -> dict:
    return {name: values if len(values) != 1 else values[0] for name, values in raw.items()}


def _step_page(request, survey, steps, step, form, browser_id, status=200):
    context = {"steps": steps, "step": step, "form": form, "step_count": len(steps)}
    if browser_id:
        context["resume_url"] = resume_url(request, survey, browser_id)
    return _render(
        request, survey, "surveys/survey_step.html", context, status=status, browser_id=browser_id
    )


def _redirect_remembering(request, url, browser_id):
    response = HttpResponseRedirect(url)
    if browser_id:
        browser_id_remember(request, response, browser_id)
    return response


@same_for_every_participant
def survey_thanks(request, survey: SurveyPage):
    return _render(request, survey, "surveys/survey_thanks.html")


def survey_print(request, survey: SurveyPage):
    """Every question on one page, for printing and paper distribution."""
    return _render(
        request,
        survey,
        "surveys/survey_print.html",
        {
            "steps": survey_steps(survey.questions),
        },
    )
