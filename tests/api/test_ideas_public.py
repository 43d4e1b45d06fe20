"""Idea collections through the API: the lists and an idea's page as residents read them, and
submitting, supporting, commenting and reporting with the web's rules (period, account mode,
one support per participant, honeypot, place inside the district, rate limits)."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from wagtail.models import PageViewRestriction

from beteiligung.api.participants import PARTICIPANT_HEADER
from beteiligung.browser_id import BROWSER_COOKIE
from ideas.models import (
    Comment,
    CommentReport,
    Idea,
    IdeaStatusChange,
    Moderation,
    ModerationState,
    Participation,
    Support,
)
from tests.api.conftest import client_for
from tests.factories import IdeaCollectionPageFactory, IdeaFactory
from tests.factories.ideas import INSIDE, OUTSIDE, SQUARE_BOUNDARY

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "member_a", "member_b", "editor"]


@pytest.fixture
def as_role(request):
    """An API client for a role name of ROLES (the key of that user, or none)."""

    def make(role: str):
        if role == "anonymous":
            return client_for(None)
        return client_for(request.getfixturevalue(role))

    return make


@pytest.fixture
def square_collection(district_a_page):
    """Collection A's district with a boundary, so map points can be checked."""
    district = district_a_page.district
    district.boundary = SQUARE_BOUNDARY
    district.save(update_fields=["boundary"])
    return IdeaCollectionPageFactory(parent=district_a_page, title="Ideen mit Karte")


@pytest.fixture
def closed_collection(district_a_page):
    now = timezone.now()
    return IdeaCollectionPageFactory(
        parent=district_a_page,
        title="Vorbei",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )


@pytest.fixture
def account_collection(district_a_page):
    return IdeaCollectionPageFactory(
        parent=district_a_page, title="Nur mit Konto", participation=Participation.ACCOUNT
    )


def ideas_url(collection) -> str:
    return f"/api/v1/collections/{collection.pk}/ideas/"


def idea_body(collection, **fields) -> dict:
    body = {
        "title": "Trinkbrunnen am Marktplatz",
        "description": "Im Sommer fehlt Wasser für alle, die unterwegs sind.",
        "category": collection.categories.first().pk,
    }
    return {**body, **fields}


def submit(client, collection, **fields):
    """POST an idea; upper-case HTTP_* keywords are request headers, the rest body fields."""
    headers = {key: value for key, value in fields.items() if key.startswith("HTTP_")}
    body = idea_body(collection, **{k: v for k, v in fields.items() if k not in headers})
    return client.post(ideas_url(collection), body, format="json", **headers)


def support_url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/support/"


def comments_url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/comments/"


def report_url(comment) -> str:
    return f"/api/v1/comments/{comment.pk}/report/"


def published_comment(idea, **fields) -> Comment:
    values = {
        "idea": idea,
        "collection_id": idea.collection_id,
        "text": "Gute Idee!",
        "participant_key": "browser:other",
        "moderation": ModerationState.PUBLISHED,
        **fields,
    }
    return Comment.objects.create(**values)


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


# --- collections -----------------------------------------------------------------------------


def test_collection_list_shows_live_public_collections_with_their_rules(
    api, home_page, collection_a, collection_b, district_a_page
):
    city_wide = IdeaCollectionPageFactory(
        parent=home_page, title="Ideen für die ganze Stadt", categories=["Verkehr"]
    )
    IdeaCollectionPageFactory(parent=district_a_page, title="Entwurf", live=False)
    private = IdeaCollectionPageFactory(parent=district_a_page, title="Passwort")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    IdeaFactory(collection=collection_a)
    IdeaFactory(collection=collection_a)
    IdeaFactory(collection=collection_a, moderation=ModerationState.PENDING)
    IdeaFactory(collection=collection_a, moderation=ModerationState.REJECTED)

    response = api.get("/api/v1/collections/")

    assert response.status_code == 200
    assert sorted(ids(response)) == sorted([collection_a.pk, collection_b.pk, city_wide.pk])
    item = next(i for i in response.json()["results"] if i["id"] == collection_a.pk)
    assert set(item) == {
        "id",
        "title",
        "question",
        "intro",
        "district",
        "state",
        "opens_at",
        "closes_at",
        "participation",
        "moderation",
        "supports_enabled",
        "comments_enabled",
        "location_enabled",
        "url",
        "categories",
        "idea_count",
    }
    assert item["title"] == "Ideen für die Südweststadt"
    assert item["district"] == {"slug": "suedweststadt", "name": "Südweststadt"}
    assert item["state"] == "open"
    assert item["participation"] == "anonymous"
    assert item["moderation"] == "after"
    assert item["idea_count"] == 2  # published only
    assert [c["name"] for c in item["categories"]] == ["Begegnung", "Wohnen", "Mobilität", "Grün"]
    assert item["url"] == collection_a.get_full_url()  # the site's address, not the API's
    city = next(i for i in response.json()["results"] if i["id"] == city_wide.pk)
    assert city["district"] is None
    assert city["idea_count"] == 0


