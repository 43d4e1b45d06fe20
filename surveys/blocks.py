"""The survey's question list: one block type per question type, validated as a whole."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from surveys.questions.base import OTHER_CHOICE_KEY, key_from_label
from surveys.questions.choice import (
    MultipleChoiceQuestionBlock,
    SingleChoiceQuestionBlock,
    YesNoQuestionBlock,
)
from surveys.questions.numeric import DateQuestionBlock, NumberQuestionBlock, RatingQuestionBlock
from surveys.questions.other import ContactQuestionBlock, PageBreakBlock, SectionBlock
from surveys.questions.structured import MatrixQuestionBlock, RankingQuestionBlock
from surveys.questions.text import LongTextQuestionBlock, ShortTextQuestionBlock

# Conditions may refer to these: their answers are choice keys known when the survey is saved.
CONDITION_SOURCE_TYPES = ("single_choice", "multiple_choice", "yes_no")


def _fill_choice_keys(choices) -> None:
    taken: set[str] = set()
    for choice in choices:
        if not choice["key"]:
            choice["key"] = key_from_label(choice["label"], taken | {OTHER_CHOICE_KEY})
        taken.add(choice["key"])


def _duplicate_choice_keys(choices) -> set[str]:
    keys = [choice["key"] for choice in choices]
    return {key for key in keys if keys.count(key) > 1 or key == OTHER_CHOICE_KEY}


class QuestionStreamBlock(blocks.StreamBlock):
    short_text = ShortTextQuestionBlock()
    long_text = LongTextQuestionBlock()
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    yes_no = YesNoQuestionBlock()
    rating = RatingQuestionBlock()
    number = NumberQuestionBlock()
    date = DateQuestionBlock()
    ranking = RankingQuestionBlock()
    matrix = MatrixQuestionBlock()
    contact = ContactQuestionBlock()
    section = SectionBlock()
    page_break = PageBreakBlock()

    class Meta:
        block_counts = {"contact": {"max_num": 1}}

    def clean(self, value):
        value = super().clean(value)
        errors: dict[int, ValidationError] = {}
        non_block_errors = ErrorList()
        taken = {child.value["key"] for child in value if child.block.is_question}
        taken.discard("")
        seen: dict[str, str] = {}  # key -> block type, for questions before the current one

        for index, child in enumerate(value):
            block = child.block
            if block.is_page_break:
                before, after = value[:index], value[index + 1 :]
                if not any(c.block.is_question for c in before) or not any(
                    c.block.is_question for c in after
                ):
                    errors[index] = ValidationError(
                        _("Ein Seitenumbruch braucht davor und danach mindestens eine Frage.")
                    )
                continue
            if not block.is_question:
                continue

            item = child.value
            if not item["key"]:
                item["key"] = key_from_label(item["label"], taken)
                taken.add(item["key"])
            field_errors = {}
            if item["key"] in seen:
                field_errors["key"] = ValidationError(
                    _("Der Schlüssel „%(key)s“ kommt schon bei einer anderen Frage vor.")
                    % {"key": item["key"]}
                )
            for list_name in ("choices", "rows"):
                if list_name in item:
                    _fill_choice_keys(item[list_name])
                    duplicates = _duplicate_choice_keys(item[list_name])
                    if duplicates:
                        field_errors[list_name] = ValidationError(
                            _("Doppelte oder reservierte Schlüssel: %(keys)s")
                            % {"keys": ", ".join(sorted(duplicates))}
                        )
            condition_error = self._condition_error(item["condition"], seen, value)
            if condition_error:
                field_errors["condition"] = condition_error
            if field_errors:
                errors[index] = StructBlockValidationError(field_errors)
            seen[item["key"]] = child.block_type

        if not any(child.block.is_question for child in value):
            non_block_errors.append(
                ValidationError(_("Eine Befragung braucht mindestens eine Frage."))
            )
        if errors or non_block_errors:
            raise StreamBlockValidationError(block_errors=errors, non_block_errors=non_block_errors)
        return value

    @staticmethod
    def _condition_error(condition, seen: dict[str, str], value) -> ValidationError | None:
        source_key = (condition or {}).get("question") or ""
        if not source_key:
            return None
        if seen.get(source_key) not in CONDITION_SOURCE_TYPES:
            return ValidationError(
                _(
                    "Die Bedingung muss sich auf eine frühere Einfachauswahl, Mehrfachauswahl "
                    "oder Ja/Nein-Frage beziehen; „%(key)s“ ist keine."
                )
                % {"key": source_key}
            )
        source = next(c for c in value if c.block.is_question and c.value["key"] == source_key)
        if condition["choice"] not in source.block.choice_keys(source.value):
            return ValidationError(
                _("Die Frage „%(key)s“ hat keine Antwort mit dem Schlüssel „%(choice)s“.")
                % {"key": source_key, "choice": condition["choice"]}
            )
        return None
