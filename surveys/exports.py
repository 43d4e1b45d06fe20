"""Raw responses as a table: one row per submitted response, one or more columns per question.

Pure functions over the survey's question blocks and two iterators ordered by response id:
the responses and their answer rows. Each question type names its own columns
(`export_columns`) and fills them (`export_cells`), so a new type brings its export along.
Rows are produced one at a time, so a CSV of a million answers streams in constant memory.
The file formats (German Excel CSV, XLSX, formula guard) live in beteiligung.tabular.
"""

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone

from beteiligung import tabular
from beteiligung.tabular import csv_cell, csv_chunks, safe_text, xlsx_cell
from surveys.questions.base import AnswerValue
from surveys.selectors import survey_export_answers, survey_export_responses
from surveys.structure import question_items

# Re-exported: the survey admin and its tests import the file helpers from here.
__all__ = [
    "csv_cell",
    "csv_chunks",
    "export_header",
    "export_rows",
    "safe_text",
    "xlsx_cell",
    "xlsx_write",
]

META_COLUMNS = ["antwort_id", "abgeschickt_am", "kanal"]

ResponseTuple = tuple[int, datetime.datetime, str]  # id, submitted_at, channel
# response_id, question_key, row_key, choice_key, number, text
AnswerTuple = tuple[int, str, str | None, str | None, Decimal | None, str | None]


def export_header(questions) -> list[str]:
    """The column names: the response's id, time and channel, then each question's columns."""
    columns = list(META_COLUMNS)
    for item in question_items(questions):
        columns.extend(item.block.export_columns(item.value))
    return columns


def export_rows(
    questions, responses: Iterable[ResponseTuple], answers: Iterable[AnswerTuple]
) -> Iterator[list]:
    """One row of typed cells (str, int, Decimal, datetime or None) per response.

    Both iterators are ordered by response id; answers of responses that are not in
    `responses` (not submitted) are skipped."""
    items = question_items(questions)
    answers = iter(answers)
    pending = next(answers, None)
    for response_id, submitted_at, channel in responses:
        while pending is not None and pending[0] < response_id:
            pending = next(answers, None)
        by_question: dict[str, list[AnswerValue]] = {}
        while pending is not None and pending[0] == response_id:
            _id, question_key, row_key, choice_key, number, text = pending
            by_question.setdefault(question_key, []).append(
                AnswerValue(
                    question_key, choice_key=choice_key, row_key=row_key, number=number, text=text
                )
            )
            pending = next(answers, None)
        row = [response_id, timezone.localtime(submitted_at), channel]
        for item in items:
            row.extend(item.block.export_cells(item.value, by_question.get(item.value["key"], [])))
        yield row


def xlsx_write(header: list[str], rows: Iterable[list], file, *, title: str = "Antworten") -> None:
    tabular.xlsx_write(header, rows, file, title=title)


# Responses read per database round trip while exporting: memory stays flat at any size.
EXPORT_CHUNK_SIZE = 2000


def responses_download(*, survey, file_format: str):
    """The raw responses of a survey as a CSV or XLSX attachment, streamed from two cursors
    ordered by response id. Permission and the export record are the caller's."""
    rows = export_rows(
        survey.questions,
        survey_export_responses(survey=survey).iterator(chunk_size=EXPORT_CHUNK_SIZE),
        survey_export_answers(survey=survey).iterator(chunk_size=EXPORT_CHUNK_SIZE),
    )
    filename = f"antworten-{survey.slug}-{tabular.file_stamp()}.{file_format}"
    return tabular.table_download(
        file_format, export_header(survey.questions), rows, filename, title="Antworten"
    )
