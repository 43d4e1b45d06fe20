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
