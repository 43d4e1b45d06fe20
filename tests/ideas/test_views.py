"""Idea collections through the web, as residents use them: the list, the two-step form, an
idea's page with supports and comments. Every refusal is a page with a clear message, and a
refused contribution leaves nothing behind."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from PIL import ExifTags, Image
from wagtail.models import PageViewRestriction

from ideas.models import (
    Comment,
    CommentReport,
    Idea,
    IdeaStatus,
    Moderation,
    ModerationState,
    Participation,
    Support,
)
from ideas.services import idea_merge, idea_reject, idea_status_change
from tests.factories import IdeaCollectionPageFactory, IdeaFactory, UserFactory
from tests.factories.ideas import INSIDE, OUTSIDE

XSS = "<script>alert(1)</script>"


def route(collection, name: str, *args) -> str:
    return collection.url + collection.reverse_subpage(name, args=args)


def new_url(collection) -> str:
    return route(collection, "idea_new")


def detail_url(idea) -> str:
    return route(idea.collection, "idea_detail", idea.pk)


def final_post(collection, **changes) -> dict:
    """What the second step of the form posts for a complete idea."""
    return {
        "step": "2",
        "title": "Bank im Schatten am Spielplatz",
        "description": "Am Spielplatz Kirchstraße fehlt eine Bank im Schatten für Großeltern.",
        "category": str(collection.categories.get(name="Begegnung").pk),
        "location_text": "Spielplatz Kirchstraße",
        "latitude": "",
        "longitude": "",
        "image_alt": "",
        "contact_email": "",
        **changes,
    }


def jpeg_with_gps_position() -> bytes:
    """A photo as phones take them: EXIF with camera and GPS position."""
    image = Image.new("RGB", (640, 480), (200, 120, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Beispielkamera"
    exif[ExifTags.Base.Model] = "Modell 7 Seriennummer 4711"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 59.0, 42.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (8.0, 23.0, 24.0)
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    data = output.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # really there
    return data


def upload(name: str, data: bytes, content_type: str = "image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


@pytest.fixture
def media(settings, tmp_path):
    """A media directory of this test's own, so "no file stored" can be checked."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def rate_limit(settings, request):
    """A cache of this test's own and a budget of one request a minute."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"ideas-{request.node.name}",
        }
    }
    return settings


# --- the collection page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_collection_page_shows_question_rules_and_only_published_ideas(client, collection):
    IdeaFactory(collection=collection, title="Trinkbrunnen am Marktplatz")
    for moderation in (ModerationState.PENDING, ModerationState.REJECTED, ModerationState.HIDDEN):
        IdeaFactory(
            collection=collection, title=f"Nicht sichtbar {moderation}", moderation=moderation
        )

    response = client.get(collection.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Was fehlt in unserem Stadtteil?</h1>" in html
    assert "Sie brauchen kein Konto." in html
    assert "erscheinen sofort" in html
    assert f'href="{new_url(collection)}">Idee einreichen</a>' in html
    assert "Trinkbrunnen am Marktplatz" in html
    assert "Nicht sichtbar" not in html
    assert "1 Idee</p>" in html
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_filters_by_themenfeld_status_and_search(client, collection):
    begegnung = collection.categories.get(name="Begegnung")
    wohnen = collection.categories.get(name="Wohnen")
    IdeaFactory(collection=collection, category=begegnung, title="Erzählcafé im Bürgerhaus")
    IdeaFactory(
        collection=collection,
        category=wohnen,
        title="Tauschbörse für Wohnungen",
        status=IdeaStatus.ACCEPTED,
    )
    IdeaFactory(collection=collection, category=wohnen, title="Hof begrünen", description="Efeu")

    by_category = client.get(collection.url, {"themenfeld": wohnen.pk}).content.decode()
    by_status = client.get(collection.url, {"stand": "accepted"}).content.decode()
    by_text = client.get(collection.url, {"q": "efeu"}).content.decode()

    assert "Tauschbörse" in by_category and "Hof begrünen" in by_category
    assert "Erzählcafé" not in by_category
    assert "2 Ideen" in by_category
    assert "Tauschbörse" in by_status and "Hof begrünen" not in by_status
    assert "Hof begrünen" in by_text and "Tauschbörse" not in by_text
    assert f'<option value="{wohnen.pk}" selected>Wohnen</option>' in by_category
    assert "Alle Ideen zeigen" in by_category


@pytest.mark.django_db
def test_sorting_by_supports_and_comments(client, collection):
    quiet = IdeaFactory(collection=collection, title="Ruhige Idee")
    supported = IdeaFactory(collection=collection, title="Beliebte Idee")
    discussed = IdeaFactory(collection=collection, title="Umstrittene Idee")
    for number in range(3):
        Support.objects.create(idea=supported, collection=collection, participant_key=f"p{number}")
    Comment.objects.create(
        idea=discussed,
        collection=collection,
        text="Dazu habe ich eine Meinung.",
        participant_key="p",
        moderation=ModerationState.PUBLISHED,
    )

    def order(sort):
        html = client.get(collection.url, {"sortierung": sort}).content.decode()
        titles = [quiet.title, supported.title, discussed.title]
        return sorted(titles, key=html.index)

    assert order("unterstuetzt")[0] == "Beliebte Idee"
    assert order("diskutiert")[0] == "Umstrittene Idee"
    assert order("neu")[0] == "Umstrittene Idee"  # created last


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"themenfeld": "abc"},
        {"themenfeld": "999999"},
        {"stand": "erfunden"},
        {"sortierung": "-pk; DROP TABLE"},
        {"q": "x" * 500},
        {"seite": "abc"},
        {"seite": "-1"},
        {"seite": "99999999999999999999"},
    ],
)
def test_invalid_filter_values_are_ignored(client, collection, query):
    IdeaFactory(collection=collection, title="Sichtbare Idee")
    response = client.get(collection.url, query)
    assert response.status_code == 200
    if "q" not in query:
        assert "Sichtbare Idee" in response.content.decode()


@pytest.mark.django_db
def test_twenty_ideas_per_page_with_accessible_pagination(client, collection):
    for number in range(45):
        IdeaFactory(collection=collection, title=f"Idee {number:02d}")

    first = client.get(collection.url).content.decode()
    last = client.get(collection.url, {"seite": "3"}).content.decode()
    beyond = client.get(collection.url, {"seite": "7", "stand": "submitted"}).content.decode()

    assert first.count('class="card idea-card"') == 20
    assert "45 Ideen – Seite 1 von 3" in first
    assert '<nav class="pagination" aria-label="Seitennummerierung">' in first
    assert '<span aria-current="page"><span class="visually-hidden">Seite </span>1</span>' in first
    assert last.count('class="card idea-card"') == 5
    assert "Seite 3 von 3" in beyond  # out of range: the last page
    assert 'href="?stand=submitted&amp;seite=2"' in beyond  # filters stay in the links


@pytest.mark.django_db
def test_list_page_needs_the_same_queries_for_one_idea_and_a_full_page(
    client, collection, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(collection.url, {"sortierung": "unterstuetzt"}).status_code == 200
        return len(captured)

    def idea_with_support_and_comment():
        idea = IdeaFactory(collection=collection, **INSIDE)
        Support.objects.create(idea=idea, collection=collection, participant_key="p")
        Comment.objects.create(
            idea=idea, collection=collection, text="t", participant_key="p", moderation="published"
        )

    idea_with_support_and_comment()
    client.get(collection.url)  # Wagtail caches the site's root paths on the first request
    one = queries()
    for _number in range(24):
        idea_with_support_and_comment()

    assert queries() == one
    # Wagtail's routing, breadcrumbs, menu and settings; then categories, count, page, boundary.
    with django_assert_max_num_queries(16):
        client.get(collection.url)


@pytest.mark.django_db
def test_map_shows_the_listed_ideas_with_a_place_and_is_hidden_without_javascript(
    client, collection
):
    IdeaFactory(collection=collection, title="Mit Ort", **INSIDE)
    IdeaFactory(collection=collection, title="Ohne Ort")

    html = client.get(collection.url).content.decode()

    assert '<div class="idea-map-block" data-idea-map-block hidden>' in html
    assert 'role="region" aria-label="Karte der Ideen"' in html
    assert "Die Liste darunter enthält dieselben Ideen" in html
    points = re.search(r'<script id="idea-map-points" type="application/json">(.*?)</script>', html)
    assert '"title": "Mit Ort"' in points.group(1)
    assert "Ohne Ort" not in points.group(1)
    assert "vendor/leaflet/leaflet.js" in html
    assert "vendor/leaflet/leaflet.css" in html


@pytest.mark.django_db
def test_no_map_and_no_leaflet_without_places_or_with_maps_off(client, collection):
    IdeaFactory(collection=collection, title="Ohne Ort")
    without_places = client.get(collection.url).content.decode()
    IdeaFactory(collection=collection, title="Mit Ort", **INSIDE)
    collection.location_enabled = False
    collection.save()
    maps_off = client.get(collection.url).content.decode()

    for html in (without_places, maps_off):
        assert "leaflet" not in html
        assert "data-idea-map" not in html


# --- submitting: two steps ---------------------------------------------------------------------


@pytest.mark.django_db
def test_step_one_asks_for_title_and_description_with_their_limits(client, collection):
    html = client.get(new_url(collection)).content.decode()
    assert "Schritt 1 von 2" in html
    assert 'maxlength="120"' in html and "Höchstens 120 Zeichen." in html
    assert 'maxlength="2000"' in html and "Höchstens 2.000 Zeichen." in html
    assert 'aria-describedby="id_description_helptext"' in html
    assert ">Weiter</button>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "description": "Beschreibung"}, "Bitte geben Sie Ihrer Idee einen Titel."),
        ({"title": "Titel", "description": "   "}, "Bitte beschreiben Sie Ihre Idee."),
        ({"title": "x" * 121, "description": "d"}, "höchstens 120 Zeichen lang sein (jetzt: 121)"),
    ],
)
def test_step_one_errors_come_back_with_a_summary(client, collection, data, message):
    response = client.post(new_url(collection), {"step": "1", **data})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert "data-error-summary" in html
    assert message in html
    assert "Schritt 1 von 2" in html
    assert "<title>Fehler:" in html


@pytest.mark.django_db
def test_step_two_shows_similar_ideas_before_anything_is_submitted(client, collection):
    existing = IdeaFactory(
        collection=collection,
        title="Mehr Sitzbänke im Stadtpark",
        description="Im Stadtpark fehlen Sitzbänke für ältere Menschen.",
    )
    Support.objects.create(idea=existing, collection=collection, participant_key="p")

    response = client.post(
        new_url(collection),
        {
            "step": "1",
            "title": "Sitzbänke im Stadtpark",
            "description": "Bitte mehr Sitzbänke im Stadtpark aufstellen.",
        },
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Gibt es Ihre Idee schon?" in html
    assert f'href="{detail_url(existing)}"' in html
    assert "1 Unterstützung" in html
    assert "unterstützen Sie lieber die vorhandene" in html
    assert 'value="Sitzbänke im Stadtpark"' in html  # the text can still be changed
    assert ">Idee einreichen</button>" in html
    assert not Idea.objects.exclude(pk=existing.pk).exists()


@pytest.mark.django_db
def test_step_two_says_when_nothing_similar_was_found(client, collection):
    IdeaFactory(collection=collection, title="Trinkbrunnen", description="Wasser")
    html = client.post(
        new_url(collection),
        {"step": "1", "title": "Fahrradständer", "description": "Am Bahnhof Bulach."},
    ).content.decode()
    assert "Wir haben keine ähnliche Idee gefunden." in html


@pytest.mark.django_db
def test_submitted_idea_is_published_at_once_and_the_thanks_page_links_it(client, collection):
    response = client.post(new_url(collection), final_post(collection))

    idea = Idea.objects.get()
    assert response.status_code == 303
    assert response["Location"] == route(collection, "idea_thanks") + f"?idee={idea.pk}"
    assert "beteiligung_teilnahme" in response.cookies  # the browser is known from now on
    assert idea.moderation == ModerationState.PUBLISHED
    assert idea.category.name == "Begegnung"
    assert idea.location_text == "Spielplatz Kirchstraße"
    assert idea.contact_email == ""
    thanks = client.get(response["Location"]).content.decode()
    assert "schon für alle sichtbar" in thanks
    assert f'href="{detail_url(idea)}"' in thanks
    assert "Bank im Schatten am Spielplatz" in client.get(collection.url).content.decode()


@pytest.mark.django_db
def test_with_moderation_before_the_idea_waits_and_the_thanks_page_says_so(client, collection):
    collection.moderation = Moderation.BEFORE
    collection.save()

    response = client.post(new_url(collection), final_post(collection))
    idea = Idea.objects.get()
    thanks = client.get(response["Location"]).content.decode()

    assert idea.moderation == ModerationState.PENDING
    assert "prüft sie, bevor sie auf der Seite erscheint" in thanks
    assert detail_url(idea) not in thanks
    assert "Bank im Schatten" not in client.get(collection.url).content.decode()
    assert client.get(detail_url(idea)).status_code == 404


@pytest.mark.django_db
def test_photo_is_stored_without_exif_under_a_random_name(client, collection, media):
    data = final_post(
        collection,
        image=upload("urlaub-erika-mustermann.jpg", jpeg_with_gps_position()),
        image_alt="Leere Wiese neben dem Spielplatz",
    )

    response = client.post(new_url(collection), data)

    assert response.status_code == 303
    idea = Idea.objects.get()
    name = Path(idea.image.name).name
    assert re.fullmatch(r"[0-9a-f]{24}\.jpg", name)
    assert "erika" not in idea.image.name
    stored = (media / idea.image.name).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
    assert b"Beispielkamera" not in stored and b"Exif" not in stored
    assert (idea.image_width, idea.image_height) == (640, 480)
    html = client.get(detail_url(idea)).content.decode()
    assert f'src="/media/{idea.image.name}"' in html
    assert 'alt="Leere Wiese neben dem Spielplatz" width="640" height="480"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            upload("bild.jpg", b"%PDF-1.4 kein Bild", "image/jpeg"),
            "Die Datei ist kein Bild im Format JPEG, PNG oder WebP.",
        ),
        (upload("bild.gif", b"GIF89a" + b"\x00" * 50, "image/gif"), "kein Bild im Format"),
    ],
)
def test_a_file_that_is_no_photo_is_refused_and_nothing_is_stored(
    client, collection, media, file, message
):
    response = client.post(
        new_url(collection), final_post(collection, image=file, image_alt="Ein Bild")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Bitte wählen Sie das Bild noch einmal aus" in html
    assert not Idea.objects.exists()
    assert stored_files(media) == []


@pytest.mark.django_db
def test_an_oversize_photo_is_refused_and_nothing_is_stored(client, collection, media, settings):
    settings.IDEA_IMAGE_MAX_BYTES = 1000
    response = client.post(
        new_url(collection),
        final_post(collection, image=upload("gross.jpg", jpeg_with_gps_position()), image_alt="x"),
    )
    assert response.status_code == 400
    assert "Das Bild ist zu groß" in response.content.decode()
    assert "höchstens 1000" in response.content.decode()
    assert not Idea.objects.exists()
    assert stored_files(media) == []


@pytest.mark.django_db
def test_a_photo_needs_a_description(client, collection, media):
    response = client.post(
        new_url(collection),
        final_post(collection, image=upload("foto.jpg", jpeg_with_gps_position())),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte beschreiben Sie, was auf dem Bild zu sehen ist." in html
    assert 'href="#id_image_alt"' in html
    assert not Idea.objects.exists()
    assert stored_files(media) == []


@pytest.mark.django_db
def test_a_place_outside_the_district_is_refused_at_the_place_fieldset(client, collection):
    response = client.post(new_url(collection), final_post(collection, **OUTSIDE))
    html = response.content.decode()

    assert response.status_code == 400
    assert "Der Ort liegt außerhalb des Stadtteils." in html
    assert '<p class="field-error" id="ort-error">' in html
    assert 'aria-describedby="ort-hint ort-error"' in html
    assert 'href="#id_location_text">Ort auf der Karte – Der Ort liegt außerhalb' in html
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_a_place_inside_the_district_is_stored(client, collection):
    client.post(new_url(collection), final_post(collection, **INSIDE))
    idea = Idea.objects.get()
    assert (str(idea.latitude), str(idea.longitude)) == (INSIDE["latitude"], INSIDE["longitude"])
    html = client.get(detail_url(idea)).content.decode()
    assert 'aria-label="Karte mit dem Ort der Idee"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contact_email": "erika@beispiel.de"}, "Bitte setzen Sie das Häkchen"),
        ({"contact_consent": "on"}, "Bitte geben Sie Ihre E-Mail-Adresse an"),
        ({"contact_email": "keine-adresse", "contact_consent": "on"}, "zum Beispiel name@"),
        ({"category": ""}, "Bitte wählen Sie ein Themenfeld."),
        ({"category": "999999"}, "Bitte wählen Sie eines der angebotenen Themenfelder."),
        ({"latitude": "48.995"}, "Der Punkt auf der Karte ist ungültig."),
        ({"latitude": "abc", "longitude": "8.39"}, "Der Punkt auf der Karte ist ungültig."),
        ({"description": "x" * 2001}, "höchstens 2000 Zeichen lang sein"),
        ({"location_text": "x" * 201}, "Der Ort darf höchstens 200 Zeichen"),
    ],
)
def test_bad_input_in_step_two_gets_a_message_and_stores_nothing(
    client, collection, changes, message
):
    response = client.post(new_url(collection), final_post(collection, **changes))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert message in html
    assert "Gibt es Ihre Idee schon?" in html  # still the second step
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_the_address_is_kept_only_with_consent(client, collection):
    client.post(
        new_url(collection),
        final_post(collection, contact_email="Erika@Beispiel.de", contact_consent="on"),
    )
    assert Idea.objects.get().contact_email == "erika@beispiel.de"


@pytest.mark.django_db
def test_the_honeypot_refuses_the_idea(client, collection):
    response = client.post(new_url(collection), final_post(collection, website="http://spam"))
    assert response.status_code == 400
    assert "automatischen Programm" in response.content.decode()
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_html_from_residents_is_shown_as_text_everywhere(client, collection):
    client.post(
        new_url(collection),
        final_post(collection, title=XSS, description=f"Beschreibung {XSS}", location_text=XSS),
    )
    idea = Idea.objects.get()
    client.post(route(collection, "idea_comment", idea.pk), {"text": XSS, "author_name": XSS})

    pages = [
        client.get(collection.url).content.decode(),
        client.get(detail_url(idea)).content.decode(),
        client.post(
            new_url(collection), {"step": "1", "title": XSS, "description": XSS}
        ).content.decode(),
    ]
    for html in pages:
        assert XSS not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opens", "closes", "text"),
    [
        (None, -1, "Die Ideensammlung ist beendet"),
        (2, None, "Die Ideensammlung hat noch nicht begonnen"),
    ],
)
def test_a_collection_that_is_not_open_shows_a_state_page_and_refuses_posts(
    client, collection, opens, closes, text
):
    now = timezone.now()
    collection.opens_at = now + datetime.timedelta(days=opens) if opens else None
    collection.closes_at = now + datetime.timedelta(days=closes) if closes else None
    collection.save()

    page = client.get(new_url(collection))
    post = client.post(new_url(collection), final_post(collection))
    front = client.get(collection.url).content.decode()

    assert page.status_code == 200
    assert text in page.content.decode()
    assert "<form" not in page.content.decode().split('<main id="main"')[1]
    assert post.status_code == 403
    assert text in post.content.decode()
    assert not Idea.objects.exists()
    assert ">Idee einreichen</a>" not in front


@pytest.mark.django_db
def test_an_unpublished_collection_is_not_found(client, collection):
    url = new_url(collection)
    collection.unpublish()
    assert client.post(url, final_post(collection)).status_code == 404
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_account_collection_sends_visitors_to_the_login_and_counts_the_account(client, collection):
    collection.participation = Participation.ACCOUNT
    collection.save()
    url = new_url(collection)

    front = client.get(collection.url).content.decode()
    get = client.get(url)
    post = client.post(url, final_post(collection))
    user = UserFactory()
    client.force_login(user)
    submitted = client.post(url, final_post(collection))

    assert f'href="/konto/login/?next={url}"' in front
    assert get.status_code == post.status_code == 302
    assert get["Location"] == f"/konto/login/?next={url}"
    assert submitted.status_code == 303
    assert Idea.objects.get().author == user


@pytest.mark.django_db
def test_logged_in_residents_count_by_their_account_in_anonymous_mode(client, collection):
    user = UserFactory()
    client.force_login(user)
    response = client.post(new_url(collection), final_post(collection))
    assert "beteiligung_teilnahme" not in response.cookies
    idea = Idea.objects.get()
    assert idea.author == user
    client.post(route(collection, "idea_support", idea.pk), {"action": "support"})
    assert Support.objects.get().participant_key == f"user:{user.pk}"


@pytest.mark.django_db
def test_missing_csrf_token_is_refused(collection):
    idea = IdeaFactory(collection=collection)
    client = Client(enforce_csrf_checks=True)
    responses = [
        client.post(new_url(collection), final_post(collection)),
        client.post(route(collection, "idea_support", idea.pk), {"action": "support"}),
        client.post(route(collection, "idea_comment", idea.pk), {"text": "Hallo"}),
    ]
    for response in responses:
        assert response.status_code == 403
        assert "Das Formular ist abgelaufen" in response.content.decode()
    assert Idea.objects.count() == 1
    assert not Support.objects.exists() and not Comment.objects.exists()


@pytest.mark.django_db
def test_too_many_ideas_from_one_client_get_429_with_retry_after(client, collection, rate_limit):
    rate_limit.IDEA_SUBMISSIONS_PER_MINUTE = 1
    first = client.post(new_url(collection), final_post(collection))
    second = client.post(new_url(collection), final_post(collection, title="Noch eine"))

    assert first.status_code == 303
    assert second.status_code == 429
    assert 1 <= int(second["Retry-After"]) <= 60
    assert "Zu viele Versuche in kurzer Zeit" in second.content.decode()
    assert Idea.objects.count() == 1


# --- an idea's page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_idea_page_shows_text_status_history_and_counts(client, collection):
    idea = IdeaFactory(
        collection=collection,
        title="Trinkbrunnen",
        description="Erste Zeile\nZweite Zeile",
        location_text="Marktplatz",
    )
    moderator = UserFactory(is_superuser=True)
    idea_status_change(
        idea=idea,
        status=IdeaStatus.IN_REVIEW,
        feedback="Wir fragen beim Tiefbauamt.",
        user=moderator,
    )
    idea_status_change(
        idea=idea, status=IdeaStatus.ACCEPTED, feedback="Kommt im Frühjahr.", user=moderator
    )

    html = client.get(detail_url(idea)).content.decode()

    assert "<h1>Trinkbrunnen</h1>" in html
    assert "<p>Erste Zeile<br>Zweite Zeile</p>" in html
    assert "Marktplatz" in html
    assert "Stand: angenommen" in html
    history = html.split('<ol class="idea-history">')[1].split("</ol>")[0]
    assert history.index("in Prüfung") < history.index("angenommen")
    assert "Wir fragen beim Tiefbauamt." in history and "Kommt im Frühjahr." in history
    assert "0 Personen unterstützen diese Idee." in html
    assert "data-idea-map" not in html  # no map point, no map


@pytest.mark.django_db
def test_idea_page_needs_the_same_queries_for_one_comment_and_many(client, collection):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    idea = IdeaFactory(collection=collection)

    def thread():
        top = Comment.objects.create(
            idea=idea, collection=collection, text="t", participant_key="p", moderation="published"
        )
        Comment.objects.create(
            idea=idea,
            collection=collection,
            parent=top,
            text="r",
            participant_key="q",
            moderation="published",
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(detail_url(idea)).status_code == 200
        return len(captured)

    thread()
    client.get(detail_url(idea))  # Wagtail caches the site's root paths on the first request
    one = queries()
    for _number in range(10):
        thread()

    assert queries() == one


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moderation", [ModerationState.PENDING, ModerationState.REJECTED, ModerationState.HIDDEN]
)
def test_ideas_that_are_not_published_are_not_found(client, collection, moderation):
    idea = IdeaFactory(collection=collection, moderation=moderation)
    assert client.get(detail_url(idea)).status_code == 404
    assert client.get(route(collection, "idea_detail", 999999)).status_code == 404


@pytest.mark.django_db
def test_ids_beyond_the_database_range_are_not_found(client, collection):
    huge = "99999999999999999999999"
    assert client.get(collection.url + f"idee/{huge}/").status_code == 404
    assert client.post(collection.url + f"idee/{huge}/unterstuetzen/").status_code == 404
    assert client.post(collection.url + f"kommentar/{huge}/melden/").status_code == 404
    assert client.get(route(collection, "idea_thanks"), {"idee": huge}).status_code == 200


@pytest.mark.django_db
def test_an_idea_of_another_collection_is_not_found_here(client, collection):
    other = IdeaFactory(collection=IdeaCollectionPageFactory(parent=collection.get_parent()))
    assert client.get(route(collection, "idea_detail", other.pk)).status_code == 404


@pytest.mark.django_db
def test_a_merged_idea_leads_to_the_idea_it_was_merged_into(client, collection):
    duplicate = IdeaFactory(collection=collection)
    target = IdeaFactory(collection=collection)
    idea_merge(idea=duplicate, into=target, user=UserFactory(is_superuser=True))

    response = client.get(detail_url(duplicate))

    assert response.status_code == 302
    assert response["Location"] == detail_url(target)


@pytest.mark.django_db
def test_support_once_then_withdraw(client, collection):
    idea = IdeaFactory(collection=collection)
    url = route(collection, "idea_support", idea.pk)

    supported = client.post(url, {"action": "support"})
    page = client.get(detail_url(idea)).content.decode()
    twice = client.post(url, {"action": "support"})
    count_after_twice = Support.objects.filter(idea=idea).count()
    withdrawn = client.post(url, {"action": "withdraw"}, follow=True)

    assert supported.status_code == 303
    assert supported["Location"] == detail_url(idea) + "#unterstuetzen"
    assert "Danke für Ihre Unterstützung!" in page
    assert "1 Person unterstützt diese Idee." in page
    assert "Sie unterstützen diese Idee." in page
    assert 'value="withdraw"' in page and "Unterstützung zurückziehen" in page
    assert twice.status_code == 409
    assert "Sie unterstützen diese Idee schon." in twice.content.decode()
    assert f'href="{detail_url(idea)}"' in twice.content.decode()
    assert count_after_twice == 1
    assert "Sie unterstützen diese Idee nicht mehr." in withdrawn.content.decode()
    assert ">Unterstützen</button>" in withdrawn.content.decode()
    assert not Support.objects.exists()


@pytest.mark.django_db
def test_another_browser_cannot_withdraw_my_support(client, collection):
    idea = IdeaFactory(collection=collection)
    url = route(collection, "idea_support", idea.pk)
    client.post(url, {"action": "support"})

    response = Client().post(url, {"action": "withdraw"})

    assert response.status_code == 409
    assert Support.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["idea_support", "idea_comment"])
def test_action_urls_take_only_posts(client, collection, name):
    idea = IdeaFactory(collection=collection)
    response = client.get(route(collection, name, idea.pk))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Bitte nutzen Sie das Formular" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_support_action_is_refused(client, collection):
    idea = IdeaFactory(collection=collection)
    response = client.post(route(collection, "idea_support", idea.pk), {"action": "boost"})
    assert response.status_code == 400
    assert not Support.objects.exists()


@pytest.mark.django_db
def test_switched_off_supports_and_comments_are_not_shown_and_refused(client, collection):
    collection.supports_enabled = False
    collection.comments_enabled = False
    collection.save()
    idea = IdeaFactory(collection=collection)

    html = client.get(detail_url(idea)).content.decode()
    support = client.post(route(collection, "idea_support", idea.pk), {"action": "support"})
    comment = client.post(route(collection, "idea_comment", idea.pk), {"text": "Hallo"})

    assert 'id="unterstuetzen"' not in html and 'id="kommentare"' not in html
    assert support.status_code == comment.status_code == 403
    assert "Das ist bei dieser Ideensammlung nicht möglich." in support.content.decode()
    assert not Support.objects.exists() and not Comment.objects.exists()


@pytest.mark.django_db
def test_closed_collection_keeps_ideas_readable_but_takes_no_supports(client, collection):
    idea = IdeaFactory(collection=collection)
    collection.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    collection.save()

    html = client.get(detail_url(idea)).content.decode()
    response = client.post(route(collection, "idea_support", idea.pk), {"action": "support"})

    assert "nimmt gerade keine Unterstützungen an" in html
    assert ">Unterstützen</button>" not in html
    assert response.status_code == 403
    assert "nimmt gerade keine Beiträge an" in response.content.decode()
    assert not Support.objects.exists()


@pytest.mark.django_db
def test_account_collection_asks_anonymous_supporters_to_log_in(client, collection):
    collection.participation = Participation.ACCOUNT
    collection.save()
    idea = IdeaFactory(collection=collection)

    html = client.get(detail_url(idea)).content.decode()
    response = client.post(route(collection, "idea_support", idea.pk), {"action": "support"})

    assert "Melden Sie sich an, um die Idee zu unterstützen." in html
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")
    assert not Support.objects.exists()


@pytest.mark.django_db
def test_too_many_actions_get_429_with_retry_after(client, collection, rate_limit):
    rate_limit.IDEA_ACTIONS_PER_MINUTE = 1
    idea = IdeaFactory(collection=collection)
    url = route(collection, "idea_support", idea.pk)

    first = client.post(url, {"action": "support"})
    second = client.post(url, {"action": "withdraw"})

    assert first.status_code == 303
    assert second.status_code == 429
    assert int(second["Retry-After"]) > 0
    assert Support.objects.count() == 1


# --- comments ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_comment_and_replies_stay_one_level_deep(client, collection):
    idea = IdeaFactory(collection=collection)
    url = route(collection, "idea_comment", idea.pk)

    posted = client.post(url, {"text": "Gute Idee!", "author_name": "Erika"})
    top = Comment.objects.get()
    client.post(url, {"text": "Finde ich auch.", "parent": top.pk})
    reply = Comment.objects.get(parent=top)
    client.post(url, {"text": "Antwort auf die Antwort", "parent": reply.pk})
    html = client.get(detail_url(idea)).content.decode()

    assert posted.status_code == 303
    assert posted["Location"] == detail_url(idea) + f"#kommentar-{top.pk}"
    assert Comment.objects.get(text="Antwort auf die Antwort").parent == top
    assert "3 Kommentare" in html
    assert "Erika" in html
    replies = html.split('<ol class="comment-list comment-list--replies">')[1].split("</ol>")[0]
    assert "Finde ich auch." in replies and "Antwort auf die Antwort" in replies
    assert "<summary>Antworten" in html
    assert f'id="antwort-{top.pk}-text"' in html


@pytest.mark.django_db
def test_comment_with_moderation_before_waits_and_the_message_says_so(client, collection):
    collection.moderation = Moderation.BEFORE
    collection.save()
    idea = IdeaFactory(collection=collection)

    response = client.post(
        route(collection, "idea_comment", idea.pk), {"text": "Wartet noch."}, follow=True
    )
    html = response.content.decode()

    assert "Er erscheint, sobald die Moderation ihn geprüft hat." in html
    assert "Wartet noch." not in html
    assert Comment.objects.get().moderation == ModerationState.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"text": ""}, 400, "Bitte schreiben Sie Ihren Kommentar."),
        ({"text": "x" * 1001}, 400, "höchstens 1000 Zeichen lang sein"),
        ({"text": "Hallo", "website": "http://spam"}, 400, "automatischen Programm"),
        ({"text": "Hallo", "parent": "abc"}, 400, "Auf diesen Kommentar kann nicht"),
        ({"text": "Hallo", "parent": "999999"}, 400, "Auf diesen Kommentar kann nicht"),
        ({"text": "Hallo", "parent": "9" * 25}, 400, "Auf diesen Kommentar kann nicht"),
    ],
)
def test_bad_comments_get_a_message_and_store_nothing(client, collection, data, status, message):
    idea = IdeaFactory(collection=collection)
    response = client.post(route(collection, "idea_comment", idea.pk), data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_a_bad_reply_opens_its_own_form_with_the_error(client, collection):
    idea = IdeaFactory(collection=collection)
    top = Comment.objects.create(
        idea=idea, collection=collection, text="Oben", participant_key="p", moderation="published"
    )
    response = client.post(
        route(collection, "idea_comment", idea.pk), {"text": "", "parent": top.pk}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert '<details class="comment-reply" open>' in html
    assert f'href="#antwort-{top.pk}-text"' in html
    assert f'<p class="field-error" id="antwort-{top.pk}-text_error">' in html


@pytest.mark.django_db
def test_reports_hide_a_comment_at_the_threshold(collection):
    collection.report_threshold = 2
    collection.save()
    idea = IdeaFactory(collection=collection)
    comment = Comment.objects.create(
        idea=idea,
        collection=collection,
        text="Beleidigender Text",
        participant_key="p",
        moderation=ModerationState.PUBLISHED,
    )
    url = route(collection, "comment_report", comment.pk)
    first, second = Client(), Client()

    reported = first.post(url, follow=True)
    again = first.post(url)
    second.post(url)

    assert "Danke, die Moderation sieht sich den Kommentar an." in reported.content.decode()
    assert again.status_code == 409
    assert "schon gemeldet" in again.content.decode()
    assert CommentReport.objects.count() == 2
    comment.refresh_from_db()
    assert comment.moderation == ModerationState.HIDDEN
    assert "Beleidigender Text" not in Client().get(detail_url(idea)).content.decode()


@pytest.mark.django_db
def test_a_report_just_after_the_comment_was_hidden_still_counts(collection):
    collection.report_threshold = 1
    collection.save()
    idea = IdeaFactory(collection=collection)
    comment = Comment.objects.create(
        idea=idea, collection=collection, text="t", participant_key="p", moderation="published"
    )
    url = route(collection, "comment_report", comment.pk)
    still_showing = Client()
    still_showing.get(detail_url(idea))  # the page with the comment is open here

    Client().post(url)
    late = still_showing.post(url)

    assert late.status_code == 303
    assert CommentReport.objects.filter(comment=comment).count() == 2


@pytest.mark.django_db
def test_reporting_an_unknown_or_unpublished_comment(client, collection):
    idea = IdeaFactory(collection=collection)
    pending = Comment.objects.create(
        idea=idea, collection=collection, text="x", participant_key="p"
    )
    assert client.post(route(collection, "comment_report", pending.pk)).status_code == 404
    assert client.post(route(collection, "comment_report", 999999)).status_code == 404
    assert client.get(route(collection, "comment_report", pending.pk)).status_code == 404
    assert not CommentReport.objects.exists()


# --- what the submitter reads ------------------------------------------------------------------


@pytest.mark.django_db
def test_submitter_reads_the_status_change_with_feedback_and_link(
    client, collection, django_capture_on_commit_callbacks, tasks_in_process
):
    client.post(
        new_url(collection),
        final_post(collection, contact_email="erika@beispiel.de", contact_consent="on"),
    )
    idea = Idea.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        idea_status_change(
            idea=idea,
            status=IdeaStatus.ACCEPTED,
            feedback="Das Gartenbauamt stellt die Bank im Mai auf & freut sich.",
            user=UserFactory(is_superuser=True),
        )

    message = mail.outbox[-1]
    assert message.to == ["erika@beispiel.de"]
    assert message.subject == "Ihre Idee „Bank im Schatten am Spielplatz“: angenommen"
    assert "Das Gartenbauamt stellt die Bank im Mai auf & freut sich." in message.body
    assert f"http://testserver{detail_url(idea)}" in message.body
    assert collection.title in message.body


@pytest.mark.django_db
def test_submitter_reads_why_the_idea_is_not_published(
    client, collection, django_capture_on_commit_callbacks, tasks_in_process
):
    collection.moderation = Moderation.BEFORE
    collection.save()
    client.post(
        new_url(collection),
        final_post(
            collection,
            title="Parkplätze <statt> Bäume",
            contact_email="a@b.de",
            contact_consent="on",
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        idea_reject(
            idea=Idea.objects.get(),
            user=UserFactory(is_superuser=True),
            reason="Das betrifft nicht den Stadtteil, sondern die ganze Stadt.",
        )

    message = mail.outbox[-1]
    assert message.subject == "Ihre Idee „Parkplätze <statt> Bäume“ wird nicht veröffentlicht"
    assert "Das betrifft nicht den Stadtteil, sondern die ganze Stadt." in message.body
    assert f"http://testserver{collection.url}" in message.body


# --- district and home page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_district_page_and_home_page_show_open_collections(client, collection, home_page):
    closed = IdeaCollectionPageFactory(
        parent=collection.get_parent(),
        question="Eine beendete Frage?",
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    city_wide = IdeaCollectionPageFactory(parent=home_page, question="Was fehlt in der Stadt?")
    members_only = IdeaCollectionPageFactory(
        parent=collection.get_parent(), question="Nur für das Netzwerk?"
    )
    PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.LOGIN
    )

    district_html = client.get(collection.get_parent().url).content.decode()
    home_html = client.get(home_page.url).content.decode()

    assert "Jetzt mitmachen" in district_html
    assert f'<a href="{collection.url}">Was fehlt in unserem Stadtteil?</a>' in district_html
    assert closed.question not in district_html
    assert members_only.question not in district_html
    assert city_wide.question not in district_html
    assert f'<a href="{city_wide.url}">Was fehlt in der Stadt?</a>' in home_html


# --- preview -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editors_preview_a_collection_before_it_is_saved(client, district_page):
    import json

    client.force_login(UserFactory(is_superuser=True))
    preview_url = f"/admin/pages/add/ideas/ideacollectionpage/{district_page.pk}/preview/"
    data = {
        "title": "Was fehlt?",
        "slug": "was-fehlt",
        "question": "Was fehlt an der Alb?",
        "intro": "Sammeln Sie mit uns.",
        "privacy_note": json.dumps({"blocks": [], "entityMap": {}}),
        "moderation": "before",
        "participation": "anonymous",
        "location_enabled": "on",
        "report_threshold": "3",
        "results_visibility": "internal",
        "categories-TOTAL_FORMS": "1",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "1",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-name": "Grün",
        "categories-0-ORDER": "1",
        "categories-0-id": "",
        "categories-0-DELETE": "",
    }

    posted = client.post(preview_url, data)
    shown = client.get(preview_url)

    assert json.loads(posted.content)["is_valid"], posted.content.decode()[:2000]
    assert shown.status_code == 200
    assert "Was fehlt an der Alb?" in shown.content.decode()
    assert "Noch gibt es hier keine veröffentlichten Ideen." in shown.content.decode()
