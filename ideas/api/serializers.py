"""What the public idea endpoints take and give.

Output shows what the web pages show and nothing more: no contact e-mail, no author, no
participant keys, no moderation internals. Input serializers check JSON types only; the rules
and the residents' messages come from the same Django forms the web uses (ideas.forms).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from beteiligung.api.serializers import StrictInputSerializer
from cms.api.serializers import DistrictRefSerializer
from cms.models.periods import PeriodState
from ideas.models import (
    COMMENT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    IdeaStatus,
    Moderation,
    ModerationState,
    Participation,
)

# The web's thanks page says the same (templates/ideas/idea_thanks.html).
IDEA_PUBLISHED = _(
    "Ihre Idee ist gespeichert und schon für alle sichtbar. Die Moderation sieht sie sich noch an."
)
IDEA_WAITING = _(
    "Ihre Idee ist gespeichert. Die Moderation prüft sie, bevor sie auf der Seite erscheint. "
    "Das dauert meist wenige Tage."
)
COMMENT_PUBLISHED = _("Danke für Ihren Kommentar!")
COMMENT_WAITING = _(
    "Danke für Ihren Kommentar! Er erscheint, sobald die Moderation ihn geprüft hat."
)
REPORTED = _("Danke, die Moderation sieht sich den Kommentar an.")
PARTICIPANT_ID_HELP = (
    "Send it as X-Participant-Id with later writes, so they count as the same person's; null "
    "when the request counts by its account (API key)."
)


class ParticipantIdMixin:
    """`participant_id` from the context, for the answers to public writes."""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_participant_id(self, instance) -> str | None:
        return self.context.get("participant_id")


# --- collections -------------------------------------------------------------------------------


class CategoryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CollectionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    question = serializers.CharField()
    intro = serializers.CharField()
    district = DistrictRefSerializer(allow_null=True, help_text="Null for a city-wide collection.")
    state = serializers.ChoiceField(
        choices=PeriodState.values,
        help_text="Whether the collection takes ideas now, by its opens_at/closes_at.",
    )
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True)
    participation = serializers.ChoiceField(
        choices=Participation.choices,
        help_text=(
            "anonymous: anyone may contribute (counted by X-Participant-Id or account); "
            "account: only with an account, i.e. an API key."
        ),
    )
    moderation = serializers.ChoiceField(
        choices=Moderation.choices,
        help_text=(
            "before: contributions appear once the moderation approved them; "
            "after: they appear at once and are checked afterwards."
        ),
    )
    supports_enabled = serializers.BooleanField()
    comments_enabled = serializers.BooleanField()
    location_enabled = serializers.BooleanField(
        help_text="Whether an idea may name a place and a point inside the district."
    )
    url = serializers.SerializerMethodField(help_text="The collection's page on the website.")
    categories = CategoryOutputSerializer(many=True, help_text="Themenfelder, in their order.")
    idea_count = serializers.IntegerField(help_text="Published ideas.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, collection) -> str:
        return collection.get_full_url(self.context["request"])


# --- ideas -------------------------------------------------------------------------------------


class FeedbackOutputSerializer(serializers.Serializer):
    text = serializers.CharField(source="feedback")
    date = serializers.DateTimeField(source="created_at")


class StatusChangeOutputSerializer(FeedbackOutputSerializer):
    status = serializers.ChoiceField(choices=IdeaStatus.choices)
    status_label = serializers.CharField(source="get_status_display")


class LocationOutputSerializer(serializers.Serializer):
    text = serializers.CharField(source="location_text", help_text="May be empty.")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True
    )


class ImageOutputSerializer(serializers.Serializer):
    url = serializers.URLField()
    alt = serializers.CharField(help_text="What the picture shows, for screen readers.")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)


class IdeaOutputSerializer(serializers.Serializer):
    """A published idea as the collection's page lists it. The context names the `collection`
    and its absolute page URL (`collection_url`): every idea of a list shares them."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    category = CategoryOutputSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=IdeaStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    feedback = serializers.SerializerMethodField(
        help_text="The latest public feedback on what becomes of the idea, or null."
    )
    support_count = serializers.IntegerField()
    comment_count = serializers.IntegerField(help_text="Published comments and replies.")
    location = serializers.SerializerMethodField(help_text="Null when no place was given.")
    image = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="The idea's page on the website.")

    @extend_schema_field(FeedbackOutputSerializer(allow_null=True))
    def get_feedback(self, idea):
        # status_changes are prefetched in date order (selectors.ideas_with_feedback).
        changes = list(idea.status_changes.all())
        return FeedbackOutputSerializer(changes[-1]).data if changes else None

    @extend_schema_field(LocationOutputSerializer(allow_null=True))
    def get_location(self, idea):
        if not idea.location_text and not idea.has_location:
            return None
        return LocationOutputSerializer(idea).data

    @extend_schema_field(ImageOutputSerializer(allow_null=True))
    def get_image(self, idea):
        if not idea.image:
            return None
        return {
            "url": self.context["request"].build_absolute_uri(idea.image.url),
            "alt": idea.image_alt,
            "width": idea.image_width,
            "height": idea.image_height,
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, idea) -> str:
        collection = self.context["collection"]
        return self.context["collection_url"] + collection.reverse_subpage(
            "idea_detail", args=(idea.pk,)
        )


class CollectionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class IdeaDetailOutputSerializer(IdeaOutputSerializer):
    collection = CollectionRefSerializer()
    history = StatusChangeOutputSerializer(
        many=True,
        source="status_changes.all",
        help_text="Every status change with the network's public feedback, oldest first.",
    )


class IdeaSubmittedOutputSerializer(ParticipantIdMixin, IdeaOutputSerializer):
    published = serializers.SerializerMethodField(
        help_text="False: the idea waits for the moderation and is not listed yet."
    )
    message = serializers.SerializerMethodField(help_text="What happens next, for people.")
    participant_id = serializers.SerializerMethodField(help_text=PARTICIPANT_ID_HELP)
    url = serializers.SerializerMethodField(
        help_text="The idea's page on the website; null while it waits for the moderation."
    )

    def get_published(self, idea) -> bool:
        return idea.moderation == ModerationState.PUBLISHED

    def get_message(self, idea) -> str:
        if self.get_published(idea):
            return str(IDEA_PUBLISHED)
        return str(IDEA_WAITING)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, idea) -> str | None:
        return super().get_url(idea) if self.get_published(idea) else None


class IdeaInputSerializer(StrictInputSerializer):
    """An idea as JSON. Images are web-only: the website re-encodes uploaded photos."""

    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, trim_whitespace=False)
    category = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="Id of one of the collection's categories; required when it has any.",
    )
    location_text = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Place or address."
    )
    latitude = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        required=False,
        allow_null=True,
        min_value=-90,
        max_value=90,
        coerce_to_string=False,
        help_text="WGS 84, with longitude; the point must lie inside the district.",
    )
    longitude = serializers.DecimalField(
        max_digits=None,
        decimal_places=None,
        required=False,
        allow_null=True,
        min_value=-180,
        max_value=180,
        coerce_to_string=False,
    )
    contact_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text=(
            "Only when the person asked to be told whether the idea is published and what "
            "becomes of it: sending it is that consent. Never published."
        ),
    )
    website = serializers.CharField(
        required=False, allow_blank=True, help_text="Spam trap: leave out or empty."
    )

    def form_data(self) -> dict:
        """The IdeaForm's data, as the web form would post it."""
        values = self.validated_data
        email = values.get("contact_email", "")

        def text(name):
            value = values.get(name)
            return "" if value is None else str(value)

        return {
            "title": values["title"],
            "description": values["description"],
            "category": text("category"),
            "location_text": text("location_text"),
            "latitude": text("latitude"),
            "longitude": text("longitude"),
            "contact_email": email,
            # The client's sending an address is the consent the web form asks for separately.
            "contact_consent": bool(email),
            "website": text("website"),
        }

    def sent(self, name: str) -> bool:
        """Whether the client gave a value for this field (null and "" count as none)."""
        return self.validated_data.get(name) not in (None, "")


# --- supports, comments, reports -----------------------------------------------------------


class SupportOutputSerializer(serializers.Serializer):
    supported = serializers.BooleanField(help_text="Whether this participant supports it now.")
    support_count = serializers.IntegerField()
    participant_id = serializers.CharField(allow_null=True, help_text=PARTICIPANT_ID_HELP)


class CommentReplyOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    author_name = serializers.CharField(help_text="As the author gave it; may be empty.")
    created_at = serializers.DateTimeField()


class CommentOutputSerializer(CommentReplyOutputSerializer):
    replies = CommentReplyOutputSerializer(
        many=True, source="published_replies", help_text="Published replies, oldest first."
    )


class CommentSubmittedOutputSerializer(ParticipantIdMixin, CommentReplyOutputSerializer):
    parent = serializers.IntegerField(
        source="parent_id",
        allow_null=True,
        help_text="The top-level comment this reply belongs to; a reply to a reply joins it.",
    )
    published = serializers.SerializerMethodField(
        help_text="False: the comment waits for the moderation and is not listed yet."
    )
    message = serializers.SerializerMethodField(help_text="What happens next, for people.")
    participant_id = serializers.SerializerMethodField(help_text=PARTICIPANT_ID_HELP)

    def get_published(self, comment) -> bool:
        return comment.moderation == ModerationState.PUBLISHED

    def get_message(self, comment) -> str:
        if self.get_published(comment):
            return str(COMMENT_PUBLISHED)
        return str(COMMENT_WAITING)


class CommentInputSerializer(StrictInputSerializer):
    text = serializers.CharField(max_length=COMMENT_MAX_LENGTH, trim_whitespace=False)
    author_name = serializers.CharField(
        required=False, allow_blank=True, max_length=60, help_text="Shown above the comment."
    )
    parent = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="Id of a published comment of this idea to reply to.",
    )
    website = serializers.CharField(
        required=False, allow_blank=True, help_text="Spam trap: leave out or empty."
    )

    def form_data(self) -> dict:
        """The CommentForm's data, as the web form would post it."""
        values = self.validated_data
        parent = values.get("parent")
        return {
            "text": values["text"],
            "author_name": values.get("author_name", ""),
            "parent": "" if parent is None else str(parent),
            "website": values.get("website", ""),
        }


class ReportOutputSerializer(serializers.Serializer):
    reported = serializers.BooleanField()
    message = serializers.CharField()
    participant_id = serializers.CharField(allow_null=True, help_text=PARTICIPANT_ID_HELP)
