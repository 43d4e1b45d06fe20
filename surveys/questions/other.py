from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import QuestionBlock, SurveyItemBlock


class ContactQuestionBlock(QuestionBlock):
    """An optional e-mail address, stored apart from the answers (never in results)."""

    class Meta:
        icon = "mail"
        label = _("E-Mail für Rückmeldungen")

    def answer_field(self, value):
        return forms.EmailField(max_length=254, **self.field_kwargs(value))

    def answer_values(self, value, cleaned):
        return []

    def contact_email(self, value, cleaned) -> str | None:
        return cleaned.get(value["key"]) or None

    def export_columns(self, value):
        # Kept apart from the answers (ResponseContact) and never exported with them.
        return []

    def export_cells(self, value, answers):
        return []


class SectionBlock(SurveyItemBlock):
    heading = blocks.CharBlock(label=_("Zwischenüberschrift"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=1000)

    class Meta:
        icon = "title"
        label = _("Abschnitt mit Text")


class PageBreakBlock(SurveyItemBlock):
    title = blocks.CharBlock(label=_("Titel des nächsten Schritts"), required=False, max_length=120)

    is_page_break = True

    class Meta:
        icon = "horizontalrule"
        label = _("Seitenumbruch (neuer Schritt)")
