"""How allauth treats residents' accounts on this site."""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ResidentAccountAdapter(DefaultAccountAdapter):
    """allauth's behaviour, with the messages a resident reads in the portal's own words
    (allauth's German catalogue says "du"; the portal says "Sie"), and the way back to the page
    a resident set out for kept through the confirmation e-mail."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "E-Mail-Adresse oder Passwort stimmen nicht. Bitte prüfen Sie beides, auch die "
            "Groß- und Kleinschreibung im Passwort."
        ),
        "too_many_login_attempts": _(
            "Zu viele Anmeldeversuche mit dieser E-Mail-Adresse. Bitte warten Sie einige "
            "Minuten und versuchen Sie es dann erneut, oder setzen Sie Ihr Passwort zurück."
        ),
        "rate_limited": _(
            "Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie "
            "es dann erneut."
        ),
        "enter_current_password": _("Bitte geben Sie Ihr aktuelles Passwort ein."),
        "same_as_current": _("Das ist bereits Ihre E-Mail-Adresse."),
    }

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The link in the confirmation e-mail. When the sign-up (or login) came with a safe
        ?next=, the link leads from the confirmation to the login page with that next, so a
        resident who opens the mail in another browser still ends up at the survey."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = get_next_redirect_url(request) if request is not None else None
        if not next_url:
            return url
        login_url = f"{reverse('account_login')}?{urlencode({'next': next_url})}"
        return f"{url}?{urlencode({'next': login_url})}"