def test_collection_list_filters_by_district_city_wide_and_state(
    api, home_page, collection_a, collection_b, closed_collection, district_a_page
):
    city_wide = IdeaCollectionPageFactory(parent=home_page, title="Stadtweit")
    later = IdeaCollectionPageFactory(
        parent=district_a_page,
        title="Bald",
        opens_at=timezone.now() + datetime.timedelta(days=3),
    )

    in_a = api.get("/api/v1/collections/?district=suedweststadt")
    whole_city = api.get("/api/v1/collections/?city_wide=true")
    districts = api.get("/api/v1/collections/?city_wide=false")
    closed = api.get("/api/v1/collections/?state=closed")
    not_open = api.get("/api/v1/collections/?state=not_open")
    open_in_a = api.get("/api/v1/collections/?state=open&district=suedweststadt")

    assert sorted(ids(in_a)) == sorted([collection_a.pk, closed_collection.pk, later.pk])
    assert ids(whole_city) == [city_wide.pk]
    assert city_wide.pk not in ids(districts) and len(ids(districts)) == 4
    assert ids(closed) == [closed_collection.pk]
    assert closed.json()["results"][0]["state"] == "closed"
    assert ids(not_open) == [later.pk]
    assert ids(open_in_a) == [collection_a.pk]


def test_collection_list_ordering(api, collection_a, collection_b, closed_collection):
    by_title = api.get("/api/v1/collections/?ordering=-title")
    by_end = api.get("/api/v1/collections/?ordering=closes_at")

    assert [i["title"] for i in by_title.json()["results"]] == [
        "Vorbei",
        "Ideen für die Südweststadt",
        "Ideen für die Oststadt",
    ]
    # PostgreSQL and SQLite sort NULL differently; the one with an end is there.
    assert closed_collection.pk in ids(by_end)


