"""Query parameters of the public idea lists. A value that does not fit is a 400, never
quietly "all": a client with a typo should not publish a wrong figure."""

import django_filters
from django import forms

from cms.api.filters import ParticipationPageFilter
from ideas import selectors
from ideas.models import Idea, IdeaCollectionPage, IdeaStatus


class IdFilter(django_filters.NumberFilter):
    """A whole number: "1.5" is an error, not category 1."""

    field_class = forms.IntegerField


class CollectionFilterSet(ParticipationPageFilter):
    class Meta:
        model = IdeaCollectionPage
        fields = []


# The API's names for the sort orders of selectors.idea_list (the web list's "sortierung").
IDEA_ORDERINGS = {
    "-created_at": "neu",
    "-support_count": "unterstuetzt",
    "-comment_count": "diskutiert",
}
if set(IDEA_ORDERINGS.values()) != set(selectors.SORTS):  # pragma: no cover - a programming error
    raise ImportError("every sort order of ideas.selectors.SORTS needs an API name here")


class IdeaFilterSet(django_filters.FilterSet):
    """Checks and documents the parameters; selectors.idea_list filters and sorts, exactly as
    for the collection's web page (see IdeaFilterSet.selector_arguments)."""

    category = IdFilter(
        field_name="category__id",
        min_value=1,
        help_text="Id of one of the collection's categories.",
    )
    status = django_filters.ChoiceFilter(
        choices=IdeaStatus.choices, help_text="What became of the idea."
    )
    q = django_filters.CharFilter(
        max_length=200,
        help_text="Words that must all occur in the title, description or place.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[
            ("-created_at", "newest first (default)"),
            ("-support_count", "most supported first"),
            ("-comment_count", "most comments first"),
        ],
        help_text=(
            "-created_at: newest first (default); -support_count: most supported first; "
            "-comment_count: most comments first. Ties: newest first."
        ),
    )

    class Meta:
        model = Idea
        fields = []

    def selector_arguments(self) -> dict:
        """selectors.idea_list's keyword arguments (call after is_valid())."""
        cleaned = self.form.cleaned_data
        return {
            "category_id": cleaned.get("category"),
            "status": cleaned.get("status") or None,
            "query": (cleaned.get("q") or "").strip(),
            "sort": IDEA_ORDERINGS.get(cleaned.get("ordering") or "", selectors.DEFAULT_SORT),
        }
