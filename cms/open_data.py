"""Open data: what each dataset and file says about itself (licence, publisher, source,
Stand), and the files' rows.

Which datasets there are is one rule in cms.open_data_selectors, for the catalogue, the
"Offene Daten" page and every file: a live, public survey whose results are public now and
computed, and a live, public idea collection with at least one published idea. Survey files
carry the public, suppressed figures only (DESIGN decision 7); idea files carry published ideas
only, without the author or a contact address, as residents see them on the collection page.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from cms.models import PortalSettings
from cms.open_data_selectors import (
    KIND_IDEAS,
    KIND_RESULTS,
    open_data_datasets,
    open_data_ideas,
)

KINDS = (
    (KIND_RESULTS, gettext_lazy("Ergebnisse einer Befragung")),
    (KIND_IDEAS, gettext_lazy("Ideen einer Ideensammlung")),
)
# Full names of licences a city is likely to choose; any other shows its id.
LICENCE_NAMES = {
    "dl-de/by-2-0": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "dl-de/zero-2-0": "Datenlizenz Deutschland – Zero – Version 2.0",
    "cc-by-4.0": "Creative Commons Namensnennung 4.0 International",
    "cc-zero": "Creative Commons Zero",
}


# --- licence and publisher --------------------------------------------------------------------


def open_data_licence() -> dict:
    """The licence every file names, from settings (OPEN_DATA_LICENSE, OPEN_DATA_LICENSE_URL)."""
    return {"id": settings.OPEN_DATA_LICENSE, "url": settings.OPEN_DATA_LICENSE_URL}


def open_data_licence_name() -> str:
    return LICENCE_NAMES.get(settings.OPEN_DATA_LICENSE, settings.OPEN_DATA_LICENSE)


def open_data_licence_text() -> str:
    """The licence as one cell of a table: id and address."""
    licence = open_data_licence()
    return f"{licence['id']} ({licence['url']})" if licence["url"] else licence["id"]


def open_data_publisher(request) -> str:
    """Who publishes the data: OPEN_DATA_PUBLISHER, else the portal's name with its city.
    At most one query per request (site settings are cached on the request)."""
    if settings.OPEN_DATA_PUBLISHER:
        return settings.OPEN_DATA_PUBLISHER
    city = PortalSettings.for_request(request).city_name
    # A name, not a sentence: the same in every interface language.
    with translation.override(settings.LANGUAGE_CODE):
        return f"{_('Beteiligung im Quartier')} {city}".strip()


# --- what a dataset says about itself ---------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """An open dataset as the catalogue and the "Offene Daten" page describe it."""

    id: int
    kind: str
    title: str
    slug: str
    district_name: str | None
    district_slug: str | None
    description: str
    modified: datetime | None
    source_url: str  # the page the data comes from: results page, or the collection
    page_url: str  # the survey's or collection's own page
    csv_url: str
    json_url: str

    @property
    def district(self) -> dict | None:
        if not self.district_slug:
            return None
        return {"slug": self.district_slug, "name": self.district_name}

    @property
    def kind_label(self) -> str:
        return str(dict(KINDS)[self.kind])

    def filename(self, extension: str) -> str:
        """e.g. ergebnisse-gut-leben-2026-11-20.csv: what, which page, which Stand."""
        stem = "ergebnisse" if self.kind == KIND_RESULTS else "ideen"
        stand = timezone.localtime(self.modified) if self.modified else timezone.localtime()
        return f"{stem}-{self.slug}-{stand:%Y-%m-%d}.{extension}"


DOWNLOAD_ROUTES = {
    KIND_RESULTS: ("api-open-data-survey-results-csv", "api-open-data-survey-results-json"),
    KIND_IDEAS: ("api-open-data-collection-ideas-csv", "api-open-data-collection-ideas-json"),
}


def _results_path(kind: str) -> str:
    from ideas.models import IdeaCollectionPage
    from surveys.models import SurveyPage

    if kind == KIND_RESULTS:
        return SurveyPage.get_resolver().reverse("survey_results")
    return IdeaCollectionPage.get_resolver().reverse("collection_results")


def dataset_description(*, kind: str, title: str, min_group: int | None) -> str:
    """What the file holds, in a sentence."""
    if kind == KIND_RESULTS:
        return _(
            "Zusammengefasste Ergebnisse der Befragung „%(title)s“: Anzahlen und Anteile je "
            "Frage und Antwort. Zahlen von weniger als %(k)s Personen und Freitexte sind nicht "
            "enthalten."
        ) % {"title": title, "k": min_group}
    return _(
        "Die veröffentlichten Ideen der Ideensammlung „%(title)s“ mit Themenfeld, Stand, "
        "Rückmeldung, Unterstützungen, Kommentaren und Ort."
    ) % {"title": title}


def dataset_build(row: Page, request) -> Dataset:
    """A catalogue row (from open_data_datasets) with its absolute addresses; no query."""
    page_url = request.build_absolute_uri(row.get_url(request))
    source_url = page_url + _results_path(row.kind) if row.results_public else page_url
    csv_route, json_route = DOWNLOAD_ROUTES[row.kind]
    return Dataset(
        id=row.pk,
        kind=row.kind,
        title=row.title,
        slug=row.slug,
        district_name=row.district_name,
        district_slug=row.district_slug,
        description=dataset_description(kind=row.kind, title=row.title, min_group=row.min_group),
        modified=row.modified,
        source_url=source_url,
        page_url=page_url,
        csv_url=request.build_absolute_uri(reverse(csv_route, kwargs={"pk": row.pk})),
        json_url=request.build_absolute_uri(reverse(json_route, kwargs={"pk": row.pk})),
    )


def datasets_by_district(request) -> list[tuple[str, list[Dataset]]]:
    """Every open dataset grouped by district name, city-wide ("") first, then by name and
    title. Two queries (view restrictions, datasets) plus the site lookups of page URLs."""
    rows = open_data_datasets().order_by(F("district_name").asc(nulls_first=True), "title", "pk")
    groups: list[tuple[str, list[Dataset]]] = []
    for row in rows:
        dataset = dataset_build(row, request)
        name = dataset.district_name or ""
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append(dataset)
    return groups


# --- the ideas of a collection as rows --------------------------------------------------------


IDEA_FIELDS = (
    "id",
    "title",
    "description",
    "category",
    "status",
    "status_label",
    "feedback",
    "feedback_date",
    "supports",
    "comments",
    "location_text",
    "latitude",
    "longitude",
    "created",
    "url",
)


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def idea_records(*, collection, request) -> Iterator[dict]:
    """One dict per published idea (keys IDEA_FIELDS), read in chunks; labels in the active
    language, the idea's page as an absolute address."""
    from ideas.models import IdeaStatus

    statuses = dict(IdeaStatus.choices)
    base = request.build_absolute_uri(collection.get_url(request))
    values = open_data_ideas(collection=collection).iterator(chunk_size=2000)
    for (
        pk,
        title,
        description,
        category,
        status,
        feedback,
        feedback_at,
        supports,
        comments,
        location_text,
        latitude,
        longitude,
        created_at,
    ) in values:
        yield {
            "id": pk,
            "title": title,
            "description": description,
            "category": category or "",
            "status": status,
            "status_label": str(statuses.get(status, status)),
            "feedback": feedback or "",
            "feedback_date": _local_date(feedback_at),
            "supports": supports,
            "comments": comments,
            "location_text": location_text,
            "latitude": latitude,
            "longitude": longitude,
            "created": _local_date(created_at),
            "url": base + collection.reverse_subpage("idea_detail", args=(pk,)),
        }


