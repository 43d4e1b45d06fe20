"""The forms behind the idea pages: what they accept, what they refuse and with which words."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ideas.forms import CommentForm, IdeaFilterForm, IdeaForm, IdeaTextForm
from ideas.models import IdeaCategory
from tests.factories import IdeaCollectionPageFactory
from tests.factories.ideas import INSIDE, OUTSIDE


def idea_data(collection, **changes) -> dict:
    return {
        "title": "Bank am Spielplatz",
        "description": "Eine Bank im Schatten.",
        "category": str(collection.categories.first().pk),
        **changes,
    }


def png_with_transparency() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGBA", (40, 30), (0, 80, 100, 128)).save(output, format="PNG")
    return SimpleUploadedFile("karte.png", output.getvalue(), content_type="image/png")


# --- the list filter -------------------------------------------------------------------------


@pytest.mark.django_db
def test_filter_keeps_valid_values(collection):
    category = collection.categories.first()
    form = IdeaFilterForm(
        {
            "themenfeld": str(category.pk),
            "stand": "done",
            "sortierung": "diskutiert",
            "q": " Bank ",
        },
        categories=collection.categories.all(),
    )
    assert form.filters() == {
        "themenfeld": str(category.pk),
        "stand": "done",
        "sortierung": "diskutiert",
        "q": "Bank",
    }


@pytest.mark.django_db
def test_filter_ignores_what_does_not_fit(collection):
    other = IdeaCollectionPageFactory(parent=collection.get_parent()).categories.first()
    form = IdeaFilterForm(
        {"themenfeld": str(other.pk), "stand": "erfunden", "sortierung": "pk", "q": "x" * 201},
        categories=collection.categories.all(),
    )
    assert form.filters() == {"themenfeld": "", "stand": "", "sortierung": "neu", "q": ""}


def test_filter_without_categories_has_no_themenfeld_field():
    assert "themenfeld" not in IdeaFilterForm({}, categories=[]).fields


# --- step 1 ------------------------------------------------------------------------------------


def test_a_line_break_counts_as_one_character_as_in_the_browser():
    text = "a" * 1000 + "\r\n" + "b" * 999  # 2,001 characters sent, 2,000 typed
    form = IdeaTextForm({"title": "Titel", "description": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["description"] == "a" * 1000 + "\n" + "b" * 999


def test_the_title_is_one_line():
    form = IdeaTextForm({"title": "Bank\r\nam   Spielplatz", "description": "d"})
    assert form.is_valid()
    assert form.cleaned_data["title"] == "Bank am Spielplatz"


def test_the_hints_state_the_limits():
    form = IdeaTextForm()
    assert "Höchstens 120 Zeichen." in str(form.fields["title"].help_text)
    assert "Höchstens 2.000 Zeichen." in str(form.fields["description"].help_text)


# --- step 2 ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_categories_are_radio_buttons_in_the_editors_order_and_required(collection):
    form = IdeaForm(idea_data(collection, category=""), collection=collection)
    assert not form.is_valid()
    assert form.errors["category"] == ["Bitte wählen Sie ein Themenfeld."]
    labels = [label for _value, label in form.fields["category"].choices]
    assert labels == ["Begegnung", "Wohnen", "Mobilität", "Grün"]


@pytest.mark.django_db
def test_a_collection_without_categories_asks_for_none(collection):
    IdeaCategory.objects.filter(page=collection).delete()
    form = IdeaForm({"title": "T", "description": "D"}, collection=collection)
    assert "category" not in form.fields
    assert form.is_valid(), form.errors
    assert form.idea_input().category is None


@pytest.mark.django_db
def test_a_category_of_another_collection_is_refused(collection):
    other = IdeaCollectionPageFactory(parent=collection.get_parent()).categories.first()
    form = IdeaForm(idea_data(collection, category=str(other.pk)), collection=collection)
    assert form.errors["category"] == ["Bitte wählen Sie eines der angebotenen Themenfelder."]


@pytest.mark.django_db
def test_fields_follow_the_collections_rules(collection):
    collection.location_enabled = False
    collection.images_enabled = False
    form = IdeaForm(collection=collection)
    for name in ("location_text", "latitude", "longitude", "image", "image_alt"):
        assert name not in form.fields


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contact_email": "a@b.de"}, "contact_consent", "Bitte setzen Sie das Häkchen"),
        ({"contact_consent": "on"}, "contact_email", "Bitte geben Sie Ihre E-Mail-Adresse an"),
    ],
)
def test_e_mail_and_consent_go_together(collection, changes, field, message):
    form = IdeaForm(idea_data(collection, **changes), collection=collection)
    assert not form.is_valid()
    assert message in form.errors[field][0]


@pytest.mark.django_db
def test_the_address_goes_to_the_service_with_consent(collection):
    form = IdeaForm(
        idea_data(collection, contact_email="a@b.de", contact_consent="on"), collection=collection
    )
    assert form.is_valid(), form.errors
    assert form.idea_input().contact_email == "a@b.de"


@pytest.mark.django_db
def test_a_map_point_is_rounded_to_what_the_database_keeps(collection):
    form = IdeaForm(
        idea_data(collection, latitude="48.99500049", longitude="8.3900001"), collection=collection
    )
    assert form.is_valid(), form.errors
    data = form.idea_input()
    assert (data.latitude, data.longitude) == (Decimal("48.995000"), Decimal("8.390000"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("point", "message"),
    [
        ({"latitude": "48.995"}, "Der Punkt auf der Karte ist ungültig."),
        ({"latitude": "91", "longitude": "8.39"}, "Der Punkt auf der Karte ist ungültig."),
        ({"latitude": "NaN", "longitude": "8.39"}, "Der Punkt auf der Karte ist ungültig."),
        ({"latitude": "1e400", "longitude": "8.39"}, "Der Punkt auf der Karte ist ungültig."),
        (OUTSIDE, "Der Ort liegt außerhalb des Stadtteils."),
    ],
)
def test_a_bad_map_point_is_a_location_error(collection, point, message):
    form = IdeaForm(idea_data(collection, **point), collection=collection)
    assert not form.is_valid()
    errors = [str(error) for error in form.location_errors]
    assert len(errors) == 1
    assert errors[0].startswith(message)


@pytest.mark.django_db
def test_a_map_point_needs_a_known_boundary(home_page):
    city_wide = IdeaCollectionPageFactory(parent=home_page)  # no district has a boundary
    form = IdeaForm(idea_data(city_wide, **INSIDE), collection=city_wide)
    assert not form.is_valid()
    assert "Für dieses Gebiet ist keine Karte hinterlegt." in form.location_errors


@pytest.mark.django_db
def test_a_transparent_png_is_kept_as_png_with_a_new_name(collection):
    form = IdeaForm(
        idea_data(collection, image_alt="Plan des Platzes"),
        {"image": png_with_transparency()},
        collection=collection,
    )
    assert form.is_valid(), form.errors
    image = form.idea_input().image
    assert image.name.endswith(".png") and "karte" not in image.name
    assert form.idea_input().image_alt == "Plan des Platzes"


@pytest.mark.django_db
def test_without_an_image_its_description_is_not_needed(collection):
    form = IdeaForm(idea_data(collection), collection=collection)
    assert form.is_valid(), form.errors
    assert form.idea_input().image is None


@pytest.mark.django_db
def test_the_honeypot_makes_the_form_spam(collection):
    form = IdeaForm(idea_data(collection, website="http://spam"), collection=collection)
    assert not form.is_valid()
    assert form.is_spam


# --- comments ----------------------------------------------------------------------------------


def test_a_comment_needs_text_and_a_name_is_optional():
    assert CommentForm({"text": "Gute Idee"}).is_valid()
    form = CommentForm({"text": "  "})
    assert form.errors["text"] == ["Bitte schreiben Sie Ihren Kommentar."]


def test_a_changed_reply_target_is_one_plain_message():
    form = CommentForm({"text": "Hallo", "parent": "abc"})
    assert not form.is_valid()
    assert form.non_field_errors() == ["Auf diesen Kommentar kann nicht geantwortet werden."]
    assert "parent" not in form.errors


def test_the_comment_honeypot():
    form = CommentForm({"text": "Hallo", "website": "x"})
    assert not form.is_valid()
    assert form.is_spam
