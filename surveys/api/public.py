"""Surveys for everyone: the list, one survey with its questions, and answering it.

A response is checked with the web's SurveyStepForm (surveys.forms.survey_answers_check) and
stored by the web's response_submit, so one response per participant, the open period, the
conditions and the honeypot hold here exactly as on the page.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotAuthenticated, Throttled, ValidationError
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from beteiligung.api.errors import AlreadyAnsweredError, Refused
from beteiligung.api.participants import api_browser_id, hand_out, participant_id_for_body
from beteiligung.api.schema import refusal
from beteiligung.api.throttling import WriteRateThrottle
from beteiligung.api.views import SelectorQuerysetMixin
from beteiligung.ratelimit import rate_limit_exceeded
from cms.api.filters import ParticipationPageFilter
from surveys.api.serializers import (
    ResponseInputSerializer,
    ResponseOutputSerializer,
    SurveyDetailOutputSerializer,
    SurveyOutputSerializer,
)
from surveys.forms import HONEYPOT_FIELD, survey_answers_check
from surveys.models import ParticipationMode, SurveyPage
from surveys.selectors import survey_list_published
from surveys.services import (
    AlreadyAnswered,
    SurveyNotOpen,
    access_code_participant,
    account_participant,
    browser_participant,
    response_submit,
)
from surveys.structure import survey_steps

TAGS = ["Surveys"]


class SurveyFilter(ParticipationPageFilter):
    class Meta:
        model = SurveyPage
        fields = []


@extend_schema(
    tags=TAGS,
    summary="Surveys",
    description="Published surveys with their state and dates. "
    "`?district=<slug>&state=open` gives a district's surveys that take answers now.",
)
class SurveyListView(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = SurveyOutputSerializer
    filterset_class = SurveyFilter
    ordering_fields = ["title", "opens_at", "closes_at"]

    model = SurveyPage
    selector = staticmethod(survey_list_published)


@extend_schema(
    tags=TAGS,
    summary="One survey with its questions",
    description="The steps, questions and answer fields, exactly as the web form asks them. "
    "Send answers under each field's `name`.",
)
class SurveyDetailView(SelectorQuerysetMixin, generics.RetrieveAPIView):
    serializer_class = SurveyDetailOutputSerializer

    model = SurveyPage
    selector = staticmethod(survey_list_published)


def _form_data(answers: dict, website: str) -> MultiValueDict:
    """JSON answers as the form's POST data: a list gives several values, null none."""
    data = MultiValueDict()
    for name, value in answers.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        data.setlist(str(name), [str(item) for item in values])
    if website:
        data[HONEYPOT_FIELD] = website
    return data


class SurveyResponseCreateView(APIView):
    throttle_classes = [WriteRateThrottle]
    rate_limit = ("survey-submit", "SURVEY_SUBMISSIONS_PER_MINUTE")

    @extend_schema(
        tags=TAGS,
        summary="Answer a survey",
        description=(
            "One request with every answer. Participation modes: **open** — one response "
            "per participant id: send `X-Participant-Id` if you have one, else a new one is "
            "returned (header and `participant_id`); **account** — send the resident's key "
            "(`Authorization: Bearer`); **code** — send `access_code` from the letter. "
            "A second response of the same participant is refused with 409."
        ),
        request=ResponseInputSerializer,
        responses={
            201: ResponseOutputSerializer,
            401: refusal("Account mode and no key sent."),
            409: refusal(
                "`already_answered`: this participant has answered; `not_open`: the survey "
                "takes no answers now."
            ),
        },
        examples=[
            OpenApiExample(
                "Open mode",
                request_only=True,
                value={"answers": {"wohnen-seit": "mehr-10", "wuensche": ["gruen", "treffpunkt"]}},
            )
        ],
    )
    def post(self, request, pk: int):
        survey = get_object_or_404(survey_list_published(), pk=pk)
        payload = ResponseInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if survey.state() != "open":
            raise Refused(SurveyNotOpen.message, status_code=409, code="not_open")
        participant, signed = self._participant(request, survey, payload.validated_data)
        checked = survey_answers_check(
            survey_steps(survey.questions),
            _form_data(payload.validated_data["answers"], payload.validated_data.get("website")),
            shuffle_seed=participant.key,
        )
        if checked.errors:
            raise ValidationError({"answers": checked.errors})
        try:
            response = response_submit(
                survey=survey,
                participant=participant,
                answers=checked.answers,
                contact_email=checked.contact_email,
            )
        except AlreadyAnswered as error:
            raise AlreadyAnsweredError(error.message) from error
        except SurveyNotOpen as error:
            raise Refused(error.message, status_code=409, code="not_open") from error
        body = ResponseOutputSerializer(
            {
                "survey": survey.pk,
                "submitted_at": response.submitted_at or timezone.now(),
                "message": _("Vielen Dank für Ihre Antworten!"),
                "participant_id": (
                    participant_id_for_body(request, signed)
                    if survey.participation_mode == ParticipationMode.OPEN
                    else None
                ),
            }
        ).data
        return hand_out(ApiResponse(body, status=status.HTTP_201_CREATED), signed)

    def _participant(self, request, survey, data):
        """(participant, newly signed participant id or None), by the survey's mode."""
        mode = survey.participation_mode
        if mode == ParticipationMode.ACCOUNT:
            if not request.user.is_authenticated:
                raise NotAuthenticated(_("Für diese Befragung melden Sie sich bitte an."))
            return account_participant(user=request.user), None
        if mode == ParticipationMode.CODE:
            wait = rate_limit_exceeded(
                request, scope="survey-code", limit=settings.SURVEY_CODE_TRIES_PER_MINUTE
            )
            if wait:
                raise Throttled(wait=wait)
            participant = access_code_participant(survey=survey, code=data.get("access_code", ""))
            if participant is None:
                raise ValidationError(
                    {
                        "access_code": [
                            _(
                                "Diesen Zugangscode kennen wir nicht. Bitte prüfen Sie die "
                                "Schreibweise auf Ihrem Brief."
                            )
                        ]
                    }
                )
            return participant, None
        browser_id, signed = api_browser_id(request, create=True)
        return browser_participant(survey=survey, browser_id=browser_id), signed


urlpatterns = [
    path("surveys/", SurveyListView.as_view(), name="api-survey-list"),
    path("surveys/<id:pk>/", SurveyDetailView.as_view(), name="api-survey-detail"),
    path(
        "surveys/<id:pk>/responses/",
        SurveyResponseCreateView.as_view(),
        name="api-survey-response-create",
    ),
]
