"""Idea collections are pages under a district page; ideas, supports and comments are rows.

Everything a resident contributes is a row that SQL can count: `Idea`, `Support` (one per
participant and idea, a database constraint), `Comment` (one reply level) with its
`CommentReport`s, and `IdeaStatusChange`, the public history of what became of an idea.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import District
from cms.models.districts import BelongsToParentDistrictMixin
from cms.models.periods import OpenPeriodMixin, PeriodState
from cms.models.publication import ResultsPublicationMixin
from ideas.admin_forms import IdeaCollectionPageForm

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
COMMENT_MAX_LENGTH = 1000


CollectionState = PeriodState  # the name the rest of the app knows


class Moderation(models.TextChoices):
    BEFORE = "before", _("Vor der Veröffentlichung prüfen")
    AFTER = "after", _("Sofort veröffentlichen, danach prüfen")


class Participation(models.TextChoices):
    ANONYMOUS = "anonymous", _("Ohne Konto möglich")
    ACCOUNT = "account", _("Nur mit Konto")


class IdeaCollectionPage(
    BelongsToParentDistrictMixin,
    OpenPeriodMixin,
    ResultsPublicationMixin,
    RoutablePageMixin,
    Page,
):
    """An Ideensammlung: a question to the district, its Themenfelder and its rules."""

    question = models.CharField(
        _("Frage"),
        max_length=200,
        help_text=_("Die Frage an die Bewohner*innen, z. B. „Was fehlt in Daxlanden?“"),
    )
    intro = models.TextField(_("Einleitung"), max_length=1000)
    opens_at = models.DateTimeField(_("Beginn"), null=True, blank=True)
    closes_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    moderation = models.CharField(
        _("Moderation"), max_length=10, choices=Moderation.choices, default=Moderation.BEFORE
    )
    participation = models.CharField(
        _("Teilnahme"),
        max_length=10,
        choices=Participation.choices,
        default=Participation.ANONYMOUS,
    )
    location_enabled = models.BooleanField(_("Ort auf der Karte angeben"), default=True)
    images_enabled = models.BooleanField(_("Bilder erlauben"), default=True)
    supports_enabled = models.BooleanField(_("Unterstützen erlauben"), default=True)
    comments_enabled = models.BooleanField(_("Kommentare erlauben"), default=True)
    report_threshold = models.PositiveSmallIntegerField(
        _("Meldungen bis zum Ausblenden"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Nach so vielen Meldungen wird ein Kommentar ausgeblendet, bis die Moderation "
            "entscheidet."
        ),
    )
    privacy_note = RichTextField(
        _("Hinweis zum Datenschutz"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Was wird gespeichert, wer sieht es, wie lange?"),
    )
    # Derived from the parent district page; empty for city-wide collections. See save().
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="idea_collections",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("question"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")],
            heading=_("Zeitraum"),
        ),
        InlinePanel("categories", heading=_("Themenfelder"), label=_("Themenfeld"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("participation"),
                FieldPanel("moderation"),
                FieldPanel("location_enabled"),
                FieldPanel("images_enabled"),
                FieldPanel("supports_enabled"),
                FieldPanel("comments_enabled"),
                FieldPanel("report_threshold"),
            ],
            heading=_("Regeln"),
        ),
        FieldPanel("privacy_note"),
        MultiFieldPanel(
            [FieldPanel("results_visibility"), FieldPanel("results_outcome")],
            heading=_("Ergebnisse"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("question"),
        index.SearchField("intro"),
    ]

    parent_page_types = ["cms.DistrictPage", "cms.HomePage"]
    subpage_types = []
    template = "ideas/collection_page.html"
    # Refuses removing a Themenfeld that ideas use: ideas keep their category (PROTECT).
    base_form_class = IdeaCollectionPageForm

    class Meta:
        verbose_name = _("Ideensammlung")
        verbose_name_plural = _("Ideensammlungen")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": _("Das Ende muss nach dem Beginn liegen.")})

    @property
    def is_open(self) -> bool:
        return self.live and self.state() == CollectionState.OPEN

    @path("")
    def idea_list(self, request):
        from ideas import views

        return views.idea_list(request, self)

    @path("neu/", name="idea_new")
    def idea_new(self, request):
        from ideas import views

        return views.idea_new(request, self)

    @path("danke/", name="idea_thanks")
    def idea_thanks(self, request):
        from ideas import views

        return views.idea_thanks(request, self)

    @path("idee/<int:idea_id>/", name="idea_detail")
    def idea_detail(self, request, idea_id):
        from ideas import views

        return views.idea_detail(request, self, idea_id)

    @path("idee/<int:idea_id>/unterstuetzen/", name="idea_support")
    def idea_support(self, request, idea_id):
        from ideas import views

        return views.idea_support(request, self, idea_id)

    @path("idee/<int:idea_id>/kommentieren/", name="idea_comment")
    def idea_comment(self, request, idea_id):
        from ideas import views

        return views.idea_comment(request, self, idea_id)

    @path("kommentar/<int:comment_id>/melden/", name="comment_report")
    def comment_report(self, request, comment_id):
        from ideas import views

        return views.comment_report(request, self, comment_id)

    @path("ergebnisse/", name="collection_results")
    def collection_results(self, request):
        from ideas import results_views

        return results_views.collection_results_public(request, self)

    def idea_url(self, idea) -> str:
        return self.url + self.reverse_subpage("idea_detail", args=(idea.pk,))


class IdeaCategory(Orderable):
    """A Themenfeld of one collection (Begegnung, Wohnen, Mobilität …)."""

    page = ParentalKey(IdeaCollectionPage, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("Name"), max_length=60)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")

    def __str__(self):
        return self.name


class IdeaStatus(models.TextChoices):
    """What became of an idea; every change is an IdeaStatusChange with public feedback."""

    SUBMITTED = "submitted", _("eingegangen")
    IN_REVIEW = "in_review", _("in Prüfung")
    ACCEPTED = "accepted", _("angenommen")
    DECLINED = "declined", _("abgelehnt")
    IN_PROGRESS = "in_progress", _("in Umsetzung")
    DONE = "done", _("umgesetzt")


# The workflow: which status may follow which. Decisions can be revisited (a declined idea
# may be reviewed again), but an idea is never set back to "eingegangen".
STATUS_TRANSITIONS = {
    IdeaStatus.SUBMITTED: {IdeaStatus.IN_REVIEW, IdeaStatus.ACCEPTED, IdeaStatus.DECLINED},
    IdeaStatus.IN_REVIEW: {IdeaStatus.ACCEPTED, IdeaStatus.DECLINED},
    IdeaStatus.ACCEPTED: {IdeaStatus.IN_PROGRESS, IdeaStatus.DONE, IdeaStatus.DECLINED},
    IdeaStatus.DECLINED: {IdeaStatus.IN_REVIEW, IdeaStatus.ACCEPTED},
    IdeaStatus.IN_PROGRESS: {IdeaStatus.DONE, IdeaStatus.ACCEPTED},
    IdeaStatus.DONE: {IdeaStatus.IN_PROGRESS},
}


class ModerationState(models.TextChoices):
    """Whether a contribution is visible; separate from what became of an idea."""

    PENDING = "pending", _("wartet auf Freigabe")
    PUBLISHED = "published", _("veröffentlicht")
    REJECTED = "rejected", _("abgelehnt (nicht veröffentlicht)")
    MERGED = "merged", _("zusammengeführt")
    HIDDEN = "hidden", _("nach Meldungen ausgeblendet")


def idea_image_path(instance, filename: str) -> str:
    # The name a resident's file had is not kept: it may carry their name or the place.
    return f"ideen/{timezone.now():%Y/%m}/{filename}"


class Idea(models.Model):
    collection = models.ForeignKey(
        IdeaCollectionPage, on_delete=models.PROTECT, related_name="ideas"
    )
    # Denormalised from the collection so results can GROUP BY district without a join.
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        IdeaCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("Themenfeld"),
    )
    title = models.CharField(_("Titel"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("Beschreibung"), max_length=DESCRIPTION_MAX_LENGTH)
    location_text = models.CharField(_("Ort oder Adresse"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    image = models.ImageField(
        _("Bild"),
        upload_to=idea_image_path,
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("Bildbeschreibung"), max_length=200, blank=True)
    # Only kept when the submitter agreed to be told about moderation and status changes.
    contact_email = models.EmailField(_("E-Mail für Rückmeldungen"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    status = models.CharField(
        _("Stand"), max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    moderation = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PENDING
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Told to the submitter by e-mail, never shown publicly.
    rejection_reason = models.TextField(_("Begründung"), blank=True, max_length=1000)
    rejection_notified_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_ideas",
        verbose_name=_("zusammengeführt mit"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["collection", "moderation", "created_at"]),
            models.Index(fields=["collection", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(latitude__isnull=True, longitude__isnull=True)
                    | Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="ideas_location_has_both_coordinates",
            ),
            models.CheckConstraint(
                condition=~Q(moderation="merged") | Q(merged_into__isnull=False),
                name="ideas_merged_idea_points_to_target",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.moderation == ModerationState.PUBLISHED

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class IdeaStatusChange(models.Model):
    """One step of an idea's public history: the new status and the network's feedback."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("Stand"), max_length=12, choices=IdeaStatus.choices)
    feedback = models.TextField(_("Rückmeldung"), max_length=3000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the notification task, so a task that runs twice sends one e-mail.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")

    def __str__(self):
        return f"{self.idea_id}: {self.get_status_display()}"


class Support(models.Model):
    """One participant's support of an idea; withdrawing deletes the row."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    # Denormalised so results can count supports per collection without a join.
    collection = models.ForeignKey(IdeaCollectionPage, on_delete=models.CASCADE, related_name="+")
    # "user:<id>" or "browser:<salted hash>", as for survey responses.
    participant_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "participant_key"], name="ideas_one_support_per_participant"
            )
        ]
        indexes = [models.Index(fields=["collection", "created_at"])]

    def __str__(self):
        return f"{self.idea_id}/{self.participant_key[:12]}"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    collection = models.ForeignKey(IdeaCollectionPage, on_delete=models.CASCADE, related_name="+")
    # One reply level: a reply's parent is always a top-level comment (see services).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    text = models.TextField(_("Kommentar"), max_length=COMMENT_MAX_LENGTH)
    author_name = models.CharField(_("Name (wird angezeigt)"), max_length=60, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idea_comments",
    )
    participant_key = models.CharField(max_length=100)
    moderation = models.CharField(
        max_length=10, choices=ModerationState.choices, default=ModerationState.PENDING
    )
    # A moderator kept the comment after reports: further reports no longer hide it.
    kept_after_reports = models.BooleanField(default=False)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        indexes = [models.Index(fields=["idea", "moderation"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(moderation="merged"), name="ideas_comment_is_never_merged"
            )
        ]

    def __str__(self):
        return f"{self.idea_id}/{self.pk}"


class CommentReport(models.Model):
    """A resident's report of a comment; one per participant and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    participant_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "participant_key"], name="ideas_one_report_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.comment_id}/{self.participant_key[:12]}"


class CollectionResultsState(models.Model):
    """Marked in every contribution's transaction; the aggregation recomputes what is dirty."""

    collection = models.OneToOneField(
        IdeaCollectionPage, on_delete=models.CASCADE, primary_key=True, related_name="results_state"
    )
    dirty_since = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.collection_id}: dirty since {self.dirty_since}"


class CollectionResult(models.Model):
    """The results projection of an idea collection: one row, replaced by every recomputation.
    `public_figures` leaves out what is only for the network (waiting and rejected ideas)."""

    collection = models.OneToOneField(
        IdeaCollectionPage, on_delete=models.CASCADE, primary_key=True, related_name="result"
    )
    computed_at = models.DateTimeField()
    ideas = models.PositiveIntegerField()  # ideas the figures count, all moderation states
    version = models.PositiveSmallIntegerField()  # of the aggregation code that wrote it
    figures = models.JSONField()
    public_figures = models.JSONField()

    def __str__(self):
        return f"{self.collection_id}: {self.ideas} ({self.computed_at:%Y-%m-%d %H:%M})"
