"""The district network's side of an idea collection in the admin: who sees what, the moderation
queue, the decisions on an idea and on comments, and what residents notice of them."""

import datetime
import io

import PIL.Image
import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import PageLogEntry

from cms.services import EDITOR_GROUP_NAME
from ideas import admin_views
from ideas.models import (
    Comment,
    Idea,
    IdeaCategory,
    IdeaStatus,
    IdeaStatusChange,
    Moderation,
    ModerationState,
    Support,
)
from ideas.selectors import idea_list
from ideas.services import (
    browser_contributor,
    comment_add,
    comment_report,
    support_add,
)
from ideas.tasks import send_status_change_task
from tests.factories import (
    DistrictPageFactory,
    IdeaCollectionPageFactory,
    IdeaFactory,
    UserFactory,
)

DENIED = "denied"  # Wagtail's admin answers PermissionDenied with a redirect to the dashboard
LOGIN = "login"
EMAIL = "erika@beteiligung.example"
DATE_STYLES = ("DATE_FORMAT", "SHORT_DATE_FORMAT")  # "21. November 2026" or "21.11.2026"


def resident(collection, number: int):
    return browser_contributor(collection=collection, browser_id=f"browser-{number}")


@pytest.fixture
def member(collection):
    return UserFactory(groups=[collection.district.network_group])


@pytest.fixture
def editor(db, home_page):
    return UserFactory(groups=[Group.objects.get(name=EDITOR_GROUP_NAME)])


@pytest.fixture
def other_collection(home_page):
    oststadt = DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )
    return IdeaCollectionPageFactory(parent=oststadt, title="Was fehlt in der Oststadt?")


@pytest.fixture
def other_member(other_collection):
    return UserFactory(groups=[other_collection.district.network_group])


@pytest.fixture
def pending(collection):
    return IdeaFactory(
        collection=collection,
        title="Bänke am Albufer",
        description="Zwischen Brücke und Spielplatz fehlt jede Sitzgelegenheit.",
        location_text="Albufer bei der Brücke",
        contact_email=EMAIL,
        moderation=ModerationState.PENDING,
    )


@pytest.fixture
def published(collection):
    return IdeaFactory(
        collection=collection,
        title="Ein Treffpunkt für alle Generationen",
        contact_email=EMAIL,
    )


@pytest.fixture
def comment(published):
    return comment_add(
        idea=published, contributor=resident(published.collection, 1), text="Gute Idee!"
    )


def url(name, collection, *args):
    return reverse(f"ideas_admin:{name}", args=[collection.pk, *args])


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _messages(response) -> list[str]:
    # Wagtail's admin messages end in the (empty) markup for their buttons.
    return [str(message).strip() for message in response.context["messages"]]


def _public(client, path):
    client.logout()
    return client.get(path)


# --- who may do what -------------------------------------------------------------------------

GET_VIEWS = [
    ("collection", ()),
    ("idea", ("idea",)),
    ("export_csv", ()),
    ("export_xlsx", ()),
]
POST_VIEWS = [
    ("idea_approve", ("idea",), {}),
    ("idea_reject", ("idea",), {"reason": "Passt nicht zur Frage."}),
    ("idea_category", ("idea",), {"category": "category"}),
    ("idea_merge", ("idea",), {"into": "target"}),
    ("idea_status", ("idea",), {"status": "in_review", "feedback": "Wir prüfen das."}),
    ("comment_approve", ("comment",), {}),
    ("comment_reject", ("comment",), {}),
]


def _args(names, idea, comment):
    return [{"idea": idea.pk, "comment": comment.pk}[name] for name in names]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), GET_VIEWS)
@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", LOGIN), ("other_member", DENIED), ("member", 200), ("editor", 200)],
)
def test_pages_permission_matrix(
    client, request, collection, published, comment, name, args, who, expected
):
    user = None if who == "anonymous" else request.getfixturevalue(who)

    response = _as(client, user).get(url(name, collection, *_args(args, published, comment)))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
    elif expected == DENIED:
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    else:
        assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args", "data"), POST_VIEWS)
