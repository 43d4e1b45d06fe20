from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo.content import DEMO_PASSWORD
from cms.demo.seed import demo_city_seed


class Command(BaseCommand):
    help = "Load the demo city (districts, network actors, news, accounts). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo accounts with a known password even though DEBUG is off.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: the demo creates accounts with a published password. "
                "Use --allow-production only on a throwaway instance."
            )
        report = demo_city_seed()
        for item in report.created:
            self.stdout.write(f"  angelegt: {item}")
        self.stdout.write(self.style.SUCCESS("Demo-Stadt geladen."))
        self.stdout.write("Anmeldung unter /admin/ mit dem Passwort " + DEMO_PASSWORD + ":")
        for email, role in report.accounts:
            self.stdout.write(f"  {email:48} {role}")
