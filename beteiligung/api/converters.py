"""`<id:pk>` in API paths: a database id, at most 18 digits.

Django's `<int:>` takes any number of digits, and a number beyond the database's bigint
reaches the query and fails there (500); with 18 digits at most it is simply not found (404).
"""

from django.urls import register_converter

ID_MAX = 10**18 - 1


class ObjectIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(ObjectIdConverter, "id")