@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_decisions_by_outsiders_change_nothing(
    client, request, collection, pending, published, comment, name, args, data, who
):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    target = IdeaFactory(collection=collection, title="Ziel")
    data = {
        key: {"category": collection.categories.last().pk, "target": target.pk}.get(value, value)
        for key, value in data.items()
    }
    before = list(Idea.objects.order_by("pk").values())
    comments_before = list(Comment.objects.values())
    logged_before = PageLogEntry.objects.count()

    response = _as(client, user).post(url(name, collection, *_args(args, pending, comment)), data)

    assert response.status_code == 302
    if who == "anonymous":
        assert response["Location"].startswith("/admin/login/?next=")
    else:
        assert response["Location"] == "/admin/"
    assert list(Idea.objects.order_by("pk").values()) == before
    assert list(Comment.objects.values()) == comments_before
    assert not IdeaStatusChange.objects.exists()
    assert PageLogEntry.objects.count() == logged_before


@pytest.mark.django_db
def test_outsider_is_told_why(client, collection, published, other_member):
    client.force_login(other_member)
    response = client.get(url("idea", collection, published.pk), follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert len(_messages(response)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["idea", "idea_approve", "idea_reject", "idea_status"])
def test_idea_of_another_collection_is_not_found_through_ones_own(
    client, collection, other_collection, other_member, name
):
    foreign = IdeaFactory(collection=collection, moderation=ModerationState.PENDING)
    client.force_login(other_member)
    path = url(name, other_collection, foreign.pk)

    response = (
        client.get(path)
        if name == "idea"
        else client.post(path, {"reason": "x", "status": "in_review", "feedback": "x"})
    )

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert (foreign.moderation, foreign.status) == (ModerationState.PENDING, IdeaStatus.SUBMITTED)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["comment_approve", "comment_reject"])
def test_comment_of_another_collection_is_not_found_through_ones_own(
    client, comment, other_collection, other_member, name
):
    client.force_login(other_member)
    response = client.post(url(name, other_collection, comment.pk))
    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.moderation == ModerationState.PUBLISHED


@pytest.mark.django_db
def test_unknown_collection_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(reverse("ideas_admin:collection", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_decisions_are_post_only(client, collection, pending, member):
    client.force_login(member)
    response = client.get(url("idea_approve", collection, pending.pk))
    assert response.status_code == 405
    pending.refresh_from_db()
    assert pending.moderation == ModerationState.PENDING


# --- overview, menu and buttons --------------------------------------------------------------


@pytest.mark.django_db
def test_overview_lists_own_collections_with_counts(
    client, collection, pending, published, comment, member, other_collection
):
    IdeaFactory(collection=collection, moderation=ModerationState.REJECTED)
    Comment.objects.filter(pk=comment.pk).update(moderation=ModerationState.HIDDEN)
    client.force_login(member)

    response = client.get(reverse("ideas_admin:index"))

    page = response.content.decode()
    assert "Was fehlt in Beiertheim-Bulach?" in page
    assert "Was fehlt in der Oststadt?" not in page
    (listed,) = response.context["collections"]
    assert (listed.published_count, listed.waiting_ideas, listed.waiting_comments) == (1, 1, 1)


@pytest.mark.django_db
def test_editor_overview_lists_every_district(client, collection, other_collection, editor):
    client.force_login(editor)
    page = client.get(reverse("ideas_admin:index")).content.decode()
    assert "Was fehlt in Beiertheim-Bulach?" in page
    assert "Was fehlt in der Oststadt?" in page


def _overview_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("ideas_admin:index"))  # warm the caches a page view fills once per process
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("ideas_admin:index")).status_code == 200
    return len(queries)


def _busy_collection(district_page, number):
    collection = IdeaCollectionPageFactory(parent=district_page)
    idea = IdeaFactory(collection=collection)
    IdeaFactory(collection=collection, moderation=ModerationState.PENDING)
    comment_add(idea=idea, contributor=resident(collection, number), text="Ja!")
    return collection


@pytest.mark.django_db
def test_overview_query_count_does_not_grow_with_collections(client, district_page):
    member = UserFactory(groups=[district_page.district.network_group])
    _busy_collection(district_page, 0)
    with_one = _overview_queries(client, member)

    for number in range(1, 10):
        _busy_collection(district_page, number)
    with_ten = _overview_queries(client, member)

    assert with_one == with_ten == 16