# --- tables -----------------------------------------------------------------------------------


def _attribution_columns() -> list[str]:
    return [_("Lizenz"), _("Quelle")]


def _attribution(request, source_url: str) -> list[str]:
    """The licence and the source on every row, so that any part of a file still names them."""
    publisher = open_data_publisher(request)
    source = f"{publisher}, {source_url}" if publisher else source_url
    return [open_data_licence_text(), source]


def survey_results_table(results, *, k: int, request, source_url: str):
    """(header, rows) of a survey's public figures as surveys.results_exports builds them,
    with the licence and the source as last columns of every row."""
    from surveys.results_exports import results_export_header, results_export_rows

    attribution = _attribution(request, source_url)
    header = results_export_header() + _attribution_columns()
    rows = (row + attribution for row in results_export_rows(results, k=k))
    return header, rows


def ideas_table(*, collection, request, source_url: str):
    """(header, rows) of a collection's published ideas, one row per idea, with the licence
    and the source as last columns of every row."""
    header = [
        _("Nr."),
        _("Titel"),
        _("Beschreibung"),
        _("Themenfeld"),
        _("Stand"),
        _("Rückmeldung"),
        _("Rückmeldung vom"),
        _("Unterstützungen"),
        _("Kommentare (veröffentlicht)"),
        _("Ort"),
        _("Breitengrad"),
        _("Längengrad"),
        _("eingereicht am"),
        _("Link"),
        *_attribution_columns(),
    ]
    attribution = _attribution(request, source_url)
    fields = [name for name in IDEA_FIELDS if name != "status"]
    rows = (
        [record[name] for name in fields] + attribution
        for record in idea_records(collection=collection, request=request)
    )
    return header, rows
