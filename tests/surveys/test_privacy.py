import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from surveys.privacy import (
    CountTable,
    ProtectedTable,
    distribution_protect,
    group_sizes_protect,
    table_protect,
)


def additive_table(cells) -> CountTable:
    return CountTable(
        cells=cells,
        row_totals=tuple(sum(row) for row in cells),
        column_totals=tuple(sum(column) for column in zip(*cells, strict=True)),
        total=sum(sum(row) for row in cells),
    )


def published_counts(protected: ProtectedTable) -> list[int | None]:
    return [
        *(value for row in protected.cells for value in row),
        *protected.row_totals,
        *protected.column_totals,
        protected.total,
    ]


def test_a_small_cell_gets_a_partner_in_its_row_and_its_column():
    table = additive_table(((2, 10, 12), (8, 9, 20), (15, 7, 11)))

    protected = table_protect(table, k=5)

    # The cheapest rectangle: 2 with 10 in its row, 8 in its column, and 9 to close it.
    assert protected.cells == ((None, None, 12), (None, None, 20), (15, 7, 11))
    assert protected.row_totals == table.row_totals
    assert protected.column_totals == table.column_totals
    assert protected.total == table.total
    assert protected.suppressed_count == 4


def test_a_group_of_three_is_hidden_together_with_a_second_group():
    table = additive_table(((10, 12, 8), (9, 20, 6), (1, 2, 0)))

    protected = table_protect(table, k=5)

    assert protected.row_totals[2] is None
    assert sum(value is None for value in protected.row_totals) == 2
    assert protected.column_totals == table.column_totals
    assert protected.total == 68
    # The zero of the small group stays visible; its other cells are hidden.
    assert protected.cells[2] == (None, None, 0)


def test_a_grand_total_below_k_hides_everything():
    table = additive_table(((1, 0), (2, 1)))

    protected = table_protect(table, k=5)

    assert protected == ProtectedTable(
        cells=((None, None), (None, None)),
        row_totals=(None, None),
        column_totals=(None, None),
        total=None,
    )
    assert protected.suppressed_count == 9


def test_nothing_is_hidden_when_every_count_reaches_k():
    table = additive_table(((5, 0, 12), (7, 9, 0)))

    protected = table_protect(table, k=5)

    assert protected.suppressed_count == 0
    assert protected.cells == table.cells
    assert protected.total == 33


def test_a_distribution_with_one_small_count_hides_a_second_count():
    counts, total = distribution_protect([3, 10, 12, 0], total=25, additive=True, k=5)

    assert counts == [None, None, 12, 0]
    assert total == 25


def test_a_multiple_choice_distribution_does_not_need_a_partner():
    # Options do not add up to the total, so the other counts do not reveal the small one.
    counts, total = distribution_protect([3, 10, 12], total=20, additive=False, k=5)

    assert counts == [None, 10, 12]
    assert total == 20


@pytest.mark.parametrize(
    ("sizes", "hidden"),
    [
        ([12, 30, 8], [False, False, False]),
        ([3, 30, 8], [True, False, True]),
        ([3, 4, 30], [True, True, False]),
        ([0, 30, 8], [True, False, False]),
        ([0, 3, 30, 8], [True, True, False, True]),
        ([3], [True]),
    ],
)
def test_group_sizes_hide_small_groups_and_one_partner(sizes, hidden):
    assert group_sizes_protect(sizes, k=5) == hidden


@pytest.mark.parametrize(
    "table",
    [
        CountTable(cells=((1, 2),), row_totals=(3,), column_totals=(1, 3), total=3),
        CountTable(cells=((1, 2),), row_totals=(4,), column_totals=(1, 2), total=4),
        CountTable(cells=((1, 2),), row_totals=(3,), column_totals=(1, 2), total=4),
        CountTable(cells=((-1, 2),), row_totals=(1,), column_totals=(-1, 2), total=1),
        CountTable(
            cells=((3, 2),), row_totals=(2,), column_totals=(3, 2), total=2, rows_additive=False
        ),
    ],
    ids=["column", "row", "total", "negative", "cell-above-row-total"],
)
def test_an_inconsistent_table_is_rejected(table):
    with pytest.raises(ValueError):
        table_protect(table, k=5)


def test_protecting_is_deterministic_and_copes_with_a_large_table():
    rng = random.Random(7)
    cells = tuple(
        tuple(rng.choice((0, 0, 1, 2, 3, 4, 6, 9, 15, 40)) for _ in range(12)) for _ in range(25)
    )
    table = additive_table(cells)

    protected = table_protect(table, k=5)

    assert table_protect(additive_table(cells), k=5) == protected
    assert not any(0 < value < 5 for value in published_counts(protected) if value is not None)


# --- The attacker: linear programs over everything that was published. ---