@pytest.mark.django_db
def test_collection_page_query_count_does_not_grow_with_ideas(client, collection, member):
    def queries() -> int:
        client.force_login(member)
        client.get(url("collection", collection))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("collection", collection)).status_code == 200
        return len(captured)

    IdeaFactory(collection=collection, moderation=ModerationState.PENDING)
    IdeaFactory(collection=collection)
    with_two = queries()
    for number in range(8):
        idea = IdeaFactory(collection=collection, moderation=ModerationState.PENDING)
        IdeaFactory(collection=collection)
        comment_add(
            idea=IdeaFactory(collection=collection),
            contributor=resident(collection, number),
            text="Gut",
        )
        del idea
    with_many = queries()

    assert with_two == with_many


@pytest.mark.django_db
def test_menu_item_only_for_people_who_moderate(client, collection, member, home_page):
    nobody_district = DistrictPageFactory(parent=home_page)
    without_collections = UserFactory(groups=[nobody_district.district.network_group])

    assert "/admin/ideen/" in _as(client, member).get("/admin/").content.decode()
    client.logout()
    assert "/admin/ideen/" not in _as(client, without_collections).get("/admin/").content.decode()


@pytest.mark.django_db
def test_page_listing_and_header_offer_moderation(client, collection, member, district_page):
    client.force_login(member)
    target = url("collection", collection)

    listing = client.get(f"/admin/pages/{district_page.pk}/").content.decode()
    editing = client.get(f"/admin/pages/{collection.pk}/edit/").content.decode()
    district = client.get(f"/admin/pages/{district_page.pk}/edit/").content.decode()

    assert "Ideen moderieren" in listing
    assert target in listing
    assert target in editing
    assert "Ideen moderieren" not in district


@pytest.mark.django_db
def test_collection_with_ideas_cannot_be_deleted_in_the_admin(client, collection, published):
    client.force_login(UserFactory(is_superuser=True))

    response = client.post(f"/admin/pages/{collection.pk}/delete/", follow=True)

    assert response.redirect_chain[-1] == (f"/admin/pages/{collection.pk}/edit/", 302)
    assert "hat schon Ideen und kann nicht gelöscht werden" in " ".join(_messages(response))
    assert Idea.objects.filter(pk=published.pk).exists()


@pytest.mark.django_db
def test_page_above_a_collection_with_ideas_cannot_be_deleted_in_the_admin(
    client, collection, published, district_page
):
    client.force_login(UserFactory(is_superuser=True))

    response = client.post(f"/admin/pages/{district_page.pk}/delete/", follow=True)

    assert response.redirect_chain[-1] == (f"/admin/pages/{district_page.pk}/edit/", 302)
    assert (
        "Unter „Beiertheim-Bulach“ liegt die Ideensammlung „Was fehlt in Beiertheim-Bulach?“ "
        "mit Ideen" in " ".join(_messages(response))
    )
    assert Idea.objects.filter(pk=published.pk, collection=collection).exists()
    assert type(collection).objects.filter(pk=collection.pk, live=True).exists()


@pytest.mark.django_db
def test_collection_without_ideas_can_still_be_deleted(client, collection, district_page):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(f"/admin/pages/{collection.pk}/delete/")
    assert response.status_code == 302
    assert not type(collection).objects.filter(pk=collection.pk).exists()


# --- the queue and the list ------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_shows_waiting_ideas_and_comments_to_decide(
    client, collection, pending, published, comment, member
):
    waiting_comment = Comment.objects.create(
        idea=published, collection=collection, text="Das ist Unsinn.", participant_key="x"
    )
    hidden_comment = comment_add(
        idea=published, contributor=resident(collection, 2), text="Ein gemeldeter Kommentar"
    )
    collection.report_threshold = 2
    collection.save()
    for number in (3, 4):
        comment_report(comment=hidden_comment, contributor=resident(collection, number))
    client.force_login(member)

    response = client.get(url("collection", collection))

    assert response.context["queue"]["ideas"] == [pending]
    assert [c.pk for c in response.context["queue"]["comments"]] == [
        waiting_comment.pk,
        hidden_comment.pk,
    ]
    page = response.content.decode()
    queue = page[: page.index('id="alle-ideen"')]
    assert "Bänke am Albufer" in queue
    assert "Zwischen Brücke und Spielplatz fehlt jede Sitzgelegenheit." in queue
    assert "Albufer bei der Brücke" in queue
    assert "Themenfeld: Begegnung" in queue
    assert timezone.localtime(pending.created_at).strftime("%d.%m.%Y") in queue
    assert "Das ist Unsinn." in queue
    assert "Ein gemeldeter Kommentar" in queue
    assert "2 Meldungen" in queue
    assert "nach Meldungen ausgeblendet" in queue
    assert "Ein Treffpunkt für alle Generationen" in queue  # the idea a comment belongs to
    assert "Gute Idee!" not in queue  # published comments wait for nothing
    assert EMAIL not in page


