"""Small-group suppression for published survey results (k-threshold with margins).

A published result is a count table: rows are groups (age groups, channels, ...), columns are
answer options, plus row totals (people per group), column totals (people per option) and the
grand total. An overall distribution is the same table with a single row.

* Every count from 1 to k - 1 is hidden, margins included: a row total of 3 says that three
  people of that group took part, and the row then describes those three. A grand total below
  k hides the whole table.
* Zeros are shown. A zero describes nobody, and hiding zeros would blank out most small tables
  while the counts around them stay protected anyway.
* Further counts are hidden until no hidden count from 1 to k - 1 can be worked out exactly
  from what is shown, given that columns add up, that rows add up for single-choice questions,
  that counts are never negative, and for multiple-choice rows that no cell exceeds its row
  total and the cells of a row add up to at least the row total.

The table is a circulation in a small network: a node per row, per column and for both margin
lines, an arc per count. A hidden count cannot be pinned exactly iff the hidden counts carry a
residual cycle through it (the constraint matrix is a network matrix, so LP bounds are
integral). When there is none, the cheapest path of shown counts that closes a cycle is hidden
as well: non-zero inner cells by size first, then zeros, margins only when nothing else helps.
Multiple-choice rows get two extra hidden arcs (slack, and the gap between the largest cell and
the row total); "cell <= row total" is exact for the largest cell of a row and conservative for
the others, so every move the model finds is a real one and it errs towards hiding more.

Known limit: each table is protected on its own. Linking several tables of the same survey
(the same groups across questions, a breakdown against the overall distribution) can reveal
more than each table does alone, so callers publish each count from one table only.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CountTable:
    """Counts with margins, rows are groups and columns are answer options."""

    cells: tuple[tuple[int, ...], ...]
    row_totals: tuple[int, ...]
    column_totals: tuple[int, ...]
    total: int
    # False for multiple-choice questions: a person counts once per chosen option.
    rows_additive: bool = True

    def __post_init__(self):
        object.__setattr__(self, "cells", tuple(tuple(row) for row in self.cells))
        object.__setattr__(self, "row_totals", tuple(self.row_totals))
        object.__setattr__(self, "column_totals", tuple(self.column_totals))


@dataclass(frozen=True)
class ProtectedTable:
    """The table as it may be published; None marks a hidden count."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None

    @property
    def suppressed_count(self) -> int:
        hidden = sum(value is None for row in self.cells for value in row)
        hidden += sum(value is None for value in self.row_totals)
        hidden += sum(value is None for value in self.column_totals)
        return hidden + (self.total is None)


def table_protect(table: CountTable, *, k: int) -> ProtectedTable:
    """Hide small counts and whatever would reveal them; pure and deterministic."""
    _validate(table, k=k)
    rows, columns = len(table.row_totals), len(table.column_totals)
    if table.total < k:
        shown = [False] * (rows * columns + rows + columns + 1)
    else:
        shown = _Network(table).shown(k=k)

    def pick(index: int, value: int) -> int | None:
        return value if shown[index] else None

    margins = rows * columns
    return ProtectedTable(
        cells=tuple(
            tuple(pick(g * columns + c, value) for c, value in enumerate(row))
            for g, row in enumerate(table.cells)
        ),
        row_totals=tuple(pick(margins + g, value) for g, value in enumerate(table.row_totals)),
        column_totals=tuple(
            pick(margins + rows + c, value) for c, value in enumerate(table.column_totals)
        ),
        total=pick(margins + rows + columns, table.total),
    )


def distribution_protect(
    counts: Sequence[int], *, total: int, additive: bool, k: int
) -> tuple[list[int | None], int | None]:
    """A single-row table (overall distribution of one question): the counts and the total."""
    counts = tuple(counts)
    protected = table_protect(
        CountTable(
            cells=(counts,),
            row_totals=(total,),
            column_totals=counts,
            total=total,
            rows_additive=additive,
        ),
        k=k,
    )
    # Cell and column total are the same number here (as are row and grand total): hidden in
    # either place means hidden.
    shown_counts = [
        cell if column is not None else None
        for cell, column in zip(protected.cells[0], protected.column_totals, strict=True)
    ]
    shown_total = protected.total if protected.row_totals[0] is not None else None
    return shown_counts, shown_total


