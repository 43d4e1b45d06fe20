"""The collection page's rules and the guarantees the database keeps for ideas."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from ideas.models import (
    CollectionState,
    Comment,
    CommentReport,
    Idea,
    IdeaCategory,
    IdeaCollectionPage,
    ModerationState,
    Support,
)
from tests.factories import IdeaCollectionPageFactory, IdeaFactory, UserFactory


@pytest.mark.django_db
def test_a_collection_under_a_district_belongs_to_it(collection, district_page, home_page):
    city_wide = IdeaCollectionPageFactory(parent=home_page)

    assert collection.district == district_page.district
    assert city_wide.district is None


@pytest.mark.django_db
def test_state_follows_the_period(collection):
    now = timezone.now()
    collection.opens_at = now
    collection.closes_at = now + datetime.timedelta(days=7)

    assert collection.state(now - datetime.timedelta(seconds=1)) == CollectionState.NOT_OPEN
    assert collection.state(now) == CollectionState.OPEN
    assert collection.state(collection.closes_at - datetime.timedelta(seconds=1)) == (
        CollectionState.OPEN
    )
    assert collection.state(collection.closes_at) == CollectionState.CLOSED


@pytest.mark.django_db
def test_only_a_live_collection_in_its_period_is_open(collection):
    assert collection.is_open
    collection.live = False
    assert not collection.is_open


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, -1])
def test_the_end_must_come_after_the_beginning(collection, days):
    now = timezone.now()
    collection.opens_at = now
    collection.closes_at = now + datetime.timedelta(days=days)

    with pytest.raises(ValidationError) as error:
        collection.full_clean()
    assert error.value.message_dict["closes_at"] == ["Das Ende muss nach dem Beginn liegen."]


@pytest.mark.django_db
def test_the_report_threshold_is_at_least_one(collection):
    collection.report_threshold = 0
    with pytest.raises(ValidationError) as error:
        collection.full_clean()
    assert "report_threshold" in error.value.message_dict


@pytest.mark.django_db
def test_deleting_a_collection_with_ideas_fails_and_keeps_everything(collection):
    idea = IdeaFactory(collection=collection)
    Support.objects.create(idea=idea, collection=collection, participant_key="browser:a")

    with pytest.raises(ProtectedError), transaction.atomic():
        collection.delete()

    assert IdeaCollectionPage.objects.filter(pk=collection.pk, live=True).exists()
    assert Idea.objects.filter(pk=idea.pk, collection=collection).exists()
    assert Support.objects.filter(idea=idea).count() == 1
    assert IdeaCategory.objects.filter(page=collection).count() == 4


@pytest.fixture
def admin_client_lenient(client):
    """An administrator's browser that sees server errors as responses instead of raising."""
    client.raise_request_exception = False
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.django_db
def test_deleting_a_collection_with_ideas_in_the_admin_is_refused(admin_client_lenient, collection):
    idea = IdeaFactory(collection=collection)

    response = admin_client_lenient.post(reverse("wagtailadmin_pages:delete", args=[collection.pk]))

    assert response.status_code == 302
    assert IdeaCollectionPage.objects.filter(pk=collection.pk, live=True).exists()
    assert Idea.objects.filter(pk=idea.pk).exists()


@pytest.mark.django_db
def test_deleting_the_district_page_above_a_collection_with_ideas_is_refused(
    admin_client_lenient, collection, district_page
):
    idea = IdeaFactory(collection=collection)
    pages = Page.objects.count()

    response = admin_client_lenient.post(
        reverse("wagtailadmin_pages:delete", args=[district_page.pk])
    )

    assert response.status_code == 302
    assert Page.objects.count() == pages
    assert IdeaCollectionPage.objects.filter(pk=collection.pk, live=True).exists()
    assert Idea.objects.filter(pk=idea.pk, collection=collection).exists()
    assert IdeaCategory.objects.filter(page=collection).count() == 4


@pytest.mark.django_db
def test_a_collection_without_ideas_can_be_deleted(collection):
    collection.delete()
    assert not IdeaCollectionPage.objects.exists()
    assert not IdeaCategory.objects.exists()


@pytest.mark.django_db
def test_a_point_needs_both_coordinates(collection):
    idea = IdeaFactory.build(collection=collection, latitude="48.995000", longitude=None)
    with pytest.raises(ValidationError):
        idea.full_clean(exclude=["image"])
    with pytest.raises(IntegrityError), transaction.atomic():
        idea.save()
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_a_merged_idea_always_points_to_where_it_went(collection):
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaFactory(collection=collection, moderation=ModerationState.MERGED, merged_into=None)
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_a_comment_is_never_merged(collection):
    idea = IdeaFactory(collection=collection)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(
            idea=idea,
            collection=collection,
            text="Ja",
            participant_key="browser:a",
            moderation=ModerationState.MERGED,
        )


@pytest.mark.django_db
def test_the_database_keeps_one_support_and_one_report_per_participant(collection):
    """Even a write that bypasses the services cannot count anyone twice."""
    idea = IdeaFactory(collection=collection)
    comment = Comment.objects.create(
        idea=idea, collection=collection, text="Ja", participant_key="browser:a"
    )
    Support.objects.create(idea=idea, collection=collection, participant_key="browser:a")
    CommentReport.objects.create(comment=comment, participant_key="browser:b")

    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(idea=idea, collection=collection, participant_key="browser:a")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentReport.objects.create(comment=comment, participant_key="browser:b")

    assert Support.objects.count() == 1
    assert CommentReport.objects.count() == 1


@pytest.mark.django_db
def test_deleting_an_idea_takes_its_supports_comments_and_history_along(collection):
    idea = IdeaFactory(collection=collection)
    Support.objects.create(idea=idea, collection=collection, participant_key="browser:a")
    Comment.objects.create(idea=idea, collection=collection, text="Ja", participant_key="b")

    idea.delete()

    assert not Support.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_ideas_are_listed_newest_first(collection):
    older = IdeaFactory(collection=collection, created_at=timezone.now() - datetime.timedelta(1))
    newer = IdeaFactory(collection=collection)
    assert list(Idea.objects.all()) == [newer, older]


@pytest.mark.django_db
def test_idea_url_points_to_its_page(collection):
    idea = IdeaFactory(collection=collection)
    assert collection.idea_url(idea) == f"{collection.url}idee/{idea.pk}/"
