"""The demo idea collections, one per demo district, with ideas at every step of the workflow.

Contributions go through the services, which check the collection's rules (boundary, one
support per participant, one reply level); afterwards their timestamps are moved into the past
weeks, as the survey demo does, so lists and histories read like real participation. Supports
are plain rows because they need past dates and there are hundreds of them.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

# Ideas come from participants drawn from a pool; 45 visitors cover the most supported idea.
VISITORS_PER_COLLECTION = 45
GERMAN_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def _idea(
    key,
    category,
    days_ago,
    title,
    description,
    *,
    place="",
    point=None,
    supports=0,
    history=(),
    comments=(),
    moderation="published",
    reason="",
    merged_into="",
    contact=False,
):
    """One demo idea. `history` holds (status, days ago, feedback); "{date}" in the feedback
    becomes the day of the network meeting that decided it."""
    return {
        "key": key,
        "category": category,
        "days_ago": days_ago,
        "title": title,
        "description": description,
        "place": place,
        "point": point,
        "supports": supports,
        "history": history,
        "comments": comments,
        "moderation": moderation,
        "reason": reason,
        "merged_into": merged_into,
        "contact": contact,
    }


def _comment(days_ago, name, text, *, replies=(), pending=False, reports=0):
    return {
        "days_ago": days_ago,
        "name": name,
        "text": text,
        "replies": replies,
        "pending": pending,
        "reports": reports,
    }


DAXLANDEN = {
    "page": {
        "title": "Was fehlt in Daxlanden?",
        "slug": "was-fehlt-in-daxlanden",
        "question": "Was fehlt in Daxlanden, damit alle Generationen gut hier leben können?",
        "intro": (
            "Daxlanden verändert sich: Junge Familien ziehen in die Neubaugebiete, viele ältere "
            "Menschen leben seit Jahrzehnten hier. Das Stadtteilnetzwerk sammelt Ihre Ideen für "
            "Begegnung, Wege ohne Hindernisse, Grün und Hilfe im Alltag. Jede Idee wird im "
            "Stadtteilnetzwerk besprochen – hier lesen Sie, was daraus wird."
        ),
        "moderation": "before",
        "participation": "anonymous",
        "privacy_note": (
            "<p>Sie brauchen kein Konto. Die Stadtteilkoordination liest jede Idee, bevor sie "
            "erscheint. Wir speichern keine Namen und keine IP-Adressen. Ihre E-Mail-Adresse "
            "geben Sie nur an, wenn Sie Rückmeldungen möchten; sie wird nicht "
            "veröffentlicht.</p>"
        ),
    },
    "categories": ["Begegnung", "Mobilität", "Grün", "Barrierefreiheit", "Gesundheit & Pflege"],
    "ideas": [
        _idea(
            "bordstein",
            "Barrierefreiheit",
            40,
            "Abgesenkter Bordstein an der Ecke Rheinstraße/Pfarrstraße",
            "An der Ecke komme ich mit dem Rollstuhl nicht auf den Gehweg und muss ein Stück "
            "auf der Fahrbahn fahren. Ein abgesenkter Bordstein wie auf der anderen "
            "Straßenseite würde reichen.",
            place="Ecke Rheinstraße/Pfarrstraße",
            point=("49.001500", "8.334500"),
            supports=31,
            history=(
                (
                    "accepted",
                    36,
                    "Das Tiefbauamt hat sich die Ecke am {date} mit uns angesehen: Der Bordstein "
                    "wird abgesenkt, dazu kommt ein Leitstreifen für Menschen, die schlecht sehen.",
                ),
                (
                    "in_progress",
                    20,
                    "Die Bauarbeiten beginnen nächste Woche und dauern etwa drei Tage. Der Gehweg "
                    "bleibt auf einer Straßenseite frei.",
                ),
                (
                    "done",
                    9,
                    "Fertig: Der Bordstein ist abgesenkt, der Leitstreifen liegt. Danke an alle, "
                    "die die Idee unterstützt und die Stelle beim Stadtteilspaziergang gezeigt "
                    "haben.",
                ),
            ),
            comments=(
                _comment(
                    25,
                    "Rainer",
                    "Mit dem Kinderwagen ist es genauso. Danke, dass das so schnell geht!",
                ),
            ),
        ),
        _idea(
            "baenke",
            "Barrierefreiheit",
            38,
            "Sitzbänke auf dem Weg vom Kirchplatz zur Rheinstraße",
            "Ich gehe mit dem Rollator zum Bäcker und zur Apotheke. Auf dem ganzen Weg zwischen "
            "Kirchplatz und Rheinstraße gibt es keine einzige Bank, und nach der Hälfte brauche "
            "ich eine Pause. Zwei oder drei Bänke würden vielen älteren Menschen helfen – und "
            "Eltern mit kleinen Kindern auch.",
            place="Pfarrstraße zwischen Kirchplatz und Rheinstraße",
            point=("49.000800", "8.332200"),
            supports=24,
            contact=True,
            history=(
                (
                    "in_review",
                    33,
                    "Der Bürgerverein hat die Idee in seiner Sitzung am {date} besprochen und "
                    "unterstützt sie. Die Stadtteilkoordination klärt jetzt mit dem Tiefbauamt, "
                    "wo auf dem Gehweg Platz für Bänke ist.",
                ),
                (
                    "accepted",
                    21,
                    "Gute Nachricht: Das Tiefbauamt stellt drei Bänke auf, zwei davon mit "
                    "Armlehnen zum Aufstehen. Die Standorte haben Bewohner*innen beim "
                    "Stadtteilspaziergang am {date} mit ausgesucht.",
                ),
                (
                    "in_progress",
                    6,
                    "Die Bänke sind bestellt und sollen bis Ende des Monats stehen. Die "
                    "Evangelische Kirchengemeinde übernimmt die Patenschaft für die Bank am "
                    "Kirchplatz.",
                ),
            ),
            comments=(
                _comment(
                    36,
                    "Gisela",
                    "Unbedingt! Meine Mutter geht deswegen kaum noch allein einkaufen.",
                    replies=(
                        _comment(
                            35,
                            "",
                            "Geht mir genauso. Vor der Apotheke wäre ein guter Platz, da ist der "
                            "Gehweg breit.",
                        ),
                    ),
                ),
                _comment(
                    30,
                    "Nachbar aus der Pfarrstraße",
                    "Bitte Bänke mit Lehne und Armlehnen. Von den niedrigen Bänken am Spielplatz "
                    "kommt man schlecht wieder hoch.",
                ),
            ),
        ),
        _idea(
            "mittagstisch",
            "Begegnung",
            35,
            "Mittagstisch auch am Freitag",
            "Der Mittagstisch der Kirchengemeinde am Mittwoch ist immer voll und sehr schön. "
            "Viele, die allein wohnen, würden sich über einen zweiten Termin in der Woche "
            "freuen. Ich würde beim Kochen helfen.",
            supports=16,
            history=(
                (
                    "in_review",
                    30,
                    "Die Evangelische Kirchengemeinde hat in der Netzwerksitzung am {date} "
                    "gesagt, dass sie die Küche auch freitags öffnen kann, wenn sich genug "
                    "Helfer*innen finden. Wer mitkochen möchte, meldet sich bitte bei der "
                    "Stadtteilkoordination.",
                ),
                (
                    "accepted",
                    12,
                    "Sieben Menschen haben sich gemeldet und kochen abwechselnd. Ab dem nächsten "
                    "Monat gibt es den Mittagstisch mittwochs und freitags, jeweils ab 12 Uhr im "
                    "Gemeindehaus.",
                ),
            ),
            comments=(
                _comment(
                    33,
                    "Erika",
                    "Ich komme jeden Mittwoch. Freitags wäre toll, dann ist das Wochenende nicht "
                    "so lang.",
                    replies=(
                        _comment(
                            32,
                            "Hans",
                            "Ich kann freitags fahren, wenn jemand abgeholt werden muss.",
                        ),
                    ),
                ),
                _comment(
                    20,
                    "",
                    "Gibt es auch etwas ohne Fleisch?",
                    replies=(
                        _comment(19, "Erika", "Ja, es gibt immer ein vegetarisches Gericht."),
                    ),
                ),
            ),
        ),
        _idea(
            "jugend",
            "Begegnung",
            31,
            "Ein Platz für Jugendliche, an dem sie niemanden stören",
            "Abends sitzen Jugendliche auf dem Schulhof oder an der Haltestelle, und dann gibt "
            "es Ärger mit der Nachbarschaft. Ein überdachter Treffpunkt mit Bänken und Licht, "
            "etwas abseits der Häuser, wäre für alle besser. Vielleicht am Rand des "
            "Sportgeländes?",
            supports=12,
            history=(
                (
                    "in_review",
                    24,
                    "Das Stadtteilnetzwerk hat die Idee am {date} besprochen. Bevor wir einen Ort "
                    "suchen, fragen wir die Jugendlichen selbst: Die Stadtteilkoordination lädt "
                    "gemeinsam mit der Schulsozialarbeit zu einem Treffen ein.",
                ),
            ),
            comments=(
                _comment(
                    28,
                    "Mia, 15",
                    "Ja bitte! Im Winter wissen wir sonst nicht, wohin.",
                    replies=(
                        _comment(
                            27,
                            "",
                            "Als Anwohnerin finde ich das gut, solange der Platz nicht direkt "
                            "neben den Häusern liegt.",
                        ),
                    ),
                ),
            ),
        ),
        _idea(
            "bus",
            "Mobilität",
            29,
            "Sonntags öfter mit dem Bus in die Rheinstrandsiedlung",
            "Sonntags fährt der Bus in die Rheinstrandsiedlung nur einmal in der Stunde. Wer "
            "kein Auto hat, kommt kaum zu Besuch in die Stadt oder zum Gottesdienst.",
            place="Rheinstrandsiedlung",
            point=("49.007500", "8.312000"),
            supports=19,
            history=(
                (
                    "in_review",
                    25,
                    "Den Fahrplan legen die Verkehrsbetriebe fest, nicht das Stadtteilnetzwerk. "
                    "Wir haben die Idee zusammen mit den Unterschriften aus dem Stadtteiltreff "
                    "am {date} dorthin weitergegeben.",
                ),
                (
                    "declined",
                    10,
                    "Die Verkehrsbetriebe haben geantwortet: Im Fahrplan für das nächste Jahr ist "
                    "kein dichterer Sonntagstakt möglich, weil Fahrzeuge und Personal fehlen. Die "
                    "Anfrage bleibt für die übernächste Planung vorgemerkt. Bis dahin bietet die "
                    "Nachbarschaftshilfe Rheinstrand sonntags Fahrten zum Gottesdienst an.",
                ),
            ),
            comments=(
                _comment(
                    8,
                    "Werner",
                    "Schade. Aber danke für die ehrliche Rückmeldung, so weiß man wenigstens, "
                    "woran man ist.",
                ),
            ),
        ),
        _idea(
            "besuche",
            "Gesundheit & Pflege",
            26,
            "Besuche bei Menschen, die allein leben",
            "In unserem Haus wohnt eine ältere Frau, die seit dem Tod ihres Mannes kaum noch "
            "rausgeht. Ich glaube, es gibt viele wie sie. Ein Besuchsdienst, der regelmäßig "
            "vorbeikommt, zum Reden oder für einen kleinen Spaziergang, wäre wichtig.",
            supports=11,
            history=(
                (
                    "in_review",
                    19,
                    "Die Nachbarschaftshilfe Rheinstrand besucht schon heute Menschen, die "
                    "allein leben, hat aber mehr Anfragen als Ehrenamtliche. In der Sitzung am "
                    "{date} haben wir verabredet, gemeinsam mit dem Pflegedienst am Rhein neue "
                    "Helfer*innen zu suchen und eine kurze Schulung anzubieten.",
                ),
            ),
            comments=(
                _comment(
                    17,
                    "Nachbarschaftshilfe Rheinstrand",
                    "Wir freuen uns über jede Person, die eine Stunde in der Woche Zeit hat. "
                    "Melden Sie sich gern unter 0721 000 1120.",
                ),
            ),
        ),
        _idea(
            "bank-dublette",
            "Barrierefreiheit",
            27,
            "Mehr Bänke in der Pfarrstraße",
            "Bitte Bänke aufstellen! Für Ältere ist der Weg zum Einkaufen sonst zu lang.",
            supports=5,
            moderation="merged",
            merged_into="baenke",
        ),
        _idea(
            "garten",
            "Grün",
            22,
            "Gemeinschaftsgarten auf der Wiese hinter der Schule",
            "Hinter der Grundschule liegt eine Wiese, die kaum jemand nutzt. Dort könnten "
            "Hochbeete stehen, die Nachbarschaft, Schulkinder und die Seniorengruppe gemeinsam "
            "bepflanzen. Ich habe Erfahrung mit Gemüsebeeten und würde mitmachen.",
            place="Wiese hinter der Grundschule, Schulstraße",
            point=("49.003000", "8.329000"),
            supports=14,
            comments=(
                _comment(
                    20,
                    "Sabine",
                    "Die Hochbeete bitte so hoch, dass man auch im Rollstuhl gärtnern kann!",
                    replies=(
                        _comment(
                            18,
                            "",
                            "Gute Idee. Die Schule hat bestimmt auch Interesse, für den "
                            "Sachunterricht.",
                        ),
                    ),
                ),
                _comment(1, "", "Wer gießt im Sommer in den Ferien?", pending=True),
            ),
        ),
        _idea(
            "trinkbrunnen",
            "Grün",
            16,
            "Trinkbrunnen am Rheinstrandbad Rappenwört",
            "Im Sommer sind viele Familien und Radfahrer*innen am Rappenwört unterwegs. Ein "
            "Trinkbrunnen wäre gut für alle, die keine Flasche dabeihaben.",
            place="Rappenwört, am Parkplatz",
            point=("48.999000", "8.300000"),
            supports=7,
        ),
        _idea(
            "falschparker",
            "Mobilität",
            14,
            "Falschparker vor Hausnummer 14",
            "Herr M. aus Nummer 16 parkt jeden Tag seinen Transporter auf dem Gehweg, sein "
            "Kennzeichen kenne ich. Mit dem Kinderwagen kommt man nicht vorbei. Bitte sorgen "
            "Sie dafür, dass er Strafe zahlt.",
            moderation="rejected",
            contact=True,
            reason=(
                "Danke für Ihren Hinweis. Beiträge, die einzelne Personen erkennbar machen, "
                "veröffentlichen wir nicht. Zugeparkte Gehwege können Sie direkt beim "
                "Ordnungsamt melden. Gern können Sie die Idee allgemein neu einreichen, zum "
                "Beispiel „Gehwege in der Siedlung freihalten“."
            ),
        ),
        _idea(
            "repair-cafe",
            "Begegnung",
            3,
            "Repair-Café im Stadtteiltreff",
            "In der Oststadt gibt es ein Repair-Café. So etwas wünsche ich mir auch in "
            "Daxlanden: Toaster, Fahrräder und Kleidung reparieren und dabei Leute "
            "kennenlernen.",
            moderation="pending",
        ),
        _idea(
            "licht",
            "Mobilität",
            2,
            "Beleuchtung am Fußweg zum Federbach",
            "Der Weg von der Rheinstrandsiedlung zur Bushaltestelle ist abends stockdunkel. Im "
            "Winter traue ich mich nach 17 Uhr nicht mehr allein dort entlang.",
            place="Fußweg am Federbach",
            point=("49.005500", "8.318500"),
            moderation="pending",
            contact=True,
        ),
    ],
}

BEIERTHEIM_BULACH = {
    "page": {
        "title": "Ideen für ein gutes Älterwerden",
        "slug": "ideen-gut-aelter-werden",
        "question": "Was hilft Ihnen, in Beiertheim und Bulach gut älter zu werden?",
        "intro": (
            "Die Befragung „Gut leben und älter werden“ hat gezeigt, was vielen fehlt: Wege ohne "
            "Hindernisse, Hilfe im Alltag und Orte, an denen man andere trifft. Jetzt sammeln "
            "wir Ihre Ideen, was konkret passieren soll. Das Stadtteilnetzwerk bespricht sie in "
            "seinen Sitzungen und schreibt hier, was daraus wird. Sie möchten lieber anrufen? "
            "Das Seniorenbüro nimmt Ideen auch unter 0721 000 1210 auf."
        ),
        "moderation": "after",
        "participation": "anonymous",
        "results_visibility": "live",
        "results_outcome": (
            "<p>Das Stadtteilnetzwerk bespricht die Ideen jeden ersten Dienstag im Monat. Die "
            "Idee mit den meisten Unterstützungen, Bänke am Weg zum Einkaufen, ist angenommen: "
            "Das Gartenbauamt stellt im Frühjahr die ersten vier Bänke auf.</p>"
        ),
        "privacy_note": (
            "<p>Sie brauchen kein Konto. Ideen erscheinen sofort; die Stadtteilkoordination "
            "liest mit und nimmt Beiträge heraus, die gegen die Regeln verstoßen. Wir speichern "
            "keine Namen und keine IP-Adressen.</p>"
        ),
    },
    "categories": [
        "Begegnung",
        "Wohnen",
        "Mobilität",
        "Grün",
        "Barrierefreiheit",
        "Gesundheit & Pflege",
    ],
    "ideas": [
        _idea(
            "fahrdienst",
            "Mobilität",
            40,
            "Fahrdienst zum Ärztehaus und zum Einkaufen",
            "Seit ich nicht mehr Auto fahre, brauche ich für jeden Arzttermin jemanden, der "
            "mich bringt. Ein Taxi ist auf Dauer zu teuer. Ein Fahrdienst mit Ehrenamtlichen, "
            "vielleicht mit dem Kleinbus des Sportvereins, würde vielen von uns die "
            "Selbstständigkeit erhalten.",
            supports=27,
            contact=True,
            history=(
                (
                    "in_review",
                    34,
                    "Das Stadtteilnetzwerk hat die Idee in der Sitzung am {date} besprochen. Der "
                    "Sportverein Beiertheim kann seinen Kleinbus an zwei Vormittagen in der "
                    "Woche zur Verfügung stellen. Offen ist noch die Versicherung der "
                    "Fahrer*innen.",
                ),
                (
                    "accepted",
                    20,
                    "Die Versicherung ist geklärt. Das Seniorenbüro übernimmt die Organisation; "
                    "Fahrten werden dort telefonisch angemeldet.",
                ),
                (
                    "in_progress",
                    8,
                    "Vier Ehrenamtliche fahren schon, zwei weitere suchen wir noch. Fahrten gibt "
                    "es dienstags und donnerstags von 8 bis 13 Uhr, Anmeldung bis zum Vortag im "
                    "Seniorenbüro.",
                ),
            ),
            comments=(
                _comment(
                    37,
                    "Ursula",
                    "Das wäre eine große Hilfe. Ich würde auch etwas dafür bezahlen.",
                    replies=(
                        _comment(
                            36,
                            "",
                            "Ich könnte einmal in der Woche fahren, ich bin gerade in Rente "
                            "gegangen.",
                        ),
                    ),
                ),
                _comment(5, "Klaus", "Bin gestern zum ersten Mal mitgefahren. Sehr freundlich!"),
            ),
        ),
        _idea(
            "gruenphase",
            "Barrierefreiheit",
            38,
            "Längere Grünphase an der Fußgängerampel Breite Straße",
            "An der Ampel in der Breiten Straße schaffe ich es mit dem Rollator nicht in einer "
            "Grünphase über die Straße. Mitten auf der Fahrbahn springt die Ampel auf Rot, und "
            "die Autos fahren schon an.",
            place="Fußgängerampel Breite Straße, Höhe Haltestelle",
            point=("49.002000", "8.390500"),
            supports=22,
            history=(
                (
                    "in_review",
                    34,
                    "Wir haben die Ampel am {date} mit dem Seniorenbüro ausprobiert: Im "
                    "Rollatortempo reicht die Grünphase tatsächlich nicht. Die Messung ist an das "
                    "Ordnungs- und Bürgeramt gegangen.",
                ),
                (
                    "accepted",
                    23,
                    "Das Ordnungs- und Bürgeramt verlängert die Grünphase für Fußgänger*innen um "
                    "vier Sekunden.",
                ),
                (
                    "done",
                    11,
                    "Umgesetzt: Die Grünphase ist länger. Außerdem gibt es jetzt ein Tonsignal "
                    "für blinde und sehbehinderte Menschen.",
                ),
            ),
            comments=(
                _comment(
                    30,
                    "Rosemarie",
                    "Endlich! Ich bin da schon zweimal fast nicht rübergekommen.",
                ),
            ),
        ),
        _idea(
            "fahrdienst-dublette",
            "Mobilität",
            33,
            "Fahrdienst für Arzttermine",
            "Es bräuchte einen Fahrdienst für Ältere zum Arzt.",
            supports=6,
            moderation="merged",
            merged_into="fahrdienst",
        ),
        _idea(
            "gemeindecafe",
            "Begegnung",
            30,
            "Gemeindecafé auch am Sonntagnachmittag",
            "Unter der Woche ist viel los, aber der Sonntag ist für viele Ältere der "
            "einsamste Tag. Könnte das Gemeindecafé auch sonntags von 14 bis 17 Uhr öffnen?",
            supports=18,
            history=(
                (
                    "in_review",
                    22,
                    "Die Katholische Kirchengemeinde Bulach prüft, ob die Räume sonntags frei "
                    "sind. In der Netzwerksitzung am {date} haben sich schon drei Menschen "
                    "gemeldet, die den Kaffee kochen würden.",
                ),
            ),
            comments=(
                _comment(
                    28,
                    "",
                    "Der Sonntag ist wirklich lang, wenn man allein ist. Ich wäre dabei.",
                    replies=(_comment(26, "Helga", "Ich backe gern einen Kuchen dafür."),),
                ),
                _comment(
                    4,
                    "",
                    "Typisch, wieder nur was für die Alten. Die können doch zu Hause Kaffee "
                    "trinken.",
                    reports=3,
                ),
            ),
        ),
        _idea(
            "wohnungstausch",
            "Wohnen",
            27,
            "Wohnungstausch: groß gegen klein",
            "Viele von uns wohnen allein in großen Wohnungen, und die Treppen werden mühsam. "
            "Gleichzeitig suchen junge Familien im Stadtteil Platz. Eine Tauschbörse mit "
            "Beratung und Hilfe beim Umzug würde beiden helfen – und niemand müsste den "
            "Stadtteil verlassen.",
            supports=15,
            history=(
                (
                    "in_review",
                    18,
                    "Die Idee war am {date} Thema im Stadtteilnetzwerk. Die städtische "
                    "Wohnungsgesellschaft und eine Genossenschaft aus dem Stadtteil sind zu einem "
                    "Gespräch bereit; das Seniorenbüro bereitet es vor.",
                ),
            ),
            comments=(
                _comment(
                    25,
                    "Jürgen",
                    "Wir würden sofort tauschen, unsere Kinder sind längst ausgezogen. Aber der "
                    "Umzug allein schreckt ab.",
                    replies=(
                        _comment(24, "", "Genau deshalb ist die Hilfe beim Umzug so wichtig."),
                    ),
                ),
            ),
        ),
        _idea(
            "demenz",
            "Gesundheit & Pflege",
            24,
            "Geschäfte im Stadtteil zum Thema Demenz schulen",
            "Mein Vater hat Demenz und geht noch allein zum Bäcker. Manchmal vergisst er zu "
            "bezahlen oder findet den Heimweg nicht. Wenn die Verkäufer*innen wüssten, wie sie "
            "reagieren können, wäre das für ihn und für uns eine große Erleichterung.",
            supports=9,
            history=(
                (
                    "accepted",
                    15,
                    "Das Demenznetz Südwest bietet kostenlose Kurzschulungen für Geschäfte, "
                    "Apotheken und Banken an. Die ersten vier Geschäfte in der Kirchstraße haben "
                    "sich angemeldet.",
                ),
            ),
            comments=(_comment(20, "", "Das wäre auch für die Busfahrer*innen gut."),),
        ),
        _idea(
            "toiletten",
            "Barrierefreiheit",
            19,
            "Toiletten, die man ohne Einkauf benutzen darf",
            "Wer öfter muss, traut sich kaum aus dem Haus, weil es im Stadtteil keine "
            "öffentliche Toilette gibt. Andere Städte machen bei der „Netten Toilette“ mit: "
            "Geschäfte und Gaststätten lassen alle herein und bekommen dafür einen kleinen "
            "Zuschuss.",
            supports=13,
        ),
        _idea(
            "pflegedienst-werbung",
            "Gesundheit & Pflege",
            17,
            "Günstige Pflege zu Hause – jetzt anrufen!",
            "Unser Pflegedienst übernimmt Grundpflege, Haushaltshilfe und Betreuung in "
            "Beiertheim und Bulach. Rufen Sie uns an, die ersten zwei Stunden sind kostenlos!",
            moderation="rejected",
            reason=(
                "Werbung für einzelne Unternehmen veröffentlichen wir in der Ideensammlung nicht. "
                "Pflegedienste aus dem Stadtteil können sich gern im Stadtteilnetzwerk "
                "vorstellen."
            ),
        ),
        _idea(
            "handy",
            "Begegnung",
            12,
            "Handy-Sprechstunde von Jung für Alt",
            "Ich komme mit meinem Smartphone nicht zurecht, und meine Enkel wohnen weit weg. "
            "Vielleicht hätten Jugendliche aus dem Sportverein oder der Schule Lust, einmal im "
            "Monat Fragen zu beantworten – bei Kaffee und Kuchen.",
            supports=10,
            comments=(
                _comment(
                    9,
                    "Sportverein Beiertheim",
                    "Unsere Jugendabteilung hat Interesse! Wir melden uns bei der "
                    "Stadtteilkoordination.",
                ),
            ),
        ),
        _idea(
            "alb",
            "Grün",
            6,
            "Schattige Bänke am Spazierweg an der Alb",
            "Am Albufer gehen viele Ältere spazieren, aber zwischen Beiertheim und Bulach gibt "
            "es kaum Bänke und im Sommer keinen Schatten.",
            place="Albuferweg zwischen Beiertheim und Bulach",
            point=("48.997500", "8.378000"),
            supports=4,
        ),
    ],
}

OSTSTADT = {
    "page": {
        "title": "Ideen für den neuen Quartierstreff",
        "slug": "ideen-quartierstreff",
        "question": "Was soll im neuen Quartierstreff am Gottesauer Platz passieren?",
        "intro": (
            "Im Frühjahr eröffnet das Bürgerzentrum Oststadt im früheren Ladengeschäft am "
            "Gottesauer Platz einen Quartierstreff: ein Wohnzimmer für alle, ohne Anmeldung und "
            "ohne Konsumzwang. Was soll dort stattfinden, was braucht der Raum? Melden Sie sich "
            "an, um Ideen einzureichen, zu unterstützen und zu kommentieren."
        ),
        "moderation": "after",
        "participation": "account",
        "privacy_note": (
            "<p>Zum Mitmachen brauchen Sie ein Konto. Öffentlich erscheinen Ihre Ideen und "
            "Kommentare, aber nicht Ihr Name und nicht Ihre E-Mail-Adresse – bei Kommentaren "
            "nur der Name, den Sie selbst angeben.</p>"
        ),
    },
    "categories": ["Begegnung", "Kultur", "Grün", "Barrierefreiheit"],
    "ideas": [
        _idea(
            "sprachcafe",
            "Begegnung",
            36,
            "Sprachcafé zweimal in der Woche",
            "Das Sprachcafé im Bürgerzentrum ist jeden Dienstag voll. Im neuen Treff könnte es "
            "einen zweiten Termin am Samstagvormittag geben, dann können auch Berufstätige "
            "kommen – zum Deutschüben und um Nachbar*innen aus anderen Ländern kennenzulernen.",
            supports=8,
            history=(
                (
                    "accepted",
                    25,
                    "Das Bürgerzentrum Oststadt übernimmt den Samstagstermin, sobald der Treff "
                    "eröffnet. Zwei Studentinnen vom Campus haben in der Netzwerksitzung am "
                    "{date} zugesagt, den Termin mitzugestalten.",
                ),
            ),
            comments=(
                _comment(
                    34,
                    "Amir",
                    "Samstag passt mir viel besser, unter der Woche arbeite ich.",
                    replies=(
                        _comment(
                            33, "Lena", "Ich helfe gern mit, ich studiere Deutsch als Fremdsprache."
                        ),
                    ),
                ),
            ),
        ),
        _idea(
            "tauschregal",
            "Kultur",
            34,
            "Tauschregal für Bücher und Spiele",
            "Ein Regal, in das man Bücher, Spiele und DVDs stellt und dafür etwas anderes "
            "mitnimmt. Das kostet fast nichts und bringt Leute ins Gespräch.",
            supports=9,
            history=(
                (
                    "accepted",
                    30,
                    "Eine Idee, die sofort geht: Die Initiative Offener Treff Ost stellt ein "
                    "Regal auf.",
                ),
                (
                    "done",
                    16,
                    "Das Tauschregal steht und ist schon gut gefüllt. Bis der Quartierstreff "
                    "eröffnet, steht es im Eingang des Bürgerzentrums.",
                ),
            ),
            comments=(
                _comment(14, "Petra", "Ich habe letzte Woche drei Kinderbücher gefunden. Toll!"),
            ),
        ),
        _idea(
            "repair-cafe",
            "Begegnung",
            33,
            "Das Repair-Café in den Treff holen",
            "Das Repair-Café findet einmal im Monat im Bürgerzentrum statt. Im Quartierstreff "
            "wäre es sichtbarer, direkt am Platz, und das Werkzeug könnte dort bleiben.",
            supports=6,
            history=(
                (
                    "accepted",
                    20,
                    "Das Repair-Café-Team und das Bürgerzentrum haben am {date} verabredet: Ab "
                    "der Eröffnung wird jeden ersten Samstag im Monat im Quartierstreff "
                    "repariert.",
                ),
                (
                    "in_progress",
                    4,
                    "Eine Werkbank und ein abschließbarer Werkzeugschrank sind bestellt.",
                ),
            ),
        ),
        _idea(
            "hochbeete",
            "Grün",
            30,
            "Hochbeete im Hof zum gemeinsamen Gärtnern",
            "Hinter dem Laden liegt ein gepflasterter Hof. Mit ein paar Hochbeeten könnten "
            "Nachbar*innen dort Kräuter und Gemüse ziehen. Das Kreativquartier hat bestimmt "
            "Holzreste, aus denen man die Beete bauen kann.",
            place="Hof hinter dem Quartierstreff, Gottesauer Platz",
            point=("49.006000", "8.424000"),
            supports=7,
            history=(
                (
                    "in_review",
                    21,
                    "Die Hausverwaltung muss zustimmen, weil auch die Mieter*innen den Hof "
                    "nutzen. Das Bürgerzentrum hat am {date} angefragt.",
                ),
                (
                    "accepted",
                    9,
                    "Die Hausverwaltung ist einverstanden. Das Kreativquartier am Schlachthof "
                    "baut die Beete in einem offenen Workshop – wer mitbauen möchte, ist "
                    "willkommen.",
                ),
            ),
            comments=(_comment(25, "Jonas", "Ich baue gern mit!"),),
        ),
        _idea(
            "rampe",
            "Barrierefreiheit",
            28,
            "Stufenloser Eingang und eine Toilette für alle",
            "Vor dem Laden sind zwei Stufen. Wenn der Treff für alle da sein soll, braucht er "
            "eine Rampe, eine Klingel in Sitzhöhe und eine Toilette, die man mit dem Rollstuhl "
            "benutzen kann.",
            supports=9,
            history=(
                (
                    "accepted",
                    20,
                    "Wird gemacht: Die Umbaupläne sehen eine Rampe mit Geländer und eine "
                    "barrierefreie Toilette vor. Eine Rollstuhlfahrerin aus dem Stadtteil hat die "
                    "Pläne am {date} mit uns durchgesehen.",
                ),
                (
                    "in_progress",
                    5,
                    "Die Rampe ist gebaut; die Toilette folgt, sobald die Wasserleitungen "
                    "erneuert sind.",
                ),
            ),
            comments=(
                _comment(
                    24,
                    "",
                    "Bitte auch an eine Induktionsschleife für Hörgeräte denken.",
                    replies=(
                        _comment(
                            22,
                            "Bürgerzentrum Oststadt",
                            "Danke für den Hinweis, das nehmen wir in die Planung auf.",
                        ),
                    ),
                ),
            ),
        ),
        _idea(
            "buecherschrank",
            "Kultur",
            27,
            "Offener Bücherschrank",
            "Ein Bücherschrank zum Tauschen, wie es ihn in anderen Stadtteilen gibt.",
            supports=3,
            moderation="merged",
            merged_into="tauschregal",
        ),
        _idea(
            "ausstellungen",
            "Kultur",
            22,
            "Ausstellungen von Künstler*innen aus dem Stadtteil",
            "Im Schlachthof arbeiten viele Künstler*innen, aber die meisten Nachbar*innen "
            "kommen dort nie hin. Die Schaufenster des Treffs könnten eine kleine Galerie sein, "
            "die alle paar Wochen wechselt.",
            supports=5,
            history=(
                (
                    "in_review",
                    12,
                    "Das Kreativquartier am Schlachthof hat in der Netzwerksitzung am {date} "
                    "Interesse gezeigt. Offen ist noch, wer sich um den Wechsel der "
                    "Ausstellungen kümmert.",
                ),
            ),
        ),
        _idea(
            "hausaufgaben",
            "Begegnung",
            18,
            "Hausaufgabenhilfe mit Studierenden",
            "Viele Kinder in der Oststadt bekommen zu Hause keine Hilfe bei den Hausaufgaben. "
            "Studierende vom Campus nebenan könnten das ehrenamtlich anbieten, zum Beispiel "
            "zweimal in der Woche am Nachmittag.",
            supports=6,
            comments=(
                _comment(
                    15,
                    "Jugendhaus Oststadt",
                    "Das machen wir schon im Jugendhaus. Lassen Sie uns absprechen, damit sich "
                    "die Angebote ergänzen.",
                ),
            ),
        ),
        _idea(
            "platz",
            "Grün",
            10,
            "Mehr Schatten und Sitzplätze auf dem Gottesauer Platz",
            "Wenn der Treff am Platz liegt, sollte auch der Platz einladen. Im Sommer gibt es "
            "dort kaum Schatten. Ein paar Bäume, Sonnensegel und Bänke, auf die man sich mit "
            "einem Kaffee aus dem Treff setzen kann.",
            place="Gottesauer Platz",
            point=("49.005200", "8.423200"),
            supports=4,
        ),
        _idea(
            "abwertend",
            "Begegnung",
            8,
            "Keine Partys für Studis",
            "Der Treff sollte nur für echte Oststädter sein. Die Studenten machen sowieso alles "
            "kaputt und sind nach einem Jahr wieder weg.",
            moderation="rejected",
            reason=(
                "Ihre Idee wertet eine Gruppe von Nachbar*innen pauschal ab; das widerspricht den "
                "Regeln dieser Ideensammlung. Wenn Sie sich Sorgen um Lärm oder Ordnung im Treff "
                "machen, reichen Sie das gern sachlich als neue Idee ein, zum Beispiel mit "
                "Vorschlägen für Hausregeln."
            ),
        ),
    ],
}

# Keyed by district slug.
COLLECTIONS = {
    "daxlanden": DAXLANDEN,
    "beiertheim-bulach": BEIERTHEIM_BULACH,
    "oststadt": OSTSTADT,
}
COLLECTION_OPEN_DAYS = (42, 28)  # opened six weeks ago, closes in four


class _Clock:
    """Past timestamps for the demo: a day `days_ago` at a daytime hour, never before `after`."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()

    def at(self, days_ago: int, *, after: datetime.datetime | None = None) -> datetime.datetime:
        local = timezone.localtime(self.now - datetime.timedelta(days=days_ago))
        moment = local.replace(hour=self.rng.randint(8, 20), minute=self.rng.randint(0, 59))
        if after is not None and moment <= after:
            moment = after + datetime.timedelta(minutes=self.rng.randint(20, 240))
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def between(self, start: datetime.datetime) -> datetime.datetime:
        return start + (self.now - start) * self.rng.random()


