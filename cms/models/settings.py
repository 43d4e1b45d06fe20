from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """Site-wide texts and the legal pages linked from every page's footer."""

    # Every page's footer links these: one query for the settings and the pages, not five.
    select_related = ["imprint_page", "privacy_page", "accessibility_page", "easy_read_page"]

    city_name = models.CharField(_("Name der Stadt"), max_length=100, default="Karlsruhe")
    footer_text = models.TextField(
        _("Text in der Fußzeile"),
        blank=True,
        max_length=400,
        help_text=_("Z. B. wer die Plattform betreibt."),
    )
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Impressum"),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Datenschutz"),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Erklärung zur Barrierefreiheit"),
    )
    easy_read_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Leichte Sprache"),
    )

    panels = [
        FieldPanel("city_name"),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("easy_read_page"),
            ],
            heading=_("Seiten in der Fußzeile"),
        ),
    ]

    class Meta:
        verbose_name = _("Portal-Einstellungen")
