"""The demo city: three Karlsruhe-like districts with their networks, news and legal pages.

Texts follow the field's own documents: Karlsruhe's Soziale Quartiersentwicklung, the state
strategy "Quartier 2030 – Gemeinsam.Gestalten." and the Städtetag's StadtLabore. Phone numbers
use the unassigned 0721 000 range and e-mail addresses the reserved .example domain.
"""

import datetime

HOME = {
    "title": "Beteiligung im Quartier",
    "intro": (
        "Gemeinsam gestalten wir lebendige Quartiere: Stadtteile, in denen Menschen sich "
        "einbringen, Verantwortung übernehmen und sich gegenseitig unterstützen. Hier finden Sie "
        "Ihren Stadtteil, das Stadtteilnetzwerk und alles, wo Sie mitreden können."
    ),
}


def _boundary(*corners: tuple[float, float]) -> dict:
    """A GeoJSON Polygon from (longitude, latitude) corners; the ring is closed here."""
    ring = [[longitude, latitude] for longitude, latitude in corners]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


DISTRICTS = [
    {
        "name": "Daxlanden",
        "slug": "daxlanden",
        "intro": (
            "Daxlanden ist seit 2021 Teil der Sozialen Quartiersentwicklung. Das "
            "Stadtteilnetzwerk bringt Vereine, Kirchengemeinden, Pflegedienste und Initiativen "
            "zusammen, damit alle Generationen gut im Stadtteil leben können."
        ),
        "area_description": (
            "Daxlanden liegt im Westen der Stadt am Rhein. Zum Stadtteil gehören der alte "
            "Ortskern, die Rheinstrandsiedlung und das Naherholungsgebiet Rappenwört.\n\n"
            "Viele ältere Menschen leben hier schon seit Jahrzehnten, gleichzeitig ziehen junge "
            "Familien in die Neubaugebiete."
        ),
        "coordinator_name": "Miriam Albrecht, Stadtteilkoordination",
        "coordination_phone": "0721 000 1101",
        "coordination_email": "koordination-daxlanden@beteiligung.example",
        "office_hours": "Dienstag 10–12 Uhr\nDonnerstag 15–17 Uhr und nach Vereinbarung",
        "coordination_address": "Stadtteiltreff Daxlanden\nPfarrstraße 12\n76189 Karlsruhe",
        # Simplified: from the Rhine at Rappenwört to the Rheinhafen and Grünwinkel.
        "boundary": _boundary(
            (8.2880, 49.0020),
            (8.2950, 49.0150),
            (8.3150, 49.0200),
            (8.3380, 49.0180),
            (8.3480, 49.0070),
            (8.3420, 48.9960),
            (8.3250, 48.9880),
            (8.3050, 48.9870),
            (8.2920, 48.9930),
        ),
        "actors": [
            (
                "Bürgerverein Daxlanden e. V.",
                "verein",
                "Stadtteilfeste, Stadtteilrundgänge und die Stimme des Stadtteils gegenüber der Stadt.",
                "Pfarrstraße 12",
                "0721 000 1110",
                "info@buergerverein-daxlanden.example",
            ),
            (
                "Nachbarschaftshilfe Rheinstrand",
                "initiative",
                "Ehrenamtliche begleiten zum Arzt, helfen beim Einkauf und besuchen Menschen, die "
                "allein leben.",
                "",
                "0721 000 1120",
                "hilfe@rheinstrand.example",
            ),
            (
                "Evangelische Kirchengemeinde Daxlanden",
                "kirche",
                "Seniorennachmittage, Mittagstisch am Mittwoch und offene Kirche.",
                "Kirchplatz 3",
                "0721 000 1130",
                "gemeinde@ev-daxlanden.example",
            ),
            (
                "Ambulanter Pflegedienst am Rhein",
                "pflege",
                "Pflege zu Hause, Beratung für Angehörige und Hilfe im Haushalt.",
                "Rheinstraße 45",
                "0721 000 1140",
                "kontakt@pflege-am-rhein.example",
            ),
            (
                "Grundschule Daxlanden",
                "bildung",
                "Ganztagsschule mit offenem Schulhof am Nachmittag und Lesepatenschaften.",
                "Schulstraße 8",
                "0721 000 1150",
                "",
            ),
        ],
        "body_paragraph": (
            "<p>Im Stadtteilnetzwerk werden Informationen ausgetauscht, die vorhandenen "
            "Ressourcen und Erfahrungen genutzt und Fragen erörtert, die für Daxlanden wichtig "
            "sind: Wie kann sich der Stadtteil sozial weiterentwickeln? Was können die Menschen "
            "und Angebote vor Ort tun, damit alle Generationen gut hier leben?</p>"
        ),
        "quote": (
            "Wir wollen das Rad nicht neu erfinden, sondern an Bestehendes anknüpfen: Brücken "
            "bauen, Wege ebnen und Türen öffnen.",
            "Stadtteilkoordination Daxlanden",
        ),
    },
    {
        "name": "Beiertheim-Bulach",
        "slug": "beiertheim-bulach",
        "intro": (
            "„Gut leben und älter werden in Beiertheim und Bulach“: Unter diesem Motto fragt das "
            "Stadtteilnetzwerk, was ältere Menschen im Stadtteil brauchen, und setzt gemeinsam "
            "mit ihnen Ideen um."
        ),
        "area_description": (
            "Beiertheim und Bulach liegen im Südwesten der Stadt, zwischen Alb und Südtangente. "
            "Die beiden früheren Dörfer haben sich ihren eigenen Charakter bewahrt; kurze Wege "
            "und viele Vereine prägen das Leben im Stadtteil."
        ),
        "coordinator_name": "Jonas Keller, Stadtteilkoordination",
        "coordination_phone": "0721 000 1201",
        "coordination_email": "koordination-beiertheim-bulach@beteiligung.example",
        "office_hours": "Montag 14–16 Uhr\nMittwoch 9–11 Uhr",
        "coordination_address": "Begegnungsstätte Bulach\nKirchstraße 20\n76185 Karlsruhe",
        # Simplified: both old villages along the Alb, from the Südtangente to the station.
        "boundary": _boundary(
            (8.3640, 48.9880),
            (8.3660, 48.9970),
            (8.3760, 49.0040),
            (8.3900, 49.0060),
            (8.3980, 49.0010),
            (8.3960, 48.9930),
            (8.3850, 48.9860),
            (8.3720, 48.9840),
        ),
        "actors": [
            (
                "Seniorenbüro Beiertheim-Bulach",
                "traeger",
                "Beratung rund ums Älterwerden, Vermittlung von Hilfen und ein offener Kaffeetreff.",
                "Kirchstraße 20",
                "0721 000 1210",
                "seniorenbuero-bb@beteiligung.example",
            ),
            (
                "Katholische Kirchengemeinde Bulach",
                "kirche",
                "Besuchsdienst, Gemeindecafé und Räume für Gruppen aus dem Stadtteil.",
                "Kirchstraße 24",
                "0721 000 1220",
                "pfarrbuero-bulach@kirche.example",
            ),
            (
                "Sportverein Beiertheim 1898 e. V.",
                "verein",
                "Bewegung für alle Altersgruppen, auch Sitzgymnastik und Spaziergänge.",
                "Am Sportplatz 1",
                "0721 000 1230",
                "info@sv-beiertheim.example",
            ),
            (
                "Demenznetz Südwest",
                "pflege",
                "Angehörigengruppe, Schulungen für Nachbarschaft und Geschäfte, Betreuungsgruppe.",
                "",
                "0721 000 1240",
                "demenznetz@beteiligung.example",
            ),
        ],
        "body_paragraph": (
            "<p>In den Jahren 2021 und 2022 haben Bewohnerinnen und Bewohner gemeinsam mit dem "
            "Stadtteilnetzwerk Ideen für ein gutes Älterwerden gesammelt: Bänke auf dem Weg zum "
            "Einkaufen, ein Mittagstisch und Besuche bei Menschen, die zurückgezogen leben.</p>"
        ),
        "quote": (
            "Ich möchte so lange wie möglich in meiner Wohnung bleiben – dafür brauche ich "
            "Menschen in der Nachbarschaft, die ich kenne.",
            "Bewohnerin aus Bulach, 81 Jahre",
        ),
    },
    {
        "name": "Oststadt",
        "slug": "oststadt",
        "intro": (
            "In der Oststadt leben Studierende, Familien und ältere Menschen dicht beieinander. "
            "Das Stadtteilnetzwerk sucht nach offenen Treffpunkten für alle und nach Wegen, "
            "neue Nachbarinnen und Nachbarn willkommen zu heißen."
        ),
        "area_description": (
            "Die Oststadt reicht vom Durlacher Tor bis zum Ostring. Gründerzeithäuser, der "
            "Campus, der Schlachthof mit seiner Kultur- und Kreativwirtschaft und der "
            "Gottesauer Platz prägen den Stadtteil."
        ),
        "coordinator_name": "Aylin Demir, Stadtteilkoordination",
        "coordination_phone": "0721 000 1301",
        "coordination_email": "koordination-oststadt@beteiligung.example",
        "office_hours": "Donnerstag 10–13 Uhr",
        "coordination_address": "Bürgerzentrum Oststadt\nGottesauer Straße 7\n76131 Karlsruhe",
        # Simplified: from the Durlacher Tor to the Ostring, Hardtwald to Durlacher Allee.
        "boundary": _boundary(
            (8.4150, 49.0080),
            (8.4170, 49.0160),
            (8.4250, 49.0230),
            (8.4380, 49.0220),
            (8.4450, 49.0150),
            (8.4420, 49.0050),
            (8.4300, 49.0020),
            (8.4180, 49.0040),
        ),
        "actors": [
            (
                "Bürgerzentrum Oststadt",
                "traeger",
                "Räume für Gruppen, Sprachcafé, Repair-Café und Beratung.",
                "Gottesauer Straße 7",
                "0721 000 1310",
                "buergerzentrum-ost@beteiligung.example",
            ),
            (
                "Initiative Offener Treff Ost",
                "initiative",
                "Ein Wohnzimmer für alle: ohne Anmeldung, ohne Konsumzwang, mit Kaffee.",
                "",
                "",
                "offenertreff@ost.example",
            ),
            (
                "Jugendhaus Oststadt",
                "traeger",
                "Offene Jugendarbeit, Hausaufgabenhilfe und Ferienprogramm.",
                "Rintheimer Straße 30",
                "0721 000 1330",
                "",
            ),
            (
                "Kreativquartier am Schlachthof",
                "verein",
                "Werkstätten, Ausstellungen und Zwischennutzungen leerer Räume.",
                "Alter Schlachthof 13",
                "",
                "hallo@kreativquartier.example",
            ),
        ],
        "body_paragraph": (
            "<p>Offene Treffpunkte und Zwischennutzungen stehen im Mittelpunkt: Wo können sich "
            "Menschen begegnen, die sich sonst nicht treffen würden? Das Netzwerk lädt alle ein, "
            "ihre Ideen einzubringen.</p>"
        ),
        "quote": None,
    },
]

