"""Forms residents fill in on an idea collection: the list filter, the idea and comments.

Validation messages are written for residents; the service checks the same rules again
(ideas.services), so a form is about clear messages, never the last line of defence.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ideas.images import image_sanitize
from ideas.models import (
    COMMENT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    IdeaCategory,
    IdeaCollectionPage,
    IdeaStatus,
)
from ideas.selectors import DEFAULT_SORT, SORTS
from ideas.services import IdeaError, IdeaInput, location_check

# The surveys' honeypot name (surveys.forms.HONEYPOT_FIELD): bots fill a field called
# "website"; people never see it.
HONEYPOT_FIELD = "website"
HONEYPOT_MESSAGE = _(
    "Ihr Beitrag sieht nach einem automatischen Programm aus und wurde nicht gespeichert."
)
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"
SORT_LABELS = {
    "neu": _("Neueste zuerst"),
    "unterstuetzt": _("Meiste Unterstützungen"),
    "diskutiert": _("Meiste Kommentare"),
}
if set(SORT_LABELS) != set(SORTS):  # pragma: no cover - a programming error
    raise ImportError("every sort order of ideas.selectors.SORTS needs a label here")
INVALID_POINT = _("Der Punkt auf der Karte ist ungültig. Bitte markieren Sie ihn neu.")


def _limit(number: int) -> str:
    """2000 as residents read it: "2.000"."""
    return number_format(number, force_grouping=True)


class PlainTextField(forms.CharField):
    """Text as typed. A line break counts as one character, as the browser counts it for
    maxlength (it sends two), so a text that fits in the box also passes the length check."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class HoneypotMixin:
    """The honeypot field; filled in, it makes the whole form invalid (code "honeypot")."""

    def add_honeypot(self) -> None:
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False, label=_("Dieses Feld bitte leer lassen")
        )

    def check_honeypot(self, cleaned: dict) -> None:
        if cleaned.get(HONEYPOT_FIELD):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")

    @property
    def is_spam(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "honeypot")


# --- the list ------------------------------------------------------------------------------


