from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, BodyStreamBlock


class StandardPage(Page):
    """Impressum, Datenschutz, background pages, and pages in Leichte Sprache."""

    intro = models.TextField(_("Einleitung"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Inhalt"))
    easy_read = models.BooleanField(
        _("In Leichter Sprache"),
        default=False,
        help_text=_("Zeigt das Zeichen für Leichte Sprache und eine größere Schrift."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("easy_read"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.DistrictPage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]
    template = "cms/standard_page.html"

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")


class AccessibilityStatementPage(Page):
    """Erklärung zur Barrierefreiheit with the fields BITV 2.0 requires, feedback contact too."""

    class Conformance(models.TextChoices):
        FULL = "full", _("vollständig vereinbar")
        PARTIAL = "partial", _("teilweise vereinbar")
        NONE = "none", _("nicht vereinbar")

    class AssessmentMethod(models.TextChoices):
        SELF = "self", _("Selbstbewertung")
        EXTERNAL = "external", _("Prüfung durch eine externe Stelle")

    conformance = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=10,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
    )
    standard = models.CharField(
        _("Grundlage"),
        max_length=200,
        default="BITV 2.0, EN 301 549 und WCAG 2.1 Stufe AA",
    )
    statement_date = models.DateField(_("Erstellt am"))
    last_review_date = models.DateField(_("Zuletzt überprüft am"))
    assessment_method = models.CharField(
        _("Methode der Bewertung"),
        max_length=10,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    non_accessible_content = RichTextField(
        _("Nicht barrierefreie Inhalte"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Was ist noch nicht barrierefrei, warum, und welche Alternative gibt es?"),
    )
    feedback_contact = models.CharField(_("Ansprechperson für Rückmeldungen"), max_length=160)
    feedback_email = models.EmailField(_("E-Mail für Rückmeldungen"))
    feedback_phone = models.CharField(_("Telefon für Rückmeldungen"), max_length=40, blank=True)
    feedback_address = models.TextField(_("Postanschrift für Rückmeldungen"), blank=True)
    enforcement_procedure = RichTextField(
        _("Durchsetzungsverfahren"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Die zuständige Schlichtungs- oder Durchsetzungsstelle und ihr Kontakt."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Weitere Inhalte"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("conformance"),
                FieldPanel("standard"),
                FieldPanel("statement_date"),
                FieldPanel("last_review_date"),
                FieldPanel("assessment_method"),
            ],
            heading=_("Stand der Barrierefreiheit"),
        ),
        FieldPanel("non_accessible_content"),
        MultiFieldPanel(
            [
                FieldPanel("feedback_contact"),
                FieldPanel("feedback_email"),
                FieldPanel("feedback_phone"),
                FieldPanel("feedback_address"),
            ],
            heading=_("Feedback-Möglichkeit"),
        ),
        FieldPanel("enforcement_procedure"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("non_accessible_content")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1
    template = "cms/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")
