"""Benchmarks behind `make bench`: each scenario measures one target of DESIGN.md ("Targets the
code is measured against") on PostgreSQL with generated data and prints figures, never a
verdict. A scenario is a module of this package with `run(*, report, options)`; the `bench`
management command runs them and keeps each one's output in bench-results/<name>.txt.
"""

import math
import sys
from dataclasses import dataclass, field

# Scenario name -> module; `make bench` runs them in this order.
SCENARIOS = {
    "aggregation": "beteiligung.bench.aggregation",
    "district-page": "beteiligung.bench.district_page",
    "submission": "beteiligung.bench.submission",
    "export": "beteiligung.bench.export",
}


@dataclass
class Report:
    """What a scenario prints: progress goes to the terminal only, `line`s also to the file."""

    stream: object = sys.stdout
    lines: list[str] = field(default_factory=list)

    def progress(self, text: str) -> None:
        self.stream.write(f"  … {text}\n")
        self.stream.flush()

    def line(self, text: str = "") -> None:
        self.lines.append(text)
        self.stream.write(f"{text}\n")
        self.stream.flush()


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: p99 of 300 samples is the third-slowest, never interpolated."""
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)), 1)
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def thousands(number: int) -> str:
    """10000 -> "10 000", as the tables print counts."""
    return f"{number:,}".replace(",", " ")


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"


def milliseconds(*values: float) -> str:
    """Seconds as "0.9/1.6 ms": one decimal below 10 ms, whole milliseconds above."""
    return "/".join(f"{v * 1000:.1f}" if v < 0.01 else f"{v * 1000:.0f}" for v in values) + " ms"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Left-aligned columns, two spaces apart."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
