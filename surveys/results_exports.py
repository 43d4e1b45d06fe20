"""The results of a survey as a table for spreadsheets: aggregates, never answers.

The download carries the public figures only (DESIGN decision 7): a file leaves the admin, is
forwarded and printed, so it gets the same small-group suppression as the public results page.
A hidden count stays an empty cell with a note; a share is given only where both its count and
its base are shown, because a share next to a shown count would give the hidden base away.
Free text (answers, "Sonstiges" texts, frequent terms) is not in the public figures at all.
"""

from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beteiligung.tabular import file_stamp, table_download
from surveys.selectors import SurveyResults

HEADER = [
    gettext_lazy("Frage-Schlüssel"),
    gettext_lazy("Frage"),
    gettext_lazy("Zeile"),
    gettext_lazy("Gruppierung"),
    gettext_lazy("Gruppe"),
    gettext_lazy("Antwort"),
    gettext_lazy("Anzahl"),
    gettext_lazy("Anteil in %"),
    gettext_lazy("Hinweis"),
]
DIMENSION_TITLES = {"channel": gettext_lazy("Kanal"), "district": gettext_lazy("Stadtteil")}


def dimension_title(dimension: str, title: str) -> str:
    """The heading of a breakdown: "Kanal", "Stadtteil" or the grouping question."""
    return str(DIMENSION_TITLES.get(dimension, title))


def group_label(label: str) -> str:
    """Respondents who did not answer the grouping question have the empty label."""
    return label or _("keine Angabe")


def results_export_header() -> list[str]:
    return [str(name) for name in HEADER]


def _share(count: int | None, base: int | None) -> Decimal | None:
    if count is None or not base:
        return None
    return Decimal(round(count * 100 / base, 1)).quantize(Decimal("0.1"))


def _decimal_text(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _stats_note(stats: dict | None) -> str:
    if not stats or stats.get("mean") is None:
        return ""
    return _("Mittelwert %(mean)s, Median %(median)s") % {
        "mean": _decimal_text(stats["mean"]),
        "median": _decimal_text(stats["median"]),
    }


class _Rows:
    """Builds the rows of one question; hidden counts get the note."""

    def __init__(self, question: dict, *, k: int):
        self.key = question["key"]
        self.label = question["label"]
        self.hidden_note = _("ausgeblendet: weniger als %(k)s Personen oder daraus errechenbar") % {
            "k": k
        }

    def row(self, option, count, base, *, row="", dimension="", group="", note=""):
        if count is None:
            note = f"{note}; {self.hidden_note}" if note else self.hidden_note
        return [
            self.key,
            self.label,
            row,
            dimension,
            group,
            option,
            count,
            _share(count, base),
            note,
        ]

    def total(self, count, *, row="", dimension="", group="", note=""):
        return self.row(
            _("Antworten insgesamt"),
            count,
            None,
            row=row,
            dimension=dimension,
            group=group,
            note=note,
        )


def _participation_rows(figures: dict, *, k: int) -> Iterator[list]:
    rows = _Rows({"key": "", "label": _("Teilnahme")}, k=k)
    responses = figures.get("responses")
    if figures.get("suppressed") or responses is None:
        yield rows.total(
            None, note=_("ausgeblendet: weniger als %(k)s Antworten insgesamt") % {"k": k}
        )
        return
    yield rows.total(responses)
    title = dimension_title("channel", "")
    for channel in figures.get("by_channel", []):
        yield rows.row(channel["label"], channel["count"], responses, dimension=title)


def _option_rows(rows: _Rows, options: list[dict], base, **where) -> Iterator[list]:
    for option in options:
        yield rows.row(option["label"], option["count"], base, **where)


def _table_rows(rows: _Rows, table: dict) -> Iterator[list]:
    """A breakdown table: per group its size, then its counts per option."""
    where = {
        "row": table.get("row_label", ""),
        "dimension": dimension_title(table["dimension"], table["title"]),
    }
    note = _("Anzahl: auf Platz 1 gesetzt") if table.get("measure") == "first" else ""
    for group in table["groups"]:
        label = group_label(group["label"])
        yield rows.total(group["n"], group=label, **where)
        for column, count in zip(table["columns"], group["counts"], strict=True):
            yield rows.row(column["label"], count, group["n"], group=label, note=note, **where)


def _group_stats_rows(rows: _Rows, breakdown: dict) -> Iterator[list]:
    dimension = dimension_title(breakdown["dimension"], breakdown["title"])
    for group in breakdown["groups"]:
        stats = group["stats"]
        yield rows.total(
            stats["n"] if stats else None,
            dimension=dimension,
            group=group_label(group["label"]),
            note=_stats_note(stats),
        )


def _question_rows(question: dict, *, k: int) -> Iterator[list]:
    rows = _Rows(question, k=k)
    kind = question["kind"]
    answered = question.get("answered")
    if kind == "text":
        yield rows.total(answered, note=_("Freitext: die Antworten selbst werden nicht exportiert"))
        return
    if question.get("suppressed"):
        yield rows.total(None, note=_("ausgeblendet: weniger als %(k)s Antworten") % {"k": k})
        return
    if kind in ("choice", "scale", "date"):
        yield rows.total(answered, note=_stats_note(question.get("stats")))
        yield from _option_rows(rows, question["options"], answered)
    elif kind == "number":
        yield rows.total(answered, note=_stats_note(question.get("stats")))
        bins = [{"label": item["label"], "count": item["count"]} for item in question["histogram"]]
        yield from _option_rows(rows, bins, answered)
    elif kind == "ranking":
        yield rows.total(answered)
        for option in question["ranking"]:
            note = _("Anzahl: auf Platz 1 gesetzt")
            if option.get("mean_rank") is not None:
                note += "; " + _("mittlerer Rang %(rank)s") % {
                    "rank": _decimal_text(option["mean_rank"])
                }
            yield rows.row(option["label"], option["first"], answered, note=note)
    elif kind == "matrix":
        for row in question["rows"]:
            yield rows.total(row["answered"], row=row["label"])
            yield from _option_rows(rows, row["options"], row["answered"], row=row["label"])
    for breakdown in question.get("breakdowns", []):
        if "columns" in breakdown:
            yield from _table_rows(rows, breakdown)
        else:
            yield from _group_stats_rows(rows, breakdown)


def results_export_rows(results: SurveyResults, *, k: int) -> Iterator[list]:
    """One row per question and option, and per breakdown group and option, from the PUBLIC
    figures (`survey_results_get(public=True)`); hidden counts are empty with a note."""
    yield from _participation_rows(results.survey_figures, k=k)
    for question in results.questions:
        yield from _question_rows(question, k=k)


def results_download(*, survey, results: SurveyResults, file_format: str):
    """The suppressed aggregates (public figures) as a CSV or XLSX attachment."""
    rows = results_export_rows(results, k=survey.results_min_group)
    filename = f"ergebnisse-{survey.slug}-{file_stamp()}.{file_format}"
    return table_download(
        file_format, results_export_header(), rows, filename, title=_("Ergebnisse")
    )
