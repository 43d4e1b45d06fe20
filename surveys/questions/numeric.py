import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .base import AnswerValue, QuestionBlock


class RatingQuestionBlock(QuestionBlock):
    scale_min = blocks.ChoiceBlock(
        label=_("Skala von"), choices=[("0", "0"), ("1", "1")], default="1"
    )
    scale_max = blocks.IntegerBlock(label=_("bis"), default=5, min_value=2, max_value=10)
    min_label = blocks.CharBlock(
        label=_("Beschriftung des kleinsten Werts"), required=False, max_length=60
    )
    max_label = blocks.CharBlock(
        label=_("Beschriftung des größten Werts"), required=False, max_length=60
    )

    class Meta:
        icon = "list-ol"
        label = _("Bewertungsskala")

    required_message = _("Bitte wählen Sie einen Wert auf der Skala.")

    def scale(self, value) -> list[int]:
        return list(range(int(value["scale_min"]), value["scale_max"] + 1))

    def answer_field(self, value):
        scale = self.scale(value)
        labels = {scale[0]: value["min_label"], scale[-1]: value["max_label"]}
        options = [
            (str(point), f"{point} – {labels[point]}" if labels.get(point) else str(point))
            for point in scale
        ]
        return forms.TypedChoiceField(
            choices=options, coerce=int, widget=forms.RadioSelect, **self.field_kwargs(value)
        )

    def answer_values(self, value, cleaned):
        point = cleaned.get(value["key"])
        if point in (None, ""):
            return []
        return [AnswerValue(value["key"], number=Decimal(point))]


class NumberQuestionBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(label=_("Kleinster Wert"), required=False)
    max_value = blocks.DecimalBlock(label=_("Größter Wert"), required=False)
    decimal_places = blocks.IntegerBlock(
        label=_("Nachkommastellen"), default=0, min_value=0, max_value=4
    )
    unit = blocks.CharBlock(
        label=_("Einheit"),
        required=False,
        max_length=30,
        help_text=_("Z. B. Jahre, Minuten, Personen"),
    )

    class Meta:
        icon = "plus-inverse"
        label = _("Zahl")

    def clean(self, value):
        value = super().clean(value)
        low, high = value["min_value"], value["max_value"]
        if low is not None and high is not None and low > high:
            raise StructBlockValidationError(
                {"max_value": ValidationError(_("Der größte Wert ist kleiner als der kleinste."))}
            )
        return value

    def answer_field(self, value):
        kwargs = self.field_kwargs(value)
        if value["unit"]:
            kwargs["label"] = f"{value['label']} ({value['unit']})"
        return forms.DecimalField(
            min_value=value["min_value"],
            max_value=value["max_value"],
            decimal_places=value["decimal_places"],
            max_digits=12,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **kwargs,
        )

    def answer_values(self, value, cleaned):
        number = cleaned.get(value["key"])
        return [] if number is None else [AnswerValue(value["key"], number=number)]


class DateQuestionBlock(QuestionBlock):
    class Meta:
        icon = "date"
        label = _("Datum")

    def answer_field(self, value):
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d.%m.%Y"],
            **self.field_kwargs(value),
        )

    def answer_values(self, value, cleaned):
        date = cleaned.get(value["key"])
        if not isinstance(date, datetime.date):
            return []
        return [AnswerValue(value["key"], text=date.isoformat())]
