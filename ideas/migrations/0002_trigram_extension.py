"""pg_trgm for "Gibt es Ihre Idee schon?" on PostgreSQL; SQLite uses a word match instead."""

from django.db import migrations


def create_trigram_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # A trusted extension since PostgreSQL 13: the database owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [
        migrations.RunPython(create_trigram_extension, migrations.RunPython.noop, elidable=False)
    ]
