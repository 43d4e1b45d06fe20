"""The form for one survey step, built from the step's questions.

Conditions on earlier steps are resolved when the form is built (the question is left out);
conditions on the same step are resolved in clean(), so the form works without JavaScript:
a hidden question's answer is dropped and its required flag ignored.
"""

import random
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.questions.base import OTHER_CHOICE_KEY, AnswerValue
from surveys.structure import Step, is_visible

HONEYPOT_FIELD = "website"


@dataclass
class QuestionGroup:
    """One question (or section) of the step with its bound fields, for the template."""

    item: object  # StreamChild
    fields: list
    # For a question shown only after an answer on the same step: that question and answer.
    condition_question: str = ""
    condition_choice: str = ""

    @property
    def block_type(self) -> str:
        return self.item.block_type

    @property
    def value(self):
        return self.item.value

    @property
    def is_question(self) -> bool:
        return self.item.block.is_question

    @property
    def is_group(self) -> bool:
        """Rendered as fieldset/legend: choices, ranking and matrix."""
        return self.block_type in {
            "single_choice",
            "multiple_choice",
            "yes_no",
            "rating",
            "ranking",
            "matrix",
        } and not (self.block_type == "single_choice" and self.value["display"] == "select")

    @property
    def errors(self) -> list:
        return [error for field in self.fields for error in field.errors]


class SurveyStepForm(forms.Form):
    def __init__(
        self,
        *args,
        step: Step,
        earlier_answers: list[AnswerValue],
        shuffle_seed: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.step = step
        self.earlier_answers = earlier_answers
        self.fields[HONEYPOT_FIELD] = forms.CharField(required=False, label=_("Webseite"))
        self.items = []
        # The field names of each question, by the item's position in self.items.
        self.field_names: list[list[str]] = []
        self.required_by_field: dict[str, bool] = {}
        for item in step.items:
            if item.block.is_question and not self._visible_before_this_step(item):
                continue
            self.items.append(item)
            self.field_names.append([])
            if not item.block.is_question:
                continue
            for name, field in item.block.form_fields(item.value).items():
                self.field_names[-1].append(name)
                if item.value.get("randomize"):
                    field.choices = _shuffled(field.choices, f"{shuffle_seed}:{name}")
                # Required questions with a same-step condition are checked in clean().
                self.required_by_field[name] = field.required
                if self._condition_on_this_step(item):
                    field.required = False
                self.fields[name] = field

    def _condition_on_this_step(self, item) -> bool:
        source = (item.value["condition"] or {}).get("question")
        return bool(source) and any(
            other.block.is_question and other.value["key"] == source for other in self.step.items
        )

    def _visible_before_this_step(self, item) -> bool:
        return self._condition_on_this_step(item) or is_visible(item, self.earlier_answers)

    @property
    def groups(self) -> list[QuestionGroup]:
        groups = []
        for item, names in zip(self.items, self.field_names, strict=True):
            group = QuestionGroup(item=item, fields=[self[name] for name in names])
            if item.block.is_question and self._condition_on_this_step(item):
                condition = item.value["condition"]
                source = self.fields[condition["question"]]
                group.condition_question = source.label
                group.condition_choice = dict(source.choices).get(condition["choice"], "")
            groups.append(group)
        return groups

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _(
                    "Ihre Antwort sieht nach einem automatischen Programm aus und wurde nicht "
                    "gespeichert."
                ),
                code="honeypot",
            )
        answers = list(self.earlier_answers)
        for item, names in zip(self.items, self.field_names, strict=True):
            if not item.block.is_question:
                continue
            if not is_visible(item, answers):
                for name in names:
                    cleaned.pop(name, None)
                    self.errors.pop(name, None)
                continue
            if self._condition_on_this_step(item):
                for name in names:
                    if self.required_by_field[name] and cleaned.get(name) in (None, "", []):
                        self.add_error(name, forms.Field.default_error_messages["required"])
            for name, message in item.block.cross_field_errors(item.value, cleaned).items():
                self.add_error(name, message)
            if item.block.has_choices and "allow_other" in item.value:
                self._check_other_text(item, cleaned)
            answers.extend(item.block.answer_values(item.value, cleaned))
        return cleaned

    def _check_other_text(self, item, cleaned) -> None:
        chosen = cleaned.get(item.value["key"])
        chosen = chosen if isinstance(chosen, list) else [chosen]
        other_field = item.block.other_field_name(item.value)
        if cleaned.get(other_field) and OTHER_CHOICE_KEY not in chosen:
            # Text for "Sonstiges" without choosing it: keep the answer, drop the stray text.
            cleaned[other_field] = ""

    def answer_values(self) -> list[AnswerValue]:
        """Answer rows for the visible questions of this step (call after is_valid())."""
        answers, context = [], list(self.earlier_answers)
        for item in self.items:
            if item.block.is_question and is_visible(item, context):
                values = item.block.answer_values(item.value, self.cleaned_data)
                answers.extend(values)
                context.extend(values)
        return answers

    def contact_email(self) -> str | None:
        for item in self.items:
            if item.block_type == "contact" and is_visible(item, self.earlier_answers):
                return item.block.contact_email(item.value, self.cleaned_data)
        return None

    def raw_data(self) -> dict[str, list[str]]:
        """The submitted values of this step's fields, to keep in a draft."""
        return {
            name: self.data.getlist(name)
            for name in self.fields
            if name != HONEYPOT_FIELD and name in self.data
        }


def _shuffled(choices, seed: str) -> list:
    """The same participant sees the same order on every visit; "Sonstiges" stays last."""
    choices = list(choices)
    fixed = [c for c in choices if c[0] in ("", OTHER_CHOICE_KEY)]
    movable = [c for c in choices if c not in fixed]
    random.Random(seed).shuffle(movable)  # noqa: S311 - an order, not a secret
    blank = [c for c in fixed if c[0] == ""]
    other = [c for c in fixed if c[0] == OTHER_CHOICE_KEY]
    return blank + movable + other


@dataclass
class WholeSurveyAnswers:
    """Every step of a survey checked at once (the API's one-request submission)."""

    answers: list[AnswerValue]
    contact_email: str | None
    errors: dict[str, list[str]]  # by field name; form-wide ones under "non_field_errors"


def survey_answers_check(steps: list[Step], data, *, shuffle_seed: str = "") -> WholeSurveyAnswers:
    """Check `data` (a QueryDict-like of field name -> values) step by step with the same
    SurveyStepForm as the web, so conditions, required questions and the honeypot behave
    alike. A field that no question of the survey has is an error, not silently dropped."""
    answers, contact, errors = [], None, {}
    known = {HONEYPOT_FIELD}
    for step in steps:
        form = SurveyStepForm(data, step=step, earlier_answers=answers, shuffle_seed=shuffle_seed)
        known.update(form.fields)
        if not form.is_valid():
            for name, messages in form.errors.items():
                key = "non_field_errors" if name == "__all__" else name
                errors.setdefault(key, []).extend(str(message) for message in messages)
            continue
        answers.extend(form.answer_values())
        contact = form.contact_email() or contact
    for item in (item for step in steps for item in step.items if item.block.is_question):
        known.update(item.block.form_fields(item.value))
    for name in sorted(set(data) - known):
        errors[name] = [str(_("Diese Frage gibt es in der Befragung nicht."))]
    return WholeSurveyAnswers(answers=answers, contact_email=contact, errors=errors)
