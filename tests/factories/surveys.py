import copy

import factory
import wagtail_factories

from surveys.demo import GUT_LEBEN_QUESTIONS
from surveys.models import ParticipationMode, SurveyPage


class SurveyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Befragung {n}")
    slug = factory.Sequence(lambda n: f"befragung-{n}")
    intro = "Ihre Meinung ist gefragt."
    privacy_note = "<p>Wir speichern Ihre Antworten ohne Namen.</p>"
    participation_mode = ParticipationMode.OPEN
    questions = factory.LazyFunction(lambda: copy.deepcopy(GUT_LEBEN_QUESTIONS))

    class Meta:
        model = SurveyPage
