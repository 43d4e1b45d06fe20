"""The ideas export: every idea of a collection with its counts, safe to open in a spreadsheet,
streamed, and never with the submitter's e-mail address."""

import datetime
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from ideas.exports import export_header, ideas_export_rows
from ideas.models import Comment, IdeaCategory, IdeaStatus, ModerationState
from ideas.services import (
    browser_contributor,
    comment_add,
    idea_merge,
    idea_status_change,
    support_add,
)
from tests.factories import IdeaFactory, UserFactory

HEADER = [
    "Nr.",
    "Titel",
    "Beschreibung",
    "Themenfeld",
    "Ort",
    "Breitengrad",
    "Längengrad",
    "Stand",
    "Moderation",
    "Unterstützungen",
    "Kommentare (veröffentlicht)",
    "eingereicht am",
    "letzte Statusänderung",
    "Rückmeldung gewünscht",
    "zusammengeführt mit (Nr.)",
]
EMAIL = "erika@beteiligung.example"
SUBMITTED = datetime.datetime(2026, 5, 4, 9, 30, tzinfo=datetime.UTC)


def resident(collection, number: int):
    return browser_contributor(collection=collection, browser_id=f"browser-{number}")


@pytest.fixture
def member(collection):
    return UserFactory(groups=[collection.district.network_group])


