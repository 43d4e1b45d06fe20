"""Formatting for results (public pages, the PDF report, the network dashboard).

Numbers follow the active language (German: "1.234", "3,4", "42 %"). A count the public
figures hide is None; it is shown as a dash with a spoken explanation, never as 0.
"""

import datetime
from decimal import Decimal

from django import template
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

HIDDEN_DASH = "–"


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def number(value, places=None):
    """An integer with thousands grouping ("1.234"), or a decimal with up to `places` digits
    after the comma, trailing zeros dropped ("3,4", "2"). None stays empty."""
    if not _is_number(value):
        return "" if value is None else value
    if places in (None, "", 0, "0") or float(value) == int(value):
        return formats.number_format(round(value), 0, force_grouping=True)
    places = int(places)
    text = formats.number_format(round(float(value), places), places, force_grouping=True)
    decimal_separator = formats.get_format("DECIMAL_SEPARATOR")
    return text.rstrip("0").rstrip(decimal_separator)


@register.filter
def percent(share):
    """A share (0..1) as a whole percentage: "42 %" in German, "42%" in English; "< 1 %" for
    a share too small to round up, so a real answer never reads as 0. None stays empty."""
    if not _is_number(share):
        return ""
    value = float(share) * 100
    german = (translation.get_language() or "de").startswith("de")
    sign = "\u00a0%" if german else "%"  # DIN 5008: a (non-breaking) space before %
    if 0 < value < 0.5:
        return f"<\u00a01{sign}"
    return f"{formats.number_format(round(value), 0)}{sign}"


@register.filter
def share_of(count, total):
    """count / total, or None when either is hidden or the total is 0."""
    if not _is_number(count) or not _is_number(total) or not total:
        return None
    return count / total


@register.filter
def bar_width(share) -> str:
    """A share as an SVG/CSS length ("42.0%", always a dot); "0%" for hidden or empty."""
    if not _is_number(share):
        return "0%"
    return f"{max(0.0, min(float(share), 1.0)) * 100:.1f}%"


@register.simple_tag
def count(value, places=None):
    """A count, or the marker of a hidden one: a dash for the eye, words for the ear."""
    if value is None:
        return hidden_marker()
    return number(value, places)


@register.simple_tag
def hidden_marker():
    """A hidden count: a dash, read out as "ausgeblendet"."""
    return format_html(
        '<span class="results-hidden"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        HIDDEN_DASH,
        _("ausgeblendet"),
    )


@register.simple_tag
def hidden_explanation(k):
    """The one sentence that explains every dash."""
    return _("ausgeblendet: weniger als %(k)s Personen oder daraus errechenbar") % {"k": k}


def _counts_of(figures: dict):
    """Every count a question's figures show (None where hidden)."""
    for option in figures.get("options") or []:
        yield option.get("count")
    for item in figures.get("histogram") or []:
        yield item.get("count")
    for option in figures.get("ranking") or []:
        yield option.get("first")
        yield option.get("mean_rank")
    for row in figures.get("rows") or []:
        yield row.get("answered")
        for option in row.get("options") or []:
            yield option.get("count")


def _breakdown_counts(breakdown: dict):
    if "columns" in breakdown:
        for group in breakdown["groups"]:
            yield group["n"]
            yield from group["counts"]
        yield from breakdown["column_totals"]
        yield breakdown["total"]
    else:
        for group in breakdown["groups"]:
            yield group["stats"]


@register.filter
def has_hidden(figures: dict) -> bool:
    """Whether a question's main figures hide any count (its breakdowns: breakdowns_hidden)."""
    return any(value is None for value in _counts_of(figures))


@register.filter
def breakdowns_hidden(figures: dict) -> bool:
    """Whether any breakdown table of a question hides a count or a group's statistics."""
    return any(
        value is None
        for breakdown in figures.get("breakdowns") or []
        for value in _breakdown_counts(breakdown)
    )


@register.filter
def list_hidden(items, key="count") -> bool:
    """Whether any item of a list of dicts (channels, days) has its `key` hidden."""
    return any(item.get(key) is None for item in items or [])


def dimension_title(item) -> str:
    """How a breakdown is titled: "Kanal", "Stadtteil" or the grouping question."""
    title = item.get("title", "") if isinstance(item, dict) else str(item)
    if title == "channel":
        return _("Kanal")
    if title == "district":
        return _("Stadtteil")
    return title


@register.filter
def dimension_header(item) -> str:
    """The head of a breakdown's group column: "Kanal", "Stadtteil", else "Gruppe" (the
    grouping question is in the table's title)."""
    title = dimension_title(item)
    return title if item.get("dimension") in ("channel", "district") else _("Gruppe")