@pytest.mark.django_db
def test_queue_shows_a_thumbnail_with_its_description(client, collection, pending, member):
    photo = io.BytesIO()
    PIL.Image.new("RGB", (80, 60), "green").save(photo, "JPEG")
    pending.image.save("bank.jpg", ContentFile(photo.getvalue()), save=False)
    pending.image_alt = "Ein leeres Ufer ohne Bank"
    pending.save()
    client.force_login(member)

    page = client.get(url("collection", collection)).content.decode()

    assert f'src="{pending.image.url}" alt="Ein leeres Ufer ohne Bank"' in page
    assert 'width="80" height="60"' in page


@pytest.mark.django_db
def test_list_filters_by_moderation_status_and_category(client, collection, pending, member):
    grün = IdeaCategory.objects.get(page=collection, name="Grün")
    accepted = IdeaFactory(collection=collection, status=IdeaStatus.ACCEPTED, category=grün)
    plain = IdeaFactory(collection=collection)
    client.force_login(member)

    def listed(**params):
        response = client.get(url("collection", collection), params)
        return [idea.pk for idea in response.context["ideas"]]

    assert listed() == [plain.pk, accepted.pk, pending.pk]
    assert listed(moderation="pending") == [pending.pk]
    assert listed(status="accepted") == [accepted.pk]
    assert listed(category=grün.pk) == [accepted.pk]
    assert listed(moderation="published", category=grün.pk) == [accepted.pk]
    # A value that does not fit is ignored, never an error.
    assert listed(moderation="egal", status="<script>", category="x") == listed()


@pytest.mark.django_db
def test_list_is_paginated_and_keeps_the_filters(client, collection, member):
    ideas = [IdeaFactory(collection=collection) for _ in range(admin_views.IDEAS_PER_PAGE + 1)]
    client.force_login(member)

    first = client.get(url("collection", collection), {"moderation": "published"})
    second = client.get(url("collection", collection), {"moderation": "published", "p": 2})

    assert len(first.context["ideas"]) == admin_views.IDEAS_PER_PAGE
    assert "?moderation=published&amp;p=2" in first.content.decode()
    assert [idea.pk for idea in second.context["ideas"]] == [ideas[0].pk]
    assert client.get(url("collection", collection), {"p": "999"}).status_code == 200


# --- one idea --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_idea_page_shows_everything_but_the_email_address(
    client, collection, pending, published, member
):
    client.force_login(member)

    page = client.get(url("idea", collection, pending.pk)).content.decode()

    assert "Bänke am Albufer" in page
    assert "Albufer bei der Brücke" in page
    assert "wartet auf Freigabe" in page
    assert "Rückmeldung gewünscht" in page
    assert "<dd>ja</dd>" in page
    assert EMAIL not in page
    for action in ("idea_approve", "idea_reject", "idea_category", "idea_merge"):
        assert url(action, collection, pending.pk) in page
    # The status changes once the idea is public.
    assert url("idea_status", collection, pending.pk) not in page


@pytest.mark.django_db
def test_idea_without_contact_says_no(client, collection, member):
    idea = IdeaFactory(collection=collection)
    client.force_login(member)
    page = client.get(url("idea", collection, idea.pk)).content.decode()
    assert "<dd>nein</dd>" in page
    assert "keine E-Mail-Adresse hinterlassen" in page