@pytest.fixture
def ideas(collection, member):
    """A published idea with supports, comments and a status change; a pending one with an
    e-mail address and a formula as title; one merged into the first."""
    grün = IdeaCategory.objects.get(page=collection, name="Grün")
    bench = IdeaFactory(
        collection=collection,
        title="Bänke am Albufer",
        description="Zwischen Brücke und Spielplatz; bitte mit Lehne.",
        category=grün,
        location_text="Albufer",
        latitude="48.995000",
        longitude="8.390000",
        contact_email=EMAIL,
        created_at=SUBMITTED,
    )
    for number in (1, 2, 3):
        support_add(idea=bench, contributor=resident(collection, number))
    comment_add(idea=bench, contributor=resident(collection, 1), text="Ja, unbedingt!")
    Comment.objects.create(
        idea=bench,
        collection=collection,
        text="Wartet noch",
        participant_key="x",
        moderation=ModerationState.PENDING,
    )
    change = idea_status_change(
        idea=bench, status=IdeaStatus.ACCEPTED, feedback="Machen wir.", user=member
    )
    formula = IdeaFactory(
        collection=collection,
        title="=cmd|' /C calc'!A0",
        description="+49 721 000",
        moderation=ModerationState.PENDING,
        contact_email="max@beteiligung.example",
        created_at=SUBMITTED + datetime.timedelta(days=1),
    )
    duplicate = IdeaFactory(
        collection=collection,
        title="Sitzbank am Ufer",
        created_at=SUBMITTED + datetime.timedelta(days=2),
    )
    support_add(idea=duplicate, contributor=resident(collection, 1))  # supported both
    support_add(idea=duplicate, contributor=resident(collection, 4))
    idea_merge(idea=duplicate, into=bench, user=member)
    return bench, formula, duplicate, change


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _csv(client, collection) -> tuple[StreamingHttpResponse, str]:
    response = client.get(reverse("ideas_admin:export_csv", args=[collection.pk]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode("utf-8")


@pytest.mark.django_db
def test_csv_has_every_idea_with_counts_and_no_email(client, collection, ideas, member):
    bench, formula, duplicate, change = ideas
    client.force_login(member)

    download, content = _csv(client, collection)

    assert isinstance(download, StreamingHttpResponse)
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"].startswith('attachment; filename="ideen-ideen-')
    assert download["Content-Disposition"].endswith('.csv"')
    assert "no-store" in download["Cache-Control"]
    assert content.startswith("\ufeff")
    lines = content.removeprefix("\ufeff").split("\r\n")
    assert lines[0] == ";".join(HEADER)
    assert lines[1] == ";".join(
        [
            str(bench.pk),
            "Bänke am Albufer",
            '"Zwischen Brücke und Spielplatz; bitte mit Lehne."',
            "Grün",
            "Albufer",
            "48,995",
            "8,39",
            "angenommen",
            "veröffentlicht",
            "4",  # three, plus one from the merged duplicate; browser-1 counts once
            "1",  # the waiting comment is not counted
            _local(SUBMITTED),
            _local(change.created_at),
            "ja",
            "",
        ]
    )
    assert lines[2].startswith(f"{formula.pk};'=cmd|' /C calc'!A0;'+49 721 000;Begegnung;;;;")
    assert ";wartet auf Freigabe;0;0;" in lines[2]
    assert lines[2].endswith(";ja;")
    assert lines[3].startswith(f"{duplicate.pk};Sitzbank am Ufer;")
    assert lines[3].endswith(
        f";zusammengeführt;0;0;{_local(duplicate.created_at)};;nein;{bench.pk}"
    )
    assert lines[4:] == [""]
    assert "@beteiligung.example" not in content
    entry = PageLogEntry.objects.get(page=collection, action="ideas.ideas_export")
    assert (entry.user, entry.data) == (member, {"format": "csv"})
    assert entry.message == "Alle Ideen als CSV heruntergeladen"


@pytest.mark.django_db
def test_xlsx_has_the_same_columns_typed_cells_and_plain_text(client, collection, ideas, member):
    bench, formula, duplicate, _change = ideas
    client.force_login(member)

    download = client.get(reverse("ideas_admin:export_xlsx", args=[collection.pk]))

    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.xlsx"')
    assert "no-store" in download["Cache-Control"]
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = workbook.active
    assert sheet.title == "Ideen"
    header, *rows = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert header == HEADER
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    assert [row["Nr."] for row in cells] == [bench.pk, formula.pk, duplicate.pk]
    assert cells[0]["Unterstützungen"] == 4
    assert cells[0]["Breitengrad"] == pytest.approx(48.995)
    assert cells[0]["eingereicht am"] == timezone.localtime(SUBMITTED).replace(tzinfo=None)
    assert cells[1]["Titel"] == "'=cmd|' /C calc'!A0"
    assert cells[1]["Beschreibung"] == "'+49 721 000"
    assert cells[2]["zusammengeführt mit (Nr.)"] == bench.pk
    every_cell = [str(value) for row in rows for value in row]
    assert not any("@beteiligung.example" in value for value in every_cell)
    entry = PageLogEntry.objects.get(page=collection, action="ideas.ideas_export")
    assert entry.data == {"format": "xlsx"}


@pytest.mark.django_db
def test_export_of_a_collection_without_ideas_is_just_the_header(client, collection, member):
    client.force_login(member)
    _download, content = _csv(client, collection)
    assert content == "\ufeff" + ";".join(HEADER) + "\r\n"


@pytest.mark.django_db
def test_export_leaves_out_other_collections(client, collection, district_page, ideas, member):
    other = IdeaFactory(collection__parent=district_page, title="Anderswo")
    client.force_login(member)
    _download, content = _csv(client, collection)
    assert "Anderswo" not in content
    assert f"\r\n{other.pk};" not in content


@pytest.mark.django_db
def test_rows_come_from_one_query_whatever_the_number_of_ideas(collection, ideas):
    for _ in range(20):
        IdeaFactory(collection=collection)
    with CaptureQueriesContext(connection) as queries:
        rows = list(ideas_export_rows(collection=collection))
    assert len(rows) == 23
    assert all(len(row) == len(export_header()) for row in rows)
    assert len(queries) == 1


@pytest.mark.django_db
def test_other_district_cannot_export(client, collection, ideas, home_page):
    from tests.factories import DistrictPageFactory

    oststadt = DistrictPageFactory(parent=home_page)
    client.force_login(UserFactory(groups=[oststadt.district.network_group]))

    for name in ("export_csv", "export_xlsx"):
        response = client.get(reverse(f"ideas_admin:{name}", args=[collection.pk]))
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not PageLogEntry.objects.filter(action="ideas.ideas_export").exists()
