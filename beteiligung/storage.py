"""Where files that are not for everyone live."""

from django.core.files.storage import storages


def private_storage():
    """The "private" storage of settings.STORAGES (outside MEDIA_ROOT, served by views only)."""
    return storages["private"]
