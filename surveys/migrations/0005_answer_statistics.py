"""Extended statistics for the results' GROUP BYs (PostgreSQL only).

Without them PostgreSQL multiplies the distinct counts of question, row, choice and number as
if they were independent, expects hundreds of thousands of groups where there are a few
hundred, and sorts a million joined answers on disk instead of grouping them in memory
(5.4 s instead of 1.2 s for the demographic cross-tab of 1 M answers).
"""

from django.db import migrations


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE STATISTICS IF NOT EXISTS surveys_answer_groups (ndistinct) "
            "ON question_key, row_key, choice_key, number FROM surveys_answer"
        )


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP STATISTICS IF EXISTS surveys_answer_groups")


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_results")]

    operations = [migrations.RunPython(create_statistics, drop_statistics)]
