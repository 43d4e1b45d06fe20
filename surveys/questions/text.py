from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import QuestionBlock


class ShortTextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Höchstzahl Zeichen"), default=200, min_value=1, max_value=500
    )

    class Meta:
        icon = "pilcrow"
        label = _("Kurzer Text")

    def answer_field(self, value):
        return forms.CharField(max_length=value["max_length"], **self.field_kwargs(value))


class LongTextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Höchstzahl Zeichen"), default=2000, min_value=1, max_value=10000
    )

    class Meta:
        icon = "doc-full"
        label = _("Langer Text")

    def answer_field(self, value):
        return forms.CharField(
            max_length=value["max_length"],
            widget=forms.Textarea(attrs={"rows": 5}),
            **self.field_kwargs(value),
        )