def attacker_ranges(table: CountTable, protected: ProtectedTable, *, k: int):
    """Yield (true value, lowest, highest) for every hidden count from 1 to k - 1, as far as
    linear programming over the published counts and the table's relations can narrow it."""
    rows, columns = len(table.row_totals), len(table.column_totals)
    truth = {("cell", g, c): table.cells[g][c] for g in range(rows) for c in range(columns)}
    truth |= {("row", g): table.row_totals[g] for g in range(rows)}
    truth |= {("column", c): table.column_totals[c] for c in range(columns)}
    truth[("total",)] = table.total
    shown = {("cell", g, c): protected.cells[g][c] for g in range(rows) for c in range(columns)}
    shown |= {("row", g): protected.row_totals[g] for g in range(rows)}
    shown |= {("column", c): protected.column_totals[c] for c in range(columns)}
    shown[("total",)] = protected.total
    unknowns = [key for key, value in shown.items() if value is None]
    index = {key: i for i, key in enumerate(unknowns)}

    def linear(terms):
        """sum(coefficient * count) as (vector over unknowns, constant of the shown ones)."""
        vector, constant = np.zeros(len(unknowns)), 0
        for coefficient, key in terms:
            if key in index:
                vector[index[key]] += coefficient
            else:
                constant += coefficient * shown[key]
        return vector, constant

    equalities, inequalities = [], []  # each: terms with sum == 0, or sum <= 0
    for c in range(columns):
        equalities.append([*((1, ("cell", g, c)) for g in range(rows)), (-1, ("column", c))])
    equalities.append([*((1, ("row", g)) for g in range(rows)), (-1, ("total",))])
    for g in range(rows):
        row_cells = [(1, ("cell", g, c)) for c in range(columns)]
        if table.rows_additive:
            equalities.append([*row_cells, (-1, ("row", g))])
        else:
            inequalities.extend([(1, ("cell", g, c)), (-1, ("row", g))] for c in range(columns))
            inequalities.append([(1, ("row", g)), *((-1, cell) for _, cell in row_cells)])

    def system(constraints):
        matrix, rhs = [], []
        for terms in constraints:
            vector, constant = linear(terms)
            if vector.any():
                matrix.append(vector)
                rhs.append(-constant)
        return (np.array(matrix), np.array(rhs)) if matrix else (None, None)

    a_eq, b_eq = system(equalities)
    a_ub, b_ub = system(inequalities)
    # A generous cap instead of no upper bound: HiGHS' presolve may report an unbounded
    # problem as infeasible. The cap only helps the attacker.
    cap = 10 * (table.total + 10)
    for key in unknowns:
        value = truth[key]
        if not 0 < value < k:
            continue
        objective = np.zeros(len(unknowns))
        objective[index[key]] = 1
        bounds = []
        for sign in (1, -1):
            result = linprog(
                sign * objective,
                A_ub=a_ub,
                b_ub=b_ub,
                A_eq=a_eq,
                b_eq=b_eq,
                bounds=(0, cap),
                method="highs",
            )
            assert result.status == 0, result.message
            bounds.append(sign * result.fun)
        yield key, value, bounds[0], bounds[1]


# Small counts are what the rule is about, so draw them often.
counts = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def count_tables(draw) -> CountTable:
    rows, columns = draw(st.integers(1, 6)), draw(st.integers(2, 6))
    if draw(st.booleans()):
        return additive_table(
            tuple(tuple(draw(counts) for _ in range(columns)) for _ in range(rows))
        )
    cells, row_totals = [], []
    for _ in range(rows):
        # Multiple choice: nobody picks an option twice, everybody picks at least one.
        row_total = draw(counts)
        # Cells equal to the row total (everybody picked it) are the tricky ones.
        cell = st.one_of(st.just(row_total), st.integers(0, row_total))
        row = [draw(cell) for _ in range(columns)]
        missing = row_total - sum(row)
        for c in range(columns):
            added = max(0, min(missing, row_total - row[c]))
            row[c] += added
            missing -= added
        cells.append(tuple(row))
        row_totals.append(row_total)
    return CountTable(
        cells=tuple(cells),
        row_totals=tuple(row_totals),
        column_totals=tuple(sum(column) for column in zip(*cells, strict=True)),
        total=sum(row_totals),
        rows_additive=False,
    )


@settings(max_examples=300, deadline=None, derandomize=True)
@given(table=count_tables(), k=st.integers(2, 10))
def test_no_small_count_can_be_recovered_from_what_is_published(table, k):
    protected = table_protect(table, k=k)

    assert not any(0 < value < k for value in published_counts(protected) if value is not None)
    for key, value, lowest, highest in attacker_ranges(table, protected, k=k):
        assert lowest - 1e-6 <= value <= highest + 1e-6
        assert highest - lowest >= 1 - 1e-6, (key, value, lowest, highest)
