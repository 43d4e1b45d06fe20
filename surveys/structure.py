"""A survey's questions as steps, and which questions show for the answers given so far."""

from dataclasses import dataclass, field

from surveys.questions.base import AnswerValue


@dataclass
class Step:
    number: int
    title: str = ""
    items: list = field(default_factory=list)  # StreamChild: questions and sections

    @property
    def questions(self) -> list:
        return [item for item in self.items if item.block.is_question]


def survey_steps(questions) -> list[Step]:
    """Split the question stream at page breaks; steps are numbered from 1."""
    steps = [Step(number=1)]
    for child in questions:
        if child.block.is_page_break:
            steps.append(Step(number=len(steps) + 1, title=child.value["title"]))
        else:
            steps[-1].items.append(child)
    return [step for step in steps if step.items]


def question_items(questions) -> list:
    return [child for child in questions if child.block.is_question]


def is_visible(question, answers: list[AnswerValue]) -> bool:
    """Whether a question shows, given the answers to earlier questions."""
    condition = question.value["condition"] or {}
    source_key = condition.get("question")
    if not source_key:
        return True
    chosen = any(
        answer.question_key == source_key and answer.choice_key == condition.get("choice")
        for answer in answers
    )
    return chosen if condition.get("operator", "is") == "is" else not chosen
