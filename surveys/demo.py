"""The demo survey "Gut leben und älter werden in Beiertheim-Bulach": three steps, every
question type, a conditional question and a ranking. Raw StreamField data with fixed keys."""

from uuid import NAMESPACE_URL, uuid5


def _choices(*pairs):
    # ListBlock's stored form: each item has an id (stable here, derived from its key).
    return [
        {
            "type": "item",
            "value": {"key": key, "label": label},
            "id": str(uuid5(NAMESPACE_URL, f"{key}/{label}")),
        }
        for key, label in pairs
    ]


def _question(
    block_type,
    key,
    label,
    *,
    required=False,
    help_text="",
    demographic=False,
    condition=None,
    **settings,
):
    value = {
        "key": key,
        "label": label,
        "required": required,
        "help_text": help_text,
        "demographic": demographic,
        "condition": condition or {"question": "", "operator": "is", "choice": ""},
        **settings,
    }
    return {"type": block_type, "value": value}


GUT_LEBEN_SURVEY = {
    "title": "Gut leben und älter werden in Beiertheim-Bulach",
    "slug": "gut-leben-und-aelter-werden",
    "intro": (
        "Das Stadtteilnetzwerk möchte wissen, was Ihnen im Alltag hilft und was fehlt: beim "
        "Einkaufen, unterwegs, in der Nachbarschaft. Ihre Antworten helfen, Angebote für ein "
        "gutes Älterwerden im Stadtteil zu planen."
    ),
    "privacy_note": (
        "<p>Die Befragung ist anonym. Wir speichern Ihre Antworten ohne Namen und ohne "
        "IP-Adresse. Damit niemand doppelt antwortet, merkt sich Ihr Browser eine zufällige "
        "Nummer; bei uns liegt davon nur ein verschlüsselter Prüfwert. Ergebnisse "
        "veröffentlichen wir nur für Gruppen mit mindestens fünf Personen.</p>"
    ),
    "estimated_minutes": 8,
    "participation_mode": "open",
    "contact": (
        "Seniorenbüro Beiertheim-Bulach, Kirchstraße 20\nTelefon 0721 000 1210 – wir füllen "
        "den Bogen gern mit Ihnen gemeinsam aus."
    ),
    "thank_you_text": (
        "<p>Die Ergebnisse stellen wir im Stadtteilnetzwerk vor und veröffentlichen sie hier "
        "auf der Seite des Stadtteils.</p>"
    ),
    # The network shows the results while the survey runs, as an invitation to take part.
    "results_visibility": "live",
    "results_outcome": (
        "<p>Das Stadtteilnetzwerk hat die ersten Antworten in seiner Sitzung im November "
        "besprochen. Viele wünschen sich Bänke auf dem Weg zum Einkaufen und einen Mittagstisch. "
        "Daraus ist die Ideensammlung „Ideen für ein gutes Älterwerden“ entstanden; der "
        "Bürgerverein prüft mit dem Gartenbauamt drei Standorte für neue Bänke.</p>"
        "<ul><li>Mittagstisch: ab Januar donnerstags im Gemeindehaus St. Michael</li>"
        "<li>Besuchsdienst: sucht weitere Ehrenamtliche, Schulung im Februar</li></ul>"
    ),
}

