"""The open period of a participation page (a survey, an idea collection): its own
`opens_at` / `closes_at` fields decide whether it takes contributions now."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeriodState(models.TextChoices):
    NOT_OPEN = "not_open", _("noch nicht geöffnet")
    OPEN = "open", _("läuft")
    CLOSED = "closed", _("beendet")


class OpenPeriodMixin:
    """For page models with nullable `opens_at` and `closes_at` (either end may be open)."""

    def state(self, now=None) -> PeriodState:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return PeriodState.NOT_OPEN
        if self.closes_at and now >= self.closes_at:
            return PeriodState.CLOSED
        return PeriodState.OPEN


def period_state_filter(state: str, now=None) -> models.Q:
    """OpenPeriodMixin.state() as a query condition, for lists filtered by state: not yet
    open wins over closed, as for one page."""
    now = now or timezone.now()
    not_open = models.Q(opens_at__gt=now)
    closed = models.Q(closes_at__lte=now) & ~not_open
    return {
        PeriodState.NOT_OPEN: not_open,
        PeriodState.CLOSED: closed,
        PeriodState.OPEN: ~not_open & ~closed,
    }[PeriodState(state)]
