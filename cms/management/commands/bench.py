"""`make bench`: run benchmark scenarios on PostgreSQL and print their figures.

Creates the database named in DATABASE_URL when it is missing and migrates it first, so
`make bench` works against a fresh PostgreSQL server. Each scenario's output is also written to
bench-results/<scenario>.txt.
"""

import importlib
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from beteiligung.bench import SCENARIOS, Report


def _database_ensure() -> bool:
    """Create the configured PostgreSQL database unless it exists; True if it was created."""
    database = settings.DATABASES["default"]
    params = {
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as maintenance:
        exists = maintenance.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if exists:
            return False
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"])))
    return True


class Command(BaseCommand):
    help = "Benchmarks (figures, not pass/fail): every scenario, or the ones named."
    # Checks and the migration check would connect before the database exists.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("scenarios", nargs="*", metavar="scenario", help=", ".join(SCENARIOS))
        parser.add_argument(
            "--keep", action="store_true", help="leave the generated pages and answers in place"
        )
        parser.add_argument(
            "--sizes",
            type=lambda text: [int(size) for size in text.split(",")],
            help="answers per step, comma-separated (aggregation), e.g. 10000,100000",
        )

    def handle(self, *args, scenarios, **options):
        unknown = [name for name in scenarios if name not in SCENARIOS]
        if unknown:
            raise CommandError(
                f"Unknown scenario {', '.join(unknown)}; known: {', '.join(SCENARIOS)}"
            )
        if connection.vendor != "postgresql":
            raise CommandError("Benchmarks run on PostgreSQL: set DATABASE_URL (see `make bench`).")
        if _database_ensure():
            self.stdout.write(f"Created database {connection.settings_dict['NAME']}.")
        call_command("migrate", interactive=False, verbosity=0)
        if settings.DEBUG:
            self.stdout.write("Note: DEBUG is on; figures include its per-query bookkeeping.")

        results = Path(settings.BASE_DIR) / "bench-results"
        results.mkdir(exist_ok=True)
        for name in scenarios or SCENARIOS:
            self.stdout.write(f"\n== {name}")
            report = Report(stream=self.stdout)
            importlib.import_module(SCENARIOS[name]).run(report=report, options=options)
            path = results / f"{name}.txt"
            path.write_text("\n".join(report.lines) + "\n", encoding="utf-8")
            self.stdout.write(f"(written to {path.relative_to(settings.BASE_DIR)})")