TODAY = datetime.date(2026, 11, 21)

# (slug, title, teaser, body paragraphs, district slug or None, days before TODAY, with image)
NEWS = [
    (
        "stadtlabor-werkstatt-daxlanden",
        "Stadtlabor vor Ort: Werkstatt im Stadtteiltreff Daxlanden",
        "Wie gelingt inklusive Quartiersentwicklung in Daxlanden? Rund 40 Menschen aus Vereinen, "
        "Kirchengemeinden und Nachbarschaft haben einen Abend lang Ideen gesammelt.",
        [
            "Unter dem Motto „Aus der Praxis für die Praxis“ haben Bewohnerinnen und Bewohner, "
            "Ehrenamtliche und Fachleute gemeinsam an drei Tischen gearbeitet: Begegnung, Wege ohne "
            "Barrieren und Hilfe im Alltag.",
            "Die Ergebnisse nimmt das Stadtteilnetzwerk in seine nächste Sitzung mit. Eine Befragung "
            "aller Haushalte soll im Frühjahr folgen.",
        ],
        "daxlanden",
        3,
        True,
    ),
    (
        "quartier-2030-beteiligungstaler",
        "Quartier 2030: Land fördert Beteiligung mit dem „Beteiligungstaler“",
        "Mit der Landesstrategie „Quartier 2030 – Gemeinsam.Gestalten.“ unterstützt das Land "
        "Städte und Initiativen. Neu ist ein Förderprogramm für kleine Beteiligungsprojekte.",
        [
            "Das Ministerium für Soziales, Gesundheit und Integration unterstützt Städte, Gemeinden, "
            "Landkreise und zivilgesellschaftliche Akteure bei der alters- und generationengerechten "
            "Quartiersentwicklung.",
            "Stadtteilnetzwerke können sich mit Projekten bewerben, die Menschen im Quartier "
            "beteiligen – zum Beispiel mit einer Befragung, einer Ideenwerkstatt oder einem "
            "Stadtteilspaziergang.",
        ],
        None,
        6,
        True,
    ),
    (
        "befragung-gut-leben-aelter-werden",
        "„Gut leben und älter werden“: Befragung in Beiertheim und Bulach startet",
        "Alle Haushalte mit Menschen ab 60 Jahren bekommen einen Fragebogen – auf Papier, online "
        "oder im Gespräch mit Ehrenamtlichen.",
        [
            "Das Stadtteilnetzwerk möchte wissen, was im Alltag hilft und was fehlt: Einkaufen, "
            "Wege, Nachbarschaft, Unterstützung zu Hause.",
            "Wer Hilfe beim Ausfüllen braucht, kann zu den Sprechzeiten ins Seniorenbüro kommen.",
        ],
        "beiertheim-bulach",
        9,
        False,
    ),
    (
        "offener-treff-ost-ehrenamt",
        "Offener Treff Ost sucht Menschen, die mitmachen",
        "Der offene Treffpunkt in der Oststadt wächst. Gesucht werden Menschen, die einmal im Monat "
        "einen Nachmittag gestalten.",
        [
            "Ob Kaffee kochen, Spiele anbieten oder einfach zuhören: Jede Hilfe zählt.",
            "Ein Kennenlern-Abend findet im Bürgerzentrum statt.",
        ],
        "oststadt",
        12,
        False,
    ),
    (
        "landesfachtag-rueckblick",
        "Rückblick: Landesfachtag Quartiersentwicklung",
        "Rund 300 Quartiersaktive aus ganz Baden-Württemberg haben sich zu Vernetzung, Austausch "
        "und Inspiration getroffen. Auch unsere Stadtteilkoordination war dabei.",
        [
            "In Impulsräumen ging es um die Aktivierung von Bewohnerinnen und Bewohnern, die "
            "Gewinnung von Ehrenamtlichen, offene Treffpunkte, Zwischennutzungen und Demenz im "
            "Quartier.",
            "Die Erfahrungen fließen in die Arbeit der Stadtteilnetzwerke ein.",
        ],
        None,
        16,
        False,
    ),
    (
        "rheinstrand-nachbarschaftshilfe",
        "Nachbarschaftshilfe Rheinstrand feiert fünf Jahre",
        "Was mit drei Nachbarinnen begann, ist heute ein Kreis von 25 Ehrenamtlichen.",
        [
            "Die Nachbarschaftshilfe begleitet zum Arzt, hilft beim Einkauf und besucht Menschen, "
            "die allein leben.",
            "Neue Helferinnen und Helfer sind willkommen.",
        ],
        "daxlanden",
        20,
        False,
    ),
    (
        "sitzbaenke-bulach",
        "Mehr Bänke auf dem Weg zum Einkaufen",
        "Eine Idee aus dem Stadtteilnetzwerk wird umgesetzt: Entlang der Kirchstraße stehen jetzt "
        "vier neue Sitzbänke.",
        [
            "Viele ältere Menschen hatten gesagt, dass ihnen auf dem Weg zum Einkaufen eine Pause "
            "fehlt.",
            "Das Tiefbauamt hat die Standorte gemeinsam mit dem Seniorenbüro ausgewählt.",
        ],
        "beiertheim-bulach",
        27,
        False,
    ),
    (
        "soziale-quartiersentwicklung-neue-stadtteile",
        "Soziale Quartiersentwicklung in weiteren Stadtteilen",
        "Die Stadt setzt das Konzept der Sozialen Quartiersentwicklung seit 2018 um und weitet es "
        "auf weitere Stadtteile aus.",
        [
            "Ziel ist die Entwicklung inklusiver und generationengerechter Quartiere, in denen "
            "verschiedene Bedarfe berücksichtigt werden.",
            "Die Stadtteilkoordination unterstützt die Stadtteilnetzwerke bei Vernetzung und "
            "Informationsaustausch.",
        ],
        None,
        34,
        False,
    ),
    (
        "repair-cafe-oststadt",
        "Repair-Café im Bürgerzentrum Oststadt",
        "Jeden ersten Samstag im Monat wird repariert statt weggeworfen – mit Kaffee und Kuchen.",
        [
            "Ehrenamtliche helfen bei Elektrogeräten, Fahrrädern und Kleidung.",
            "Eine Anmeldung ist nicht nötig.",
        ],
        "oststadt",
        41,
        False,
    ),
    (
        "inklusive-quartiere-bausteine",
        "Inklusive Quartiere: Bausteine aus der Praxis",
        "Wie wird die Forderung nach Inklusion konkret umsetzbar? Das Projekt „Inklusive Quartiere“ "
        "sammelt Erfahrungen aus den Städten.",
        [
            "Es geht um das ganze Quartier, um Gebäude, Plätze und Straßen, aber auch um Angebote wie "
            "Einkaufen, Arbeit und Veranstaltungen.",
            "Die Stadt bringt ihre Erfahrungen aus den Stadtlaboren ein.",
        ],
        None,
        48,
        False,
    ),
    (
        "mittagstisch-daxlanden",
        "Neuer Mittagstisch in Daxlanden",
        "Jeden Mittwoch kochen Ehrenamtliche der Kirchengemeinde für alle, die nicht allein essen "
        "möchten.",
        [
            "Das Essen kostet 4 Euro; wer weniger zahlen kann, zahlt weniger.",
            "Ein Fahrdienst holt Menschen ab, die nicht mehr gut zu Fuß sind.",
        ],
        "daxlanden",
        55,
        False,
    ),
    (
        "stadtteilspaziergang-bulach",
        "Stadtteilspaziergang: Wo sind Barrieren?",
        "Mit Rollator, Kinderwagen und Langstock haben Bewohnerinnen und Bewohner den Stadtteil "
        "erkundet und Hindernisse notiert.",
        [
            "Hohe Bordsteine, fehlende Ampelsignale und zu kurze Grünphasen standen oben auf der "
            "Liste.",
            "Die Ergebnisse gehen an das Stadtplanungsamt.",
        ],
        "beiertheim-bulach",
        62,
        False,
    ),
]

