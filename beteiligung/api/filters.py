"""Query parameters that refuse what they do not understand (400) instead of quietly meaning
"all": a client with a typo must not publish a wrong figure."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError as FormValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is an error instead of "not given"."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        meaning = {"true": True, "1": True, "false": False, "0": False}.get(str(value).lower())
        if meaning is None:
            raise FormValidationError(_("Bitte true oder false angeben."), code="invalid")
        return meaning


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StrictOrderingFilter(OrderingFilter):
    """Refuses a field it does not offer, and sorts by the id last, so that pages never
    overlap when the chosen field has equal values (many surveys have no opens_at)."""

    def get_ordering(self, request, queryset, view):
        ordering = self._checked_ordering(request, queryset, view)
        return [*ordering, "pk"] if ordering else ordering

    def _checked_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            valid = {
                name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
            }
            unknown = [field for field in fields if field.lstrip("-") not in valid]
            if unknown:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Sortieren geht nach: %(fields)s.")
                            % {"fields": ", ".join(sorted(valid))}
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None)
        if fields and fields != "__all__":
            for parameter in parameters:
                parameter["schema"] = {
                    "type": "string",
                    "enum": [prefix + field for field in fields for prefix in ("", "-")],
                }
        return parameters