@pytest.mark.django_db
def test_approve_makes_the_idea_public(client, collection, pending, member):
    collection.moderation = Moderation.BEFORE
    collection.save()
    public_path = collection.idea_url(pending)
    assert _public(client, public_path).status_code == 404
    client.force_login(member)

    response = client.post(url("idea_approve", collection, pending.pk), follow=True)

    assert response.redirect_chain == [(url("idea", collection, pending.pk), 302)]
    assert "ist freigegeben und öffentlich sichtbar" in " ".join(_messages(response))
    pending.refresh_from_db()
    assert (pending.moderation, pending.moderated_by) == (ModerationState.PUBLISHED, member)
    assert list(idea_list(collection=collection)) == [pending]
    assert _public(client, public_path).status_code == 200
    entry = PageLogEntry.objects.get(page=collection, action="ideas.idea_approve")
    assert entry.user == member


@pytest.mark.django_db
def test_approve_from_the_queue_returns_to_the_queue(client, collection, pending, member):
    client.force_login(member)
    back = url("collection", collection) + "#warten-ideen"
    response = client.post(url("idea_approve", collection, pending.pk), {"next": back})
    assert response["Location"] == back


@pytest.mark.django_db
def test_approving_twice_is_refused_with_a_message(client, collection, published, member):
    client.force_login(member)
    response = client.post(url("idea_approve", collection, published.pk))
    assert response.status_code == 400
    assert "Diese Idee ist schon veröffentlicht." in _messages(response)


@pytest.mark.django_db
def test_reject_with_reason_hides_the_idea_and_emails_the_reason_once(
    client,
    collection,
    published,
    member,
    mailoutbox,
    django_capture_on_commit_callbacks,
    tasks_in_process,
):
    public_path = collection.idea_url(published)
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("idea_reject", collection, published.pk),
            {"reason": "Das liegt außerhalb des Stadtteils."},
            follow=True,
        )

    assert "ist abgelehnt und nicht öffentlich sichtbar" in " ".join(_messages(response))
    assert "bekommt eine E-Mail" in " ".join(_messages(response))
    published.refresh_from_db()
    assert published.moderation == ModerationState.REJECTED
    assert published.rejection_reason == "Das liegt außerhalb des Stadtteils."
    assert list(idea_list(collection=collection)) == []
    assert _public(client, public_path).status_code == 404
    (mail,) = mailoutbox
    assert mail.to == [EMAIL]
    assert "Das liegt außerhalb des Stadtteils." in mail.body
    assert published.rejection_notified_at is not None


@pytest.mark.django_db
def test_reject_without_contact_sends_nothing(
    client, collection, member, mailoutbox, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(collection=collection)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("idea_reject", collection, idea.pk), {"reason": "Doppelt."})
    idea.refresh_from_db()
    assert idea.moderation == ModerationState.REJECTED
    assert mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_without_reason_is_refused(
    client, collection, published, member, mailoutbox, django_capture_on_commit_callbacks, reason
):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("idea_reject", collection, published.pk), {"reason": reason})

    assert response.status_code == 400
    assert "Bitte geben Sie einen Grund an." in _messages(response)
    assert 'aria-invalid="true"' in response.content.decode()
    published.refresh_from_db()
    assert published.moderation == ModerationState.PUBLISHED
    assert mailoutbox == []
    assert not PageLogEntry.objects.filter(action="ideas.idea_reject").exists()


@pytest.mark.django_db
def test_reject_reason_too_long_is_refused(client, collection, published, member):
    client.force_login(member)
    response = client.post(
        url("idea_reject", collection, published.pk),
        {"reason": "x" * (admin_views.REASON_MAX_LENGTH + 1)},
    )
    assert response.status_code == 400
    published.refresh_from_db()
    assert published.moderation == ModerationState.PUBLISHED


@pytest.mark.django_db
def test_recategorize(client, collection, published, member):
    grün = IdeaCategory.objects.get(page=collection, name="Grün")
    client.force_login(member)

    response = client.post(
        url("idea_category", collection, published.pk), {"category": grün.pk}, follow=True
    )

    assert "gehört jetzt zum Themenfeld „Grün“" in " ".join(_messages(response))
    published.refresh_from_db()
    assert published.category == grün


@pytest.mark.django_db
def test_category_of_another_collection_is_refused(
    client, collection, published, other_collection, member
):
    foreign = other_collection.categories.first()
    client.force_login(member)

    response = client.post(url("idea_category", collection, published.pk), {"category": foreign.pk})

    assert response.status_code == 400
    assert "Bitte wählen Sie ein Themenfeld dieser Ideensammlung." in _messages(response)
    published.refresh_from_db()
    assert published.category.name == "Begegnung"


