"""Raw responses as a table: one row per submitted response, one or more columns per question.

Pure functions over the survey's question blocks and two iterators ordered by response id:
the responses and their answer rows. Each question type names its own columns
(`export_columns`) and fills them (`export_cells`), so a new type brings its export along.
Rows are produced one at a time, so a CSV of a million answers streams in constant memory.

The CSV is the German spreadsheet dialect (semicolons, decimal comma, UTF-8 with a byte order
mark) so that a double click opens it in Excel or LibreOffice with columns and umlauts intact;
`pandas.read_csv(sep=";", decimal=",")` and R's `read.csv2` read it as well.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from surveys.questions.base import AnswerValue
from surveys.structure import question_items

META_COLUMNS = ["antwort_id", "abgeschickt_am", "kanal"]
CSV_DELIMITER = ";"
CSV_BOM = "\ufeff"
# A spreadsheet runs a cell that starts like a formula; a leading quote makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Lines are sent in chunks of about this many characters, not one network write per row.
CSV_CHUNK_CHARS = 64 * 1024

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


def safe_text(text: str) -> str:
    """Text that a spreadsheet shows as it is instead of running it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _number(number: Decimal | int) -> Decimal | int:
    # Stored with four decimal places: 4.0000 is exported as 4, 2.5000 as 2.5.
    if isinstance(number, int):
        return number
    return int(number) if number == number.to_integral_value() else number.normalize()


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | Decimal):
        return str(_number(value)).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return safe_text(str(value))


class _Line:
    """A file-like object for csv.writer that hands back what it was given."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV file in chunks: byte order mark and header first, then the rows."""
    writer = csv.writer(_Line(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    buffer = [CSV_BOM, writer.writerow([safe_text(name) for name in header])]
    size = 0
    for row in rows:
        line = writer.writerow([csv_cell(value) for value in row])
        buffer.append(line)
        size += len(line)
        if size >= CSV_CHUNK_CHARS:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def xlsx_cell(value):
    if isinstance(value, str):
        # openpyxl refuses control characters that a pasted text may carry.
        return safe_text(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return _number(value)
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones; local time as shown
    return value


def xlsx_write(header: list[str], rows: Iterable[list], file, *, title: str = "Antworten") -> None:
    """Write the table as an Excel workbook to a binary file. openpyxl's write-only mode keeps
    finished rows out of memory."""

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "B2"
    sheet.append([xlsx_cell(name) for name in header])
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
    workbook.save(file)
