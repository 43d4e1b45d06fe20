"""What every question type shares: label, help text, required flag, stable key, the
demographic flag and a display condition. A type adds its own settings and knows its form
field(s) and how a cleaned answer becomes Answer rows."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"
key_validator = RegexValidator(
    KEY_PATTERN,
    _("Nur Kleinbuchstaben, Ziffern, - und _ (höchstens 40 Zeichen)."),
)
OTHER_CHOICE_KEY = "sonstiges"


def key_from_label(label: str, taken: set[str]) -> str:
    """A stable key for a new question or choice: the slugified label, made unique."""
    base = (slugify(label)[:36] or "frage").strip("-_") or "frage"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


@dataclass(frozen=True)
class AnswerValue:
    """One Answer row before it has a response: what the aggregation counts."""

    question_key: str
    choice_key: str | None = None
    row_key: str | None = None
    number: Decimal | None = None
    text: str | None = None


class ChoiceItemBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Antwortmöglichkeit"), max_length=200)
    key = blocks.CharBlock(
        label=_("Schlüssel"),
        required=False,
        max_length=40,
        validators=[key_validator],
        help_text=_("Wird beim ersten Speichern aus der Antwort gebildet und bleibt dann gleich."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Antwortmöglichkeit")


class ConditionBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        label=_("Nur zeigen, wenn Frage (Schlüssel)"),
        required=False,
        max_length=40,
        help_text=_("Schlüssel einer früheren Einfach- oder Mehrfachauswahl. Leer: immer zeigen."),
    )
    operator = blocks.ChoiceBlock(
        label=_("Bedingung"),
        choices=[("is", _("diese Antwort hat")), ("is_not", _("diese Antwort nicht hat"))],
        default="is",
    )
    choice = blocks.CharBlock(label=_("Antwort (Schlüssel)"), required=False, max_length=40)

    class Meta:
        icon = "view"
        label = _("Bedingung")
        form_classname = "struct-block condition-block"


class SurveyItemBlock(blocks.StructBlock):
    """Anything that can stand in a survey's question list."""

    is_question = False
    is_page_break = False


class QuestionBlock(SurveyItemBlock):
    label = blocks.CharBlock(label=_("Frage"), max_length=300)
    help_text = blocks.TextBlock(label=_("Hilfetext"), required=False, max_length=600)
    required = blocks.BooleanBlock(label=_("Pflichtfrage"), required=False, default=False)
    key = blocks.CharBlock(
        label=_("Schlüssel"),
        required=False,
        max_length=40,
        validators=[key_validator],
        help_text=_(
            "Kennzeichnet die Frage in Ergebnissen und Exporten. Wird beim ersten Speichern "
            "gebildet; ändern Sie ihn nicht, wenn schon Antworten da sind."
        ),
    )
    demographic = blocks.BooleanBlock(
        label=_("Angabe zur Person (für Auswertungen nach Gruppen)"), required=False
    )
    condition = ConditionBlock(required=False)

    is_question = True
    has_choices = False

    class Meta:
        form_classname = "struct-block question-block"

    # --- answering ---------------------------------------------------------------------------

    def form_fields(self, value) -> dict[str, forms.Field]:
        """The form field(s) for this question, named by its key."""
        return {value["key"]: self.answer_field(value)}

    def answer_field(self, value) -> forms.Field:
        raise NotImplementedError

    # What an unanswered required question says; choice types ask to choose.
    required_message = _("Bitte beantworten Sie diese Frage.")

    def field_kwargs(self, value) -> dict:
        return {
            "label": value["label"],
            "help_text": value["help_text"],
            "required": value["required"],
            "error_messages": {"required": self.required_message},
        }

    def answer_values(self, value, cleaned: dict) -> list[AnswerValue]:
        """Answer rows for a cleaned form; nothing for an unanswered optional question."""
        answer = cleaned.get(value["key"])
        if answer in (None, "", []):
            return []
        return [AnswerValue(value["key"], text=str(answer))]

    def choice_keys(self, value) -> list[str]:
        return []

    def cross_field_errors(self, value, cleaned: dict) -> dict[str, str]:
        """Errors that need several of this question's fields at once, by field name."""
        return {}

    # --- export ------------------------------------------------------------------------------

    def export_columns(self, value) -> list[str]:
        """Column names of this question in raw exports: its key by default."""
        return [value["key"]]

    def export_cells(self, value, answers: list[AnswerValue]) -> list:
        """One response's cells for this question, in export_columns order; `answers` are
        that response's answers to this question. Empty (None) when unanswered."""
        if not answers:
            return [None]
        answer = answers[0]
        if answer.choice_key is not None:
            return [answer.choice_key]
        return [answer.number if answer.number is not None else answer.text]


class ChoiceQuestionBlock(QuestionBlock):
    """Single and multiple choice: choices with stable keys, optional "Sonstiges" with text."""

    choices = blocks.ListBlock(ChoiceItemBlock(), label=_("Antwortmöglichkeiten"), min_num=2)
    allow_other = blocks.BooleanBlock(label=_("„Sonstiges“ mit Freitext anbieten"), required=False)
    randomize = blocks.BooleanBlock(
        label=_("Antwortmöglichkeiten in zufälliger Reihenfolge zeigen"), required=False
    )

    has_choices = True
    required_message = _("Bitte wählen Sie eine Antwort.")

    def choice_keys(self, value) -> list[str]:
        keys = [choice["key"] for choice in value["choices"]]
        return [*keys, OTHER_CHOICE_KEY] if value["allow_other"] else keys

    def choice_options(self, value) -> list[tuple[str, str]]:
        options = [(choice["key"], choice["label"]) for choice in value["choices"]]
        if value["allow_other"]:
            options.append((OTHER_CHOICE_KEY, str(_("Sonstiges"))))
        return options

    def other_field_name(self, value) -> str:
        return f"{value['key']}__{OTHER_CHOICE_KEY}"

    def form_fields(self, value) -> dict[str, forms.Field]:
        fields = {value["key"]: self.answer_field(value)}
        if value["allow_other"]:
            fields[self.other_field_name(value)] = forms.CharField(
                label=_("Sonstiges, und zwar:"), required=False, max_length=300
            )
        return fields

    def other_text(self, value, cleaned: dict) -> str | None:
        return (cleaned.get(self.other_field_name(value)) or "").strip() or None

    def other_text_column(self, value) -> str:
        return f"{value['key']}:{OTHER_CHOICE_KEY}_text"

    def export_columns(self, value) -> list[str]:
        """Single choice: the chosen key, plus the "Sonstiges" text when offered."""
        columns = [value["key"]]
        return [*columns, self.other_text_column(value)] if value["allow_other"] else columns

    def export_cells(self, value, answers: list[AnswerValue]) -> list:
        answer = answers[0] if answers else None
        cells = [answer.choice_key if answer else None]
        if value["allow_other"]:
            cells.append(answer.text if answer else None)
        return cells
