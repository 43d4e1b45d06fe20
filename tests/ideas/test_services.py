"""Writing ideas, supports, comments, reports and moderation decisions: every rule the
collection sets, nothing half-saved when a rule refuses, results marked for recomputation."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from PIL import Image
from wagtail.models import PageLogEntry

from ideas.models import (
    STATUS_TRANSITIONS,
    CollectionResultsState,
    Comment,
    CommentReport,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    Moderation,
    ModerationState,
    Participation,
    Support,
)
from ideas.services import (
    AccountRequired,
    AlreadyDone,
    CollectionClosed,
    IdeaError,
    IdeaInput,
    LocationOutsideDistrict,
    NotAvailable,
    account_contributor,
    browser_contributor,
    comment_add,
    comment_approve,
    comment_reject,
    comment_report,
    idea_approve,
    idea_merge,
    idea_recategorize,
    idea_reject,
    idea_status_change,
    idea_submit,
    support_add,
    support_withdraw,
)
from ideas.tasks import send_idea_rejected_task, send_status_change_task
from tests.conftest import mail_callbacks, parallel_connections_available
from tests.factories import DistrictPageFactory, IdeaCollectionPageFactory, IdeaFactory, UserFactory
from tests.factories.ideas import INSIDE, OUTSIDE

# A second district east of the test square, for city-wide collections.
EAST_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[8.41, 49.00], [8.44, 49.00], [8.44, 49.02], [8.41, 49.02], [8.41, 49.00]]],
}
IN_THE_EAST = {"latitude": Decimal("49.010000"), "longitude": Decimal("8.425000")}


def _visitor(collection, browser_id="browser-1"):
    return browser_contributor(collection=collection, browser_id=browser_id)


def _idea_input(**fields) -> IdeaInput:
    values = {
        "title": "Bank im Schatten am Spielplatz",
        "description": "Im Sommer gibt es dort keinen Schatten für Großeltern.",
    }
    return IdeaInput(**{**values, **fields})


def _point(where: dict) -> dict:
    return {"latitude": Decimal(where["latitude"]), "longitude": Decimal(where["longitude"])}


def _jpeg() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="a1b2c3.jpg")


def _counts() -> tuple:
    return (
        Idea.objects.count(),
        Support.objects.count(),
        Comment.objects.count(),
        CommentReport.objects.count(),
        IdeaStatusChange.objects.count(),
    )


def _is_dirty(collection) -> bool:
    state = CollectionResultsState.objects.filter(collection=collection).first()
    return state is not None and state.dirty_since is not None


@pytest.fixture
def idea(collection):
    return IdeaFactory(collection=collection, title="Mehr Bänke in der Kirchstraße")


@pytest.fixture
def moderator():
    return UserFactory()


# --- submitting ideas ------------------------------------------------------------------------


@pytest.mark.django_db
def test_submitted_idea_is_published_at_once_and_marks_results_dirty(collection):
    category = collection.categories.get(name="Grün")

    idea = idea_submit(
        collection=collection,
        contributor=_visitor(collection),
        data=_idea_input(
            title="  Bank im Schatten  ",
            category=category,
            location_text="Spielplatz Kirchstraße",
            contact_email=" Erika@Beteiligung.example ",
        ),
    )

    idea.refresh_from_db()
    assert idea.moderation == ModerationState.PUBLISHED
    assert idea.status == IdeaStatus.SUBMITTED
    assert idea.title == "Bank im Schatten"
    assert idea.district == collection.district
    assert idea.category == category
    assert idea.author is None
    assert idea.contact_email == "erika@beteiligung.example"
    assert _is_dirty(collection)


@pytest.mark.django_db
def test_moderation_before_publication_keeps_the_idea_waiting(collection):
    collection.moderation = Moderation.BEFORE
    collection.save()

    idea = idea_submit(collection=collection, contributor=_visitor(collection), data=_idea_input())

    assert idea.moderation == ModerationState.PENDING
    assert not idea.is_published


@pytest.mark.django_db
def test_an_idea_without_a_title_is_refused_and_nothing_is_stored(collection):
    with pytest.raises(ValidationError) as error:
        idea_submit(
            collection=collection, contributor=_visitor(collection), data=_idea_input(title="  ")
        )
    assert "title" in error.value.message_dict
    assert _counts() == (0, 0, 0, 0, 0)
    assert not _is_dirty(collection)


def _close(collection, how: str) -> None:
    now = timezone.now()
    if how == "closed":
        collection.opens_at = now - datetime.timedelta(days=10)
        collection.closes_at = now - datetime.timedelta(minutes=1)
    elif how == "not_yet_open":
        collection.opens_at = now + datetime.timedelta(days=1)
    else:
        collection.live = False
    collection.save()


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["closed", "not_yet_open", "unpublished"])
@pytest.mark.parametrize("action", ["idea", "support", "withdraw", "comment"])
def test_a_collection_that_is_not_open_refuses_every_contribution(collection, idea, how, action):
    visitor = _visitor(collection)
    if action == "withdraw":
        Support.objects.create(idea=idea, collection=collection, participant_key=visitor.key)
    _close(collection, how)
    idea.collection = collection
    before = _counts()

    with pytest.raises(CollectionClosed) as error:
        if action == "idea":
            idea_submit(collection=collection, contributor=visitor, data=_idea_input())
        elif action == "support":
            support_add(idea=idea, contributor=visitor)
        elif action == "withdraw":
            support_withdraw(idea=idea, contributor=visitor)
        else:
            comment_add(idea=idea, contributor=visitor, text="Gute Idee!")

    assert error.value.status == 403
    assert str(error.value.message) == "Diese Ideensammlung nimmt gerade keine Beiträge an."
    assert _counts() == before
    assert not _is_dirty(collection)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["idea", "support", "comment"])
def test_account_only_collection_refuses_anonymous_contributors(collection, idea, action):
    collection.participation = Participation.ACCOUNT
    collection.save()
    idea.collection = collection
    visitor = _visitor(collection)

    with pytest.raises(AccountRequired) as error:
        if action == "idea":
            idea_submit(collection=collection, contributor=visitor, data=_idea_input())
        elif action == "support":
            support_add(idea=idea, contributor=visitor)
        else:
            comment_add(idea=idea, contributor=visitor, text="Gute Idee!")

    assert error.value.status == 403
    assert _counts() == (1, 0, 0, 0, 0)


@pytest.mark.django_db
def test_account_only_collection_takes_contributions_from_accounts(collection, idea):
    collection.participation = Participation.ACCOUNT
    collection.save()
    idea.collection = collection
    user = UserFactory()
    member = account_contributor(user=user)

    submitted = idea_submit(collection=collection, contributor=member, data=_idea_input())
    support = support_add(idea=idea, contributor=member)
    comment = comment_add(idea=idea, contributor=member, text="Bin dabei.")

    assert submitted.author == user
    assert support.participant_key == f"user:{user.pk}"
    assert comment.author == user


@pytest.mark.django_db
def test_a_category_of_another_collection_is_refused(collection, district_page):
    other = IdeaCollectionPageFactory(parent=district_page, categories=["Kultur"])

    with pytest.raises(IdeaError) as error:
        idea_submit(
            collection=collection,
            contributor=_visitor(collection),
            data=_idea_input(category=other.categories.get()),
        )
    assert str(error.value.message) == "Bitte wählen Sie ein Themenfeld dieser Ideensammlung."
    assert error.value.status == 400
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_an_image_is_refused_when_the_collection_takes_none(collection, media_root):
    collection.images_enabled = False
    collection.save()
    files = set(media_root.rglob("*"))

    with pytest.raises(IdeaError) as error:
        idea_submit(
            collection=collection,
            contributor=_visitor(collection),
            data=_idea_input(image=_jpeg(), image_alt="Leere Wiese hinter der Schule"),
        )
    assert str(error.value.message) == "Bilder sind bei dieser Ideensammlung nicht möglich."
    assert not Idea.objects.exists()
    assert set(media_root.rglob("*")) == files


@pytest.mark.django_db
def test_an_image_needs_a_description(collection):
    with pytest.raises(IdeaError, match="was auf dem Bild zu sehen ist"):
        idea_submit(
            collection=collection,
            contributor=_visitor(collection),
            data=_idea_input(image=_jpeg(), image_alt="  "),
        )
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_an_image_with_a_description_is_stored(collection):
    idea = idea_submit(
        collection=collection,
        contributor=_visitor(collection),
        data=_idea_input(image=_jpeg(), image_alt="Leere Wiese hinter der Schule"),
    )
    idea.refresh_from_db()
    assert idea.image.name.startswith("ideen/")
    assert (idea.image_width, idea.image_height) == (40, 30)
    assert idea.image_alt == "Leere Wiese hinter der Schule"


# --- locations ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_point_inside_the_district_is_stored(collection):
    idea = idea_submit(
        collection=collection,
        contributor=_visitor(collection),
        data=_idea_input(location_text="Kirchstraße 20", **_point(INSIDE)),
    )
    idea.refresh_from_db()
    assert (idea.latitude, idea.longitude) == (Decimal("48.995000"), Decimal("8.390000"))
    assert idea.has_location


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "fields", "message"),
    [
        (
            "maps_off",
            _point(INSIDE),
            "Ein Ort auf der Karte ist bei dieser Ideensammlung nicht möglich.",
        ),
        (
            "",
            {"latitude": Decimal(INSIDE["latitude"])},
            "Ein Ort auf der Karte ist bei dieser Ideensammlung nicht möglich.",
        ),
        ("no_boundary", _point(INSIDE), "Für dieses Gebiet ist keine Karte hinterlegt."),
        ("", _point(OUTSIDE), "Der Ort liegt außerhalb des Stadtteils."),
    ],
    ids=["maps-off", "half-a-point", "no-boundary", "outside"],
)
def test_a_point_the_collection_cannot_take_is_refused(collection, setup, fields, message):
    if setup == "maps_off":
        collection.location_enabled = False
        collection.save()
    elif setup == "no_boundary":
        collection.district.boundary = None
        collection.district.save()

    with pytest.raises(IdeaError) as error:
        idea_submit(
            collection=collection, contributor=_visitor(collection), data=_idea_input(**fields)
        )
    assert str(error.value.message).startswith(message)
    assert error.value.status == 400
    assert not Idea.objects.exists()
    assert not _is_dirty(collection)


@pytest.mark.django_db
def test_outside_the_district_names_the_way_out(collection):
    with pytest.raises(LocationOutsideDistrict) as error:
        idea_submit(
            collection=collection,
            contributor=_visitor(collection),
            data=_idea_input(**_point(OUTSIDE)),
        )
    assert "Ort oder Adresse" in str(error.value.message)


@pytest.mark.django_db
def test_a_place_described_in_words_needs_no_map(collection):
    collection.location_enabled = False
    collection.district.boundary = None
    collection.district.save()
    collection.save()

    idea = idea_submit(
        collection=collection,
        contributor=_visitor(collection),
        data=_idea_input(location_text="Am Brunnen vor der Kirche"),
    )
    assert idea.location_text == "Am Brunnen vor der Kirche"
    assert not idea.has_location


@pytest.mark.django_db
def test_a_city_wide_collection_takes_points_in_any_district(home_page, district_page):
    DistrictPageFactory(parent=home_page, district__boundary=EAST_BOUNDARY)
    DistrictPageFactory(parent=home_page, district__boundary=None)  # no map: ignored
    city_wide = IdeaCollectionPageFactory(parent=home_page)
    assert city_wide.district is None

    west = idea_submit(
        collection=city_wide, contributor=_visitor(city_wide), data=_idea_input(**_point(INSIDE))
    )
    east = idea_submit(
        collection=city_wide, contributor=_visitor(city_wide), data=_idea_input(**IN_THE_EAST)
    )
    with pytest.raises(LocationOutsideDistrict):
        idea_submit(
            collection=city_wide,
            contributor=_visitor(city_wide),
            data=_idea_input(latitude=Decimal("48.900000"), longitude=Decimal("8.300000")),
        )

    assert {west.district, east.district} == {None}
    assert Idea.objects.count() == 2


@pytest.mark.django_db
def test_a_city_wide_collection_without_any_district_map_takes_no_points(home_page):
    DistrictPageFactory(parent=home_page, district__boundary=None)
    city_wide = IdeaCollectionPageFactory(parent=home_page)

    with pytest.raises(IdeaError, match="keine Karte hinterlegt"):
        idea_submit(
            collection=city_wide,
            contributor=_visitor(city_wide),
            data=_idea_input(**_point(INSIDE)),
        )
    assert not Idea.objects.exists()


# --- results are marked dirty by every write ---------------------------------------------------


def _report_until_hidden(comment, collection):
    for number in range(collection.report_threshold):
        comment_report(comment=comment, contributor=_visitor(collection, f"reporter-{number}"))


WRITES = {
    "idea_submit": lambda c, idea, comment, user: idea_submit(
        collection=c, contributor=_visitor(c), data=_idea_input()
    ),
    "support_add": lambda c, idea, comment, user: support_add(idea=idea, contributor=_visitor(c)),
    "support_withdraw": lambda c, idea, comment, user: (
        support_add(idea=idea, contributor=_visitor(c)),
        CollectionResultsState.objects.all().delete(),
        support_withdraw(idea=idea, contributor=_visitor(c)),
    ),
    "comment_add": lambda c, idea, comment, user: comment_add(
        idea=idea, contributor=_visitor(c), text="Ja!"
    ),
    "comment_report_hides": lambda c, idea, comment, user: _report_until_hidden(comment, c),
    "idea_approve": lambda c, idea, comment, user: (
        Idea.objects.filter(pk=idea.pk).update(moderation=ModerationState.PENDING),
        idea_approve(idea=idea, user=user),
    ),
    "idea_reject": lambda c, idea, comment, user: idea_reject(idea=idea, user=user, reason="Dopp"),
    "idea_recategorize": lambda c, idea, comment, user: idea_recategorize(
        idea=idea, category=c.categories.last(), user=user
    ),
    "idea_merge": lambda c, idea, comment, user: idea_merge(
        idea=IdeaFactory(collection=c), into=idea, user=user
    ),
    "idea_status_change": lambda c, idea, comment, user: idea_status_change(
        idea=idea, status=IdeaStatus.IN_REVIEW, feedback="Wird besprochen.", user=user
    ),
    "comment_approve": lambda c, idea, comment, user: comment_approve(comment=comment, user=user),
    "comment_reject": lambda c, idea, comment, user: comment_reject(comment=comment, user=user),
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES)
def test_every_write_marks_the_collections_results_dirty(collection, idea, moderator, write):
    comment = Comment.objects.create(
        idea=idea,
        collection=collection,
        text="Gute Idee",
        participant_key="browser:x",
        moderation=ModerationState.PUBLISHED,
    )
    CollectionResultsState.objects.all().delete()

    WRITES[write](collection, idea, comment, moderator)

    assert _is_dirty(collection)


@pytest.mark.django_db
def test_a_report_below_the_threshold_leaves_results_alone(collection, idea):
    comment = Comment.objects.create(
        idea=idea,
        collection=collection,
        text="Gute Idee",
        participant_key="browser:x",
        moderation=ModerationState.PUBLISHED,
    )
    assert comment_report(comment=comment, contributor=_visitor(collection)) is False
    assert not _is_dirty(collection)


# --- supports -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_support_per_participant(collection, idea):
    visitor = _visitor(collection)
    support_add(idea=idea, contributor=visitor)

    with pytest.raises(AlreadyDone) as error:
        support_add(idea=idea, contributor=visitor)

    assert error.value.status == 409
    assert str(error.value.message) == "Sie unterstützen diese Idee schon."
    support_add(idea=idea, contributor=_visitor(collection, "browser-2"))
    assert Support.objects.filter(idea=idea).count() == 2


@pytest.mark.django_db
def test_the_same_browser_has_another_key_in_another_collection(collection, district_page):
    other = IdeaCollectionPageFactory(parent=district_page)
    assert _visitor(collection).key != _visitor(other).key
    assert "browser-1" not in _visitor(collection).key


@pytest.mark.django_db
def test_withdrawing_deletes_the_support_and_twice_is_refused(collection, idea):
    visitor = _visitor(collection)
    support_add(idea=idea, contributor=visitor)
    support_add(idea=idea, contributor=_visitor(collection, "browser-2"))

    support_withdraw(idea=idea, contributor=visitor)
    with pytest.raises(AlreadyDone) as error:
        support_withdraw(idea=idea, contributor=visitor)

    assert error.value.status == 409
    assert str(error.value.message) == "Sie unterstützen diese Idee nicht."
    assert Support.objects.filter(idea=idea).count() == 1
    support_add(idea=idea, contributor=visitor)  # and may support again
    assert Support.objects.filter(idea=idea).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moderation", [ModerationState.PENDING, ModerationState.REJECTED, ModerationState.MERGED]
)
def test_an_idea_that_is_not_published_cannot_be_supported(collection, moderation):
    target = IdeaFactory(collection=collection)
    idea = IdeaFactory(
        collection=collection,
        moderation=moderation,
        merged_into=target if moderation == ModerationState.MERGED else None,
    )

    with pytest.raises(NotAvailable):
        support_add(idea=idea, contributor=_visitor(collection))
    with pytest.raises(NotAvailable):
        comment_add(idea=idea, contributor=_visitor(collection), text="Gute Idee")
    assert not Support.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_supports_and_comments_switched_off_are_refused(collection, idea):
    collection.supports_enabled = False
    collection.comments_enabled = False
    collection.save()
    idea.collection = collection

    with pytest.raises(NotAvailable) as error:
        support_add(idea=idea, contributor=_visitor(collection))
    assert error.value.status == 403
    with pytest.raises(NotAvailable):
        comment_add(idea=idea, contributor=_visitor(collection), text="Gute Idee")
    assert _counts() == (1, 0, 0, 0, 0)


# --- comments -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_comments_follow_the_collections_moderation(collection, idea):
    published = comment_add(
        idea=idea, contributor=_visitor(collection), text="  Gute Idee!  ", author_name=" Gisela "
    )
    collection.moderation = Moderation.BEFORE
    collection.save()
    idea.collection = collection
    waiting = comment_add(idea=idea, contributor=_visitor(collection), text="Ich auch.")

    assert (published.text, published.author_name) == ("Gute Idee!", "Gisela")
    assert published.moderation == ModerationState.PUBLISHED
    assert waiting.moderation == ModerationState.PENDING


@pytest.mark.django_db
def test_an_empty_comment_is_refused(collection, idea):
    with pytest.raises(ValidationError):
        comment_add(idea=idea, contributor=_visitor(collection), text="   ")
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_a_reply_to_a_reply_joins_the_top_level_thread(collection, idea):
    top = comment_add(idea=idea, contributor=_visitor(collection), text="Gute Idee")
    reply = comment_add(
        idea=idea, contributor=_visitor(collection), text="Finde ich auch", parent=top
    )

    answer = comment_add(idea=idea, contributor=_visitor(collection), text="Stimmt", parent=reply)

    assert reply.parent == top
    assert answer.parent == top
    assert not Comment.objects.filter(parent__parent__isnull=False).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("parent_is", ["pending", "rejected", "hidden", "other_idea"])
def test_a_reply_to_a_comment_that_cannot_be_answered_is_refused(collection, idea, parent_is):
    other_idea = IdeaFactory(collection=collection)
    parent = Comment.objects.create(
        idea=other_idea if parent_is == "other_idea" else idea,
        collection=collection,
        text="Erster",
        participant_key="browser:x",
        moderation=(
            ModerationState.PUBLISHED if parent_is == "other_idea" else ModerationState(parent_is)
        ),
    )

    with pytest.raises(IdeaError) as error:
        comment_add(idea=idea, contributor=_visitor(collection), text="Antwort", parent=parent)

    assert str(error.value.message) == "Auf diesen Kommentar kann nicht geantwortet werden."
    assert Comment.objects.count() == 1
    assert not _is_dirty(collection)


# --- reports ------------------------------------------------------------------------------------


@pytest.fixture
def comment(collection, idea):
    collection.report_threshold = 3
    collection.save()
    return Comment.objects.create(
        idea=idea,
        collection=collection,
        text="Unsachlich",
        participant_key="browser:author",
        moderation=ModerationState.PUBLISHED,
    )


@pytest.mark.django_db
def test_reporting_twice_is_refused(collection, comment):
    visitor = _visitor(collection)
    comment_report(comment=comment, contributor=visitor)

    with pytest.raises(AlreadyDone) as error:
        comment_report(comment=comment, contributor=visitor)

    assert error.value.status == 409
    assert CommentReport.objects.filter(comment=comment).count() == 1


@pytest.mark.django_db
def test_the_comment_is_hidden_exactly_at_the_threshold(collection, comment):
    hid = [
        comment_report(comment=comment, contributor=_visitor(collection, f"r{number}"))
        for number in range(2)
    ]
    comment.refresh_from_db()
    assert hid == [False, False]
    assert comment.moderation == ModerationState.PUBLISHED

    assert comment_report(comment=comment, contributor=_visitor(collection, "r2")) is True
    comment.refresh_from_db()
    assert comment.moderation == ModerationState.HIDDEN

    # Reported once more while hidden: counted for the moderation, hidden already.
    assert comment_report(comment=comment, contributor=_visitor(collection, "r3")) is False
    assert CommentReport.objects.filter(comment=comment).count() == 4


@pytest.mark.django_db
def test_a_comment_the_moderation_kept_is_not_hidden_again(collection, comment, moderator):
    _report_until_hidden(comment, collection)
    kept = comment_approve(comment=comment, user=moderator)
    assert kept.moderation == ModerationState.PUBLISHED
    assert kept.kept_after_reports

    results = [
        comment_report(comment=comment, contributor=_visitor(collection, f"more-{number}"))
        for number in range(5)
    ]

    comment.refresh_from_db()
    assert results == [False] * 5
    assert comment.moderation == ModerationState.PUBLISHED
    assert CommentReport.objects.filter(comment=comment).count() == 8


@pytest.mark.django_db
@pytest.mark.parametrize("moderation", [ModerationState.PENDING, ModerationState.REJECTED])
def test_a_comment_nobody_can_see_cannot_be_reported(collection, comment, moderation):
    Comment.objects.filter(pk=comment.pk).update(moderation=moderation)

    with pytest.raises(NotAvailable):
        comment_report(comment=comment, contributor=_visitor(collection))
    assert not CommentReport.objects.exists()


@pytest.mark.django_db
def test_a_rejected_comment_stays_rejected(collection, comment, moderator):
    _report_until_hidden(comment, collection)
    rejected = comment_reject(comment=comment, user=moderator)

    assert rejected.moderation == ModerationState.REJECTED
    assert rejected.moderated_by == moderator
    assert PageLogEntry.objects.filter(
        page=collection, action="ideas.comment_reject", data__comment=comment.pk
    ).exists()


# --- moderating ideas ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_approving_publishes_a_waiting_idea_and_is_logged(collection, moderator):
    idea = IdeaFactory(collection=collection, moderation=ModerationState.PENDING)

    approved = idea_approve(idea=idea, user=moderator)

    assert approved.moderation == ModerationState.PUBLISHED
    assert approved.moderated_by == moderator
    assert approved.moderated_at is not None
    entry = PageLogEntry.objects.get(page=collection, action="ideas.idea_approve")
    assert entry.user == moderator
    assert entry.data == {"idea": idea.pk, "title": idea.title}
    with pytest.raises(IdeaError, match="schon veröffentlicht"):
        idea_approve(idea=idea, user=moderator)


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   "])
def test_rejecting_needs_a_reason(collection, idea, moderator, reason):
    with pytest.raises(IdeaError) as error:
        idea_reject(idea=idea, user=moderator, reason=reason)

    assert str(error.value.message) == "Bitte geben Sie einen Grund an."
    idea.refresh_from_db()
    assert idea.moderation == ModerationState.PUBLISHED
    assert not PageLogEntry.objects.filter(action="ideas.idea_reject").exists()


@pytest.mark.django_db
def test_rejecting_tells_the_submitter_once_after_commit(
    collection, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    idea = IdeaFactory(collection=collection, contact_email="erika@beteiligung.example")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rejected = idea_reject(idea=idea, user=moderator, reason="  Enthält einen Namen.  ")

    assert rejected.moderation == ModerationState.REJECTED
    assert rejected.rejection_reason == "Enthält einen Namen."
    assert mailoutbox == []  # nothing before the transaction commits
    [mail] = mail_callbacks(callbacks)
    assert mail.func == send_idea_rejected_task.delay
    assert mail.args == (idea.pk,)

    send_idea_rejected_task(idea.pk)
    send_idea_rejected_task(idea.pk)  # a redelivered task sends nothing more
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["erika@beteiligung.example"]


@pytest.mark.django_db
def test_rejecting_without_a_contact_address_sends_nothing(
    collection, idea, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        idea_reject(idea=idea, user=moderator, reason="Werbung")
    assert mail_callbacks(callbacks) == []


@pytest.mark.django_db
def test_a_rejected_idea_can_be_published_after_all(collection, idea, moderator):
    idea_reject(idea=idea, user=moderator, reason="Versehen")
    assert idea_approve(idea=idea, user=moderator).moderation == ModerationState.PUBLISHED


@pytest.mark.django_db
def test_recategorizing_takes_only_this_collections_categories(
    collection, idea, moderator, district_page
):
    other = IdeaCollectionPageFactory(parent=district_page, categories=["Kultur"])
    housing = collection.categories.get(name="Wohnen")

    assert idea_recategorize(idea=idea, category=housing, user=moderator).category == housing
    with pytest.raises(IdeaError, match="Themenfeld dieser Ideensammlung"):
        idea_recategorize(idea=idea, category=other.categories.get(), user=moderator)
    idea.refresh_from_db()
    assert idea.category == housing
    assert idea_recategorize(idea=idea, category=None, user=moderator).category is None


# --- merging ------------------------------------------------------------------------------------


def _support(idea, *keys):
    for key in keys:
        Support.objects.create(idea=idea, collection_id=idea.collection_id, participant_key=key)


@pytest.mark.django_db
def test_merging_moves_supporters_over_and_counts_each_once(collection, moderator):
    duplicate = IdeaFactory(collection=collection, title="Mehr Bänke")
    original = IdeaFactory(collection=collection, title="Bänke in der Kirchstraße")
    _support(duplicate, "browser:a", "browser:b")
    _support(original, "browser:b", "browser:c")

    merged = idea_merge(idea=duplicate, into=original, user=moderator)

    assert merged.moderation == ModerationState.MERGED
    assert merged.merged_into == original
    assert set(original.supports.values_list("participant_key", flat=True)) == {
        "browser:a",
        "browser:b",
        "browser:c",
    }
    assert not duplicate.supports.exists()
    assert PageLogEntry.objects.get(action="ideas.idea_merge").data["into"] == original.pk


@pytest.mark.django_db
def test_ideas_merged_before_follow_along(collection, moderator):
    first = IdeaFactory(collection=collection)
    second = IdeaFactory(collection=collection)
    final = IdeaFactory(collection=collection)
    idea_merge(idea=first, into=second, user=moderator)

    idea_merge(idea=second, into=final, user=moderator)

    first.refresh_from_db()
    assert first.merged_into == final  # no chain: one step to where the discussion is
    assert set(final.merged_ideas.all()) == {first, second}


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["self", "other_collection", "pending_target", "merged_source"])
def test_merging_refuses_what_cannot_be_merged(collection, district_page, moderator, case):
    idea = IdeaFactory(collection=collection)
    into = IdeaFactory(collection=collection)
    _support(idea, "browser:a")
    if case == "self":
        into = idea
    elif case == "other_collection":
        into = IdeaFactory(collection=IdeaCollectionPageFactory(parent=district_page))
    elif case == "pending_target":
        into = IdeaFactory(collection=collection, moderation=ModerationState.PENDING)
    else:
        idea_merge(idea=idea, into=into, user=moderator)
        into = IdeaFactory(collection=collection)
    state = list(Idea.objects.order_by("pk").values_list("moderation", "merged_into"))
    supports = set(Support.objects.values_list("idea_id", "participant_key"))

    with pytest.raises(IdeaError):
        idea_merge(idea=idea, into=into, user=moderator)

    assert list(Idea.objects.order_by("pk").values_list("moderation", "merged_into")) == state
    assert set(Support.objects.values_list("idea_id", "participant_key")) == supports


@pytest.mark.django_db
def test_a_merged_idea_cannot_be_rejected(collection, moderator):
    idea = IdeaFactory(collection=collection)
    idea_merge(idea=idea, into=IdeaFactory(collection=collection), user=moderator)

    with pytest.raises(IdeaError, match="schon mit einer anderen zusammengeführt"):
        idea_reject(idea=idea, user=moderator, reason="Doppelt")
    idea.refresh_from_db()
    assert idea.moderation == ModerationState.MERGED


# --- status -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("old", IdeaStatus.values)
@pytest.mark.parametrize("new", IdeaStatus.values)
def test_status_changes_follow_the_workflow(collection, moderator, old, new):
    idea = IdeaFactory(collection=collection, status=old)
    allowed = new in STATUS_TRANSITIONS[IdeaStatus(old)]

    if allowed:
        change = idea_status_change(
            idea=idea, status=new, feedback="  Im Netzwerk besprochen.  ", user=moderator
        )
        idea.refresh_from_db()
        assert idea.status == new
        assert idea.status_changed_at == change.created_at
        assert change.feedback == "Im Netzwerk besprochen."
        assert change.changed_by == moderator
    else:
        with pytest.raises(IdeaError) as error:
            idea_status_change(idea=idea, status=new, feedback="Besprochen.", user=moderator)
        assert str(error.value.message) == (
            f"Von „{IdeaStatus(old).label}“ kann die Idee nicht auf „{IdeaStatus(new).label}“ "
            "gesetzt werden."
        )
        idea.refresh_from_db()
        assert idea.status == old
        assert not IdeaStatusChange.objects.exists()


def test_an_idea_is_never_set_back_to_submitted():
    assert not any(IdeaStatus.SUBMITTED in targets for targets in STATUS_TRANSITIONS.values())
    assert set(STATUS_TRANSITIONS) == set(IdeaStatus)


@pytest.mark.django_db
def test_a_status_change_needs_feedback_and_a_published_idea(collection, moderator):
    idea = IdeaFactory(collection=collection)
    with pytest.raises(IdeaError, match="Rückmeldung"):
        idea_status_change(idea=idea, status=IdeaStatus.IN_REVIEW, feedback=" ", user=moderator)

    waiting = IdeaFactory(collection=collection, moderation=ModerationState.PENDING)
    with pytest.raises(NotAvailable):
        idea_status_change(
            idea=waiting, status=IdeaStatus.IN_REVIEW, feedback="Wird geprüft", user=moderator
        )
    with pytest.raises(IdeaError):
        idea_status_change(idea=idea, status="erledigt", feedback="Fertig", user=moderator)
    assert not IdeaStatusChange.objects.exists()


@pytest.mark.django_db
def test_status_change_tells_the_submitter_once_even_if_the_task_runs_twice(
    collection, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    idea = IdeaFactory(collection=collection, contact_email="erika@beteiligung.example")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change = idea_status_change(
            idea=idea,
            status=IdeaStatus.ACCEPTED,
            feedback="Der Bürgerverein stellt zwei Bänke auf.",
            user=moderator,
        )
    assert mailoutbox == []
    [mail] = mail_callbacks(callbacks)
    assert mail.args == (change.pk,)

    assert send_status_change_task(change.pk) is True
    assert send_status_change_task(change.pk) is False
    assert len(mailoutbox) == 1
    assert "Der Bürgerverein stellt zwei Bänke auf." in mailoutbox[0].body


@pytest.mark.django_db
def test_status_change_without_contact_address_sends_nothing(
    collection, idea, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        idea_status_change(
            idea=idea, status=IdeaStatus.IN_REVIEW, feedback="Wird besprochen.", user=moderator
        )
    assert mail_callbacks(callbacks) == []


# --- PostgreSQL: parallel requests --------------------------------------------------------------


def _run_in_parallel(count: int, action) -> list[str]:
    """Run `action(number)` in `count` threads released at the same moment; their outcomes."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(number):
        try:
            barrier.wait()
            outcome = action(number)
        except AlreadyDone:
            outcome = "already"
        except Exception as error:
            outcome = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_hundred_parallel_identical_supports_store_exactly_one(collection, idea):
    parallel = parallel_connections_available(wanted=100)
    visitor = _visitor(collection, "same-browser")

    def support(_number):
        support_add(idea=idea, contributor=visitor)
        return "stored"

    outcomes = _run_in_parallel(parallel, support)

    assert outcomes.count("stored") == 1
    assert outcomes.count("already") == parallel - 1
    assert Support.objects.filter(idea=idea).count() == 1
    assert _is_dirty(collection)


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_fifty_parallel_reports_hide_the_comment_once_and_all_count(collection, comment):
    parallel = parallel_connections_available(wanted=50)

    def report(number):
        hid = comment_report(comment=comment, contributor=_visitor(collection, f"r{number}"))
        return "hid" if hid else "counted"

    outcomes = _run_in_parallel(parallel, report)

    assert outcomes.count("hid") == 1
    assert outcomes.count("counted") == parallel - 1
    comment.refresh_from_db()
    assert comment.moderation == ModerationState.HIDDEN
    assert CommentReport.objects.filter(comment=comment).count() == parallel
