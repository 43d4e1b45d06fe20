"""`make chaos`: the long fault run (beteiligung.chaos) on PostgreSQL; exits non-zero when a
check fails.

Creates the database named in DATABASE_URL when it is missing and migrates it first, as
`make bench` does. The run starts its own Redis; the shared one is never touched.
"""

import dataclasses
import tempfile

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from beteiligung.chaos import LONG, SHORT, chaos_run
from beteiligung.chaos.report import report_lines
from cms.management.commands.bench import _database_ensure


class Command(BaseCommand):
    help = "Fault run: a burst of participants over HTTP while worker, Redis and web fail."
    # Checks and the migration check would connect before the database exists.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--short", action="store_true", help="the short run of the tests (about 15 s)"
        )
        parser.add_argument("--duration", type=float, help="seconds of the burst")
        parser.add_argument("--clients", type=int, help="participants at the same time")

    def handle(self, *args, short, duration, clients, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The fault run needs PostgreSQL: set DATABASE_URL (see `make chaos`)."
            )
        if _database_ensure():
            self.stdout.write(f"Created database {connection.settings_dict['NAME']}.")
        call_command("migrate", interactive=False, verbosity=0)
        plan = SHORT if short else LONG
        plan = dataclasses.replace(
            plan, duration=duration or plan.duration, clients=clients or plan.clients
        )
        # Kept after the run: the worker's and gunicorn's logs are what a failure is read from.
        log_dir = tempfile.mkdtemp(prefix="chaos-logs-")

        def progress(text: str) -> None:
            self.stdout.write(f"  … {text}")
            self.stdout.flush()

        result = chaos_run(plan=plan, log_dir=log_dir, progress=progress)
        self.stdout.write("\n".join(report_lines(result)))
        if not result.ok:
            failed = [check.name for check in result.checks if not check.ok]
            raise CommandError(f"Fault run failed: {'; '.join(failed)}")
