"""Reads for surveys."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from surveys.models import Answer, QuestionRecord, Response, SurveyPage
from surveys.structure import question_items


def survey_change_conflicts(*, survey: SurveyPage, questions) -> list[str]:
    """Edits that would give answered keys another meaning: a changed question type, or a
    removed choice or matrix row that somebody chose. Wording changes are fine."""
    by_key = {child.value["key"]: child for child in question_items(questions)}
    conflicts = []
    for key, block_type in QuestionRecord.objects.filter(survey=survey).values_list(
        "key", "block_type"
    ):
        child = by_key.get(key)
        if child is not None and child.block_type != block_type:
            conflicts.append(
                _("Die Frage „%(key)s“ hat schon Antworten; ihr Fragetyp bleibt deshalb gleich.")
                % {"key": key}
            )
    answered = (
        Answer.objects.filter(survey=survey)
        .exclude(choice_key=None)
        .values_list("question_key", "row_key", "choice_key")
        .distinct()
    )
    for question_key, row_key, choice_key in answered:
        child = by_key.get(question_key)
        if child is None:
            continue
        if choice_key not in child.block.choice_keys(child.value):
            conflicts.append(
                _(
                    "Die Antwort „%(choice)s“ der Frage „%(key)s“ wurde schon gewählt und kann "
                    "nicht entfernt werden."
                )
                % {"choice": choice_key, "key": question_key}
            )
        rows = {row["key"] for row in child.value.get("rows", [])}
        if row_key and row_key not in rows:
            conflicts.append(
                _(
                    "Die Zeile „%(row)s“ der Frage „%(key)s“ hat schon Antworten und kann nicht "
                    "entfernt werden."
                )
                % {"row": row_key, "key": question_key}
            )
    return sorted(set(conflicts))


def survey_submitted_responses(*, survey: SurveyPage) -> QuerySet[Response]:
    """Submitted responses of a survey, newest first."""
    return Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).order_by(
        "-submitted_at", "-pk"
    )


def participant_response_get(*, survey: SurveyPage, participant_key: str | None) -> Response | None:
    """The participant's response to the survey, in progress or submitted."""
    if not participant_key:
        return None
    return Response.objects.filter(survey=survey, participant_key=participant_key).first()
