import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from cms.demo.content import DEMO_PASSWORD, network_member_email
from cms.models import District, DistrictPage, NewsPage


@pytest.mark.django_db
def test_seed_demo_builds_the_demo_city_and_can_run_twice(home_page, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Page.objects.count(), District.objects.count(), get_user_model().objects.count())
    call_command("seed_demo")

    assert (
        Page.objects.count(),
        District.objects.count(),
        get_user_model().objects.count(),
    ) == counts
    assert set(District.objects.values_list("name", flat=True)) == {
        "Daxlanden",
        "Beiertheim-Bulach",
        "Oststadt",
    }
    assert DistrictPage.objects.live().count() == 3
    assert NewsPage.objects.live().filter(district__isnull=True).exists()
    assert NewsPage.objects.live().filter(district__slug="daxlanden").exists()
    assert all(district.actors.count() >= 4 for district in District.objects.all())
    member = get_user_model().objects.get(email=network_member_email("daxlanden"))
    assert member.check_password(DEMO_PASSWORD)
    assert [g.name for g in member.groups.all()] == ["Stadtteilnetzwerk Daxlanden"]
    assert "admin@beteiligung.example" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(home_page, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not District.objects.exists()
