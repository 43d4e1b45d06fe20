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


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Inhalte")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, sender=self)
