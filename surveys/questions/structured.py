"""Questions with several form fields: ranking (one rank per option, no drag and drop needed)
and matrix (one choice per row)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import AnswerValue, ChoiceItemBlock, QuestionBlock


class RankingQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(
        ChoiceItemBlock(), label=_("Zu ordnende Möglichkeiten"), min_num=2, max_num=10
    )

    class Meta:
        icon = "order"
        label = _("Rangfolge")

    has_choices = True

    def choice_keys(self, value):
        return [choice["key"] for choice in value["choices"]]

    def rank_field_name(self, value, choice_key: str) -> str:
        return f"{value['key']}__{choice_key}"

    def form_fields(self, value):
        count = len(value["choices"])
        ranks = [("", _("Rang wählen"))] + [(str(n), str(n)) for n in range(1, count + 1)]
        return {
            self.rank_field_name(value, choice["key"]): forms.TypedChoiceField(
                label=choice["label"],
                choices=ranks,
                coerce=int,
                empty_value=None,
                required=value["required"],
                error_messages={"required": _("Bitte geben Sie dieser Möglichkeit einen Rang.")},
            )
            for choice in value["choices"]
        }

    def _ranks(self, value, cleaned) -> dict[str, int | None]:
        return {
            choice["key"]: cleaned.get(self.rank_field_name(value, choice["key"]))
            for choice in value["choices"]
        }

    def cross_field_errors(self, value, cleaned):
        ranks = self._ranks(value, cleaned)
        given = [rank for rank in ranks.values() if rank is not None]
        if not given:
            return {}
        first_field = self.rank_field_name(value, value["choices"][0]["key"])
        if len(given) != len(ranks):
            return {first_field: _("Bitte geben Sie jeder Möglichkeit einen Rang.")}
        if len(set(given)) != len(given):
            return {first_field: _("Jeder Rang darf nur einmal vorkommen.")}
        return {}

    def answer_values(self, value, cleaned):
        return [
            AnswerValue(value["key"], choice_key=key, number=Decimal(rank))
            for key, rank in self._ranks(value, cleaned).items()
            if rank is not None
        ]

    def export_columns(self, value):
        """One column per option ("frage:option") holding its rank."""
        return [f"{value['key']}:{key}" for key in self.choice_keys(value)]

    def export_cells(self, value, answers):
        ranks = {answer.choice_key: answer.number for answer in answers}
        return [ranks.get(key) for key in self.choice_keys(value)]


class MatrixQuestionBlock(QuestionBlock):
    rows = blocks.ListBlock(ChoiceItemBlock(), label=_("Zeilen (Aussagen)"), min_num=1, max_num=20)
    choices = blocks.ListBlock(
        ChoiceItemBlock(), label=_("Spalten (Antwortstufen)"), min_num=2, max_num=11
    )

    class Meta:
        icon = "table"
        label = _("Matrix")

    has_choices = True

    def choice_keys(self, value):
        return [choice["key"] for choice in value["choices"]]

    def row_field_name(self, value, row_key: str) -> str:
        return f"{value['key']}__{row_key}"

    def form_fields(self, value):
        options = [(choice["key"], choice["label"]) for choice in value["choices"]]
        return {
            self.row_field_name(value, row["key"]): forms.ChoiceField(
                label=row["label"],
                choices=options,
                widget=forms.RadioSelect,
                required=value["required"],
                error_messages={"required": _("Bitte wählen Sie eine Antwort in dieser Zeile.")},
            )
            for row in value["rows"]
        }

    def answer_values(self, value, cleaned):
        answers = []
        for row in value["rows"]:
            choice = cleaned.get(self.row_field_name(value, row["key"]))
            if choice:
                answers.append(AnswerValue(value["key"], row_key=row["key"], choice_key=choice))
        return answers

    def export_columns(self, value):
        """One column per row ("frage:row") holding the chosen column's key."""
        return [f"{value['key']}:{row['key']}" for row in value["rows"]]

    def export_cells(self, value, answers):
        by_row = {answer.row_key: answer.choice_key for answer in answers}
        return [by_row.get(row["key"]) for row in value["rows"]]
