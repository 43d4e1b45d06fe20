"""Replace Wagtail's placeholder page with the portal's home page, so a fresh install has one."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    if HomePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    locale = Locale.objects.order_by("pk").first()
    home = HomePage.objects.create(
        title="Beteiligung im Quartier",
        draft_title="Beteiligung im Quartier",
        slug="start",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/start/",
        locale=locale,
        intro="Hier gestalten Bewohnerinnen und Bewohner ihren Stadtteil mit.",
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Beteiligung im Quartier"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="start", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