@pytest.mark.django_db
def test_merge_moves_supports_and_the_old_address_leads_to_the_target(
    client, collection, published, member
):
    duplicate = IdeaFactory(collection=collection, title="Treffpunkt für Jung und Alt")
    for number in (1, 2):
        support_add(idea=duplicate, contributor=resident(collection, number))
    support_add(idea=published, contributor=resident(collection, 2))  # supported both
    support_add(idea=published, contributor=resident(collection, 3))
    client.force_login(member)

    page = client.get(url("idea", collection, duplicate.pk)).content.decode()
    response = client.post(
        url("idea_merge", collection, duplicate.pk), {"into": published.pk}, follow=True
    )

    assert "Alle Unterstützungen gehen auf die gewählte Idee über" in page
    assert f"Nr. {published.pk}: Ein Treffpunkt für alle Generationen" in page
    assert response.redirect_chain == [(url("idea", collection, published.pk), 302)]
    assert "ihre Unterstützungen zählen jetzt hier" in " ".join(_messages(response))
    duplicate.refresh_from_db()
    assert (duplicate.moderation, duplicate.merged_into) == (ModerationState.MERGED, published)
    assert Support.objects.filter(idea=published).count() == 3
    assert not Support.objects.filter(idea=duplicate).exists()
    old_address = _public(client, collection.idea_url(duplicate))
    assert (old_address.status_code, old_address["Location"]) == (
        302,
        collection.idea_url(published),
    )


@pytest.mark.django_db
def test_merge_offers_only_published_ideas_of_the_same_collection(
    client, collection, pending, published, other_collection, member
):
    rejected = IdeaFactory(collection=collection, moderation=ModerationState.REJECTED)
    foreign = IdeaFactory(collection=other_collection)
    client.force_login(member)

    offered = client.get(url("idea", collection, pending.pk)).context["merge_form"]
    choices = list(offered.fields["into"].queryset)
    refused = [
        client.post(url("idea_merge", collection, pending.pk), {"into": target})
        for target in (rejected.pk, foreign.pk, pending.pk, "")
    ]

    assert choices == [published]
    assert [response.status_code for response in refused] == [400] * 4
    assert "Zusammenführen geht nur mit einer anderen veröffentlichten Idee" in " ".join(
        _messages(refused[0])
    )
    pending.refresh_from_db()
    assert pending.moderation == ModerationState.PENDING


@pytest.mark.django_db
def test_status_change_is_public_with_feedback_and_date_and_emailed_once(
    client,
    collection,
    published,
    member,
    mailoutbox,
    django_capture_on_commit_callbacks,
    tasks_in_process,
):
    client.force_login(member)
    page = client.get(url("idea", collection, published.pk))
    offered = [value for value, _label in page.context["status_form"].fields["status"].choices]
    feedback = "Der Bürgerverein hat die Idee am Montag besprochen und unterstützt sie."

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("idea_status", collection, published.pk),
            {"status": IdeaStatus.ACCEPTED, "feedback": feedback},
            follow=True,
        )

    assert offered == ["", "in_review", "accepted", "declined"]
    assert "steht jetzt auf „angenommen“" in " ".join(_messages(response))
    change = IdeaStatusChange.objects.get(idea=published)
    assert (change.status, change.changed_by) == (IdeaStatus.ACCEPTED, member)
    detail = _public(client, collection.idea_url(published)).content.decode()
    assert feedback in detail
    assert "angenommen" in detail
    changed_on = timezone.localtime(change.created_at)
    assert any(date_format(changed_on, style) in detail for style in DATE_STYLES)
    (mail,) = mailoutbox
    assert mail.to == [EMAIL]
    assert feedback in mail.body
    # A worker that runs the task again (acks_late after a crash) sends nothing more.
    assert send_status_change_task.apply(args=[change.pk]).get() is False
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_forbidden_transition_is_refused_with_a_message(
    client, collection, published, member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("idea_status", collection, published.pk),
            {"status": IdeaStatus.DONE, "feedback": "Schon erledigt."},
        )

    assert response.status_code == 400
    assert "Von „eingegangen“ kann die Idee nicht auf „umgesetzt“ gesetzt werden." in _messages(
        response
    )
    published.refresh_from_db()
    assert published.status == IdeaStatus.SUBMITTED
    assert not IdeaStatusChange.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "accepted", "feedback": " "}, "Bitte schreiben Sie eine Rückmeldung"),
        ({"status": "", "feedback": "Gut."}, "Bitte wählen Sie den neuen Stand."),
        ({"status": "vielleicht", "feedback": "Gut."}, "keine gültige Auswahl"),
    ],
)
def test_status_change_needs_a_status_and_feedback(
    client, collection, published, member, data, message
):
    client.force_login(member)
    response = client.post(url("idea_status", collection, published.pk), data)
    assert response.status_code == 400
    assert message in " ".join(_messages(response))
    assert not IdeaStatusChange.objects.exists()


