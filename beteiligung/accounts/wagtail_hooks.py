from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from beteiligung.accounts import api_keys

# --- API keys (beteiligung.accounts.api_keys) --------------------------------------------------


@hooks.register("register_admin_urls")
def register_api_key_urls():
    return [path("api-zugang/", api_keys.ApiKeyView.as_view(), name="accounts_api_keys")]


@hooks.register("register_admin_menu_item")
def register_api_key_menu_item():
    # Every admin user may have a key; what it opens follows their page permissions.
    return MenuItem(
        _("API-Zugang"),
        reverse_lazy("accounts_api_keys"),
        name="api-zugang",
        icon_name=api_keys.ICON,
        order=10000,
    )


@hooks.register("register_account_menu_item")
def register_api_key_account_item(request):
    return {
        "url": reverse("accounts_api_keys"),
        "label": _("API-Zugang"),
        "help_text": _("Einen Schlüssel für Programme erzeugen, die die API nutzen."),
    }


@hooks.register("register_log_actions")
def register_api_key_log_actions(actions):
    actions.register_action(
        "accounts.api_key_create", _("API-Schlüssel erzeugen"), _("API-Schlüssel erzeugt")
    )
    actions.register_action(
        "accounts.api_key_delete", _("API-Schlüssel löschen"), _("API-Schlüssel gelöscht")
    )
