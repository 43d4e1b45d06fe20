"""The survey a fault run answers: one step, open participation, results shown while it runs,
and a required free-text field that carries each submission's unique marker."""

import datetime
import random
from uuid import NAMESPACE_URL, uuid5

from django.utils import timezone
from wagtail.models import Site

from beteiligung.bench.aggregation import survey_clear
from cms.models import District, DistrictPage
from cms.services import district_create
from surveys.models import SurveyPage

DISTRICT_SLUG = "stoerungstest"
SURVEY_SLUG_PREFIX = "stoerungstest-"
MARKER_QUESTION = "kennung"
WAYS = ("zu-fuss", "rad", "bus", "auto")
OFFERS = ("cafe", "beratung", "sport", "garten")
RATING = range(1, 6)
# Questions whose answers have a choice key; the rating's are numbers.
CHOICE_QUESTIONS = ("weg", "angebote", "engagement")


def _choices(*pairs) -> list[dict]:
    return [
        {
            "type": "item",
            "value": {"key": key, "label": label},
            "id": str(uuid5(NAMESPACE_URL, key)),
        }
        for key, label in pairs
    ]


def _question(block_type: str, key: str, label: str, *, required: bool, **settings) -> dict:
    value = {
        "key": key,
        "label": label,
        "required": required,
        "help_text": "",
        "demographic": False,
        "condition": {"question": "", "operator": "is", "choice": ""},
        **settings,
    }
    return {"type": block_type, "value": value}


QUESTIONS = [
    _question(
        "single_choice",
        "weg",
        "Wie kommen Sie meistens zum Stadtteiltreff?",
        required=True,
        # A grouping question: the stored breakdowns by it are compared too.
        demographic=True,
        display="radio",
        allow_other=False,
        randomize=False,
        choices=_choices(
            ("zu-fuss", "zu Fuß"),
            ("rad", "mit dem Rad"),
            ("bus", "mit Bus oder Bahn"),
            ("auto", "mit dem Auto"),
        ),
    ),
    _question(
        "multiple_choice",
        "angebote",
        "Welche Angebote nutzen Sie?",
        required=False,
        allow_other=False,
        randomize=False,
        min_selected=None,
        max_selected=None,
        choices=_choices(
            ("cafe", "Café"),
            ("beratung", "Beratung"),
            ("sport", "Sport"),
            ("garten", "Gemeinschaftsgarten"),
        ),
    ),
    _question("yes_no", "engagement", "Würden Sie selbst mitmachen?", required=True),
    _question(
        "rating",
        "zufriedenheit",
        "Wie zufrieden sind Sie mit den Angeboten?",
        required=True,
        scale_min="1",
        scale_max=5,
        min_label="gar nicht",
        max_label="sehr",
    ),
    _question("short_text", MARKER_QUESTION, "Ihre Anmerkung", required=True, max_length=80),
]


def answers_for(number: int, marker: str) -> dict[str, str | list[str]]:
    """The form data participant `number` posts: repeatable, different for each one."""
    rng = random.Random(number)  # noqa: S311 - made-up answers, repeatable
    data: dict[str, str | list[str]] = {
        "weg": rng.choice(WAYS),
        "engagement": rng.choice(("ja", "nein")),
        "zufriedenheit": str(rng.choice(RATING)),
        MARKER_QUESTION: marker,
    }
    offers = rng.sample(OFFERS, rng.randint(0, 3))
    if offers:
        data["angebote"] = offers
    return data


def _home_page():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise RuntimeError("No default site: run the migrations (they create the home page).")
    return site.root_page.specific


def _district_page() -> DistrictPage:
    district = District.objects.filter(slug=DISTRICT_SLUG).first() or district_create(
        name="Störungstest", slug=DISTRICT_SLUG
    )
    page = DistrictPage.objects.filter(district=district).first()
    if page is None:
        page = _home_page().add_child(
            instance=DistrictPage(
                title=district.name,
                slug=DISTRICT_SLUG,
                district=district,
                intro="Angelegt vom Störungstest (make chaos).",
            )
        )
    return page


def chaos_survey_create(*, label: str) -> SurveyPage:
    """A new open survey under the fault-run district (created on first use); surveys of
    earlier runs are deleted, so each run starts without responses."""
    district_page = _district_page()
    for survey in SurveyPage.objects.child_of(district_page):
        survey_clear(survey.pk)
        survey.delete()
    now = timezone.now()
    return district_page.add_child(
        instance=SurveyPage(
            title=f"Störungstest {label}",
            slug=f"{SURVEY_SLUG_PREFIX}{label}",
            intro="Eine Befragung, die der Störungstest (make chaos) beantwortet.",
            privacy_note="<p>Testdaten ohne Personenbezug.</p>",
            participation_mode="open",
            results_visibility="live",
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=1),
            questions=QUESTIONS,
        )
    )


def survey_step_path(survey: SurveyPage) -> str:
    """The path of the survey's (only) step on the default site, whatever host is asked."""
    _site_id, _root_url, path = survey.get_url_parts()
    return path + survey.reverse_subpage("survey_step", args=(1,))