def group_sizes_protect(sizes: Sequence[int], *, k: int) -> list[bool]:
    """For statistics per group (mean/median of a number per age group): which groups to hide.
    Groups below k are hidden; if exactly one group is hidden and at least one other is shown,
    the smallest shown group is hidden too, so the hidden one cannot be derived from the overall
    figure. Returns a hidden flag per group. Empty groups are hidden (there is no figure) but
    do not count as the one hidden group, nor as its cover."""
    if any(size < 0 for size in sizes):
        raise ValueError("Group sizes must not be negative.")
    hidden = [size < k for size in sizes]
    small = [g for g, size in enumerate(sizes) if 0 < size < k]
    shown = [g for g, is_hidden in enumerate(hidden) if not is_hidden]
    if len(small) == 1 and shown:
        hidden[min(shown, key=lambda g: (sizes[g], g))] = True
    return hidden


def _validate(table: CountTable, *, k: int) -> None:
    if k < 1:
        raise ValueError("k must be at least 1.")
    columns = len(table.column_totals)
    if len(table.cells) != len(table.row_totals):
        raise ValueError("There must be one row total per row.")
    if any(len(row) != columns for row in table.cells):
        raise ValueError("Every row must have one cell per column.")
    counts = [*table.row_totals, *table.column_totals, table.total]
    if any(value < 0 for value in counts) or any(v < 0 for row in table.cells for v in row):
        raise ValueError("Counts must not be negative.")
    for c in range(columns):
        if sum(row[c] for row in table.cells) != table.column_totals[c]:
            raise ValueError(f"Column {c} does not add up to its column total.")
    if sum(table.row_totals) != table.total:
        raise ValueError("The row totals do not add up to the grand total.")
    for g, row in enumerate(table.cells):
        if table.rows_additive and sum(row) != table.row_totals[g]:
            raise ValueError(f"Row {g} does not add up to its row total.")
        if not table.rows_additive and any(value > table.row_totals[g] for value in row):
            raise ValueError(f"A cell of row {g} exceeds its row total.")


