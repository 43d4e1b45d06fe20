"""Publishing the results of a participation page (a survey, an idea collection).

Editors, or the district network where its page rights allow, decide per page whether the
results page ("Ergebnisse") is public, and write what became of the contributions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from cms.blocks import RICH_TEXT_FEATURES
from cms.models.periods import PeriodState


class ResultsVisibility(models.TextChoices):
    INTERNAL = "internal", _("Nur intern für das Stadtteilnetzwerk")
    AFTER_CLOSE = "after_close", _("Öffentlich, sobald die Beteiligung beendet ist")
    LIVE = "live", _("Öffentlich schon während der Laufzeit")


class ResultsPublicationMixin(models.Model):
    """Fields and the rule for a public results page; the page also needs OpenPeriodMixin."""

    results_visibility = models.CharField(
        _("Ergebnisse veröffentlichen"),
        max_length=12,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.INTERNAL,
        help_text=_(
            "Öffentliche Ergebnisse zeigen nur zusammengefasste Zahlen; kleine Gruppen werden "
            "ausgeblendet, Freitexte nie veröffentlicht."
        ),
    )
    results_outcome = RichTextField(
        _("Das haben wir daraus gemacht"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Erscheint auf der Ergebnisseite: was folgt aus den Beiträgen?"),
    )

    class Meta:
        abstract = True

    def results_are_public(self, now=None) -> bool:
        """Whether anyone may read the results page now."""
        if not self.live or self.results_visibility == ResultsVisibility.INTERNAL:
            return False
        if self.results_visibility == ResultsVisibility.LIVE:
            return True
        return self.state(now) == PeriodState.CLOSED
