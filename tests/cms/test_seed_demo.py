import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone
from wagtail.models import Page

from cms.demo.content import DEMO_PASSWORD, RESIDENT_EMAIL, network_member_email
from cms.geo import boundary_contains
from cms.models import District, DistrictPage, NewsPage
from ideas.models import (
    CollectionResultsState,
    Comment,
    CommentReport,
    Idea,
    IdeaCategory,
    IdeaCollectionPage,
    IdeaStatus,
    IdeaStatusChange,
    Moderation,
    ModerationState,
    Participation,
    Support,
)


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


def _idea_rows() -> tuple:
    return (
        Idea.objects.count(),
        Support.objects.count(),
        Comment.objects.count(),
        CommentReport.objects.count(),
        IdeaStatusChange.objects.count(),
        IdeaCategory.objects.count(),
    )


def _check_collections():
    for district in District.objects.all():
        district.full_clean()
        assert district.boundary["type"] == "Polygon"
        (collection,) = IdeaCollectionPage.objects.live().filter(district=district)
        assert collection.get_parent().specific.district == district
        assert collection.is_open
        assert 4 <= collection.categories.count() <= 6
        assert 8 <= Idea.objects.filter(collection=collection).count() <= 15
    assert not IdeaCollectionPage.objects.filter(district__isnull=True).exists()
    rules = set(IdeaCollectionPage.objects.values_list("moderation", "participation"))
    assert (Moderation.BEFORE, Participation.ANONYMOUS) in rules
    assert (Moderation.AFTER, Participation.ACCOUNT) in rules


def _check_workflow():
    ideas = Idea.objects.all()
    assert set(ideas.values_list("status", flat=True)) == set(IdeaStatus.values)
    assert ideas.filter(moderation=ModerationState.PENDING).count() >= 2
    for collection in IdeaCollectionPage.objects.all():
        mine = ideas.filter(collection=collection)
        rejected = mine.get(moderation=ModerationState.REJECTED)
        assert rejected.rejection_reason
        merged = mine.get(moderation=ModerationState.MERGED)
        assert merged.merged_into.is_published
        assert not merged.supports.exists()
    assert not ideas.exclude(image="").exists()
    for idea in ideas.exclude(status=IdeaStatus.SUBMITTED):
        last = idea.status_changes.last()
        assert last.status == idea.status
        assert "{date}" not in last.feedback
    comments = Comment.objects.all()
    assert comments.filter(moderation=ModerationState.PENDING).exists()
    assert comments.filter(moderation=ModerationState.HIDDEN).exists()
    assert comments.filter(parent__isnull=False, moderation=ModerationState.PUBLISHED).count() >= 5
    supports = list(
        ideas.filter(moderation=ModerationState.PUBLISHED)
        .annotate(n=Count("supports"))
        .values_list("n", flat=True)
    )
    assert max(supports) >= 20
    assert min(supports) <= 5


def _check_places_and_times():
    now = timezone.now()
    located = Idea.objects.exclude(latitude=None).select_related("district")
    assert located.count() >= 6
    for idea in located:
        latitude, longitude = float(idea.latitude), float(idea.longitude)
        assert boundary_contains(idea.district.boundary, latitude=latitude, longitude=longitude)
    for idea in Idea.objects.prefetch_related("status_changes", "comments__parent", "supports"):
        assert idea.created_at < now
        previous = idea.created_at
        for change in idea.status_changes.all():
            assert previous < change.created_at < now
            previous = change.created_at
        if idea.status_changes.all():
            assert idea.status_changed_at == previous
        for comment in idea.comments.all():
            assert idea.created_at < comment.created_at < now
            if comment.parent_id:
                assert comment.parent.created_at < comment.created_at
        assert all(support.created_at <= now for support in idea.supports.all())


def _check_participants():
    account_only = IdeaCollectionPage.objects.get(participation=Participation.ACCOUNT)
    keys = Support.objects.filter(collection=account_only).values_list("participant_key", flat=True)
    assert keys
    assert all(key.startswith("user:") for key in keys)
    assert not Idea.objects.filter(collection=account_only, author__isnull=True).exists()
    others = Support.objects.exclude(collection=account_only).values_list(
        "participant_key", flat=True
    )
    assert all(key.startswith("browser:") for key in others)
    resident = get_user_model().objects.get(email=RESIDENT_EMAIL)
    assert resident.check_password(DEMO_PASSWORD)
    assert not resident.is_staff
    assert resident.emailaddress_set.get().verified


@pytest.mark.django_db
def test_seed_demo_opens_an_idea_collection_in_every_district(home_page, settings, mailoutbox):
    settings.DEBUG = True
    call_command("seed_demo")

    _check_collections()
    _check_workflow()
    _check_places_and_times()
    _check_participants()
    assert mailoutbox == []  # submitters were told back then; seeding e-mails nobody


@pytest.mark.django_db
def test_seeding_ideas_again_changes_nothing_but_missing_boundaries(home_page, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    rows = _idea_rows()
    keys = sorted(Support.objects.values_list("participant_key", flat=True))
    dirty = sorted(CollectionResultsState.objects.values_list("dirty_since", flat=True))
    District.objects.filter(slug="oststadt").update(boundary=None)  # seeded before boundaries

    call_command("seed_demo")

    assert _idea_rows() == rows
    assert sorted(Support.objects.values_list("participant_key", flat=True)) == keys
    assert sorted(CollectionResultsState.objects.values_list("dirty_since", flat=True)) == dirty
    assert District.objects.get(slug="oststadt").boundary["type"] == "Polygon"