GUT_LEBEN_QUESTIONS = [
    {
        "type": "section",
        "value": {
            "heading": "Ihr Alltag im Stadtteil",
            "text": "Zuerst möchten wir wissen, wie Sie im Stadtteil zurechtkommen.",
        },
    },
    _question(
        "single_choice",
        "wohndauer",
        "Wie lange wohnen Sie schon in Beiertheim-Bulach?",
        required=True,
        display="radio",
        allow_other=False,
        randomize=False,
        choices=_choices(
            ("unter-5", "weniger als 5 Jahre"),
            ("5-20", "5 bis 20 Jahre"),
            ("ueber-20", "mehr als 20 Jahre"),
        ),
    ),
    _question(
        "rating",
        "zufriedenheit",
        "Wie gerne leben Sie in Ihrem Stadtteil?",
        required=True,
        scale_min="1",
        scale_max=5,
        min_label="gar nicht gern",
        max_label="sehr gern",
    ),
    _question(
        "yes_no", "einkauf-zu-fuss", "Können Sie Ihre Einkäufe zu Fuß erledigen?", required=True
    ),
    _question(
        "multiple_choice",
        "einkauf-hindernisse",
        "Was hindert Sie daran?",
        help_text="Sie können bis zu drei Antworten wählen.",
        condition={"question": "einkauf-zu-fuss", "operator": "is", "choice": "nein"},
        allow_other=True,
        randomize=False,
        min_selected=None,
        max_selected=3,
        choices=_choices(
            ("weg-zu-weit", "Der Weg ist zu weit"),
            ("keine-baenke", "Es fehlen Bänke zum Ausruhen"),
            ("bordsteine", "Hohe Bordsteine und Stufen"),
            ("keine-laeden", "Es gibt keine Läden in der Nähe"),
        ),
    ),
    {"type": "page_break", "value": {"title": "Was Ihnen wichtig ist"}},
    _question(
        "ranking",
        "angebote",
        "Welche Angebote sind Ihnen am wichtigsten?",
        help_text="Geben Sie jedem Angebot einen Rang: 1 ist am wichtigsten.",
        required=True,
        choices=_choices(
            ("mittagstisch", "Mittagstisch"),
            ("besuchsdienst", "Besuchsdienst"),
            ("fahrdienst", "Fahrdienst zum Arzt und Einkaufen"),
            ("treffpunkt", "Offener Treffpunkt"),
        ),
    ),
    _question(
        "matrix",
        "aussagen",
        "Wie sehr stimmen Sie diesen Aussagen zu?",
        required=True,
        rows=_choices(
            (
                "nachbarschaft",
                "Ich kenne Menschen in der Nachbarschaft, die ich um Hilfe bitten kann.",
            ),
            ("beratung", "Ich weiß, wo ich Beratung zum Älterwerden bekomme."),
            ("sicherheit", "Ich fühle mich auf den Straßen sicher."),
        ),
        choices=_choices(
            ("zu", "stimme zu"),
            ("eher-zu", "stimme eher zu"),
            ("eher-nicht", "stimme eher nicht zu"),
            ("nicht", "stimme nicht zu"),
        ),
    ),
    _question(
        "long_text",
        "wunsch",
        "Was wünschen Sie sich für ein gutes Älterwerden im Stadtteil?",
        max_length=1000,
    ),
    {"type": "page_break", "value": {"title": "Angaben zu Ihrer Person"}},
    {
        "type": "section",
        "value": {
            "heading": "Angaben zu Ihrer Person",
            "text": "Diese Angaben sind freiwillig. Sie helfen uns, die Ergebnisse nach Gruppen "
            "auszuwerten. Gruppen mit weniger als fünf Personen zeigen wir nicht.",
        },
    },
    _question(
        "single_choice",
        "altersgruppe",
        "Wie alt sind Sie?",
        demographic=True,
        display="select",
        allow_other=False,
        randomize=False,
        choices=_choices(
            ("unter-60", "unter 60 Jahre"),
            ("60-69", "60 bis 69 Jahre"),
            ("70-79", "70 bis 79 Jahre"),
            ("80-plus", "80 Jahre und älter"),
        ),
    ),
    _question(
        "single_choice",
        "geschlecht",
        "Welches Geschlecht haben Sie?",
        demographic=True,
        display="radio",
        allow_other=False,
        randomize=False,
        choices=_choices(
            ("weiblich", "weiblich"),
            ("maennlich", "männlich"),
            ("divers", "divers"),
            ("keine-angabe", "keine Angabe"),
        ),
    ),
    _question(
        "number",
        "haushalt",
        "Wie viele Personen leben in Ihrem Haushalt?",
        demographic=True,
        min_value="1",
        max_value="12",
        decimal_places=0,
        unit="Personen",
    ),
    _question(
        "date",
        "einzug",
        "Seit wann wohnen Sie in Ihrer jetzigen Wohnung?",
        help_text="Ein ungefähres Datum genügt.",
    ),
    _question("short_text", "strasse", "In welcher Straße wohnen Sie?", max_length=100),
    _question(
        "contact",
        "kontakt",
        "Ihre E-Mail-Adresse, wenn Sie über die Ergebnisse informiert werden möchten",
        help_text="Wir speichern sie getrennt von Ihren Antworten.",
    ),
]


