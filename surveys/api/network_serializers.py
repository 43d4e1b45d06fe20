"""What the network endpoints of surveys send: the surveys a key's user manages, their stored
results with the Stand, and the submitted responses per day."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.api.serializers import DistrictRefSerializer
from cms.models.periods import PeriodState
from surveys.models import Channel, SurveyPage


class NetworkSurveyOutputSerializer(serializers.ModelSerializer):
    district = DistrictRefSerializer(allow_null=True, help_text="null: a city-wide survey.")
    state = serializers.SerializerMethodField(
        help_text="Whether the survey takes answers now, by its period."
    )
    live = serializers.BooleanField(help_text="Published; false for a draft.")
    responses = serializers.IntegerField(
        source="submitted_count", help_text="Submitted responses, counted now."
    )

    class Meta:
        model = SurveyPage
        fields = [
            "id",
            "title",
            "live",
            "district",
            "state",
            "opens_at",
            "closes_at",
            "participation_mode",
            "results_visibility",
            "responses",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=PeriodState.values))
    def get_state(self, survey) -> str:
        return str(survey.state())


class NetworkSurveyFiguresSerializer(serializers.Serializer):
    survey = serializers.DictField(
        help_text=(
            "Survey-wide figures: responses, started, completion_rate, by_channel, by_day, "
            "drop_off (the network's version, no small-group suppression)."
        )
    )
    questions = serializers.ListField(
        child=serializers.DictField(),
        help_text=(
            "One object per question in questionnaire order: key, label, kind, answered and "
            "the kind's figures (options, stats, histogram, ranking, rows, breakdowns)."
        ),
    )


class NetworkSurveyResultsOutputSerializer(serializers.Serializer):
    survey_id = serializers.IntegerField()
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the stored figures were computed (the Stand)."
    )
    responses = serializers.IntegerField(
        allow_null=True, help_text="Submitted responses the figures count."
    )
    dirty = serializers.BooleanField(
        allow_null=True,
        help_text="Newer answers are waiting to be counted; null before the first computation.",
    )
    message = serializers.CharField(
        help_text="A sentence for people about the Stand; empty when the figures are current."
    )
    results = NetworkSurveyFiguresSerializer(
        allow_null=True,
        help_text=(
            "The stored figures; null before the first computation, which follows a few "
            "seconds after the first answer."
        ),
    )


class ResponsesOverTimeQuerySerializer(serializers.Serializer):
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        help_text="Only responses of this channel (online, paper, assisted, interview).",
    )


class ResponsesPerDaySerializer(serializers.Serializer):
    date = serializers.DateField(help_text="Calendar day in `time_zone`.")
    count = serializers.IntegerField(help_text="Responses submitted that day.")
    cumulative = serializers.IntegerField(help_text="Responses submitted up to that day.")


class NetworkResponsesOverTimeOutputSerializer(serializers.Serializer):
    survey_id = serializers.IntegerField()
    channel = serializers.ChoiceField(
        choices=Channel.choices, allow_null=True, help_text="The channel asked for, or null."
    )
    time_zone = serializers.CharField(help_text="The time zone the days are counted in.")
    total = serializers.IntegerField(help_text="Submitted responses in all days listed.")
    days = ResponsesPerDaySerializer(
        many=True, help_text="Days with at least one response, oldest first."
    )