@register.filter
def dimension_caption(breakdown: dict) -> str:
    """A breakdown table's title: what it splits, by what, and what it counts."""
    dimension = breakdown.get("dimension")
    if dimension in ("channel", "district"):
        caption = _("nach %(dimension)s") % {"dimension": dimension_title(breakdown)}
    else:
        caption = _("nach der Antwort auf „%(question)s“") % {"question": breakdown["title"]}
    if breakdown.get("row_label"):
        caption = f"{breakdown['row_label']}: {caption}"
    if breakdown.get("measure") == "first":
        caption = _("%(caption)s – wie oft auf Platz 1") % {"caption": caption}
    return caption


@register.filter
def group_label(group: dict, dimension: str = "") -> str:
    """A breakdown group's label. The group of respondents without an answer to the grouping
    question has none: it is named so that it cannot be mistaken for an answer option called
    "keine Angabe"."""
    if group.get("label"):
        return group["label"]
    if dimension == "district":
        return _("ohne Stadtteil")
    return _("Frage nicht beantwortet")


@register.filter
def channel_label(item: dict) -> str:
    """A channel's name in the active language (stored labels are in the site's language)."""
    from surveys.models import Channel

    try:
        return str(Channel(item["key"]).label)
    except ValueError:
        return item.get("label") or item["key"]


@register.filter
def idea_status_label(item: dict) -> str:
    """An idea status's name in the active language: of a status row ("key") or of an idea
    ("status")."""
    from ideas.models import IdeaStatus

    key = item.get("status", item.get("key"))
    try:
        return str(IdeaStatus(key).label)
    except ValueError:
        return item.get("status_label") or item.get("label") or key


@register.filter
def iso_date(value):
    """An ISO day ("2026-11-14") as a date for the |date filter; anything else unchanged."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.filter
def month_label(value) -> str:
    """A month ("2019-04") in words ("April 2019"); anything else unchanged."""
    try:
        month = datetime.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return value
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


@register.filter
def with_question_key(url_pattern: str, key: str) -> str:
    """A per-question URL from a pattern holding "__key__" (see survey_results.html)."""
    return url_pattern.replace("__key__", key) if url_pattern else ""


MAX_CHART_DAYS = 1000  # beyond this a bar is thinner than a pixel; the items stay as they are


def _days_filled(items: list[dict]) -> list[dict]:
    """Items per day with the days between them added (without counts: 0), so the axis is
    time; other items unchanged."""
    try:
        days = [datetime.date.fromisoformat(item["day"]) for item in items]
    except (KeyError, TypeError, ValueError):
        return items
    if (days[-1] - days[0]).days > MAX_CHART_DAYS:
        return items
    by_day = dict(zip(days, items, strict=True))
    filled = []
    day = days[0]
    while day <= days[-1]:
        filled.append(by_day.get(day, {"day": day.isoformat()}))
        day += datetime.timedelta(days=1)
    return filled


def _sum_of(item: dict, keys: list[str]):
    """The sum of some counts of an item; None if any is hidden."""
    values = [item.get(key, 0) for key in keys]
    return sum(values) if all(_is_number(value) for value in values) else None


@register.simple_tag
def column_chart(items, key="count"):
    """Bars of a column chart over items per day, in a 100-high coordinate system 10 wide per
    day, days without any added as 0. A hidden value is drawn as a dashed outline the full
    height: unknown, not zero. Coordinates are strings with a dot: the template would
    localise floats ("45,5"), which SVG rejects."""
    items = _days_filled(list(items)) if items else []
    keys = key.split("+")  # "ideas+supports+comments": their sum
    values = [_sum_of(item, keys) for item in items]
    tallest = max([value for value in values if value is not None] + [1])
    bars = []
    for index, value in enumerate(values):
        hidden = not _is_number(value)
        height = 100.0 if hidden else 100 * value / tallest
        bars.append(
            {
                "x": str(index * 10 + 1),
                "height": f"{height:.2f}",
                "y": f"{100 - height:.2f}",
                "hidden": hidden,
            }
        )
    return {
        "bars": bars,
        "width": str(max(len(items), 1) * 10),
        "tallest": tallest,
        "any_hidden": any(bar["hidden"] for bar in bars),
    }


@register.simple_tag
def share_cell(value, total):
    """A breakdown cell: the share within the group, then the count: "42 % (12)". Only the
    count where the group's size is hidden; the marker where the count is."""
    if value is None:
        return hidden_marker()
    share = share_of(value, total)
    if share is None:
        return number(value)
    return format_html('{} <span class="results-count">({})</span>', percent(share), number(value))
