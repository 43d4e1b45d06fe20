"""The public results page of a survey ("Ergebnisse"). The page model routes here."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from surveys.models import SurveyPage
from surveys.selectors import survey_results_get


@require_safe
def survey_results_public(request, survey: SurveyPage):
    """The published (suppressed) figures and what became of them; 404 while the results are
    not public, for editors too: the network reads its figures in the admin."""
    if not survey.results_are_public():
        raise Http404
    return TemplateResponse(
        request,
        "surveys/survey_results.html",
        {
            "page": survey,
            "self": survey,
            "results": survey_results_get(survey=survey, public=True),
            "k": survey.results_min_group,
        },
    )
