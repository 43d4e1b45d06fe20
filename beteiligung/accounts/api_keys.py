"""Verwaltung → API-Zugang: every admin user makes, replaces and deletes their own API key.

One key per user (rest_framework.authtoken's Token). The key is shown once, in the answer to
the POST that made it, and never again: the page then only says since when a key exists, so a
shared screen or a colleague at the desk does not reveal it. A new key replaces the old one at
once; a lost key is replaced, not looked up. URL and menu item: accounts/wagtail_hooks.py.
"""

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from rest_framework.authtoken.models import Token
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

ICON = "key"
EXAMPLE_ENDPOINT = "api-network-survey-list"


@transaction.atomic
def api_key_create(*, user) -> Token:
    """A new key for the user; the old one, if any, stops working in the same transaction."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    log(instance=user, action="accounts.api_key_create", user=user)
    return token


@transaction.atomic
def api_key_delete(*, user) -> bool:
    """Delete the user's key; False if there was none."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        log(instance=user, action="accounts.api_key_delete", user=user)
    return bool(deleted)


class ApiKeyView(WagtailAdminTemplateMixin, TemplateView):
    """Whether a key exists, and the buttons to make a new one or delete it."""

    template_name = "accounts/admin/api_keys.html"
    page_title = gettext_lazy("API-Zugang")
    header_icon = ICON
    http_method_names = ["get", "post"]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        request = self.request
        return super().get_context_data(
            token=Token.objects.filter(user=request.user).first(),
            example_url=request.build_absolute_uri(reverse(EXAMPLE_ENDPOINT)),
            docs_url=reverse("api-docs"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "create":
            token = api_key_create(user=request.user)
            # Rendered, not redirected: the key exists in this answer only. Never cached.
            response = self.render_to_response(self.get_context_data(new_key=token.key))
            add_never_cache_headers(response)
            return response
        if action == "delete" and api_key_delete(user=request.user):
            messages.success(
                request,
                _(
                    "Ihr API-Schlüssel ist gelöscht. Programme, die ihn nutzen, haben "
                    "keinen Zugang mehr."
                ),
            )
        return redirect("accounts_api_keys")
