from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from surveys.models import Response, SurveyPage


@hooks.register("before_delete_page")
def keep_surveys_with_responses(request, page):
    # Responses are never lost: a survey with responses is closed, not deleted.
    if page.specific_class is SurveyPage and Response.objects.filter(survey_id=page.pk).exists():
        messages.error(
            request,
            _(
                "Die Befragung „%(title)s“ hat schon Antworten und kann nicht gelöscht werden. "
                "Beenden Sie sie stattdessen mit einem Enddatum."
            )
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
