"""Editors' mistakes in a questionnaire are caught when saving, with a message at the field."""

import copy

import pytest
from wagtail.blocks.stream_block import StreamBlockValidationError

from surveys.blocks import QuestionStreamBlock
from surveys.demo import GUT_LEBEN_QUESTIONS
from surveys.structure import survey_steps

BLOCK = QuestionStreamBlock()


def _clean(raw):
    return BLOCK.clean(BLOCK.to_python(raw))


def _errors(raw) -> dict:
    with pytest.raises(StreamBlockValidationError) as error:
        _clean(raw)
    return error.value.as_json_data()


def _question(block_type="short_text", key="", label="Wie heißt Ihr Lieblingsort?", **extra):
    value = {
        "key": key,
        "label": label,
        "required": False,
        "help_text": "",
        "demographic": False,
        "condition": {"question": "", "operator": "is", "choice": ""},
    }
    value.update(extra)
    return {"type": block_type, "value": value}


def _choices(*labels):
    return [
        {"type": "item", "value": {"key": "", "label": label}, "id": f"id-{label}"}
        for label in labels
    ]


def test_demo_survey_is_valid_and_has_three_steps():
    steps = survey_steps(_clean(copy.deepcopy(GUT_LEBEN_QUESTIONS)))
    assert [step.number for step in steps] == [1, 2, 3]
    assert steps[1].title == "Was Ihnen wichtig ist"
    assert [q.value["key"] for q in steps[1].questions] == ["angebote", "aussagen", "wunsch"]


def test_missing_keys_are_made_from_labels_and_stay_unique():
    value = _clean(
        [
            _question(label="Wie alt sind Sie?"),
            _question(label="Wie alt sind Sie?"),
            _question(
                "single_choice",
                label="Wohnen Sie gern hier?",
                display="radio",
                allow_other=True,
                randomize=False,
                choices=_choices("Ja, sehr", "Ja, sehr"),
            ),
        ]
    )
    keys = [child.value["key"] for child in value]
    assert keys == ["wie-alt-sind-sie", "wie-alt-sind-sie-2", "wohnen-sie-gern-hier"]
    assert [c["key"] for c in value[2].value["choices"]] == ["ja-sehr", "ja-sehr-2"]


def test_duplicate_keys_are_refused_at_the_question():
    errors = _errors([_question(key="alter"), _question(key="alter")])
    assert "key" in errors["blockErrors"][1]["blockErrors"]


def test_reserved_choice_key_is_refused():
    errors = _errors(
        [
            _question(
                "single_choice",
                key="wahl",
                display="radio",
                allow_other=True,
                randomize=False,
                choices=[
                    {
                        "type": "item",
                        "value": {"key": "sonstiges", "label": "Sonstiges"},
                        "id": "a",
                    },
                    {"type": "item", "value": {"key": "x", "label": "X"}, "id": "b"},
                ],
            ),
        ]
    )
    assert "choices" in errors["blockErrors"][0]["blockErrors"]


@pytest.mark.parametrize(
    "condition",
    [
        {"question": "spaeter", "operator": "is", "choice": "ja"},  # refers to a later question
        {"question": "gibt-es-nicht", "operator": "is", "choice": "ja"},
        {"question": "freitext", "operator": "is", "choice": "ja"},  # not a choice question
        {"question": "frage", "operator": "is", "choice": "vielleicht"},  # unknown choice
    ],
)
def test_invalid_conditions_are_caught_when_saving(condition):
    errors = _errors(
        [
            _question("yes_no", key="frage"),
            _question(key="freitext"),
            _question(key="abhaengig", condition=condition),
            _question("yes_no", key="spaeter"),
        ]
    )
    assert "condition" in errors["blockErrors"][2]["blockErrors"]


def test_page_break_needs_questions_on_both_sides():
    errors = _errors(
        [
            {"type": "page_break", "value": {"title": "Los"}},
            _question(key="a"),
        ]
    )
    assert 0 in errors["blockErrors"]


def test_a_survey_needs_a_question():
    errors = _errors([{"type": "section", "value": {"heading": "Hallo", "text": ""}}])
    assert errors["messages"] or errors.get("nonBlockErrors")
