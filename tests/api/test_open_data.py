"""Open data: the catalogue (GET /api/v1/open-data/), the CSV and JSON files, and the
"Offene Daten" page. Only what the public pages show leaves, always with its licence."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from cms.models.publication import ResultsVisibility
from ideas.aggregation import collection_results_refresh
from ideas.models import Comment, Idea, IdeaStatus, IdeaStatusChange, ModerationState, Support
from surveys.aggregation import survey_results_refresh
from surveys.demo import demo_responses_create
from surveys.models import Channel
from surveys.questions.base import AnswerValue
from surveys.services import Participant, response_submit
from tests.factories import (
    IdeaCollectionPageFactory,
    IdeaFactory,
    SurveyPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CATALOGUE = "/api/v1/open-data/"
LICENCE = {"id": "dl-de/by-2-0", "url": "https://www.govdata.de/dl-de/by-2-0"}
LICENCE_CELL = "dl-de/by-2-0 (https://www.govdata.de/dl-de/by-2-0)"
CONTACT = "anwohnerin@example.org"
WAITING_TITLE = "Noch nicht freigegebene Idee zum Bolzplatz"
REJECTED_TITLE = "Abgelehnte Idee mit Werbung"
MERGED_TITLE = "Bänke, doppelt eingereicht"
FEEDBACK = "Das Gartenbauamt prüft zwei Standorte."
FREE_TEXT = "Zitronenfalterweg braucht eine Sitzbank"


def results_csv(survey) -> str:
    return f"/api/v1/open-data/surveys/{survey.pk}/results.csv"


def results_json(survey) -> str:
    return f"/api/v1/open-data/surveys/{survey.pk}/results.json"


def ideas_csv(collection) -> str:
    return f"/api/v1/open-data/collections/{collection.pk}/ideas.csv"


def ideas_json(collection) -> str:
    return f"/api/v1/open-data/collections/{collection.pk}/ideas.json"


def publish(page, visibility=ResultsVisibility.LIVE, **fields) -> None:
    page.results_visibility = visibility
    for name, value in fields.items():
        setattr(page, name, value)
    page.save()


def close(page) -> None:
    now = timezone.now()
    page.opens_at = now - datetime.timedelta(days=30)
    page.closes_at = now - datetime.timedelta(days=1)
    page.save()


def computed_survey(visibility=ResultsVisibility.LIVE, **kwargs):
    survey = SurveyPageFactory(results_visibility=visibility, **kwargs)
    survey_results_refresh(survey_id=survey.pk)
    return survey


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "UTF-8 with byte order mark, as every CSV of the site"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def ids(body) -> set[tuple[str, int]]:
    return {(item["kind"], item["id"]) for item in body["results"]}


@pytest.fixture
def collection_a(district_a_page):
    """Ideas are open data where the editors publish the collection's results."""
    return IdeaCollectionPageFactory(
        parent=district_a_page,
        title="Ideen für die Südweststadt",
        results_visibility=ResultsVisibility.LIVE,
    )


@pytest.fixture
def answered(survey_a):
    """92 responses, five of them interviews (hidden at a minimum group size of 10), and a
    free-text answer."""
    demo_responses_create(survey_a, count=90, seed=7)
    for _ in range(2):
        response_submit(
            survey=survey_a,
            participant=Participant(key=None),
            answers=[AnswerValue("wunsch", text=FREE_TEXT)],
            channel=Channel.INTERVIEW,
        )
    publish(survey_a, results_min_group=10)
    survey_results_refresh(survey_id=survey_a.pk)
    return survey_a


@pytest.fixture
def ideas(collection_a):
    """Two published ideas (one with a place, supports, a comment and feedback), one waiting,
    one rejected, one merged; every one with a contact address and an author."""
    author = UserFactory(email="autorin@example.org")
    benches = IdeaFactory(
        collection=collection_a,
        title="Bänke am Kirchplatz",
        location_text="Kirchplatz",
        latitude=Decimal("48.995000"),
        longitude=Decimal("8.390000"),
        contact_email=CONTACT,
        author=author,
        status=IdeaStatus.ACCEPTED,
    )
    IdeaStatusChange.objects.create(idea=benches, status=IdeaStatus.IN_REVIEW, feedback="Erst.")
    IdeaStatusChange.objects.create(idea=benches, status=IdeaStatus.ACCEPTED, feedback=FEEDBACK)
    IdeaFactory(collection=collection_a, title="Mehr Licht im Park", contact_email=CONTACT)
    for title, moderation in (
        (WAITING_TITLE, ModerationState.PENDING),
        (REJECTED_TITLE, ModerationState.REJECTED),
    ):
        IdeaFactory(collection=collection_a, title=title, moderation=moderation)
    IdeaFactory(
        collection=collection_a,
        title=MERGED_TITLE,
        moderation=ModerationState.MERGED,
        merged_into=benches,
    )
    Support.objects.bulk_create(
        [
            Support(idea=benches, collection=collection_a, participant_key=f"browser:{number}")
            for number in range(3)
        ]
    )
    for moderation in (ModerationState.PUBLISHED, ModerationState.PENDING):
        Comment.objects.create(
            idea=benches,
            collection=collection_a,
            text="Gute Idee",
            participant_key="browser:x",
            moderation=moderation,
        )
    collection_results_refresh(collection_id=collection_a.pk)
    return benches