@pytest.mark.django_db
def test_status_of_an_unpublished_idea_is_refused(client, collection, pending, member):
    client.force_login(member)
    response = client.post(
        url("idea_status", collection, pending.pk), {"status": "in_review", "feedback": "Gut."}
    )
    assert response.status_code == 403
    assert "Diese Idee ist nicht (mehr) veröffentlicht." in _messages(response)
    assert not IdeaStatusChange.objects.exists()


# --- comments --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_comment_approve_publishes_a_waiting_comment(client, collection, published, member):
    waiting = Comment.objects.create(
        idea=published, collection=collection, text="Wann geht es los?", participant_key="x"
    )
    client.force_login(member)

    response = client.post(url("comment_approve", collection, waiting.pk), follow=True)

    assert response.redirect_chain == [(url("collection", collection), 302)]
    assert f"Kommentar Nr. {waiting.pk} ist veröffentlicht." in _messages(response)
    waiting.refresh_from_db()
    assert waiting.moderation == ModerationState.PUBLISHED
    assert "Wann geht es los?" in _public(client, collection.idea_url(published)).content.decode()


@pytest.mark.django_db
def test_comment_reject_hides_it(client, collection, published, comment, member):
    client.force_login(member)
    back = url("idea", collection, published.pk) + "#kommentare"

    response = client.post(url("comment_reject", collection, comment.pk), {"next": back})

    assert response["Location"] == back
    comment.refresh_from_db()
    assert comment.moderation == ModerationState.REJECTED
    assert "Gute Idee!" not in _public(client, collection.idea_url(published)).content.decode()


@pytest.mark.django_db
def test_reported_comment_kept_by_a_moderator_is_not_hidden_again(
    client, collection, comment, member
):
    collection.report_threshold = 2
    collection.save()
    for number in (2, 3):
        comment_report(comment=comment, contributor=resident(collection, number))
    comment.refresh_from_db()
    assert comment.moderation == ModerationState.HIDDEN
    client.force_login(member)

    response = client.post(url("comment_approve", collection, comment.pk), follow=True)
    for number in (4, 5, 6):
        comment_report(comment=comment, contributor=resident(collection, number))

    assert "weitere Meldungen blenden ihn nicht mehr aus" in " ".join(_messages(response))
    comment.refresh_from_db()
    assert (comment.moderation, comment.kept_after_reports) == (ModerationState.PUBLISHED, True)
    assert comment.reports.count() == 5
    queue = client.get(url("collection", collection)).context["queue"]
    assert queue["comments"] == []


@pytest.mark.django_db
def test_idea_page_lists_its_comments_with_actions(client, collection, published, comment, member):
    client.force_login(member)
    page = client.get(url("idea", collection, published.pk)).content.decode()
    assert "Gute Idee!" in page
    assert url("comment_reject", collection, comment.pk) in page
    assert url("comment_approve", collection, comment.pk) not in page  # already public


@pytest.mark.django_db
def test_closed_collection_can_still_be_answered(client, collection, published, member):
    collection.closes_at = timezone.now() - datetime.timedelta(days=1)
    collection.save()
    client.force_login(member)
    response = client.post(
        url("idea_status", collection, published.pk),
        {"status": "in_review", "feedback": "Wir prüfen das jetzt."},
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == IdeaStatus.IN_REVIEW
