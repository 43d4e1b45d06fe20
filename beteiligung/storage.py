"""Where files that are not for everyone live."""

from django.core.files.storage import Storage, storages

# What a FileField calls on its storage; each is passed on to the configured one.
_DELEGATED = (
    "open",
    "save",
    "get_valid_name",
    "get_alternative_name",
    "get_available_name",
    "generate_filename",
    "path",
    "delete",
    "exists",
    "listdir",
    "size",
    "url",
    "get_accessed_time",
    "get_created_time",
    "get_modified_time",
)


class PrivateStorage(Storage):
    """settings.STORAGES["private"] (outside MEDIA_ROOT, served by permission-checking views),
    looked up at every use: a FileField resolves its storage once, at import, and would
    otherwise never see a changed setting (tests, a second site)."""


def _delegate(name):
    def method(self, *args, **kwargs):
        return getattr(storages["private"], name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in _DELEGATED:
    setattr(PrivateStorage, _name, _delegate(_name))


def private_storage() -> Storage:
    """The storage of results reports: the "private" entry of settings.STORAGES."""
    return PrivateStorage()