ABOUT_PAGE = {
    "slug": "ueber-die-plattform",
    "title": "Über die Plattform",
    "intro": (
        "Auf dieser Plattform beteiligen sich Bewohnerinnen und Bewohner an der Entwicklung "
        "ihres Stadtteils – online, auf Papier oder im Gespräch."
    ),
    "paragraphs": [
        "Die Stadtteilnetzwerke stellen hier Befragungen und Ideensammlungen für ihren Stadtteil "
        "ein. Die Ergebnisse werden ausgewertet und öffentlich gemacht: Das haben Sie gesagt – "
        "das machen wir daraus.",
        "Sie brauchen kein Konto, um mitzumachen. Wer nicht online teilnehmen möchte, bekommt "
        "einen Fragebogen auf Papier oder Hilfe von der Stadtteilkoordination.",
    ],
}

EASY_READ_PAGE = {
    "slug": "leichte-sprache",
    "title": "Leichte Sprache",
    "intro": "Was ist diese Internet-Seite? Das erklären wir hier in Leichter Sprache.",
    "paragraphs": [
        "Sie wohnen in einem Stadtteil. Ein Stadtteil ist ein Teil von der Stadt.",
        "Im Stadtteil gibt es viele Gruppen. Zum Beispiel Vereine und Kirchen. Diese Gruppen "
        "arbeiten zusammen. Das nennt man: Stadtteil-Netzwerk.",
        "Das Stadtteil-Netzwerk möchte wissen: Was brauchen Sie in Ihrem Stadtteil? Was fehlt?",
        "Darum gibt es auf dieser Seite Fragen an Sie. Sie können antworten. Sie können auch "
        "eigene Ideen aufschreiben.",
        "Sie brauchen dafür kein Konto. Sie müssen Ihren Namen nicht sagen.",
        "Sie brauchen Hilfe? Dann rufen Sie die Stadtteil-Koordination an. Die Telefon-Nummer "
        "steht auf der Seite von Ihrem Stadtteil.",
    ],
}