# --- the catalogue -------------------------------------------------------------------------------


def test_catalogue_lists_exactly_the_open_datasets(
    api, home_page, district_a_page, district_b_page, survey_a, survey_b, collection_a
):
    survey_results_refresh(survey_id=survey_a.pk)
    publish(survey_a)  # results public while it runs: open
    survey_results_refresh(survey_id=survey_b.pk)  # internal: not open
    waiting = computed_survey(ResultsVisibility.AFTER_CLOSE, parent=district_b_page)  # not yet
    ended = computed_survey(ResultsVisibility.AFTER_CLOSE, parent=home_page)
    close(ended)  # city-wide and ended: open
    SurveyPageFactory(parent=district_a_page, results_visibility=ResultsVisibility.LIVE)
    unpublished = computed_survey(parent=district_a_page)
    unpublished.unpublish()
    private = computed_survey(parent=district_b_page)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    IdeaFactory(collection=collection_a)  # a published idea, results public: open
    internal = IdeaCollectionPageFactory(parent=district_b_page)  # results internal: not open
    IdeaFactory(collection=internal)
    empty = IdeaCollectionPageFactory(parent=district_b_page, results_visibility="live")
    IdeaFactory(collection=empty, moderation=ModerationState.PENDING)  # nothing published
    hidden = IdeaCollectionPageFactory(parent=district_b_page, results_visibility="live")
    IdeaFactory(collection=hidden)
    hidden.unpublish()
    assert waiting.results_are_public() is False

    response = api.get(CATALOGUE)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert ids(body) == {
        ("results", survey_a.pk),
        ("results", ended.pk),
        ("ideas", collection_a.pk),
    }
    # Each listed dataset's files are there; those of the others are 404.
    for item in body["results"]:
        assert api.get(item["downloads"]["csv"]).status_code == 200
        assert api.get(item["downloads"]["json"]).status_code == 200
    for survey in (survey_b, waiting, unpublished, private):
        assert api.get(results_json(survey)).status_code == 404
    for collection in (internal, empty, hidden):
        assert api.get(ideas_json(collection)).status_code == 404


def test_a_catalogue_entry_describes_its_dataset(api, answered, ideas):
    body = api.get(CATALOGUE, {"ordering": "title"}).json()

    assert body["count"] == 2
    survey, collection = body["results"]
    assert survey["kind"] == "results"
    assert survey["id"] == answered.pk
    assert survey["title"] == answered.title
    assert survey["district"] == {"slug": "suedweststadt", "name": "Südweststadt"}
    assert "weniger als 10 Personen" in survey["description"]
    assert survey["licence"] == LICENCE
    assert survey["publisher"] == "Beteiligung im Quartier Karlsruhe"
    assert survey["source"] == (
        "http://testserver" + answered.url + answered.reverse_subpage("survey_results")
    )
    assert survey["downloads"] == {
        "csv": "http://testserver" + results_csv(answered),
        "json": "http://testserver" + results_json(answered),
    }
    modified = datetime.datetime.fromisoformat(survey["modified"])
    assert modified == answered.result.computed_at
    assert collection["kind"] == "ideas"
    assert collection["downloads"]["csv"] == "http://testserver" + ideas_csv(ideas.collection)
    # The collection's results are internal: its source is the collection page itself.
    assert collection["source"] == "http://testserver" + ideas.collection.url + "ergebnisse/"