class _Network:
    """The table as arcs between nodes; arcs 0.. are the published counts in the order cells
    (row by row), row totals, column totals, grand total, then hidden helper arcs."""

    def __init__(self, table: CountTable):
        rows, columns = len(table.row_totals), len(table.column_totals)
        self.published = rows * columns + rows + columns + 1
        self.cell_count = rows * columns
        self.values: list[int] = []
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.can_rise: list[bool] = []
        self.can_fall: list[bool] = []

        # Nodes: a column node per option, the total row, the total column, a node per row
        # and, for multiple-choice rows, a second node that carries the row total.
        column_node = list(range(columns))
        total_row, total_column = columns, columns + 1
        row_node = [columns + 2 + g for g in range(rows)]
        row_total_node = row_node if table.rows_additive else [n + rows for n in row_node]
        self.node_count = columns + 2 + rows * (1 if table.rows_additive else 2)

        # Multiple-choice rows: the largest cell enters the row-total node, so that
        # "largest cell <= row total" is a flow bound (its gap to the row total is an arc).
        # The other cells can only break that bound by rising to a tie with the row total,
        # or rising while the row total falls; those moves are left out.
        top = [max(range(columns), key=row.__getitem__, default=-1) for row in table.cells]
        ties = [
            not table.rows_additive
            and any(v == table.row_totals[g] for c, v in enumerate(row) if c != top[g])
            for g, row in enumerate(table.cells)
        ]
        for g, row in enumerate(table.cells):
            row_total = table.row_totals[g]
            for c, value in enumerate(row):
                if table.rows_additive:
                    self._add(column_node[c], row_node[g], value)
                elif c == top[g]:
                    self._add(column_node[c], row_total_node[g], value)
                else:
                    blocked = value == row_total or (not ties[g] and value == row_total - 1)
                    self._add(column_node[c], row_node[g], value, can_rise=not blocked)
        for g, row_total in enumerate(table.row_totals):
            self._add(row_total_node[g], total_column, row_total, can_fall=not ties[g])
        for c, column_total in enumerate(table.column_totals):
            self._add(total_row, column_node[c], column_total)
        self._add(total_column, total_row, table.total)
        if not table.rows_additive:
            for g, row in enumerate(table.cells):
                row_total = table.row_totals[g]
                top_value = row[top[g]] if columns else 0
                self._add(row_node[g], row_total_node[g], row_total - top_value)
                slack = sum(row) - row_total
                # A row whose cells add up to less than its total (someone counted without a
                # choice) gives no lower bound for the slack.
                self._add(row_node[g], total_row, slack, unbounded_below=slack < 0)

        self.costs = self._costs(table)
        self.edges: list[list[tuple[int, int]]] = [[] for _ in range(self.node_count)]
        for arc, (tail, head) in enumerate(zip(self.tails, self.heads, strict=True)):
            if self.can_rise[arc]:
                self.edges[tail].append((head, arc))
            if self.can_fall[arc]:
                self.edges[head].append((tail, arc))

    def _add(self, tail, head, value, *, can_rise=True, can_fall=True, unbounded_below=False):
        self.tails.append(tail)
        self.heads.append(head)
        self.values.append(value)
        self.can_rise.append(can_rise)
        self.can_fall.append(can_fall and (value >= 1 or unbounded_below))

    def _costs(self, table: CountTable) -> list[int]:
        # Tiers: any set of inner cells is cheaper than one margin, any set of margins is
        # cheaper than the grand total, and a zero cell costs more than any non-zero cell.
        zero_cost = table.total + 1
        costs = [value or zero_cost for value in self.values[: self.cell_count]]
        margin_base = sum(costs) + 1
        costs += [margin_base + value for value in self.values[self.cell_count : -1]]
        costs.append(sum(costs) + 1)
        return costs + [0] * (len(self.values) - self.published)

    def shown(self, *, k: int) -> list[bool]:
        """Which published counts stay visible."""
        hidden = [False] * self.published + [True] * (len(self.values) - self.published)
        primary = [arc for arc in range(self.published) if 0 < self.values[arc] < k]
        for arc in primary:
            hidden[arc] = True
        # Margins first: the cycles that cover a small row or column usually cover its cells.
        for arc in sorted(primary, key=lambda arc: (arc < self.cell_count, arc)):
            if not self._unpin(arc, hidden):
                # Cannot happen for additive tables; for multiple-choice rows the model is
                # conservative, and a fully hidden table can always be scaled, so pins nothing.
                return [False] * self.published
        return [not is_hidden for is_hidden in hidden[: self.published]]

    def _unpin(self, arc: int, hidden: list[bool]) -> bool:
        """Hide the cheapest counts that let `arc` move by one; False if nothing can."""
        tail, head = self.tails[arc], self.heads[arc]
        best = None
        # Rising needs a way back from head to tail, falling a second way from tail to head.
        for allowed, source, target in (
            (self.can_rise[arc], head, tail),
            (self.can_fall[arc], tail, head),
        ):
            if not allowed:
                continue
            found = self._cheapest_path(source, target, arc, hidden)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
            if best is not None and best[0] == 0:
                break
        if best is None:
            return False
        for bought in best[1]:
            hidden[bought] = True
        return True

    def _cheapest_path(self, source, target, excluded, hidden):
        """Dijkstra over residual moves; hidden arcs are free, shown ones cost their price.
        Returns (cost, shown arcs on the path) or None."""
        costs, edges = self.costs, self.edges
        distance = [None] * self.node_count
        distance[source] = 0
        via: list[tuple[int, int] | None] = [None] * self.node_count
        queue = [(0, source)]
        while queue:
            cost, node = heapq.heappop(queue)
            if cost > distance[node]:
                continue
            if node == target:
                arcs = []
                while via[node] is not None:
                    node, arc = via[node]
                    if not hidden[arc]:
                        arcs.append(arc)
                return cost, arcs
            for neighbour, arc in edges[node]:
                if arc == excluded:
                    continue
                new_cost = cost if hidden[arc] else cost + costs[arc]
                known = distance[neighbour]
                if known is None or new_cost < known:
                    distance[neighbour] = new_cost
                    via[neighbour] = (node, arc)
                    heapq.heappush(queue, (new_cost, neighbour))
        return None
