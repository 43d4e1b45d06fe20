"""Raw exports: one row per response, columns from the question types, safe to open in a
spreadsheet, streamed, and never with the contact address."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from cms.services import EDITOR_GROUP_NAME
from surveys.blocks import QuestionStreamBlock
from surveys.demo import GUT_LEBEN_QUESTIONS
from surveys.exports import csv_cell, export_header, export_rows, safe_text
from surveys.models import Channel
from surveys.questions.base import AnswerValue
from surveys.services import Participant, browser_participant, response_submit
from tests.factories import SurveyPageFactory, UserFactory

HEADER = [
    "antwort_id",
    "abgeschickt_am",
    "kanal",
    "wohndauer",
    "zufriedenheit",
    "einkauf-zu-fuss",
    "einkauf-hindernisse:weg-zu-weit",
    "einkauf-hindernisse:keine-baenke",
    "einkauf-hindernisse:bordsteine",
    "einkauf-hindernisse:keine-laeden",
    "einkauf-hindernisse:sonstiges",
    "einkauf-hindernisse:sonstiges_text",
    "angebote:mittagstisch",
    "angebote:besuchsdienst",
    "angebote:fahrdienst",
    "angebote:treffpunkt",
    "aussagen:nachbarschaft",
    "aussagen:beratung",
    "aussagen:sicherheit",
    "wunsch",
    "altersgruppe",
    "geschlecht",
    "haushalt",
    "einzug",
    "strasse",
]


@pytest.fixture
def editor(survey):
    group = Group.objects.get(name=EDITOR_GROUP_NAME)
    group.permissions.add(Permission.objects.get(codename="export_raw_responses"))
    return UserFactory(groups=[group])


def _answer(survey, answers, **kwargs):
    return response_submit(
        survey=survey, participant=Participant(key=None), answers=answers, **kwargs
    )


def _csv(client, survey) -> tuple[StreamingHttpResponse, str]:
    response = client.get(reverse("surveys_admin:export_csv", args=[survey.pk]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content).decode("utf-8")


# --- columns and rows (pure) -----------------------------------------------------------------


@pytest.mark.django_db
def test_every_question_type_names_its_columns(survey):
    assert export_header(survey.questions) == HEADER


@pytest.mark.django_db
def test_a_row_has_one_cell_per_column(survey, some_answers):
    submitted_at = timezone.now()
    answers = [(7, a.question_key, a.row_key, a.choice_key, a.number, a.text) for a in some_answers]
    answers.append((7, "angebote", None, "besuchsdienst", Decimal("1.0000"), None))
    answers.append((7, "aussagen", "beratung", "eher-zu", None, None))
    answers.append((7, "haushalt", None, None, Decimal("2.5000"), None))

    (row,) = export_rows(survey.questions, [(7, submitted_at, "paper")], answers)

    cells = dict(zip(HEADER, row, strict=True))
    assert cells["antwort_id"] == 7
    assert cells["kanal"] == "paper"
    assert cells["wohndauer"] == "ueber-20"
    assert cells["zufriedenheit"] == Decimal(4)
    assert [cells[f"einkauf-hindernisse:{key}"] for key in ("weg-zu-weit", "keine-baenke")] == [
        0,
        1,
    ]
    assert cells["einkauf-hindernisse:sonstiges"] == 1
    assert cells["einkauf-hindernisse:sonstiges_text"] == "Kopfsteinpflaster"
    assert cells["angebote:besuchsdienst"] == 1
    assert cells["angebote:mittagstisch"] is None
    assert cells["aussagen:beratung"] == "eher-zu"
    assert csv_cell(cells["haushalt"]) == "2,5"


def test_rows_follow_the_responses_and_skip_answers_of_others():
    when = timezone.now()
    responses = [(1, when, "online"), (3, when, "paper"), (4, when, "online")]
    answers = [
        (1, "wohndauer", None, "unter-5", None, None),
        (2, "wohndauer", None, "5-20", None, None),  # in progress or deleted: not exported
        (4, "wohndauer", None, "ueber-20", None, None),
    ]
    questions = QuestionStreamBlock().to_python(GUT_LEBEN_QUESTIONS)

    rows = list(export_rows(questions, responses, answers))

    assert [(row[0], row[3]) for row in rows] == [(1, "unter-5"), (3, None), (4, "ueber-20")]
    # Unanswered multiple choice stays empty, not a row of zeros.
    assert rows[1][6:12] == [None] * 6


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+49 721", "'+49 721"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("Mehr Bänke = mehr Ruhe", "Mehr Bänke = mehr Ruhe"),
    ],
)
def test_text_that_looks_like_a_formula_is_quoted(text, safe):
    assert safe_text(text) == safe


# --- the download ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_has_the_exact_header_and_row(client, survey, some_answers, editor):
    response = response_submit(
        survey=survey,
        participant=browser_participant(survey=survey, browser_id="b-1"),
        answers=some_answers,
        contact_email="erika@beteiligung.example",
    )
    client.force_login(editor)

    download, content = _csv(client, survey)

    assert isinstance(download, StreamingHttpResponse)
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"].startswith('attachment; filename="antworten-gut-leben-')
    assert "no-store" in download["Cache-Control"]
    submitted = timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M:%S")
    assert content == (
        "\ufeff"
        + ";".join(HEADER)
        + "\r\n"
        + f"{response.pk};{submitted};online;ueber-20;4;nein;0;1;0;0;1;Kopfsteinpflaster"
        + ";" * 13
        + "\r\n"
    )
    assert "erika@" not in content
    assert PageLogEntry.objects.filter(page=survey, action="surveys.responses_export").exists()


@pytest.mark.django_db
def test_csv_quotes_formulas_and_keeps_separators_inside_cells(client, survey, editor):
    _answer(
        survey,
        [
            AnswerValue("wunsch", text='=HYPERLINK("http://böse.example";"Klick")'),
            AnswerValue("strasse", text="Kirchstraße 20; Hinterhaus\nlinks"),
        ],
    )
    client.force_login(editor)

    _download, content = _csv(client, survey)

    assert ';"\'=HYPERLINK(""http://böse.example"";""Klick"")";' in content
    assert '"Kirchstraße 20; Hinterhaus\nlinks"' in content


@pytest.mark.django_db
def test_csv_lists_responses_oldest_first_and_leaves_out_other_surveys(
    client, survey, district_page, some_answers, editor
):
    first = _answer(survey, some_answers, channel=Channel.PAPER, entered_by=editor)
    second = _answer(survey, [AnswerValue("wohndauer", choice_key="unter-5")])
    other = SurveyPageFactory(parent=district_page, opens_at=survey.opens_at)
    _answer(other, some_answers)
    client.force_login(editor)

    _download, content = _csv(client, survey)

    lines = content.removeprefix("\ufeff").splitlines()
    assert [line.split(";")[:3:2] for line in lines[1:]] == [
        [str(first.pk), "paper"],
        [str(second.pk), "online"],
    ]


@pytest.mark.django_db
def test_xlsx_has_the_same_columns_and_plain_text_cells(client, survey, some_answers, editor):
    response = _answer(
        survey,
        [*some_answers, AnswerValue("wunsch", text='=HYPERLINK("http://x")\x0b')],
        contact_email="erika@beteiligung.example",
    )
    client.force_login(editor)

    download = client.get(reverse("surveys_admin:export_xlsx", args=[survey.pk]))

    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    header, row = [[cell.value for cell in line] for line in sheet.iter_rows()]
    cells = dict(zip(header, row, strict=True))
    assert header == HEADER
    assert cells["antwort_id"] == response.pk
    assert isinstance(cells["abgeschickt_am"], datetime.datetime)
    assert cells["zufriedenheit"] == 4
    assert cells["einkauf-hindernisse:keine-baenke"] == 1
    assert cells["wunsch"] == '\'=HYPERLINK("http://x")'
    assert "erika@beteiligung.example" not in [*header, *row]


@pytest.mark.django_db
def test_export_of_a_survey_without_responses_is_just_the_header(client, survey, editor):
    client.force_login(editor)
    _download, content = _csv(client, survey)
    assert content == "\ufeff" + ";".join(HEADER) + "\r\n"