@pytest.mark.parametrize(
    "query, field",
    [
        ("state=vielleicht", "state"),
        ("city_wide=vielleicht", "city_wide"),
        ("ordering=idea_count", "ordering"),
        ("page_size=1000", "page_size"),
    ],
)
def test_collection_list_refuses_bad_parameters(api, collection_a, query, field):
    """An unknown district is no error, just no collections (as for surveys and news)."""
    response = api.get(f"/api/v1/collections/?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]


@pytest.mark.parametrize("count", [3, 15])
def test_collection_list_costs_the_same_queries_for_any_length(
    api, district_a_page, count, django_assert_num_queries
):
    for number in range(count):
        collection = IdeaCollectionPageFactory(parent=district_a_page, title=f"Sammlung {number}")
        IdeaFactory(collection=collection)
    api.get("/api/v1/collections/")  # Wagtail caches the site's root paths on the first request

    # view restrictions (.public()), count, page, categories
    with django_assert_num_queries(4):
        response = api.get("/api/v1/collections/?page_size=100")

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_same_public_collections(as_role, role, collection_a, collection_b):
    draft = IdeaCollectionPageFactory(parent=collection_a.get_parent(), live=False)

    listing = as_role(role).get("/api/v1/collections/")
    draft_detail = as_role(role).get(f"/api/v1/collections/{draft.pk}/")

    assert listing.status_code == 200
    assert sorted(ids(listing)) == sorted([collection_a.pk, collection_b.pk])
    assert draft_detail.status_code == 404


def test_collection_detail_is_the_list_item(api, collection_a):
    listing = api.get("/api/v1/collections/")
    detail = api.get(f"/api/v1/collections/{collection_a.pk}/")

    assert detail.status_code == 200
    assert detail.json() == listing.json()["results"][0]


def test_collection_detail_of_a_draft_another_page_or_nothing_is_404(
    api, district_a_page, collection_a
):
    draft = IdeaCollectionPageFactory(parent=district_a_page, live=False)

    for pk in (draft.pk, district_a_page.pk, 999_999):
        response = api.get(f"/api/v1/collections/{pk}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


# --- the ideas of a collection -------------------------------------------------------------------


def test_idea_list_shows_published_ideas_without_private_fields(api, square_collection):
    idea = IdeaFactory(
        collection=square_collection,
        title="Bank im Schatten",
        location_text="Spielplatz Breite Straße",
        contact_email="erika@beispiel.de",
        **INSIDE,
    )
    IdeaStatusChange.objects.create(idea=idea, status="in_review", feedback="Wir prüfen das.")
    IdeaStatusChange.objects.create(idea=idea, status="accepted", feedback="Wird gemacht.")
    Idea.objects.filter(pk=idea.pk).update(status="accepted")
    Support.objects.create(idea=idea, collection=square_collection, participant_key="user:1")
    published_comment(idea)
    published_comment(idea, moderation=ModerationState.PENDING)
    target = IdeaFactory(collection=square_collection, title="Ziel")
    IdeaFactory(collection=square_collection, moderation=ModerationState.PENDING)
    IdeaFactory(collection=square_collection, moderation=ModerationState.REJECTED)
    IdeaFactory(collection=square_collection, moderation=ModerationState.MERGED, merged_into=target)

    response = api.get(ideas_url(square_collection))

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert ids(response) == [target.pk, idea.pk]  # newest first
    item = response.json()["results"][1]
    assert set(item) == {
        "id",
        "title",
        "description",
        "category",
        "status",
        "status_label",
        "feedback",
        "support_count",
        "comment_count",
        "location",
        "image",
        "created_at",
        "url",
    }
    assert item["category"] == {
        "id": square_collection.categories.first().pk,
        "name": "Begegnung",
    }
    assert item["status"] == "accepted"
    assert item["status_label"] == "angenommen"
    assert item["feedback"]["text"] == "Wird gemacht."
    assert item["support_count"] == 1
    assert item["comment_count"] == 1
    assert item["location"] == {
        "text": "Spielplatz Breite Straße",
        "latitude": 48.995,
        "longitude": 8.39,
    }
    assert item["image"] is None
    assert item["url"] == f"{square_collection.get_full_url()}idee/{idea.pk}/"
    assert "erika@beispiel.de" not in response.content.decode()
    assert response.json()["results"][0]["feedback"] is None
    assert response.json()["results"][0]["location"] is None


def test_idea_list_filters_and_sorts_through_the_selector(api, collection_a):
    begegnung, wohnen = collection_a.categories.all()[:2]
    bench = IdeaFactory(collection=collection_a, category=begegnung, title="Bank am Platz")
    flat = IdeaFactory(collection=collection_a, category=wohnen, title="Wohnungstausch")
    Idea.objects.filter(pk=flat.pk).update(status="in_review")
    Support.objects.create(idea=bench, collection=collection_a, participant_key="user:1")
    Support.objects.create(idea=bench, collection=collection_a, participant_key="user:2")

    by_category = api.get(f"{ideas_url(collection_a)}?category={wohnen.pk}")
    by_status = api.get(f"{ideas_url(collection_a)}?status=in_review")
    by_words = api.get(f"{ideas_url(collection_a)}?q=wohnungs")
    newest = api.get(ideas_url(collection_a))
    most_supported = api.get(f"{ideas_url(collection_a)}?ordering=-support_count")

    assert ids(by_category) == [flat.pk]
    assert ids(by_status) == [flat.pk]
    assert ids(by_words) == [flat.pk]
    assert ids(newest) == [flat.pk, bench.pk]
    assert ids(most_supported) == [bench.pk, flat.pk]


@pytest.mark.parametrize(
    "query, field",
    [
        ("ordering=title", "ordering"),
        ("ordering=support_count", "ordering"),
        ("status=fertig", "status"),
        ("category=eins", "category"),
        ("category=1.5", "category"),
    ],
)
def test_idea_list_refuses_bad_parameters(api, collection_a, query, field):
    response = api.get(f"{ideas_url(collection_a)}?{query}")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_ideas_of_a_draft_collection_are_404(api, district_a_page):
    draft = IdeaCollectionPageFactory(parent=district_a_page, live=False)
    IdeaFactory(collection=draft)

    assert api.get(ideas_url(draft)).status_code == 404
    assert submit(api, draft).status_code == 404
    assert Idea.objects.count() == 1


@pytest.mark.parametrize("count", [3, 15])
def test_idea_list_costs_the_same_queries_for_any_length(
    api, square_collection, count, django_assert_num_queries
):
    categories = list(square_collection.categories.all())
    for number in range(count):
        idea = IdeaFactory(
            collection=square_collection,
            category=categories[number % len(categories)],
            location_text="Marktplatz",
            **INSIDE,
        )
        IdeaStatusChange.objects.create(idea=idea, status="in_review", feedback="Wir prüfen.")
    api.get(ideas_url(square_collection))  # Wagtail caches the site's root paths

    # collection: view restrictions, page, categories; ideas: count, page, status changes
    with django_assert_num_queries(6):
        response = api.get(f"{ideas_url(square_collection)}?page_size=100")

    assert len(response.json()["results"]) == count


# --- submitting an idea --------------------------------------------------------------------------


def test_anonymous_idea_is_published_with_a_participant_id(api, collection_a):
    response = submit(api, collection_a, contact_email="Erika@Beispiel.de")

    assert response.status_code == 201
    body = response.json()
    assert body["published"] is True
    assert body["message"].startswith("Ihre Idee ist gespeichert und schon für alle sichtbar.")
    assert body["participant_id"] == response[PARTICIPANT_HEADER]
    assert body["url"].endswith(f"idee/{body['id']}/")
    assert body["support_count"] == 0 and body["feedback"] is None
    assert "contact_email" not in body
    idea = Idea.objects.get()
    assert idea.author is None
    assert idea.contact_email == "erika@beispiel.de"  # sending it is the consent
    assert idea.moderation == ModerationState.PUBLISHED
    assert ids(api.get(ideas_url(collection_a))) == [idea.pk]


def test_idea_waiting_for_moderation_is_not_listed(api, district_a_page):
    moderated = IdeaCollectionPageFactory(parent=district_a_page, moderation=Moderation.BEFORE)

    response = submit(api, moderated)

    assert response.status_code == 201
    assert response.json()["published"] is False
    assert response.json()["url"] is None
    assert "Moderation" in response.json()["message"]
    idea = Idea.objects.get()
    assert idea.moderation == ModerationState.PENDING
    assert api.get(ideas_url(moderated)).json()["count"] == 0
    assert api.get(f"/api/v1/ideas/{idea.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["resident", "member_b", "editor"])
def test_idea_with_a_key_counts_by_account(request, as_role, role, collection_a):
    user = request.getfixturevalue(role)

    response = submit(as_role(role), collection_a)

    assert response.status_code == 201
    assert response.json()["participant_id"] is None
    assert PARTICIPANT_HEADER not in response
    assert Idea.objects.get().author == user


def test_closed_or_not_yet_open_collection_refuses_ideas(api, district_a_page, closed_collection):
    later = IdeaCollectionPageFactory(
        parent=district_a_page, opens_at=timezone.now() + datetime.timedelta(days=1)
    )

    closed = submit(api, closed_collection)
    too_early = submit(client_for(None), later)

    assert closed.status_code == 403
    assert closed.json()["code"] == "closed"
    assert too_early.status_code == 403
    assert too_early.json()["code"] == "not_open"
    assert PARTICIPANT_HEADER not in closed
    assert not Idea.objects.exists()


def test_account_collection_refuses_anonymous_and_takes_a_resident(
    api, resident, account_collection
):
    anonymous = submit(api, account_collection)
    with_key = submit(client_for(resident), account_collection)

    assert anonymous.status_code == 403
    assert anonymous.json()["code"] == "account_required"
    assert with_key.status_code == 201
    assert Idea.objects.get().author == resident


def test_honeypot_is_400_and_stores_nothing(api, collection_a):
    response = submit(api, collection_a, website="https://spam.example")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]
    assert PARTICIPANT_HEADER not in response
    assert not Idea.objects.exists()


def test_unknown_field_is_400_and_stores_nothing(api, collection_a):
    response = submit(api, collection_a, image="data:image/png;base64,AAAA")

    assert response.status_code == 400
    assert response.json()["errors"] == {"image": ["Unbekanntes Feld."]}
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": ["Bank"]}, "title"),
        ({"description": {"text": "x"}}, "description"),
        ({"category": "eins"}, "category"),
        ({"latitude": "nord", "longitude": "8.39"}, "latitude"),
        ({"latitude": 120, "longitude": 8.39}, "latitude"),
        ({"contact_email": "keine-adresse"}, "contact_email"),
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
    ],
)
def test_wrong_types_and_values_are_field_errors(api, square_collection, fields, field):
    response = submit(api, square_collection, **fields)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]
    assert not Idea.objects.exists()


