"""The results dashboard in the Wagtail admin: per district, its surveys and idea collections
with their figures and the recent activity, linking to each results page.

Who sees what follows the page tree, as everywhere in the admin: a network member sees the
districts whose district page they may edit and the surveys and collections they manage;
Redaktion edits the whole tree and so sees every district and the city-wide ones. Everything
comes from the stored projections (SurveyResult, CollectionResult), in a fixed number of
queries whatever the number of surveys, collections or answers (DESIGN decision 6).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.models import District
from cms.models.periods import PeriodState
from cms.rules import districts_managed_by
from ideas.models import IdeaCollectionPage
from ideas.rules import collections_moderated_by
from surveys.models import SurveyPage
from surveys.rules import surveys_manageable_by

ACTIVITY_DAYS = 14
ICON = "table"

# Page fields the overview never shows: long texts and the questionnaire's StreamField.
SURVEY_FIELDS_UNUSED = (
    "intro",
    "privacy_note",
    "contact",
    "thank_you_text",
    "questions",
    "results_outcome",
    "result__public_figures",
)
COLLECTION_FIELDS_UNUSED = ("intro", "privacy_note", "results_outcome", "result__public_figures")


# --- refusing access -------------------------------------------------------------------------


class ResultsForbiddenView(WagtailAdminTemplateMixin, TemplateView):
    """A plain 403 inside the admin. Wagtail turns PermissionDenied into a redirect to the
    dashboard; results of another district answer "no access" instead, with the status."""

    template_name = "results/admin/forbidden.html"
    page_title = gettext_lazy("Kein Zugriff")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(), status=403)


def results_forbidden(request):
    return ResultsForbiddenView.as_view()(request)


def _one(instance, name: str):
    """A reverse one-to-one loaded by select_related, or None where there is no row."""
    return getattr(instance, name, None)


@dataclass
class Section:
    """One district (or the city-wide pages) on the overview."""

    key: str
    title: str
    district: District | None = None
    surveys_open: list = field(default_factory=list)
    surveys_past: list = field(default_factory=list)
    surveys_planned: list = field(default_factory=list)
    collections: list = field(default_factory=list)
    activity: dict = field(default_factory=dict)  # date -> {"responses", "ideas", ...}

    @property
    def surveys(self) -> list[dict]:
        """Running surveys first, then those in preparation, then the finished ones."""
        return [*self.surveys_open, *self.surveys_planned, *self.surveys_past]

    @property
    def anchor(self) -> str:
        return f"bereich-{self.key}"

    def activity_rows(self) -> list[dict]:
        """Days with any activity, newest first."""
        return [
            {"day": day, **counts}
            for day, counts in sorted(self.activity.items(), reverse=True)
            if any(counts.values())
        ]

    def add_activity(self, by_day: list[dict], first_day: datetime.date, **names: str) -> None:
        """Add stored per-day figures: `names` maps a figure's key to an activity column."""
        for entry in by_day:
            day = datetime.date.fromisoformat(entry["day"])
            if day < first_day:
                continue
            counts = self.activity.setdefault(
                day, {"responses": 0, "ideas": 0, "supports": 0, "comments": 0}
            )
            for source, target in names.items():
                counts[target] += entry.get(source) or 0


def _survey_row(survey: SurveyPage, now) -> dict:
    result = _one(survey, "result")
    state = _one(survey, "results_state")
    return {
        "page": survey,
        "state": survey.state(now) if survey.live else None,
        "responses": result.responses if result else None,
        "computed_at": result.computed_at if result else None,
        "dirty": bool(state and state.dirty_since),
        "by_day": result.figures.get("by_day", []) if result else [],
    }


def _collection_row(collection: IdeaCollectionPage, now) -> dict:
    result = _one(collection, "result")
    state = _one(collection, "results_state")
    figures = result.figures if result else {}
    return {
        "page": collection,
        "state": collection.state(now) if collection.live else None,
        # In the overview's column order.
        "counts": [
            figures.get(name) for name in ("ideas", "published", "waiting", "supports", "comments")
        ],
        "computed_at": result.computed_at if result else None,
        "dirty": bool(state and state.dirty_since),
        "by_day": figures.get("by_day", []),
    }


def dashboard_sections(user) -> list[Section]:
    """The overview's sections: city-wide first (if the user manages any), then the districts
    by name. Five queries at most, whatever the number of pages."""
    now = timezone.now()
    first_day = timezone.localdate(now) - datetime.timedelta(days=ACTIVITY_DAYS - 1)
    sections: dict[int | None, Section] = {
        district.pk: Section(key=district.slug, title=district.name, district=district)
        for district in districts_managed_by(user)
    }

    def section_for(page) -> Section:
        if page.district_id not in sections:
            if page.district is None:
                sections[None] = Section(key="stadtweit", title=_("Stadtweit"))
            else:
                district = page.district
                sections[district.pk] = Section(
                    key=district.slug, title=district.name, district=district
                )
        return sections[page.district_id]

    surveys = (
        surveys_manageable_by(user)
        .select_related("district", "result", "results_state")
        .defer(*SURVEY_FIELDS_UNUSED)
        .order_by(F("opens_at").desc(nulls_last=True), "title", "pk")
    )
    for survey in surveys:
        row = _survey_row(survey, now)
        section = section_for(survey)
        if row["state"] == PeriodState.OPEN:
            section.surveys_open.append(row)
        elif row["state"] == PeriodState.CLOSED:
            section.surveys_past.append(row)
        else:
            section.surveys_planned.append(row)
        section.add_activity(row["by_day"], first_day, count="responses")

    collections = (
        collections_moderated_by(user)
        .select_related("district", "result", "results_state")
        .defer(*COLLECTION_FIELDS_UNUSED)
        .order_by(F("opens_at").desc(nulls_last=True), "title", "pk")
    )
    for collection in collections:
        row = _collection_row(collection, now)
        section_for(collection).collections.append(row)
        section_for(collection).add_activity(
            row["by_day"], first_day, ideas="ideas", supports="supports", comments="comments"
        )

    city_wide = [sections.pop(None)] if None in sections else []
    return city_wide + sorted(sections.values(), key=lambda section: section.title)


class ResultsOverviewView(WagtailAdminTemplateMixin, TemplateView):
    """Every district the user works for, with its surveys, collections and activity."""

    template_name = "results/admin/overview.html"
    page_title = gettext_lazy("Ergebnisse")
    header_icon = ICON

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        sections = dashboard_sections(request.user)
        if not sections:
            return results_forbidden(request)
        return self.render_to_response(
            self.get_context_data(sections=sections, activity_days=ACTIVITY_DAYS)
        )
