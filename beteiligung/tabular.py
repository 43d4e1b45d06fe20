"""Tables for spreadsheets: the German Excel CSV dialect, XLSX, and the download around them.

The CSV is the German spreadsheet dialect (semicolons, decimal comma, UTF-8 with a byte order
mark) so that a double click opens it in Excel or LibreOffice with columns and umlauts intact;
`pandas.read_csv(sep=";", decimal=",")` and R's `read.csv2` read it as well. Rows come from an
iterator and leave one chunk at a time, so a file of a million rows streams in constant memory.
Every text cell is guarded against formula injection.
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_DELIMITER = ";"
CSV_BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell that starts like a formula; a leading quote makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Lines are sent in chunks of about this many characters, not one network write per row.
CSV_CHUNK_CHARS = 64 * 1024


def safe_text(text: str) -> str:
    """Text that a spreadsheet shows as it is instead of running it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _number(number: Decimal | int) -> Decimal | int:
    # Stored with fixed decimal places: 4.0000 is exported as 4, 2.5000 as 2.5.
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


def xlsx_write(header: list[str], rows: Iterable[list], file, *, title: str) -> None:
    """Write the table as an Excel workbook to a binary file. openpyxl's write-only mode keeps
    finished rows out of memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "B2"
    sheet.append([xlsx_cell(name) for name in header])
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
    workbook.save(file)


# --- downloads -------------------------------------------------------------------------------


def file_stamp() -> str:
    return timezone.localtime().strftime("%Y-%m-%d-%H%M")


def attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Exports of residents' contributions must not stay in a shared or proxy cache.
    add_never_cache_headers(response)
    return response


def csv_download(header: list[str], rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    return attachment(
        StreamingHttpResponse(csv_chunks(header, rows), content_type=CSV_CONTENT_TYPE), filename
    )


def xlsx_download(
    header: list[str], rows: Iterable[list], filename: str, *, title: str
) -> FileResponse:
    # write-only openpyxl spools the sheet to disk; the file goes out in blocks.
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    xlsx_write(header, rows, file, title=title)
    file.seek(0)
    return attachment(FileResponse(file, content_type=XLSX_CONTENT_TYPE), filename)


def table_download(
    file_format: str, header: list[str], rows: Iterable[list], filename: str, *, title: str
):
    """A table as a CSV (streamed) or XLSX (spooled) attachment; `title` names the sheet."""
    if file_format == "csv":
        return csv_download(header, rows, filename)
    return xlsx_download(header, rows, filename, title=title)
