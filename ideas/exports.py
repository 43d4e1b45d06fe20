"""All ideas of a collection as a table for the network's meetings: one row per idea, published
or not, with its support and comment counts. The submitter's e-mail address never leaves the
platform; the table only says whether they asked to hear back.

Rows are built from one query read in chunks (see `ideas_export_rows`), so the CSV streams in
constant memory; the file formats are beteiligung.tabular's.
"""

from collections.abc import Iterable, Iterator

from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from beteiligung.tabular import file_stamp, table_download
from ideas.models import Idea, IdeaCollectionPage, IdeaStatus, ModerationState
from ideas.selectors import ideas_with_counts

EXPORT_CHUNK_SIZE = 2000
# The row's values, in the order of `export_header`; has_contact replaces the address itself.
EXPORT_FIELDS = (
    "pk",
    "title",
    "description",
    "category__name",
    "location_text",
    "latitude",
    "longitude",
    "status",
    "moderation",
    "support_count",
    "comment_count",
    "created_at",
    "status_changed_at",
    "has_contact",
    "merged_into_id",
)


def export_header() -> list[str]:
    return [
        _("Nr."),
        _("Titel"),
        _("Beschreibung"),
        _("Themenfeld"),
        _("Ort"),
        _("Breitengrad"),
        _("Längengrad"),
        _("Stand"),
        _("Moderation"),
        _("Unterstützungen"),
        _("Kommentare (veröffentlicht)"),
        _("eingereicht am"),
        _("letzte Statusänderung"),
        _("Rückmeldung gewünscht"),
        _("zusammengeführt mit (Nr.)"),
    ]


def ideas_export_values(*, collection: IdeaCollectionPage) -> QuerySet:
    """Every idea of the collection as value tuples in id order, counts included (one query)."""
    ideas = ideas_with_counts(Idea.objects.filter(collection=collection)).annotate(
        has_contact=Case(When(contact_email="", then=Value(False)), default=Value(True))
    )
    return ideas.order_by("pk").values_list(*EXPORT_FIELDS)


def _local(moment):
    return timezone.localtime(moment) if moment else None


def export_rows(values: Iterable[tuple]) -> Iterator[list]:
    """One row of typed cells per idea; labels in the active language."""
    statuses = dict(IdeaStatus.choices)
    moderation = dict(ModerationState.choices)
    yes, no = _("ja"), _("nein")
    for (
        pk,
        title,
        description,
        category,
        location_text,
        latitude,
        longitude,
        status,
        moderation_state,
        support_count,
        comment_count,
        created_at,
        status_changed_at,
        has_contact,
        merged_into_id,
    ) in values:
        yield [
            pk,
            title,
            description,
            category or "",
            location_text,
            latitude,
            longitude,
            str(statuses.get(status, status)),
            str(moderation.get(moderation_state, moderation_state)),
            support_count,
            comment_count,
            _local(created_at),
            _local(status_changed_at),
            yes if has_contact else no,
            merged_into_id,
        ]


def ideas_export_rows(*, collection: IdeaCollectionPage) -> Iterator[list]:
    # A server-side cursor on PostgreSQL, read in chunks: memory stays flat at any size.
    return export_rows(
        ideas_export_values(collection=collection).iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )


def ideas_download(*, collection: IdeaCollectionPage, file_format: str):
    """The collection's ideas with their counts as a CSV or XLSX attachment (never the
    e-mail addresses). The export record is the caller's."""
    filename = f"ideen-{collection.slug}-{file_stamp()}.{file_format}"
    rows = ideas_export_rows(collection=collection)
    return table_download(file_format, export_header(), rows, filename, title=_("Ideen"))
