"""What of a survey's results may leave the admin (DESIGN decision 7).

The public figures are the network's figures with every count table protected by
`surveys.privacy` (counts of fewer than k people hidden, and the counts that would reveal them
by subtraction), free text left out entirely (texts, "Sonstiges" texts and frequent terms), and
statistics shown only where they cannot give away a hidden count or one person's answer (no
minimum or maximum, no mean next to a partly hidden distribution). A hidden count is None.

A question's overall counts appear twice: as its distribution and as the column totals of each
of its breakdowns. Each table is protected on its own, then every count hidden in one of them
is hidden in all, so each count is published once, consistently; hiding more than a table
asked for never helps anyone recover a count.
"""

from copy import deepcopy

from surveys.privacy import CountTable, distribution_protect, group_sizes_protect, table_protect

PUBLIC_STATS = ("n", "mean", "q1", "median", "q3")  # min and max are single answers


def _public_stats(stats: dict | None) -> dict | None:
    if not stats:
        return None
    return {name: stats[name] for name in PUBLIC_STATS}


def _protect_options(options: list[dict], *, total: int, additive: bool, k: int) -> int | None:
    """Hide small counts of a distribution in place; returns the total as published."""
    counts, shown_total = distribution_protect(
        [option["count"] for option in options], total=total, additive=additive, k=k
    )
    for option, count in zip(options, counts, strict=True):
        option["count"] = count
        option["share"] = option["share"] if count is not None else None
    return shown_total


def _protect_table(table: dict, *, k: int) -> None:
    protected = table_protect(
        CountTable(
            cells=tuple(tuple(group["counts"]) for group in table["groups"]),
            row_totals=tuple(group["n"] for group in table["groups"]),
            column_totals=tuple(table["column_totals"]),
            total=table["total"],
            rows_additive=table["rows_additive"],
        ),
        k=k,
    )
    for group, cells, n in zip(table["groups"], protected.cells, protected.row_totals, strict=True):
        group["counts"] = list(cells)
        group["n"] = n
        if "stats" in group:
            # A mean next to hidden counts is one more equation to solve them with.
            complete = n is not None and None not in cells
            group["stats"] = _public_stats(group["stats"]) if complete else None
    table["column_totals"] = list(protected.column_totals)
    table["total"] = protected.total


def _protect_group_stats(breakdown: dict, *, k: int) -> None:
    sizes = [group["stats"]["n"] if group["stats"] else 0 for group in breakdown["groups"]]
    hidden = group_sizes_protect(sizes, k=k)
    for group, hide in zip(breakdown["groups"], hidden, strict=True):
        group["stats"] = None if hide else _public_stats(group["stats"])
    breakdown["stats"] = _public_stats(breakdown["stats"]) if breakdown["total"] >= k else None


def _unify(options: list[dict], field: str, total: int | None, tables: list[dict]) -> int | None:
    """Hide an overall count wherever it is hidden in the distribution or in any breakdown's
    column totals; returns the total, hidden likewise."""
    for index, option in enumerate(options):
        if option[field] is None or any(t["column_totals"][index] is None for t in tables):
            option[field] = None
            if "share" in option:
                option["share"] = None
            for table in tables:
                table["column_totals"][index] = None
    if total is None or any(table["total"] is None for table in tables):
        total = None
        for table in tables:
            table["total"] = None
    return total


def question_public(figures: dict, *, k: int) -> dict:
    """A question's figures as they may be published. Pure; the input stays unchanged."""
    public = deepcopy(figures)
    public.pop("other_texts", None)
    public.pop("terms", None)
    answered = public.get("answered") or 0
    if public["kind"] == "text" or answered < k:
        # Free text is never published; too few answers show nothing but that fact.
        public.update(answered=None if answered < k else answered, suppressed=True)
        for name in ("options", "stats", "histogram", "ranking", "rows", "breakdowns"):
            public.pop(name, None)
        return public
    public["suppressed"] = False
    kind = public["kind"]
    tables = [b for b in public.get("breakdowns", []) if "columns" in b]
    for breakdown in public.get("breakdowns", []):
        if "columns" in breakdown:
            _protect_table(breakdown, k=k)
        else:
            _protect_group_stats(breakdown, k=k)
    if kind in ("choice", "scale", "date"):
        additive = not public.get("multiple", False)
        public["answered"] = _protect_options(
            public["options"], total=answered, additive=additive, k=k
        )
        public["answered"] = _unify(public["options"], "count", public["answered"], tables)
        if kind == "scale":
            complete = all(option["count"] is not None for option in public["options"])
            public["stats"] = _public_stats(public["stats"]) if complete else None
    elif kind == "number":
        public["stats"] = _public_stats(public["stats"])
        bins = public["histogram"]
        counts, _total = distribution_protect(
            [item["count"] for item in bins], total=answered, additive=True, k=k
        )
        for item, count in zip(bins, counts, strict=True):
            item["count"] = count
    elif kind == "ranking":
        options = public["ranking"]
        firsts, total = distribution_protect(
            [option["first"] for option in options], total=answered, additive=True, k=k
        )
        for option, first in zip(options, firsts, strict=True):
            option["first"] = first
            if option["n"] < k:
                option["mean_rank"] = None
        # The breakdown's columns are in questionnaire order, the ranking best first.
        by_key = {option["key"]: option for option in options}
        ordered = [by_key[column["key"]] for table in tables[:1] for column in table["columns"]]
        public["answered"] = _unify(ordered or options, "first", total, tables)
    elif kind == "matrix":
        for row in public["rows"]:
            row_tables = [table for table in tables if table.get("row_key") == row["key"]]
            if row["answered"] < k:
                row["answered"] = None
                for option in row["options"]:
                    option.update(count=None, share=None)
            else:
                row["answered"] = _protect_options(
                    row["options"], total=row["answered"], additive=True, k=k
                )
            row["answered"] = _unify(row["options"], "count", row["answered"], row_tables)
    return public


def survey_public(figures: dict, *, k: int) -> dict:
    """Survey-wide figures as they may be published: responses, channels and days, protected
    like any other distribution; how many started and where they stopped stays internal."""
    responses = figures["responses"]
    public = {"dimensions": deepcopy(figures["dimensions"])}
    if responses < k:
        public.update(responses=None, by_channel=[], by_day=[], suppressed=True)
        return public
    by_channel = deepcopy(figures["by_channel"])
    counts, _total = distribution_protect(
        [item["count"] for item in by_channel], total=responses, additive=True, k=k
    )
    for item, count in zip(by_channel, counts, strict=True):
        item["count"] = count
    by_day = deepcopy(figures["by_day"])
    counts, _total = distribution_protect(
        [item["count"] for item in by_day], total=responses, additive=True, k=k
    )
    for item, count in zip(by_day, counts, strict=True):
        item["count"] = count
    public.update(responses=responses, by_channel=by_channel, by_day=by_day, suppressed=False)
    return public