def test_form_rules_apply_as_on_the_web(api, collection_a, collection_b):
    missing_category = submit(api, collection_a, category=None)
    foreign_category = submit(api, collection_a, category=collection_b.categories.first().pk)
    half_point = submit(api, collection_a, latitude="48.995")

    assert missing_category.status_code == 400
    assert missing_category.json()["errors"]["category"] == ["Bitte wählen Sie ein Themenfeld."]
    assert foreign_category.status_code == 400
    assert "category" in foreign_category.json()["errors"]
    assert half_point.status_code == 400
    assert "latitude" in half_point.json()["errors"]
    assert not Idea.objects.exists()


def test_messages_in_english_with_accept_language(api, collection_a):
    response = submit(api, collection_a, category=None, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["errors"]["category"] == ["Please choose a topic."]


def test_point_outside_the_district_is_400_inside_is_stored(api, square_collection):
    outside = submit(api, square_collection, location_text="Weit weg", **OUTSIDE)
    inside = submit(api, square_collection, location_text="Am Spielplatz", **INSIDE)

    assert outside.status_code == 400
    assert "außerhalb des Stadtteils" in outside.json()["errors"]["latitude"][0]
    assert inside.status_code == 201
    assert inside.json()["location"] == {
        "text": "Am Spielplatz",
        "latitude": 48.995,
        "longitude": 8.39,
    }
    assert Idea.objects.count() == 1


def test_place_fields_where_the_collection_has_no_map_are_400(api, district_a_page):
    no_map = IdeaCollectionPageFactory(parent=district_a_page, location_enabled=False)

    response = submit(api, no_map, location_text="Marktplatz")

    assert response.status_code == 400
    assert "location_text" in response.json()["errors"]
    assert not Idea.objects.exists()


def test_too_many_ideas_are_429_with_retry_after(api, collection_a, settings):
    settings.IDEA_SUBMISSIONS_PER_MINUTE = 1
    cache.clear()

    first = submit(api, collection_a)
    second = submit(api, collection_a, title="Noch eine Idee")

    assert first.status_code == 201
    assert second.status_code == 429
    assert second.json()["code"] == "throttled"
    assert 1 <= int(second["Retry-After"]) <= 60
    assert Idea.objects.count() == 1
    cache.clear()


def test_reading_does_not_count_against_the_write_budget(api, collection_a, settings):
    settings.IDEA_SUBMISSIONS_PER_MINUTE = 1
    cache.clear()

    for _number in range(3):
        assert api.get(ideas_url(collection_a)).status_code == 200
    assert submit(api, collection_a).status_code == 201
    cache.clear()


# --- one idea ------------------------------------------------------------------------------------


def test_idea_detail_has_history_counts_and_place(api, square_collection):
    idea = IdeaFactory(
        collection=square_collection,
        location_text="Marktplatz",
        contact_email="erika@beispiel.de",
        **INSIDE,
    )
    IdeaStatusChange.objects.create(idea=idea, status="in_review", feedback="Wir prüfen das.")
    IdeaStatusChange.objects.create(idea=idea, status="accepted", feedback="Wird gemacht.")
    Support.objects.create(idea=idea, collection=square_collection, participant_key="user:1")

    response = api.get(f"/api/v1/ideas/{idea.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["collection"] == {"id": square_collection.pk, "title": "Ideen mit Karte"}
    assert [(h["status"], h["text"]) for h in body["history"]] == [
        ("in_review", "Wir prüfen das."),
        ("accepted", "Wird gemacht."),
    ]
    assert body["history"][1]["status_label"] == "angenommen"
    assert body["feedback"]["text"] == "Wird gemacht."
    assert body["support_count"] == 1
    assert body["location"]["text"] == "Marktplatz"
    for private in ("contact_email", "author", "moderation", "rejection_reason"):
        assert private not in body
    assert "erika@beispiel.de" not in response.content.decode()


def test_idea_image_is_an_absolute_url_with_its_description(api, collection_a):
    picture = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(picture, format="PNG")
    idea = IdeaFactory(collection=collection_a, image_alt="Grüne Wiese")
    idea.image.save("wiese.png", ContentFile(picture.getvalue()))

    image = api.get(f"/api/v1/ideas/{idea.pk}/").json()["image"]

    assert image["url"] == f"http://testserver{idea.image.url}"
    assert image["alt"] == "Grüne Wiese"
    assert (image["width"], image["height"]) == (4, 3)


@pytest.mark.parametrize(
    "moderation", [ModerationState.PENDING, ModerationState.REJECTED, ModerationState.HIDDEN]
)
def test_unpublished_idea_is_404(api, collection_a, moderation):
    idea = IdeaFactory(collection=collection_a, moderation=moderation)

    assert api.get(f"/api/v1/ideas/{idea.pk}/").status_code == 404
    assert api.get(comments_url(idea)).status_code == 404
    assert api.post(support_url(idea)).status_code == 404
    assert not Support.objects.exists()


def test_merged_idea_is_404_naming_its_target(api, collection_a):
    target = IdeaFactory(collection=collection_a, title="Mehr Bänke")
    merged = IdeaFactory(
        collection=collection_a, moderation=ModerationState.MERGED, merged_into=target
    )

    response = api.get(f"/api/v1/ideas/{merged.pk}/")
    support = api.post(support_url(merged))

    assert response.status_code == 404
    assert "„Mehr Bänke“" in response.json()["detail"]
    assert f"/api/v1/ideas/{target.pk}/" in response.json()["detail"]
    assert support.status_code == 404
    assert not Support.objects.exists()


def test_idea_of_a_draft_collection_is_404(api, district_a_page):
    draft = IdeaCollectionPageFactory(parent=district_a_page, live=False)
    idea = IdeaFactory(collection=draft)

    assert api.get(f"/api/v1/ideas/{idea.pk}/").status_code == 404
    assert api.post(support_url(idea)).status_code == 404
    assert api.get("/api/v1/ideas/999999/").status_code == 404


# --- supports ------------------------------------------------------------------------------------


def test_support_with_the_handed_out_participant_id_is_counted_once(api, collection_a):
    idea = IdeaFactory(collection=collection_a)

    first = api.post(support_url(idea))
    participant = first[PARTICIPANT_HEADER]
    second = api.post(support_url(idea), HTTP_X_PARTICIPANT_ID=participant)

    assert first.status_code == 201
    assert first.json() == {
        "supported": True,
        "support_count": 1,
        "participant_id": participant,
    }
    assert second.status_code == 409
    assert second.json()["code"] == "already_done"
    assert Support.objects.count() == 1


def test_participant_id_from_an_idea_submission_is_the_same_person(api, collection_a):
    submitted = submit(api, collection_a)
    participant = submitted.json()["participant_id"]
    idea = Idea.objects.get()

    first = api.post(support_url(idea), HTTP_X_PARTICIPANT_ID=participant)
    second = api.post(support_url(idea), HTTP_X_PARTICIPANT_ID=participant)

    assert first.status_code == 201
    assert first.json()["participant_id"] == participant
    assert PARTICIPANT_HEADER not in first  # nothing new to hand out
    assert second.status_code == 409


def test_withdrawing_a_support_and_withdrawing_none(api, collection_a):
    idea = IdeaFactory(collection=collection_a)
    participant = api.post(support_url(idea))[PARTICIPANT_HEADER]

    withdrawn = api.delete(support_url(idea), HTTP_X_PARTICIPANT_ID=participant)
    again = api.delete(support_url(idea), HTTP_X_PARTICIPANT_ID=participant)

    assert withdrawn.status_code == 200
    assert withdrawn.json() == {
        "supported": False,
        "support_count": 0,
        "participant_id": participant,
    }
    assert again.status_code == 409
    assert again.json()["code"] == "already_done"
    assert not Support.objects.exists()


@pytest.mark.parametrize("role", ["resident", "member_a", "member_b", "editor"])
def test_a_key_supports_once_by_account(as_role, role, collection_a):
    idea = IdeaFactory(collection=collection_a)
    client = as_role(role)

    first = client.post(support_url(idea))
    second = client.post(support_url(idea))

    assert first.status_code == 201
    assert first.json()["participant_id"] is None
    assert second.status_code == 409
    assert Support.objects.get().participant_key.startswith("user:")


def test_support_refused_when_off_closed_or_without_account(
    api, resident, district_a_page, closed_collection, account_collection
):
    no_supports = IdeaCollectionPageFactory(parent=district_a_page, supports_enabled=False)
    refusals = {
        "not_available": api.post(support_url(IdeaFactory(collection=no_supports))),
        "closed": api.post(support_url(IdeaFactory(collection=closed_collection))),
        "account_required": api.post(support_url(IdeaFactory(collection=account_collection))),
    }
    account_idea = Idea.objects.get(collection=account_collection)

    for code, response in refusals.items():
        assert response.status_code == 403, code
        assert response.json()["code"] == code
        assert PARTICIPANT_HEADER not in response
    assert not Support.objects.exists()
    assert client_for(resident).post(support_url(account_idea)).status_code == 201


def test_too_many_actions_are_429(api, collection_a, settings):
    settings.IDEA_ACTIONS_PER_MINUTE = 1
    cache.clear()
    idea = IdeaFactory(collection=collection_a)

    first = api.post(support_url(idea))
    second = api.post(support_url(idea))  # another participant, the same client address

    assert first.status_code == 201
    assert second.status_code == 429
    assert int(second["Retry-After"]) >= 1
    assert Support.objects.count() == 1
    cache.clear()


def web_support(client, idea):
    """Support on the idea's web page, as a browser without JavaScript does."""
    collection = idea.collection
    url = collection.url + collection.reverse_subpage("idea_support", args=(idea.pk,))
    return client.post(url, {"action": "support"})


def test_the_participant_id_is_the_same_person_on_the_web(api, client, collection_a):
    idea = IdeaFactory(collection=collection_a)
    participant = api.post(support_url(idea))[PARTICIPANT_HEADER]
    client.cookies[BROWSER_COOKIE] = participant

    response = web_support(client, idea)

    assert response.status_code == 409
    assert Support.objects.count() == 1


def test_web_and_api_share_one_action_budget(api, client, collection_a, settings):
    settings.IDEA_ACTIONS_PER_MINUTE = 1
    cache.clear()
    idea = IdeaFactory(collection=collection_a)

    web = web_support(client, idea)
    response = api.post(support_url(idea))

    assert web.status_code == 303
    assert response.status_code == 429
    assert Support.objects.count() == 1
    cache.clear()


# --- comments ------------------------------------------------------------------------------------


def test_comments_list_published_comments_with_published_replies(api, collection_a):
    idea = IdeaFactory(collection=collection_a)
    first = published_comment(idea, text="Erster", author_name="Erika")
    published_comment(idea, text="Antwort", parent=first)
    published_comment(idea, text="Wartet", parent=first, moderation=ModerationState.PENDING)
    published_comment(idea, text="Versteckt", moderation=ModerationState.HIDDEN)
    second = published_comment(idea, text="Zweiter")

    response = api.get(comments_url(idea))

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert ids(response) == [first.pk, second.pk]
    item = response.json()["results"][0]
    assert set(item) == {"id", "text", "author_name", "created_at", "replies"}
    assert item["author_name"] == "Erika"
    assert [reply["text"] for reply in item["replies"]] == ["Antwort"]
    assert "participant_key" not in response.content.decode()


@pytest.mark.parametrize("count", [3, 15])
def test_comment_list_costs_the_same_queries_for_any_length(
    api, collection_a, count, django_assert_num_queries
):
    idea = IdeaFactory(collection=collection_a)
    for _number in range(count):
        published_comment(idea, parent=published_comment(idea))
    api.get(comments_url(idea))

    # collection (view restrictions, page), idea, its status changes; count, page, replies
    with django_assert_num_queries(7):
        response = api.get(f"{comments_url(idea)}?page_size=100")

    assert len(response.json()["results"]) == count


def test_comments_are_empty_where_switched_off(api, district_a_page):
    quiet = IdeaCollectionPageFactory(parent=district_a_page, comments_enabled=False)
    idea = IdeaFactory(collection=quiet)
    published_comment(idea)

    response = api.get(comments_url(idea))

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_anonymous_comment_and_reply(api, collection_a):
    idea = IdeaFactory(collection=collection_a)
    top = published_comment(idea)
    reply = published_comment(idea, parent=top)

    comment = api.post(comments_url(idea), {"text": "Finde ich gut."}, format="json")
    answer = api.post(
        comments_url(idea),
        {"text": "Ich auch.", "author_name": "Hans", "parent": reply.pk},
        format="json",
        HTTP_X_PARTICIPANT_ID=comment[PARTICIPANT_HEADER],
    )

    assert comment.status_code == 201
    assert comment.json()["published"] is True
    assert comment.json()["parent"] is None
    assert comment.json()["participant_id"] == comment[PARTICIPANT_HEADER]
    assert answer.status_code == 201
    assert answer.json()["parent"] == top.pk  # a reply to a reply joins the thread
    assert answer.json()["author_name"] == "Hans"
    stored = Comment.objects.get(pk=answer.json()["id"])
    assert stored.participant_key == Comment.objects.get(pk=comment.json()["id"]).participant_key


def test_comment_waiting_for_moderation_is_not_listed(api, district_a_page):
    moderated = IdeaCollectionPageFactory(parent=district_a_page, moderation=Moderation.BEFORE)
    idea = IdeaFactory(collection=moderated)

    response = api.post(comments_url(idea), {"text": "Hallo"}, format="json")

    assert response.status_code == 201
    assert response.json()["published"] is False
    assert api.get(comments_url(idea)).json()["count"] == 0


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": "Hallo", "website": "spam"}, "non_field_errors"),
        ({"text": "Hallo", "email": "x@y.de"}, "email"),
        ({"text": {"a": 1}}, "text"),
        ({"text": ""}, "text"),
        ({"text": "Hallo", "parent": "eins"}, "parent"),
    ],
)
def test_bad_comment_is_400_and_stores_nothing(api, collection_a, body, field):
    idea = IdeaFactory(collection=collection_a)

    response = api.post(comments_url(idea), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Comment.objects.exists()


def test_reply_to_an_unpublished_comment_is_400(api, collection_a):
    idea = IdeaFactory(collection=collection_a)
    waiting = published_comment(idea, moderation=ModerationState.PENDING)

    response = api.post(comments_url(idea), {"text": "Ja", "parent": waiting.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [
        "Auf diesen Kommentar kann nicht geantwortet werden."
    ]
    assert Comment.objects.count() == 1


def test_comment_refused_when_off_closed_or_without_account(
    api, resident, district_a_page, closed_collection, account_collection
):
    quiet = IdeaCollectionPageFactory(parent=district_a_page, comments_enabled=False)
    body = {"text": "Hallo"}
    refusals = {
        "not_available": IdeaFactory(collection=quiet),
        "closed": IdeaFactory(collection=closed_collection),
        "account_required": IdeaFactory(collection=account_collection),
    }

    for code, idea in refusals.items():
        response = api.post(comments_url(idea), body, format="json")
        assert response.status_code == 403, code
        assert response.json()["code"] == code
    assert not Comment.objects.exists()
    with_key = client_for(resident).post(
        comments_url(refusals["account_required"]), body, format="json"
    )
    assert with_key.status_code == 201
    assert Comment.objects.get().author == resident


# --- reports -------------------------------------------------------------------------------------


def test_report_once_per_participant(api, collection_a):
    comment = published_comment(IdeaFactory(collection=collection_a))

    first = api.post(report_url(comment))
    second = api.post(report_url(comment), HTTP_X_PARTICIPANT_ID=first[PARTICIPANT_HEADER])

    assert first.status_code == 201
    assert first.json()["reported"] is True
    assert first.json()["participant_id"] == first[PARTICIPANT_HEADER]
    assert second.status_code == 409
    assert second.json()["code"] == "already_done"
    assert CommentReport.objects.count() == 1


@pytest.mark.parametrize("role", ["resident", "member_b", "editor"])
def test_a_key_reports_once_by_account(as_role, role, collection_a):
    comment = published_comment(IdeaFactory(collection=collection_a))
    client = as_role(role)

    assert client.post(report_url(comment)).status_code == 201
    assert client.post(report_url(comment)).status_code == 409
    assert CommentReport.objects.count() == 1


def test_enough_reports_hide_the_comment(api, district_a_page):
    strict = IdeaCollectionPageFactory(parent=district_a_page, report_threshold=1)
    idea = IdeaFactory(collection=strict)
    comment = published_comment(idea)

    response = api.post(report_url(comment))

    assert response.status_code == 201
    comment.refresh_from_db()
    assert comment.moderation == ModerationState.HIDDEN
    assert api.get(comments_url(idea)).json()["count"] == 0


def test_reports_stay_possible_after_the_collection_closed(api, closed_collection):
    comment = published_comment(IdeaFactory(collection=closed_collection))

    assert api.post(report_url(comment)).status_code == 201


def test_report_of_an_unpublished_or_unknown_comment_is_404(api, collection_a):
    idea = IdeaFactory(collection=collection_a)
    waiting = published_comment(idea, moderation=ModerationState.PENDING)

    assert api.post(report_url(waiting)).status_code == 404
    assert api.post("/api/v1/comments/999999/report/").status_code == 404
    assert not CommentReport.objects.exists()


def test_report_refused_where_comments_are_off_or_without_account(
    api, district_a_page, account_collection
):
    quiet = IdeaCollectionPageFactory(parent=district_a_page, comments_enabled=False)
    off = api.post(report_url(published_comment(IdeaFactory(collection=quiet))))
    anonymous = api.post(report_url(published_comment(IdeaFactory(collection=account_collection))))

    assert off.status_code == 403
    assert off.json()["code"] == "not_available"
    assert anonymous.status_code == 403
    assert anonymous.json()["code"] == "account_required"
    assert not CommentReport.objects.exists()