DEMO_RESPONSE_COUNT = 240
# Roughly how the Beiertheim-Bulach survey came in: mostly online, a fifth on paper.
DEMO_CHANNELS = (("online", 70), ("paper", 20), ("assisted", 7), ("interview", 3))
DEMO_WISHES = (
    "Mehr Bänke auf dem Weg zum Einkaufen.",
    "Ein Mittagstisch auch am Wochenende wäre schön.",
    "Jemand, der mal vorbeischaut, wenn man krank ist.",
    "Bessere Busverbindung zum Ärztehaus.",
    "Ein Treffpunkt, an dem man ohne Anmeldung Kaffee trinken kann.",
    "Abgesenkte Bordsteine an der Kirchstraße.",
)


def _weighted(rng, options):
    return rng.choices([key for key, _weight in options], [w for _key, w in options])[0]


def demo_answers(rng):
    """One plausible questionnaire: older people answer, some need help with shopping."""
    from decimal import Decimal

    from surveys.questions.base import AnswerValue

    age = _weighted(rng, (("unter-60", 10), ("60-69", 30), ("70-79", 35), ("80-plus", 25)))
    walks = (
        "nein"
        if age == "80-plus" and rng.random() < 0.6
        else _weighted(rng, (("ja", 70), ("nein", 30)))
    )
    answers = [
        AnswerValue(
            "wohndauer",
            choice_key=_weighted(rng, (("unter-5", 10), ("5-20", 30), ("ueber-20", 60))),
        ),
        AnswerValue(
            "zufriedenheit",
            number=Decimal(_weighted(rng, ((1, 3), (2, 7), (3, 20), (4, 40), (5, 30)))),
        ),
        AnswerValue("einkauf-zu-fuss", choice_key=walks),
    ]
    if walks == "nein":
        for key in rng.sample(
            ["weg-zu-weit", "keine-baenke", "bordsteine", "keine-laeden"], rng.randint(1, 3)
        ):
            answers.append(AnswerValue("einkauf-hindernisse", choice_key=key))
    offers = ["mittagstisch", "besuchsdienst", "fahrdienst", "treffpunkt"]
    rng.shuffle(offers)
    answers += [
        AnswerValue("angebote", choice_key=key, number=Decimal(rank))
        for rank, key in enumerate(offers, start=1)
    ]
    for row in ("nachbarschaft", "beratung", "sicherheit"):
        answers.append(
            AnswerValue(
                "aussagen",
                row_key=row,
                choice_key=_weighted(
                    rng, (("zu", 35), ("eher-zu", 35), ("eher-nicht", 20), ("nicht", 10))
                ),
            )
        )
    if rng.random() < 0.4:
        answers.append(AnswerValue("wunsch", text=rng.choice(DEMO_WISHES)))
    if rng.random() < 0.9:
        answers.append(AnswerValue("altersgruppe", choice_key=age))
    if rng.random() < 0.85:
        answers.append(
            AnswerValue(
                "geschlecht",
                choice_key=_weighted(
                    rng, (("weiblich", 55), ("maennlich", 40), ("divers", 1), ("keine-angabe", 4))
                ),
            )
        )
    if rng.random() < 0.8:
        answers.append(
            AnswerValue(
                "haushalt", number=Decimal(_weighted(rng, ((1, 45), (2, 45), (3, 7), (4, 3))))
            )
        )
    return answers


def demo_responses_create(survey, *, count=DEMO_RESPONSE_COUNT, seed=2026) -> int:
    """Submit `count` generated responses through the normal service, spread over the past
    week. Deterministic for a seed; skips surveys that already have responses."""
    import datetime
    import random

    from django.utils import timezone

    from surveys.models import Response
    from surveys.services import Participant, browser_participant, response_submit

    if Response.objects.filter(survey=survey).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not a secret
    now = timezone.now()
    for number in range(count):
        channel = _weighted(rng, DEMO_CHANNELS)
        participant = (
            browser_participant(survey=survey, browser_id=f"demo-{number}")
            if channel == "online"
            else Participant(key=None)
        )
        response = response_submit(
            survey=survey, participant=participant, answers=demo_answers(rng), channel=channel
        )
        submitted = now - datetime.timedelta(minutes=rng.randint(0, 7 * 24 * 60))
        Response.objects.filter(pk=response.pk).update(
            submitted_at=submitted, started_at=submitted - datetime.timedelta(minutes=8)
        )
    return count
