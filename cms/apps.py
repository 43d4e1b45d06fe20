from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Apps whose permission rows the roles refer to.
ROLE_PERMISSION_APPS = (
    "cms",
    "surveys",
    "wagtailcore",
    "wagtailadmin",
    "wagtailimages",
    "wagtaildocs",
)


def _sync_roles_after_migrate(sender, **kwargs):
    # Groups need the permission rows Django creates after migrating, so they are set up here
    # rather than in a data migration. This handler may run before auth's own post_migrate
    # handler has created the rows for these apps, so it creates them first (idempotent).
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from cms.services import roles_sync

    for label in ROLE_PERMISSION_APPS:
        create_permissions(apps.get_app_config(label), verbosity=0)
    roles_sync()


def _empty_page_cache(**kwargs):
    from beteiligung.page_cache import page_cache_clear

    page_cache_clear()


def _connect_page_cache_invalidation() -> None:
    """What anonymous visitors see changes when a page is published, unpublished, moved or
    deleted, or a district (contacts, network) is edited: the stored pages go at once."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms.models import District, NetworkActor

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_empty_page_cache, dispatch_uid=f"page-cache-{id(signal)}")
    post_delete.connect(_empty_page_cache, sender=Page, dispatch_uid="page-cache-page-delete")
    for model in (District, NetworkActor):
        for signal in (post_save, post_delete):
            signal.connect(
                _empty_page_cache,
                sender=model,
                dispatch_uid=f"page-cache-{model.__name__}-{id(signal)}",
            )


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Inhalte")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        _connect_page_cache_invalidation()
