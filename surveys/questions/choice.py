from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import blocks

from .base import OTHER_CHOICE_KEY, AnswerValue, ChoiceQuestionBlock, QuestionBlock


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    display = blocks.ChoiceBlock(
        label=_("Darstellung"),
        choices=[("radio", _("Auswahlknöpfe")), ("select", _("Aufklappliste"))],
        default="radio",
    )

    class Meta:
        icon = "radio-full"
        label = _("Einfachauswahl")

    def answer_field(self, value):
        widget = forms.Select if value["display"] == "select" else forms.RadioSelect
        options = self.choice_options(value)
        if value["display"] == "select":
            options = [("", _("Bitte wählen")), *options]
        return forms.ChoiceField(choices=options, widget=widget, **self.field_kwargs(value))

    def answer_values(self, value, cleaned):
        choice = cleaned.get(value["key"])
        if not choice:
            return []
        text = self.other_text(value, cleaned) if choice == OTHER_CHOICE_KEY else None
        return [AnswerValue(value["key"], choice_key=choice, text=text)]


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    min_selected = blocks.IntegerBlock(label=_("Mindestens auswählen"), required=False, min_value=0)
    max_selected = blocks.IntegerBlock(label=_("Höchstens auswählen"), required=False, min_value=1)

    class Meta:
        icon = "tick-inverse"
        label = _("Mehrfachauswahl")

    def answer_field(self, value):
        minimum, maximum = value["min_selected"], value["max_selected"]

        def check_count(selected):
            if minimum and len(selected) < minimum:
                raise ValidationError(
                    ngettext(
                        "Bitte wählen Sie mindestens %(count)d Antwort.",
                        "Bitte wählen Sie mindestens %(count)d Antworten.",
                        minimum,
                    )
                    % {"count": minimum}
                )
            if maximum and len(selected) > maximum:
                raise ValidationError(
                    ngettext(
                        "Bitte wählen Sie höchstens %(count)d Antwort.",
                        "Bitte wählen Sie höchstens %(count)d Antworten.",
                        maximum,
                    )
                    % {"count": maximum}
                )

        return forms.MultipleChoiceField(
            choices=self.choice_options(value),
            widget=forms.CheckboxSelectMultiple,
            validators=[check_count],
            **self.field_kwargs(value),
        )

    def answer_values(self, value, cleaned):
        other = self.other_text(value, cleaned)
        return [
            AnswerValue(
                value["key"],
                choice_key=choice,
                text=other if choice == OTHER_CHOICE_KEY else None,
            )
            for choice in cleaned.get(value["key"]) or []
        ]

    def export_columns(self, value):
        """One 1/0 column per choice ("frage:choice"), plus the "Sonstiges" text."""
        columns = [f"{value['key']}:{key}" for key in self.choice_keys(value)]
        return [*columns, self.other_text_column(value)] if value["allow_other"] else columns

    def export_cells(self, value, answers):
        # No answer at all (not shown, or skipped) stays empty rather than a row of zeros.
        chosen = {answer.choice_key: answer for answer in answers}
        cells = [
            (1 if key in chosen else 0) if answers else None for key in self.choice_keys(value)
        ]
        if value["allow_other"]:
            other = chosen.get(OTHER_CHOICE_KEY)
            cells.append(other.text if other else None)
        return cells


class YesNoQuestionBlock(QuestionBlock):
    CHOICES = (("ja", _("Ja")), ("nein", _("Nein")))

    class Meta:
        icon = "tick"
        label = _("Ja/Nein")

    has_choices = True
    required_message = _("Bitte wählen Sie „Ja“ oder „Nein“.")

    def choice_keys(self, value):
        return [key for key, _label in self.CHOICES]

    def answer_field(self, value):
        return forms.ChoiceField(
            choices=self.CHOICES, widget=forms.RadioSelect, **self.field_kwargs(value)
        )

    def answer_values(self, value, cleaned):
        choice = cleaned.get(value["key"])
        return [AnswerValue(value["key"], choice_key=choice)] if choice else []
