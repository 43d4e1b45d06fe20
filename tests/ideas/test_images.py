"""Residents' photos: what is stored is a clean, small re-encoding under a random name; what
is not a photo is refused with a message the resident understands."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageFile

from ideas.images import MAX_EDGE, image_sanitize

NOT_AN_IMAGE = "Die Datei ist kein Bild im Format JPEG, PNG oder WebP."


def _upload(data: bytes, name="Erika_Mustermann_Kirchstrasse_20.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _encode(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _photo_with_gps(orientation=1, size=(40, 20)) -> bytes:
    """A phone photo: camera make, GPS position and an orientation tag in its EXIF."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Kamera von Erika"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 59.0, 42.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (8.0, 23.0, 24.0)
    return _encode(Image.new("RGB", size, (200, 60, 40)), "JPEG", exif=exif)


def _open(cleaned) -> Image.Image:
    return Image.open(io.BytesIO(cleaned.read()))


def test_exif_with_gps_position_and_camera_is_removed():
    original = _photo_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    cleaned = image_sanitize(_upload(original))

    data = cleaned.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"Exif" not in data
    assert b"Kamera von Erika" not in data


def test_the_orientation_the_camera_recorded_is_applied():
    # Orientation 6: the sensor's 40 × 20 picture is meant to be seen turned, 20 × 40.
    cleaned = image_sanitize(_upload(_photo_with_gps(orientation=6)))
    assert _open(cleaned).size == (20, 40)


def test_a_big_photo_is_shrunk_to_the_longest_edge_keeping_its_proportions():
    cleaned = image_sanitize(_upload(_encode(Image.new("RGB", (3200, 2000)), "JPEG")))
    assert _open(cleaned).size == (MAX_EDGE, 1000)
    assert MAX_EDGE == 1600


def test_a_small_photo_is_not_enlarged():
    cleaned = image_sanitize(_upload(_encode(Image.new("RGB", (300, 200)), "JPEG")))
    assert _open(cleaned).size == (300, 200)


def test_a_png_with_transparency_stays_a_png_with_transparency():
    drawing = Image.new("RGBA", (60, 40), (0, 0, 0, 0))
    drawing.putpixel((10, 10), (255, 0, 0, 255))

    cleaned = image_sanitize(_upload(_encode(drawing, "PNG"), name="plan.png"))

    assert cleaned.name.endswith(".png")
    image = _open(cleaned)
    assert (image.format, image.mode) == ("PNG", "RGBA")
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((10, 10)) == (255, 0, 0, 255)


@pytest.mark.parametrize(
    ("mode", "image_format", "extension"),
    [("RGB", "PNG", "jpg"), ("RGB", "WEBP", "jpg"), ("RGBA", "WEBP", "png")],
)
def test_other_accepted_formats_are_stored_as_jpeg_or_png(mode, image_format, extension):
    # Half transparent where there is an alpha channel, so the encoder keeps it.
    original = _encode(Image.new(mode, (30, 30), (10, 120, 10, 128)), image_format)
    cleaned = image_sanitize(_upload(original, name=f"bild.{image_format.lower()}"))
    assert cleaned.name.endswith(f".{extension}")
    assert _open(cleaned).format == ("JPEG" if extension == "jpg" else "PNG")


def test_the_file_name_is_random_and_reveals_nothing():
    original = _photo_with_gps()
    names = {image_sanitize(_upload(original)).name for _ in range(3)}

    assert len(names) == 3
    assert all(re.fullmatch(r"[0-9a-f]{24}\.jpg", name) for name in names)


def _truncated_jpeg() -> bytes:
    data = _encode(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("brief.jpg", b"Sehr geehrte Damen und Herren, anbei meine Idee."),
        (
            "zeichnung.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<script>alert(1)</script><rect width="10" height="10"/></svg>',
        ),
        ("bewegt.gif", _encode(Image.new("P", (20, 20)), "GIF")),
        ("leer.jpg", b""),
    ],
    ids=["text-renamed-jpg", "svg", "gif", "empty"],
)
def test_what_is_not_a_photo_is_refused(name, data, monkeypatch):
    # Pillow's default; WeasyPrint flips it for the whole process (see the test below).
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    with pytest.raises(ValidationError) as error:
        image_sanitize(_upload(data, name=name))
    assert error.value.messages == [NOT_AN_IMAGE]


@pytest.mark.parametrize("load_truncated", [False, True], ids=["pillow-default", "weasyprint"])
def test_a_truncated_jpeg_is_refused(monkeypatch, load_truncated):
    # Importing WeasyPrint (surveys' access-code PDF) switches on Pillow's process-wide
    # LOAD_TRUNCATED_IMAGES, which would otherwise pad a half-uploaded photo with grey.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", load_truncated)
    with pytest.raises(ValidationError) as error:
        image_sanitize(_upload(_truncated_jpeg()))

    assert error.value.messages == [
        "Das Bild ist unvollständig. Bitte laden Sie es noch einmal hoch."
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.IDEA_IMAGE_MAX_BYTES = 2 * 1024 * 1024
    huge = _upload(b"\xff\xd8" + b"0" * (3 * 1024 * 1024))

    with pytest.raises(ValidationError) as error:
        image_sanitize(huge)

    assert error.value.messages == [
        "Das Bild ist zu groß (3,0\xa0MB). Erlaubt sind höchstens 2,0\xa0MB."
    ]


def test_a_decompression_bomb_is_refused():
    # 48 million pixels packed into a few kilobytes; decoding would take hundreds of MB.
    bomb = _encode(Image.new("1", (8000, 6000)), "PNG", optimize=True)
    assert len(bomb) < 100_000

    with pytest.raises(ValidationError) as error:
        image_sanitize(_upload(bomb, name="bombe.png"))
    assert error.value.messages == ["Das Bild hat zu viele Bildpunkte."]


def test_a_bomb_beyond_pillows_own_limit_is_refused_as_not_an_image():
    bomb = _encode(Image.new("1", (15000, 13000)), "PNG", optimize=True)

    with pytest.raises(ValidationError) as error:
        image_sanitize(_upload(bomb, name="bombe.png"))
    assert error.value.messages in ([NOT_AN_IMAGE], ["Das Bild hat zu viele Bildpunkte."])
