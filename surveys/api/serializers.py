"""Surveys as the API shows them: the survey, its steps and questions, and what a client sends
to answer it. A question's fields are read off the same form fields the web form renders, so
the API describes exactly what the submission accepts."""

from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from beteiligung.api.serializers import StrictInputSerializer
from cms.api.serializers import DistrictRefSerializer, page_url
from surveys.models import ParticipationMode, SurveyPage
from surveys.structure import survey_steps

FIELD_TYPES = [
    ("choice", "one of `choices` (a string)"),
    ("multiple_choice", "a list of `choices`"),
    ("number", "a number between `min` and `max`"),
    ("date", "an ISO date, YYYY-MM-DD"),
    ("text", "a string of at most `max_length` characters"),
    ("email", "an e-mail address"),
]


def _field_type(field: forms.Field) -> str:
    if isinstance(field, forms.MultipleChoiceField):
        return "multiple_choice"
    if isinstance(field, forms.ChoiceField):
        return "choice"
    if isinstance(field, forms.DecimalField):
        return "number"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.EmailField):
        return "email"
    return "text"


def field_description(name: str, field: forms.Field) -> dict:
    kind = _field_type(field)
    described = {
        "name": name,
        "type": kind,
        "label": str(field.label or ""),
        "required": field.required,
    }
    if kind in ("choice", "multiple_choice"):
        described["choices"] = [
            {"key": str(key), "label": str(label)} for key, label in field.choices if key != ""
        ]
    if kind == "number":
        described["min"] = field.min_value
        described["max"] = field.max_value
        described["decimal_places"] = field.decimal_places
    if kind in ("text", "email"):
        described["max_length"] = field.max_length
    return described


class ChoiceSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class AnswerFieldSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The key to send under `answers`.")
    type = serializers.ChoiceField(
        choices=FIELD_TYPES, help_text="; ".join(f"{k}: {d}" for k, d in FIELD_TYPES)
    )
    label = serializers.CharField()
    required = serializers.BooleanField()
    choices = ChoiceSerializer(many=True, required=False)
    min = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True, required=False)
    max = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True, required=False)
    decimal_places = serializers.IntegerField(allow_null=True, required=False)
    max_length = serializers.IntegerField(allow_null=True, required=False)


class ConditionSerializer(serializers.Serializer):
    question = serializers.CharField()
    operator = serializers.ChoiceField(choices=["is", "is_not"])
    choice = serializers.CharField()


class SurveyItemSerializer(serializers.Serializer):
    type = serializers.CharField(
        help_text="The question type (single_choice, rating, matrix …) or `section`."
    )
    key = serializers.CharField(required=False)
    label = serializers.CharField(help_text="The question, or a section's heading.")
    help_text = serializers.CharField(required=False, allow_blank=True)
    text = serializers.CharField(required=False, allow_blank=True, help_text="Sections only.")
    required = serializers.BooleanField(required=False)
    demographic = serializers.BooleanField(required=False)
    randomize = serializers.BooleanField(required=False)
    condition = ConditionSerializer(
        required=False,
        allow_null=True,
        help_text="Shown only when the earlier question's answer is (not) this choice; "
        "otherwise its answers are ignored.",
    )
    fields = AnswerFieldSerializer(many=True, required=False)


class StepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    items = SurveyItemSerializer(many=True)


def item_description(item) -> dict:
    value = item.value
    if not item.block.is_question:
        return {"type": item.block_type, "label": value["heading"], "text": value["text"] or ""}
    condition = value["condition"] or {}
    return {
        "type": item.block_type,
        "key": value["key"],
        "label": value["label"],
        "help_text": value["help_text"] or "",
        "required": value["required"],
        "demographic": bool(value["demographic"]),
        "randomize": bool(value.get("randomize")),
        "condition": (
            {
                "question": condition["question"],
                "operator": condition.get("operator") or "is",
                "choice": condition.get("choice") or "",
            }
            if condition.get("question")
            else None
        ),
        "fields": [
            field_description(name, field) for name, field in item.block.form_fields(value).items()
        ],
    }


class SurveyOutputSerializer(serializers.ModelSerializer):
    district = DistrictRefSerializer(allow_null=True, help_text="null: a city-wide survey.")
    state = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The survey's page.")
    responses_endpoint = serializers.SerializerMethodField(
        help_text="Where to POST a response (while the state is open)."
    )

    class Meta:
        model = SurveyPage
        fields = [
            "id",
            "title",
            "intro",
            "district",
            "state",
            "opens_at",
            "closes_at",
            "participation_mode",
            "estimated_minutes",
            "results_visibility",
            "url",
            "responses_endpoint",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["not_open", "open", "closed"]))
    def get_state(self, survey) -> str:
        return str(survey.state())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, survey):
        return page_url(survey, self.context.get("request"))

    def get_responses_endpoint(self, survey) -> str:
        from django.urls import reverse

        path = reverse("api-survey-response-create", args=[survey.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class SurveyDetailOutputSerializer(SurveyOutputSerializer):
    privacy_note_html = serializers.CharField(source="privacy_note")
    contact = serializers.CharField()
    steps = serializers.SerializerMethodField()

    class Meta(SurveyOutputSerializer.Meta):
        fields = [*SurveyOutputSerializer.Meta.fields, "privacy_note_html", "contact", "steps"]

    @extend_schema_field(StepSerializer(many=True))
    def get_steps(self, survey):
        return [
            {
                "number": step.number,
                "title": step.title,
                "items": [item_description(item) for item in step.items],
            }
            for step in survey_steps(survey.questions)
        ]


ANSWER_VALUE_SCHEMA = {
    "nullable": True,
    "oneOf": [
        {"type": "string"},
        {"type": "number"},
        {"type": "array", "items": {"type": "string"}},
    ],
}


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": ANSWER_VALUE_SCHEMA,
        "description": "Answers by field name (see the survey's steps → items → fields). "
        "A multiple choice takes a list; null or a missing field leaves an optional "
        "question unanswered.",
    }
)
class AnswersField(serializers.DictField):
    pass


class ResponseInputSerializer(StrictInputSerializer):
    answers = AnswersField(child=serializers.JSONField(), help_text="Answers by field name.")
    access_code = serializers.CharField(
        required=False,
        max_length=40,
        help_text="Code mode: the one-time code from the letter.",
    )
    website = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Leave empty. Filled in, the response is taken for a program's and refused.",
    )


class ResponseOutputSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    message = serializers.CharField(help_text="A thank-you sentence for the participant.")
    participant_id = serializers.CharField(
        allow_null=True,
        help_text=f"Open mode: send it as X-Participant-Id with later requests. "
        f"Modes: {', '.join(ParticipationMode.values)}.",
    )