class IdeaFilterForm(forms.Form):
    """The GET form above the list. Values that do not fit are ignored, never an error page."""

    themenfeld = forms.ChoiceField(label=_("Themenfeld"), required=False)
    stand = forms.ChoiceField(
        label=_("Stand"), required=False, choices=[("", _("Alle")), *IdeaStatus.choices]
    )
    sortierung = forms.ChoiceField(
        label=_("Sortierung"), required=False, choices=list(SORT_LABELS.items())
    )
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)

    def __init__(self, *args, categories=(), **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        # pk is None only in the preview of a collection that was never saved.
        choices = [(str(category.pk), category.name) for category in categories if category.pk]
        if choices:
            self.fields["themenfeld"].choices = [("", _("Alle Themenfelder")), *choices]
        else:
            del self.fields["themenfeld"]

    def filters(self) -> dict:
        """The valid values of the bound form; anything invalid means "all"."""
        self.is_valid()
        cleaned = self.cleaned_data
        return {
            "themenfeld": cleaned.get("themenfeld") or "",
            "stand": cleaned.get("stand") or "",
            "sortierung": cleaned.get("sortierung") or DEFAULT_SORT,
            "q": (cleaned.get("q") or "").strip(),
        }


# --- submitting an idea --------------------------------------------------------------------


class IdeaTextForm(forms.Form):
    """Step 1: what the idea is. Checked before the similar ideas are looked up."""

    title = PlainTextField(
        label=_("Titel Ihrer Idee"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "required": _("Bitte geben Sie Ihrer Idee einen Titel."),
            "max_length": _(
                "Der Titel darf höchstens %(limit_value)s Zeichen lang sein "
                "(jetzt: %(show_value)s)."
            ),
        },
    )
    description = PlainTextField(
        label=_("Beschreibung"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Bitte beschreiben Sie Ihre Idee."),
            "max_length": _(
                "Die Beschreibung darf höchstens %(limit_value)s Zeichen lang sein "
                "(jetzt: %(show_value)s)."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set per request, so the hint is in the language of the page.
        self.fields["title"].help_text = _(
            "Kurz und klar, zum Beispiel „Bank im Schatten am Spielplatz“. Höchstens %(limit)s "
            "Zeichen."
        ) % {"limit": _limit(TITLE_MAX_LENGTH)}
        self.fields["description"].help_text = _(
            "Was soll sich ändern, wo und für wen? Höchstens %(limit)s Zeichen."
        ) % {"limit": _limit(DESCRIPTION_MAX_LENGTH)}

    def clean_title(self):
        # One line: the title also goes into e-mail subjects, where a line break is refused.
        return " ".join(self.cleaned_data["title"].split())


class IdeaForm(HoneypotMixin, IdeaTextForm):
    """Step 2: the whole idea, with the fields this collection asks for."""

    category = forms.ModelChoiceField(
        label=_("Themenfeld"),
        queryset=IdeaCategory.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Bitte wählen Sie ein Themenfeld."),
            "invalid_choice": _("Bitte wählen Sie eines der angebotenen Themenfelder."),
        },
    )
    location_text = forms.CharField(
        label=_("Ort oder Adresse"),
        required=False,
        max_length=200,
        help_text=_("Zum Beispiel „Spielplatz an der Breite Straße“ oder „Haltestelle Bulach“."),
        error_messages={
            "max_length": _(
                "Der Ort darf höchstens %(limit_value)s Zeichen lang sein (jetzt: %(show_value)s)."
            )
        },
    )
    # Filled by the map picker (static/js/ideas.js); the text field alone is just as good.
    latitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": INVALID_POINT}
    )
    longitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": INVALID_POINT}
    )
    image = forms.FileField(
        label=_("Bilddatei"),
        required=False,
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
        error_messages={
            "invalid": _(
                "Die Datei konnte nicht gelesen werden. Bitte wählen Sie sie noch einmal."
            ),
            "empty": _("Die Datei ist leer. Bitte wählen Sie ein Bild aus."),
        },
    )
    image_alt = forms.CharField(
        label=_("Was ist auf dem Bild zu sehen?"),
        required=False,
        max_length=200,
        help_text=_(
            "Für Menschen, die das Bild nicht sehen können, zum Beispiel „Kaputte Bank vor dem "
            "Bürgerhaus“. Nötig, wenn Sie ein Bild hochladen."
        ),
        error_messages={
            "max_length": _(
                "Die Bildbeschreibung darf höchstens %(limit_value)s Zeichen lang sein "
                "(jetzt: %(show_value)s)."
            )
        },
    )
    contact_email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        required=False,
        help_text=_(
            "Nur wenn Sie erfahren möchten, ob Ihre Idee veröffentlicht wird und was aus ihr "
            "wird. Ihre Adresse wird nur dafür gespeichert und nicht veröffentlicht."
        ),
        error_messages={
            "invalid": _("Bitte geben Sie eine E-Mail-Adresse ein, zum Beispiel name@beispiel.de.")
        },
    )
    contact_consent = forms.BooleanField(
        label=_("Ja, schreiben Sie mir, was aus meiner Idee wird."),
        required=False,
    )

    def __init__(self, *args, collection: IdeaCollectionPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.collection = collection
        self.add_honeypot()
        categories = list(IdeaCategory.objects.filter(page=collection).order_by("sort_order", "pk"))
        if categories:
            field = self.fields["category"]
            field.queryset = IdeaCategory.objects.filter(pk__in=[c.pk for c in categories])
            # The radio buttons from the list already read, in the editor's order.
            field.choices = [(category.pk, category.name) for category in categories]
        else:
            del self.fields["category"]
        if not collection.location_enabled:
            for name in ("location_text", "latitude", "longitude"):
                del self.fields[name]
        if collection.images_enabled:
            self.fields["image"].help_text = _(
                "Ein Foto im Format JPEG, PNG oder WebP, höchstens %(limit)s. Angaben wie "
                "Aufnahmeort und Kamera entfernen wir aus der Datei."
            ) % {"limit": filesizeformat(settings.IDEA_IMAGE_MAX_BYTES)}
        else:
            del self.fields["image"]
            del self.fields["image_alt"]

    @property
    def has_categories(self) -> bool:
        return "category" in self.fields

    def clean_image(self):
        uploaded = self.cleaned_data.get("image")
        return image_sanitize(uploaded) if uploaded else None

    def clean_latitude(self):
        return self._coordinate("latitude", 90)

    def clean_longitude(self):
        return self._coordinate("longitude", 180)

    def _coordinate(self, name: str, limit: int) -> Decimal | None:
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        try:
            value = value.quantize(Decimal("0.000001"))
        except InvalidOperation as error:
            raise ValidationError(INVALID_POINT) from error
        if not -limit <= value <= limit:
            raise ValidationError(INVALID_POINT)
        return value

    def clean(self):
        cleaned = super().clean()
        self.check_honeypot(cleaned)
        if cleaned.get("image") and not cleaned.get("image_alt", "").strip():
            self.add_error("image_alt", _("Bitte beschreiben Sie, was auf dem Bild zu sehen ist."))
        email, consent = cleaned.get("contact_email"), cleaned.get("contact_consent")
        if email and not consent:
            self.add_error(
                "contact_consent",
                _(
                    "Bitte setzen Sie das Häkchen, damit wir Ihnen schreiben dürfen – oder lassen "
                    "Sie das Feld für die E-Mail-Adresse leer."
                ),
            )
        if consent and not email and "contact_email" not in self.errors:
            self.add_error(
                "contact_email",
                _(
                    "Bitte geben Sie Ihre E-Mail-Adresse an – oder nehmen Sie das Häkchen bei der "
                    "Zustimmung heraus."
                ),
            )
        if self.collection.location_enabled and not self.location_errors:
            self._check_location(cleaned)
        return cleaned

    def _check_location(self, cleaned) -> None:
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_location_error(INVALID_POINT)
            return
        try:
            location_check(collection=self.collection, latitude=latitude, longitude=longitude)
        except IdeaError as error:
            self.add_location_error(error.message)

    @property
    def location_errors(self) -> list:
        """Errors of the map point, shown at the location fieldset."""
        return [
            error
            for name in ("latitude", "longitude")
            if name in self.fields
            for error in self.errors.get(name, [])
        ]

    def add_location_error(self, message) -> None:
        self.add_error("latitude", message)

    @property
    def image_was_chosen(self) -> bool:
        """A file came with this POST: after any error it has to be chosen again."""
        return bool(self.files.get("image"))

    def idea_input(self) -> IdeaInput:
        """The service's input (call after is_valid()); the address only with consent."""
        cleaned = self.cleaned_data
        consent = cleaned.get("contact_consent")
        return IdeaInput(
            title=cleaned["title"],
            description=cleaned["description"],
            category=cleaned.get("category"),
            location_text=cleaned.get("location_text", ""),
            latitude=cleaned.get("latitude"),
            longitude=cleaned.get("longitude"),
            image=cleaned.get("image"),
            image_alt=cleaned.get("image_alt", ""),
            contact_email=cleaned.get("contact_email", "") if consent else "",
        )


# --- comments ------------------------------------------------------------------------------


class CommentForm(HoneypotMixin, forms.Form):
    """A comment, or a reply when `parent` names a comment (one reply level, see services)."""

    author_name = forms.CharField(
        label=_("Ihr Name"),
        required=False,
        max_length=60,
        help_text=_("Freiwillig. Steht über Ihrem Kommentar."),
        error_messages={
            "max_length": _(
                "Der Name darf höchstens %(limit_value)s Zeichen lang sein (jetzt: %(show_value)s)."
            )
        },
    )
    text = PlainTextField(
        label=_("Ihr Kommentar"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Bitte schreiben Sie Ihren Kommentar."),
            "max_length": _(
                "Der Kommentar darf höchstens %(limit_value)s Zeichen lang sein "
                "(jetzt: %(show_value)s)."
            ),
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, reply: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_honeypot()
        if reply:
            self.fields["text"].label = _("Ihre Antwort")
        self.fields["text"].help_text = _("Höchstens %(limit)s Zeichen.") % {
            "limit": _limit(COMMENT_MAX_LENGTH)
        }

    def clean(self):
        cleaned = super().clean()
        self.check_honeypot(cleaned)
        if self.errors.pop("parent", None):
            # Only a changed page gets here; the resident reads one plain sentence.
            raise ValidationError(_("Auf diesen Kommentar kann nicht geantwortet werden."))
        return cleaned