def _meeting_day(when: datetime.datetime, not_before: datetime.datetime) -> str:
    """The network met two days before it wrote the feedback, but not before the idea came."""
    day = max(when - datetime.timedelta(days=2), not_before)
    day = timezone.localtime(day)
    return f"{day.day}. {GERMAN_MONTHS[day.month - 1]}"


def demo_contributions_create(collection, spec: dict, *, moderator, residents=(), seed=2026) -> int:
    """Submit the demo ideas, supports, comments and decisions of one collection and date them
    over the past weeks. Deterministic for a seed; skips collections that already have ideas
    or are no longer open (seeded long ago). Account-only ones take participants from
    `residents`."""
    from ideas import services
    from ideas.models import Idea, IdeaStatusChange, Moderation, Participation, Support

    if not collection.is_open or Idea.objects.filter(collection=collection).exists():
        return 0
    rng = random.Random(f"{seed}/{collection.slug}")  # noqa: S311 - demo data, not a secret
    clock = _Clock(rng)
    if collection.participation == Participation.ACCOUNT:
        participants = [services.account_contributor(user=user) for user in residents]
    else:
        participants = [
            services.browser_contributor(
                collection=collection, browser_id=f"{rng.getrandbits(96):x}"
            )
            for _ in range(VISITORS_PER_COLLECTION)
        ]
    categories = {category.name: category for category in collection.categories.all()}
    moderated_before = collection.moderation == Moderation.BEFORE

    ideas, published_at, supports = {}, {}, []
    for item in spec["ideas"]:
        latitude, longitude = (Decimal(v) for v in item["point"]) if item["point"] else (None, None)
        idea = services.idea_submit(
            collection=collection,
            contributor=rng.choice(participants),
            data=services.IdeaInput(
                title=item["title"],
                description=item["description"],
                category=categories[item["category"]],
                location_text=item["place"],
                latitude=latitude,
                longitude=longitude,
            ),
        )
        if moderated_before and item["moderation"] in ("published", "merged"):
            idea = services.idea_approve(idea=idea, user=moderator)
        idea.created_at = published = clock.at(item["days_ago"])
        if moderated_before and idea.is_published:
            published += datetime.timedelta(hours=rng.randint(2, 20))
        Idea.objects.filter(pk=idea.pk).update(
            created_at=idea.created_at,
            moderated_at=published if published != idea.created_at else None,
        )
        ideas[item["key"]], published_at[item["key"]] = idea, published
        if item["moderation"] in ("published", "merged"):
            supports += [
                Support(
                    idea=idea,
                    collection=collection,
                    participant_key=participant.key,
                    created_at=clock.between(published),
                )
                for participant in rng.sample(participants, item["supports"])
            ]
    Support.objects.bulk_create(supports)

    for item in spec["ideas"]:
        idea, previous = ideas[item["key"]], published_at[item["key"]]
        for status, days_ago, feedback in item["history"]:
            when = clock.at(days_ago, after=previous)
            change = services.idea_status_change(
                idea=idea,
                status=status,
                feedback=feedback.format(date=_meeting_day(when, previous)),
                user=moderator,
            )
            # Who asked for feedback was told by e-mail back then; seeding sends nothing.
            IdeaStatusChange.objects.filter(pk=change.pk).update(
                created_at=when, notified_at=when if item["contact"] else None
            )
            Idea.objects.filter(pk=idea.pk).update(status_changed_at=when)
            previous = when
        for thread in item["comments"]:
            parent = _demo_comment(
                idea,
                thread,
                after=published_at[item["key"]],
                participants=participants,
                moderator=moderator,
                clock=clock,
                rng=rng,
            )
            for reply in thread["replies"]:
                _demo_comment(
                    idea,
                    reply,
                    parent=parent,
                    after=parent.created_at,
                    participants=participants,
                    moderator=moderator,
                    clock=clock,
                    rng=rng,
                )
        if item["moderation"] == "rejected":
            services.idea_reject(idea=idea, user=moderator, reason=item["reason"])
            when = clock.at(max(item["days_ago"] - 1, 1), after=idea.created_at)
            Idea.objects.filter(pk=idea.pk).update(
                moderated_at=when, rejection_notified_at=when if item["contact"] else None
            )
        if item["contact"]:
            Idea.objects.filter(pk=idea.pk).update(
                contact_email=f"{item['key']}@beteiligung.example"
            )

    # Merged last: the duplicates' supporters move over, each counted once.
    for item in spec["ideas"]:
        if item["moderation"] == "merged":
            idea = ideas[item["key"]]
            services.idea_merge(idea=idea, into=ideas[item["merged_into"]], user=moderator)
            Idea.objects.filter(pk=idea.pk).update(
                moderated_at=clock.at(max(item["days_ago"] - 2, 1), after=published_at[item["key"]])
            )
    return len(spec["ideas"])


def _demo_comment(idea, item, *, parent=None, after, participants, moderator, clock, rng):
    """A comment through the service; approved unless it is the one left waiting, reported
    by as many other participants as the demo asks."""
    from ideas import services
    from ideas.models import Comment, ModerationState

    author = rng.choice(participants)
    comment = services.comment_add(
        idea=idea, contributor=author, text=item["text"], author_name=item["name"], parent=parent
    )
    moderated_at = None
    if comment.moderation == ModerationState.PENDING and not item["pending"]:
        comment = services.comment_approve(comment=comment, user=moderator)
    comment.created_at = clock.at(item["days_ago"], after=after)
    if comment.moderated_at:
        moderated_at = min(
            comment.created_at + datetime.timedelta(hours=rng.randint(1, 12)), clock.now
        )
    others = [participant for participant in participants if participant != author]
    for reporter in rng.sample(others, item["reports"]):
        services.comment_report(comment=comment, contributor=reporter)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=comment.created_at, moderated_at=moderated_at
    )
    return comment
