from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender, **kwargs):
    # Groups need the permission rows Django creates after migrating, so they are set up here
    # rather than in a data migration. roles_sync is idempotent.
    from cms.services import roles_sync

    roles_sync()


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Inhalte"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, sender=self)
