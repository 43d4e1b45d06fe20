"""Residents' photos: checked, re-encoded and shrunk before anything is stored.

Re-encoding from the decoded pixels drops every piece of metadata (EXIF with GPS position and
camera serial, XMP, comments) and anything hidden after the image data; the file name is
replaced by a random one.
"""

import io
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_EDGE = 1600  # enough for a detail page on a large screen
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them


def _is_truncated(uploaded, image_format: str) -> bool:
    """Whether the file stops before its format's end marker. Pillow would say so while
    decoding, unless something in the process (WeasyPrint does, on import) has switched on
    its global LOAD_TRUNCATED_IMAGES; then it pads the picture with grey."""
    uploaded.seek(0)
    head = uploaded.read(12)
    uploaded.seek(max(uploaded.size - 1024, 0))
    tail = uploaded.read()
    if image_format == "JPEG":
        return b"\xff\xd9" not in tail  # EOI; cameras may pad a few bytes after it
    if image_format == "PNG":
        return b"IEND" not in tail[-64:]
    riff_length = int.from_bytes(head[4:8], "little") + 8  # WebP: RIFF size in the header
    return uploaded.size < riff_length


def image_sanitize(uploaded) -> ContentFile:
    """A clean copy of an uploaded photo, or ValidationError with a message for the resident."""
    if uploaded.size > settings.IDEA_IMAGE_MAX_BYTES:
        raise ValidationError(
            _("Das Bild ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s.")
            % {
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(settings.IDEA_IMAGE_MAX_BYTES),
            }
        )
    not_an_image = _("Die Datei ist kein Bild im Format JPEG, PNG oder WebP.")
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
        if image_format not in ACCEPTED_FORMATS:
            raise ValidationError(not_an_image)
        if _is_truncated(uploaded, image_format):
            raise ValidationError(
                _("Das Bild ist unvollständig. Bitte laden Sie es noch einmal hoch.")
            )
        if width * height > MAX_PIXELS:
            raise ValidationError(_("Das Bild hat zu viele Bildpunkte."))
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF tag gave
            image.thumbnail((MAX_EDGE, MAX_EDGE))
            has_alpha = image.mode in ("RGBA", "LA", "P") and image_format != "JPEG"
            image = image.convert("RGBA" if has_alpha else "RGB")
            output = io.BytesIO()
            if has_alpha:
                image.save(output, format="PNG", optimize=True)
                extension = "png"
            else:
                image.save(output, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(not_an_image) from error
    return ContentFile(output.getvalue(), name=f"{secrets.token_hex(12)}.{extension}")