def test_catalogue_filters_and_ordering(api, district_b_page, answered, ideas):
    other = computed_survey(parent=district_b_page, title="Älter werden in der Oststadt")

    def titles(**params):
        response = api.get(CATALOGUE, params)
        assert response.status_code == 200, response.json()
        return [item["title"] for item in response.json()["results"]]

    assert titles(district="oststadt") == [other.title]
    assert set(titles(district="suedweststadt")) == {answered.title, ideas.collection.title}
    assert titles(district="gibt-es-nicht") == []
    assert titles(kind="ideas") == [ideas.collection.title]
    assert titles(ordering="title") == sorted(titles(ordering="title"))
    assert titles(ordering="-title") == list(reversed(titles(ordering="title")))
    assert titles(ordering="-modified")[0] == other.title  # computed last


@pytest.mark.parametrize(
    "params", [{"ordering": "district"}, {"kind": "antworten"}, {"page_size": "500"}]
)
def test_catalogue_refuses_unknown_parameters(api, params):
    response = api.get(CATALOGUE, params)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["errors"]) == set(params)


@pytest.mark.parametrize("datasets", [2, 6])
def test_catalogue_reads_in_a_fixed_number_of_queries(
    api, home_page, district_a_page, datasets, django_assert_num_queries
):
    for number in range(datasets // 2):
        survey = computed_survey(parent=district_a_page if number % 2 else home_page)
        publish(survey)
        collection = IdeaCollectionPageFactory(
            parent=district_a_page, results_visibility=ResultsVisibility.LIVE
        )
        IdeaFactory(collection=collection)
    api.get(CATALOGUE)  # the site's root paths are cached after the first page URL

    # View restrictions, count, page, the request's site, the portal settings (publisher).
    with django_assert_num_queries(5):
        response = api.get(CATALOGUE)

    assert response.json()["count"] == datasets


# --- survey results files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "closed", "status"),
    [
        (ResultsVisibility.INTERNAL, False, 404),
        (ResultsVisibility.INTERNAL, True, 404),
        (ResultsVisibility.AFTER_CLOSE, False, 404),
        (ResultsVisibility.AFTER_CLOSE, True, 200),
        (ResultsVisibility.LIVE, False, 200),
    ],
)
def test_survey_files_exist_exactly_where_the_results_are_public(
    api, survey_a, visibility, closed, status
):
    survey_results_refresh(survey_id=survey_a.pk)
    publish(survey_a, visibility)
    if closed:
        close(survey_a)

    for url in (results_csv(survey_a), results_json(survey_a)):
        response = api.get(url)
        assert response.status_code == status
        assert response["Access-Control-Allow-Origin"] == "*"
        if status == 404:
            assert response["Content-Type"] == "application/json"
            assert response.json()["code"] == "not_found"


def test_no_survey_file_before_the_results_are_computed_or_when_unpublished(api, survey_a):
    publish(survey_a)
    assert api.get(results_csv(survey_a)).status_code == 404

    survey_results_refresh(survey_id=survey_a.pk)
    assert api.get(results_csv(survey_a)).status_code == 200

    survey_a.unpublish()
    assert api.get(results_csv(survey_a)).status_code == 404
    assert api.get(results_json(survey_a)).status_code == 404


def test_survey_results_json_is_the_public_results_with_its_licence(api, answered):
    response = api.get(results_json(answered))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="ergebnisse-{answered.slug}-'
        f'{timezone.localtime(answered.result.computed_at):%Y-%m-%d}.json"'
    )
    body = response.json()
    published = api.get(f"/api/v1/surveys/{answered.pk}/results/").json()
    assert body["licence"] == LICENCE
    assert body["publisher"] == "Beteiligung im Quartier Karlsruhe"
    assert body["title"] == answered.title
    assert body["source"] == published["url"]
    assert datetime.datetime.fromisoformat(body["modified"]) == answered.result.computed_at
    for key in ("survey", "questions", "responses", "min_group", "computed_at"):
        assert body[key] == published[key]
    channels = {item["key"]: item["count"] for item in body["survey"]["by_channel"]}
    assert channels["interview"] is None  # five interviews, fewer than 10
    assert FREE_TEXT not in response.content.decode()


