"""The filters every list of surveys or idea collections offers."""

import django_filters

from beteiligung.api.filters import StrictBooleanFilter
from cms.models.periods import PeriodState, period_state_filter


class ParticipationPageFilter(django_filters.FilterSet):
    """district (slug), city_wide and state; subclasses name the model in their Meta."""

    district = django_filters.CharFilter(
        field_name="district__slug", help_text="Only this district's (its slug)."
    )
    city_wide = StrictBooleanFilter(
        field_name="district",
        lookup_expr="isnull",
        help_text="true: only city-wide ones; false: only districts' ones.",
    )
    state = django_filters.ChoiceFilter(
        choices=PeriodState.choices,
        method="filter_state",
        help_text="not_open, open (taking part is possible now) or closed.",
    )

    def filter_state(self, queryset, name, value):
        return queryset.filter(period_state_filter(value))
