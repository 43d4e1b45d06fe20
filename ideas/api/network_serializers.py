"""What the network endpoints of idea collections take and give: the collections a key's user
moderates, the moderation queue, the network's results and the moderation decisions.

Unlike the public serializers (ideas/api/serializers.py) these show what the admin shows the
network: waiting and rejected ideas, the rejection reason, hidden comments and their reports.
The submitter's e-mail address never leaves the platform; `has_contact` says whether they
asked to hear back. Input serializers check JSON types; the rules and messages come from the
admin's Django forms (ideas/admin_views.py) and the services.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from beteiligung.api.serializers import StrictInputSerializer
from cms.api.serializers import DistrictRefSerializer
from cms.models.periods import PeriodState
from cms.models.publication import ResultsVisibility
from ideas.api.serializers import CategoryOutputSerializer
from ideas.models import IdeaStatus, Moderation, ModerationState
from ideas.services import FEEDBACK_MAX_LENGTH, REASON_MAX_LENGTH

# --- collections -------------------------------------------------------------------------------


class NetworkCollectionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    live = serializers.BooleanField(help_text="Published; false for a draft.")
    district = DistrictRefSerializer(allow_null=True, help_text="null: a city-wide collection.")
    state = serializers.SerializerMethodField(
        help_text="Whether the collection takes ideas now, by its period."
    )
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    moderation = serializers.ChoiceField(
        choices=Moderation.choices,
        help_text="before: checked before publication; after: published at once, checked later.",
    )
    results_visibility = serializers.ChoiceField(choices=ResultsVisibility.choices)
    published_ideas = serializers.IntegerField(source="published_count")
    waiting_ideas = serializers.IntegerField(help_text="Ideas waiting for approval.")
    waiting_comments = serializers.IntegerField(
        help_text="Comments waiting for approval or hidden after reports."
    )

    @extend_schema_field(serializers.ChoiceField(choices=PeriodState.values))
    def get_state(self, collection) -> str:
        return str(collection.state())


# --- ideas and comments as the moderation sees them -------------------------------------------


class NetworkIdeaOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    collection_id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    category = CategoryOutputSerializer(allow_null=True)
    location_text = serializers.CharField(help_text="May be empty.")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    has_image = serializers.SerializerMethodField()
    moderation_state = serializers.ChoiceField(
        source="moderation",
        choices=ModerationState.choices,
        help_text="pending: waits for approval; merged: see merged_into.",
    )
    rejection_reason = serializers.CharField(help_text="Internal; empty unless rejected.")
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)
    status = serializers.ChoiceField(choices=IdeaStatus.choices)
    status_changed_at = serializers.DateTimeField(allow_null=True)
    support_count = serializers.IntegerField()
    comment_count = serializers.IntegerField(help_text="Published comments and replies.")
    has_contact = serializers.SerializerMethodField(
        help_text="The submitter asked to hear back: decisions reach them by e-mail."
    )
    created_at = serializers.DateTimeField()
    moderated_at = serializers.DateTimeField(allow_null=True)

    def get_has_image(self, idea) -> bool:
        return bool(idea.image)

    def get_has_contact(self, idea) -> bool:
        return bool(idea.contact_email)


class NetworkCommentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    idea_id = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True, help_text="Set for a reply.")
    text = serializers.CharField()
    author_name = serializers.CharField(help_text="As the author gave it; may be empty.")
    moderation_state = serializers.ChoiceField(
        source="moderation",
        choices=ModerationState.choices,
        help_text="hidden: reported often enough to be hidden until a moderator decides.",
    )
    kept_after_reports = serializers.BooleanField(
        help_text="A moderator kept it after reports: further reports no longer hide it."
    )
    report_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    moderated_at = serializers.DateTimeField(allow_null=True)


class QueueIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    category = CategoryOutputSerializer(allow_null=True)
    location_text = serializers.CharField()
    has_image = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_has_image(self, idea) -> bool:
        return bool(idea.image)


class QueueCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    idea_id = serializers.IntegerField()
    idea_title = serializers.CharField(source="idea.title")
    parent_id = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    author_name = serializers.CharField()
    moderation_state = serializers.ChoiceField(
        source="moderation",
        choices=ModerationState.choices,
        help_text="pending: waits for approval; hidden: hidden after reports.",
    )
    report_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class NetworkModerationQueueOutputSerializer(serializers.Serializer):
    collection_id = serializers.IntegerField()
    ideas = QueueIdeaSerializer(many=True, help_text="Ideas waiting for approval, oldest first.")
    comments = QueueCommentSerializer(
        many=True, help_text="Comments waiting for approval or hidden after reports, oldest first."
    )


class NetworkCollectionResultsOutputSerializer(serializers.Serializer):
    collection_id = serializers.IntegerField()
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the stored figures were computed (the Stand)."
    )
    ideas = serializers.IntegerField(
        allow_null=True, help_text="Ideas the figures count, in every moderation state."
    )
    dirty = serializers.BooleanField(
        allow_null=True,
        help_text="Newer contributions are waiting to be counted; null before the first "
        "computation.",
    )
    message = serializers.CharField(
        help_text="A sentence for people about the Stand; empty when the figures are current."
    )
    results = serializers.DictField(
        allow_null=True,
        help_text=(
            "The network's figures: ideas, published, waiting, rejected, merged, supports, "
            "comments, contributors, by_category, by_status, top_ideas, by_day. Null before the "
            "first computation."
        ),
    )


# --- decisions ---------------------------------------------------------------------------------


class IdeaRejectInputSerializer(StrictInputSerializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH,
        allow_blank=True,
        help_text="Never published; e-mailed to the submitter if they asked to hear back.",
    )


class IdeaStatusInputSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(
        choices=IdeaStatus.choices,
        help_text="The next status; the workflow decides which may follow which (else 400).",
    )
    feedback = serializers.CharField(
        max_length=FEEDBACK_MAX_LENGTH,
        allow_blank=True,
        help_text="Public feedback shown with the date on the idea's page.",
    )


class IdeaMergeInputSerializer(StrictInputSerializer):
    into = serializers.IntegerField(
        min_value=1, help_text="Id of another published idea of the same collection."
    )


class IdeaCategoryInputSerializer(StrictInputSerializer):
    category = serializers.IntegerField(
        min_value=1,
        allow_null=True,
        help_text="Id of one of the collection's categories; null removes the category.",
    )