IMPRINT_PAGE = {
    "slug": "impressum",
    "title": "Impressum",
    "intro": "Angaben nach § 5 Digitale-Dienste-Gesetz und § 18 Medienstaatsvertrag.",
    "paragraphs": [
        "<strong>Herausgeberin:</strong> Stadt Karlsruhe (Demo), Sozial- und Jugendbehörde, "
        "Planung und Öffentlichkeitsarbeit, Ernst-Frey-Straße 10, 76135 Karlsruhe.",
        "Die Stadt ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch den "
        "Oberbürgermeister.",
        "<strong>Kontakt:</strong> Telefon 0721 000 1000, E-Mail beteiligung@stadt.example",
        "<strong>Verantwortlich für den Inhalt</strong> nach § 18 Abs. 2 Medienstaatsvertrag: "
        "die Leitung der Sozial- und Jugendbehörde. Für die Seiten der Stadtteile sind die "
        "jeweiligen Stadtteilnetzwerke verantwortlich.",
    ],
}

PRIVACY_PAGE = {
    "slug": "datenschutz",
    "title": "Datenschutz",
    "intro": (
        "Wir verarbeiten so wenige personenbezogene Daten wie möglich. Hier steht, welche Daten "
        "wir wofür verarbeiten und welche Rechte Sie haben."
    ),
    "paragraphs": [
        "<strong>Verantwortliche Stelle:</strong> Stadt Karlsruhe (Demo), Sozial- und "
        "Jugendbehörde, Ernst-Frey-Straße 10, 76135 Karlsruhe. Die oder der "
        "Datenschutzbeauftragte ist erreichbar unter datenschutz@stadt.example.",
        "<strong>Beim Besuch der Seiten</strong> speichern wir keine IP-Adressen und setzen "
        "keine Cookies zur Analyse. Technisch notwendig ist nur ein Cookie, das Ihre "
        "Spracheinstellung oder Ihre Anmeldung für die Dauer des Besuchs hält.",
        "<strong>Bei Befragungen</strong> werden Ihre Antworten ohne Namen gespeichert. Damit "
        "niemand doppelt antwortet, speichern wir nur einen verschlüsselten Prüfwert. "
        "Veröffentlichte Ergebnisse zeigen keine Gruppen mit weniger als fünf Personen.",
        "<strong>Ihre Rechte:</strong> Sie haben das Recht auf Auskunft, Berichtigung, Löschung "
        "und Einschränkung der Verarbeitung sowie ein Beschwerderecht beim Landesbeauftragten für "
        "den Datenschutz und die Informationsfreiheit Baden-Württemberg.",
    ],
}

