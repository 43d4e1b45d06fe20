"""Serializers every endpoint shares: the error body, and input that refuses unknown fields."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer):
    """Input serializer that names unknown fields instead of dropping them: a typo in a field
    name must not turn into an answer quietly left out."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("Unbekanntes Feld.")] for name in unknown}
                )
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(
        help_text=(
            "Machine-readable reason: invalid, parse_error, not_authenticated, "
            "authentication_failed, forbidden, not_found, method_not_allowed, "
            "unsupported_media_type, not_acceptable, too_large, throttled, already_answered, "
            "already_done, not_open, closed, account_required, not_available."
        )
    )
    detail = serializers.CharField(help_text="A sentence for people, in the request's language.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="400 only: messages by field name; form-wide ones under non_field_errors.",
    )
