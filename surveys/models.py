"""Surveys are pages under a district page; answers are relational rows (DESIGN decisions 2-5).

A Response is one participant's questionnaire. While it is in progress its answers live in
`draft_answers`; on submission they become Answer rows in one bulk insert, so Answer holds
exactly the submitted data that results are computed from.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from beteiligung.storage import private_storage
from cms.blocks import RICH_TEXT_FEATURES
from cms.models import District
from cms.models.districts import BelongsToParentDistrictMixin
from cms.models.periods import OpenPeriodMixin, PeriodState
from cms.models.publication import ResultsPublicationMixin
from surveys.blocks import QuestionStreamBlock


class ParticipationMode(models.TextChoices):
    OPEN = "open", _("Offen: ohne Konto, eine Antwort je Browser")
    ACCOUNT = "account", _("Mit Konto: eine Antwort je Konto")
    CODE = "code", _("Mit Zugangscode: eine Antwort je Code")


SurveyState = PeriodState  # the name the rest of the app knows


class SurveyPage(
    BelongsToParentDistrictMixin,
    OpenPeriodMixin,
    ResultsPublicationMixin,
    RoutablePageMixin,
    Page,
):
    """A Befragung: intro, privacy note, period, participation mode and the questions."""

    intro = models.TextField(_("Einleitung"), max_length=1000)
    privacy_note = RichTextField(
        _("Hinweis zum Datenschutz"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Was wird gespeichert, wer sieht es, wie lange?"),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("Dauer in Minuten (geschätzt)"), default=10
    )
    opens_at = models.DateTimeField(_("Beginn"), null=True, blank=True)
    closes_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    participation_mode = models.CharField(
        _("Teilnahme"),
        max_length=10,
        choices=ParticipationMode.choices,
        default=ParticipationMode.OPEN,
    )
    contact = models.TextField(
        _("Ansprechperson bei Fragen"),
        blank=True,
        max_length=500,
        help_text=_("Name, Telefon, E-Mail: wer hilft beim Ausfüllen?"),
    )
    thank_you_text = RichTextField(
        _("Text nach dem Absenden"), features=RICH_TEXT_FEATURES, blank=True
    )
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("Fragen"))
    results_min_group = models.PositiveSmallIntegerField(
        _("Mindestgröße ausgewiesener Gruppen"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_(
            "Öffentliche Ergebnisse und Auswertungsdateien blenden Zahlen kleinerer Gruppen aus, "
            "damit niemand erkennbar wird."
        ),
    )
    district_question = models.CharField(
        _("Frage nach dem Stadtteil (Schlüssel)"),
        max_length=40,
        blank=True,
        help_text=_(
            "Nur für stadtweite Befragungen: eine Einfachauswahl, deren Antwort-Schlüssel die "
            "Kürzel der Stadtteile sind. Dann lassen sich die Ergebnisse nach Stadtteilen "
            "vergleichen."
        ),
    )
    # Derived from the parent district page; empty for city-wide surveys. See save().
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="surveys",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("participation_mode"),
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
                FieldPanel("estimated_minutes"),
            ],
            heading=_("Teilnahme und Zeitraum"),
        ),
        FieldPanel("questions"),
        FieldPanel("privacy_note"),
        FieldPanel("contact"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("results_visibility"),
                FieldPanel("results_min_group"),
                FieldPanel("district_question"),
                FieldPanel("results_outcome"),
            ],
            heading=_("Ergebnisse"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms.DistrictPage", "cms.HomePage"]
    subpage_types = []
    template = "surveys/survey_page.html"

    class Meta:
        verbose_name = _("Befragung")
        verbose_name_plural = _("Befragungen")

    def clean(self):
        from django.core.exceptions import ValidationError

        from surveys.selectors import survey_change_conflicts

        super().clean()
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": _("Das Ende muss nach dem Beginn liegen.")})
        if self.pk:
            conflicts = survey_change_conflicts(survey=self, questions=self.questions)
            if conflicts:
                raise ValidationError({"questions": conflicts})
        if self.district_question:
            self._clean_district_question()

    def _clean_district_question(self):
        from django.core.exceptions import ValidationError

        child = next(
            (
                child
                for child in self.questions
                if child.block.is_question and child.value["key"] == self.district_question
            ),
            None,
        )
        if child is None or child.block_type != "single_choice":
            raise ValidationError(
                {
                    "district_question": _("„%(key)s“ ist keine Einfachauswahl dieser Befragung.")
                    % {"key": self.district_question}
                }
            )
        slugs = set(District.objects.values_list("slug", flat=True))
        unknown = [key for key in child.block.choice_keys(child.value) if key not in slugs]
        if unknown:
            raise ValidationError(
                {
                    "district_question": _(
                        "Diese Antwort-Schlüssel sind keine Stadtteil-Kürzel: %(keys)s"
                    )
                    % {"keys": ", ".join(unknown)}
                }
            )

    @path("")
    def survey_start(self, request):
        from surveys import views

        return views.survey_start(request, self)

    @path("code/", name="survey_code")
    def survey_code(self, request):
        from surveys import views

        return views.survey_code(request, self)

    @path("schritt/<int:number>/", name="survey_step")
    def survey_step(self, request, number):
        from surveys import views

        return views.survey_step(request, self, number)

    @path("weiter/<str:token>/", name="survey_resume")
    def survey_resume(self, request, token):
        from surveys import views

        return views.survey_resume(request, self, token)

    @path("danke/", name="survey_thanks")
    def survey_thanks(self, request):
        from surveys import views

        return views.survey_thanks(request, self)

    @path("drucken/", name="survey_print")
    def survey_print(self, request):
        from surveys import views

        return views.survey_print(request, self)

    @path("ergebnisse/", name="survey_results")
    def survey_results(self, request):
        from surveys import results_views

        return results_views.survey_results_public(request, self)


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("Papier")
    ASSISTED = "assisted", _("mit Unterstützung ausgefüllt")
    INTERVIEW = "interview", _("Interview")


class Response(models.Model):
    """One participant's questionnaire, in progress or submitted."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("begonnen")
        SUBMITTED = "submitted", _("abgeschickt")

    survey = models.ForeignKey(SurveyPage, on_delete=models.PROTECT, related_name="responses")
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # "user:<id>", "code:<id>" or "browser:<salted hash>"; NULL for paper questionnaires,
    # which have no identity to deduplicate on.
    participant_key = models.CharField(max_length=100, null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    current_step = models.PositiveSmallIntegerField(default=1)
    draft_answers = models.JSONField(default=dict, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entered_survey_responses",
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Antwortbogen")
        verbose_name_plural = _("Antwortbögen")
        # Checked on top of editing the survey page (surveys.rules): raw data leaves the
        # platform only with this explicit permission (DESIGN decision 7).
        permissions = [("export_raw_responses", _("Rohdaten der Antworten exportieren"))]
        constraints = [
            # NULL-safe: the condition leaves paper questionnaires (no key) out explicitly,
            # so every participant key is unique per survey on PostgreSQL and SQLite alike.
            models.UniqueConstraint(
                fields=["survey", "participant_key"],
                condition=Q(participant_key__isnull=False),
                name="surveys_one_response_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="surveys_submitted_response_has_time",
            ),
        ]
        indexes = [models.Index(fields=["survey", "status", "submitted_at"])]

    def __str__(self):
        return f"{self.survey_id}/{self.pk} ({self.get_status_display()})"


class Answer(models.Model):
    """One value of a submitted response: a choice, a number or a text, per question key."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Denormalised from the response so results can GROUP BY without a join.
    survey = models.ForeignKey(SurveyPage, on_delete=models.PROTECT, related_name="+")
    question_key = models.CharField(max_length=40)
    row_key = models.CharField(max_length=40, null=True, blank=True)
    choice_key = models.CharField(max_length=40, null=True, blank=True)
    number = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    text = models.TextField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["survey", "question_key", "choice_key"])]

    def __str__(self):
        return f"{self.question_key}={self.choice_key or self.number or self.text}"


class ResponseContact(models.Model):
    """An e-mail address a participant left for feedback, kept apart from the answers."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="contact")
    email = models.EmailField()
    # Set by the confirmation task, so a task that runs twice sends one e-mail.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.email


class QuestionRecord(models.Model):
    """Which block type a question key had when it was answered: later edits may reword a
    question but must not give the key another meaning."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    block_type = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="surveys_one_record_per_key")
        ]

    def __str__(self):
        return f"{self.key} ({self.block_type})"


class AccessCode(models.Model):
    """A one-time code for a household letter, stored only as a salted hash."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="access_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    batch = models.CharField(_("Stapel"), max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Zugangscode")
        verbose_name_plural = _("Zugangscodes")

    def __str__(self):
        return f"{self.survey_id}/{self.pk}"


class SurveyResultsState(models.Model):
    """Marked in every submission's transaction; the aggregation recomputes what is dirty."""

    survey = models.OneToOneField(
        SurveyPage, on_delete=models.CASCADE, primary_key=True, related_name="results_state"
    )
    dirty_since = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.survey_id}: dirty since {self.dirty_since}"


class SurveyResult(models.Model):
    """The survey-wide part of the results projection: one row per survey, replaced by every
    recomputation. `figures` is for the network; `public_figures` has small groups suppressed."""

    survey = models.OneToOneField(
        SurveyPage, on_delete=models.CASCADE, primary_key=True, related_name="result"
    )
    computed_at = models.DateTimeField()
    responses = models.PositiveIntegerField()  # submitted responses the figures count
    version = models.PositiveSmallIntegerField()  # of the aggregation code that wrote it
    figures = models.JSONField()
    public_figures = models.JSONField()

    def __str__(self):
        return f"{self.survey_id}: {self.responses} ({self.computed_at:%Y-%m-%d %H:%M})"


class QuestionResult(models.Model):
    """One question's figures in the results projection, in questionnaire order."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    question_key = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    figures = models.JSONField()
    public_figures = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question_key"], name="surveys_one_result_per_question"
            )
        ]
        indexes = [models.Index(fields=["survey", "position"])]

    def __str__(self):
        return f"{self.survey_id}/{self.question_key}"


class SurveyReport(models.Model):
    """A PDF report of a survey's results for the network meeting, written by a task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wird erstellt")
        READY = "ready", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="reports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Reports hold results of one district: stored outside the public media folder and served
    # only through a view that checks the reader's rights.
    file = models.FileField(upload_to="reports/", storage=private_storage, blank=True)
    results_computed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Ergebnisbericht")
        verbose_name_plural = _("Ergebnisberichte")
        indexes = [models.Index(fields=["survey", "-requested_at"])]

    def __str__(self):
        return f"{self.survey_id}/{self.pk} ({self.get_status_display()})"