ACCESSIBILITY_PAGE = {
    "slug": "barrierefreiheit",
    "title": "Erklärung zur Barrierefreiheit",
    "conformance": "partial",
    "statement_date": datetime.date(2026, 11, 1),
    "last_review_date": datetime.date(2026, 11, 20),
    "non_accessible_content": (
        "<ul><li>Ältere PDF-Dokumente der Stadtteilnetzwerke sind noch nicht vollständig "
        "barrierefrei. Auf Anfrage schicken wir die Inhalte in einer zugänglichen Form.</li>"
        "<li>Nicht alle Seiten gibt es in Leichter Sprache. Eine Erklärung der Plattform in "
        "Leichter Sprache finden Sie über die Fußzeile.</li></ul>"
    ),
    "feedback_contact": "Beauftragte für digitale Barrierefreiheit (Demo)",
    "feedback_email": "barrierefreiheit@stadt.example",
    "feedback_phone": "0721 000 1099",
    "feedback_address": "Stadt Karlsruhe (Demo)\nErnst-Frey-Straße 10\n76135 Karlsruhe",
    "enforcement_procedure": (
        "<p>Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie "
        "sich an die Ombudsstelle für barrierefreie Informationstechnik beim Landes-"
        "Behindertenbeauftragten Baden-Württemberg wenden. Das Verfahren ist kostenlos.</p>"
    ),
}

NEWS_INDEX = {
    "slug": "neuigkeiten",
    "title": "Neuigkeiten",
    "intro": "Was in den Stadtteilen und in der Quartiersentwicklung der Stadt passiert.",
}

DEMO_PASSWORD = "Quartier-Demo-2026"
ADMIN_EMAIL = "admin@beteiligung.example"
EDITOR_EMAIL = "redaktion@beteiligung.example"

# A resident who can log in, and neighbours who only support ideas where an account is needed.
RESIDENT_EMAIL = "bewohnerin@beteiligung.example"
DEMO_NEIGHBOUR_COUNT = 11


def network_member_email(district_slug: str) -> str:
    return f"netzwerk-{district_slug}@beteiligung.example"


def neighbour_email(number: int) -> str:
    return f"nachbarschaft-{number:02d}@beteiligung.example"