def test_survey_results_csv_hides_small_groups_and_carries_the_licence_in_every_row(api, answered):
    response = api.get(results_csv(answered), HTTP_ACCEPT="text/csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="ergebnisse-{answered.slug}-'
    )
    header, *rows = csv_rows(response)
    assert header[:9] == [
        "Frage-Schlüssel",
        "Frage",
        "Zeile",
        "Gruppierung",
        "Gruppe",
        "Antwort",
        "Anzahl",
        "Anteil in %",
        "Hinweis",
    ]
    assert header[9:] == ["Lizenz", "Quelle"]
    assert rows
    source = "http://testserver" + answered.url + answered.reverse_subpage("survey_results")
    for row in rows:
        assert row[9] == LICENCE_CELL
        assert row[10] == f"Beteiligung im Quartier Karlsruhe, {source}"
    interview = next(row for row in rows if row[1] == "Teilnahme" and row[5] == "Interview")
    assert interview[6] == ""
    assert "ausgeblendet: weniger als 10 Personen" in interview[8]
    counts = [int(row[6]) for row in rows if row[6]]
    assert all(count == 0 or count >= 10 for count in counts), sorted(set(counts))
    assert FREE_TEXT not in "\n".join(";".join(row) for row in rows)


def test_licence_and_publisher_come_from_settings(api, settings, answered, ideas):
    settings.OPEN_DATA_LICENSE = "cc-by-4.0"
    settings.OPEN_DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
    settings.OPEN_DATA_PUBLISHER = "Stadt Karlsruhe, Sozial- und Jugendbehörde"
    licence = {"id": "cc-by-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    cell = "cc-by-4.0 (https://creativecommons.org/licenses/by/4.0/)"

    catalogue = api.get(CATALOGUE).json()["results"]
    survey_file = api.get(results_json(answered)).json()
    ideas_file = api.get(ideas_json(ideas.collection)).json()

    assert {item["licence"]["id"] for item in catalogue} == {"cc-by-4.0"}
    assert survey_file["licence"] == ideas_file["licence"] == licence
    assert survey_file["publisher"] == "Stadt Karlsruhe, Sozial- und Jugendbehörde"
    for url in (results_csv(answered), ideas_csv(ideas.collection)):
        _header, *rows = csv_rows(api.get(url))
        assert {row[-2] for row in rows} == {cell}
        assert all(
            row[-1].startswith("Stadt Karlsruhe, Sozial- und Jugendbehörde, ") for row in rows
        )


# --- idea files ----------------------------------------------------------------------------------


def test_ideas_json_holds_published_ideas_only_without_contact_or_author(api, ideas):
    collection = ideas.collection

    response = api.get(ideas_json(collection))

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert re.fullmatch(
        rf'attachment; filename="ideen-{collection.slug}-\d{{4}}-\d\d-\d\d\.json"',
        response["Content-Disposition"],
    )
    body = response.json()
    assert body["licence"] == LICENCE
    assert body["source"] == "http://testserver" + collection.url + "ergebnisse/"
    assert [idea["title"] for idea in body["ideas"]] == [
        "Bänke am Kirchplatz",
        "Mehr Licht im Park",
    ]
    benches = body["ideas"][0]
    assert benches == {
        "id": ideas.pk,
        "title": "Bänke am Kirchplatz",
        "description": ideas.description,
        "category": "Begegnung",
        "status": "accepted",
        "status_label": "angenommen",
        "feedback": FEEDBACK,
        "feedback_date": timezone.localdate().isoformat(),
        "supports": 3,
        "comments": 1,
        "location_text": "Kirchplatz",
        "latitude": 48.995,
        "longitude": 8.39,
        "created": timezone.localdate().isoformat(),
        "url": "http://testserver" + collection.idea_url(ideas),
    }
    assert body["ideas"][1]["latitude"] is None
    assert body["ideas"][1]["feedback"] == ""
    content = response.content.decode()
    for secret in (CONTACT, "autorin@example.org", WAITING_TITLE, REJECTED_TITLE, MERGED_TITLE):
        assert secret not in content


def test_ideas_csv_has_a_row_per_published_idea_with_the_licence(api, ideas):
    response = api.get(ideas_csv(ideas.collection))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header == [
        "Nr.",
        "Titel",
        "Beschreibung",
        "Themenfeld",
        "Stand",
        "Rückmeldung",
        "Rückmeldung vom",
        "Unterstützungen",
        "Kommentare (veröffentlicht)",
        "Ort",
        "Breitengrad",
        "Längengrad",
        "eingereicht am",
        "Link",
        "Lizenz",
        "Quelle",
    ]
    assert [row[1] for row in rows] == ["Bänke am Kirchplatz", "Mehr Licht im Park"]
    benches = dict(zip(header, rows[0], strict=True))
    assert benches["Stand"] == "angenommen"
    assert benches["Rückmeldung"] == FEEDBACK
    assert benches["Unterstützungen"] == "3"
    assert benches["Breitengrad"] == "48,995"  # the German spreadsheet dialect
    assert benches["Lizenz"] == LICENCE_CELL
    assert all(row[-2] == LICENCE_CELL for row in rows)
    content = "\n".join(";".join(row) for row in rows)
    for secret in (CONTACT, "autorin@example.org", WAITING_TITLE, REJECTED_TITLE, MERGED_TITLE):
        assert secret not in content


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [(ResultsVisibility.INTERNAL, 404), (ResultsVisibility.AFTER_CLOSE, 404), ("live", 200)],
)
def test_ideas_are_open_data_when_the_editors_publish_the_results(api, ideas, visibility, expected):
    """The ideas are on the page one by one anyway; an open licence for residents' texts is
    the same editors' decision that publishes the collection's results."""
    publish(ideas.collection, visibility)

    assert api.get(ideas_csv(ideas.collection)).status_code == expected
    assert api.get(ideas_json(ideas.collection)).status_code == expected


def test_no_idea_file_without_published_ideas_or_when_unpublished(api, collection_a, ideas):
    Idea.objects.filter(moderation=ModerationState.PUBLISHED).update(
        moderation=ModerationState.PENDING
    )
    response = api.get(ideas_csv(collection_a), HTTP_ACCEPT="text/csv")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "keine veröffentlichten Ideen" in response.json()["detail"]

    IdeaFactory(collection=collection_a)
    assert api.get(ideas_csv(collection_a)).status_code == 200
    collection_a.unpublish()
    assert api.get(ideas_json(collection_a)).status_code == 404
    assert api.get("/api/v1/open-data/collections/999999/ideas.json").status_code == 404


def test_files_only_read(api, ideas):
    assert api.post(ideas_json(ideas.collection), {}, format="json").status_code == 405
    assert api.post(ideas_csv(ideas.collection), {}, format="json").status_code == 405


# --- the "Offene Daten" page ---------------------------------------------------------------------


def test_open_data_page_lists_the_datasets_by_district_with_their_files(
    client, api, home_page, district_b_page, answered, ideas
):
    city_wide = computed_survey(parent=home_page, title="Wohnen in der ganzen Stadt")
    other = computed_survey(parent=district_b_page, title="Älter werden in der Oststadt")

    response = client.get("/offene-daten/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == ["Offene Daten"]
    assert soup.title.get_text().startswith("Offene Daten · ")
    main = soup.main
    text = main.get_text(" ", strip=True)
    assert "Zahlen kleiner Gruppen sind ausgeblendet" in text
    licence = main.find("a", string="Datenlizenz Deutschland – Namensnennung – Version 2.0")
    assert licence["href"] == LICENCE["url"]
    assert main.find("a", href=reverse("api-docs"))
    assert [h2.get_text(strip=True) for h2 in main.find_all("h2")] == [
        "Stadtweit",
        "Oststadt",
        "Südweststadt",
    ]
    link = main.find("a", string=f"CSV: Ergebnisse ‚{answered.title}‘")
    assert link["href"] == "http://testserver" + results_csv(answered)
    link = main.find("a", string=f"JSON: Ergebnisse ‚{answered.title}‘")
    assert link["href"] == "http://testserver" + results_json(answered)
    link = main.find("a", string=f"Ergebnisseite ‚{answered.title}‘")
    assert link["href"].endswith(answered.url + answered.reverse_subpage("survey_results"))
    assert main.find("a", string=f"CSV: Ideen ‚{ideas.collection.title}‘")
    # The page and the catalogue list the same datasets: the same selector decides.
    page_files = {link["href"] for link in main.select("a[type='text/csv']")}
    catalogue = api.get(CATALOGUE).json()["results"]
    assert page_files == {item["downloads"]["csv"] for item in catalogue}
    assert len(page_files) == 4
    assert city_wide.title in main.find_all("section")[0].get_text()
    assert other.title in main.find_all("section")[1].get_text()


def test_open_data_page_says_when_there_is_nothing_yet(client, home_page):
    response = client.get("/offene-daten/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Zurzeit sind noch keine Daten veröffentlicht." in soup.main.get_text(" ", strip=True)
    assert not soup.main.find("section")


def test_open_data_page_in_english_and_in_the_footer(client, home_page):
    german_home = client.get("/")
    # The request activates English in this thread; later tests must not inherit it.
    with translation.override("de"):
        english = client.get("/en/offene-daten/")

    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    footer = BeautifulSoup(german_home.content, "html.parser").find("footer")
    assert footer.find("a", string="Offene Daten")["href"] == "/offene-daten/"
    assert client.post("/offene-daten/").status_code == 405
