"""GET /api/v1/surveys/{id}/results/ and /api/v1/collections/{id}/results/: the published
results exactly as the public results pages show them, 404 wherever those pages are 404, and
never a count that the public page hides."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models.publication import ResultsVisibility
from ideas.aggregation import collection_results_refresh
from ideas.models import Comment, IdeaStatus, ModerationState, Support
from surveys.aggregation import survey_results_refresh
from surveys.demo import demo_responses_create
from surveys.models import Channel
from surveys.questions.base import AnswerValue
from surveys.selectors import survey_results_get
from surveys.services import Participant, response_submit
from tests.api.conftest import client_for
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db

FREE_TEXT = "Zitronenfalterweg braucht eine Sitzbank"
OTHER_TEXT = "Kopfsteinpflaster am Marktplatz"
OUTCOME = "Das Netzwerk richtet ab März einen Mittagstisch im Gemeindehaus ein."
WAITING_TITLE = "Noch nicht freigegebene Idee zum Bolzplatz"
REJECTED_TITLE = "Abgelehnte Idee mit Werbung"


def survey_api(survey) -> str:
    return f"/api/v1/surveys/{survey.pk}/results/"


def collection_api(collection) -> str:
    return f"/api/v1/collections/{collection.pk}/results/"


def results_page(page, route: str) -> str:
    return page.url + page.reverse_subpage(route)


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


@pytest.fixture
def answered(survey_a):
    """90 generated responses (3 interviews), two more interviews with a "Sonstiges" text and
    a free text: 5 interviews, hidden once the minimum group size is 10."""
    demo_responses_create(survey_a, count=90, seed=7)
    for _ in range(2):
        response_submit(
            survey=survey_a,
            participant=Participant(key=None),
            answers=[
                AnswerValue("einkauf-zu-fuss", choice_key="nein"),
                AnswerValue("einkauf-hindernisse", choice_key="sonstiges", text=OTHER_TEXT),
                AnswerValue("wunsch", text=FREE_TEXT),
            ],
            channel=Channel.INTERVIEW,
        )
    survey_results_refresh(survey_id=survey_a.pk)
    return survey_a


@pytest.fixture
def contributions(collection_a):
    """Three published ideas (seven supports on the first, one accepted), one waiting, one
    rejected, one merged into the first; a published and a hidden comment."""
    benches = IdeaFactory(collection=collection_a, title="Bänke am Kirchplatz")
    IdeaFactory(collection=collection_a, title="Trinkbrunnen", status=IdeaStatus.ACCEPTED)
    IdeaFactory(collection=collection_a, title="Mehr Licht im Park")
    IdeaFactory(collection=collection_a, title=WAITING_TITLE, moderation=ModerationState.PENDING)
    IdeaFactory(collection=collection_a, title=REJECTED_TITLE, moderation=ModerationState.REJECTED)
    IdeaFactory(
        collection=collection_a,
        title="Bänke, doppelt",
        moderation=ModerationState.MERGED,
        merged_into=benches,
    )
    Support.objects.bulk_create(
        [
            Support(idea=benches, collection=collection_a, participant_key=f"browser:{number}")
            for number in range(7)
        ]
    )
    for moderation in (ModerationState.PUBLISHED, ModerationState.HIDDEN):
        Comment.objects.create(
            idea=benches,
            collection=collection_a,
            text="Gute Idee",
            participant_key="browser:x",
            moderation=moderation,
        )
    collection_results_refresh(collection_id=collection_a.pk)
    return benches


def _counts(value, found=None) -> list[int]:
    """Every number of people in a figures tree: counts, totals, group sizes, first places."""
    found = [] if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            if key in {"count", "answered", "responses", "first", "total", "n"} and isinstance(
                item, int
            ):
                found.append(item)
            elif key in {"counts", "column_totals"}:
                found += [count for count in item if isinstance(count, int)]
            else:
                _counts(item, found)
    elif isinstance(value, list):
        for item in value:
            _counts(item, found)
    return found


# --- surveys --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "closed", "status"),
    [
        (ResultsVisibility.INTERNAL, False, 404),
        (ResultsVisibility.INTERNAL, True, 404),
        (ResultsVisibility.AFTER_CLOSE, False, 404),
        (ResultsVisibility.AFTER_CLOSE, True, 200),
        (ResultsVisibility.LIVE, False, 200),
        (ResultsVisibility.LIVE, True, 200),
    ],
)
def test_survey_results_exist_exactly_where_the_public_page_does(
    api, client, survey_a, visibility, closed, status
):
    survey_results_refresh(survey_id=survey_a.pk)
    publish(survey_a, visibility)
    if closed:
        close(survey_a)

    response = api.get(survey_api(survey_a))

    assert response.status_code == status
    assert client.get(results_page(survey_a, "survey_results")).status_code == status
    if status == 404:
        assert response.json() == {
            "status": 404,
            "code": "not_found",
            "detail": "Die Ergebnisse dieser Befragung sind nicht öffentlich.",
        }


@pytest.mark.parametrize("who", ["anonymous", "resident", "member_a", "member_b", "editor"])
def test_a_key_gives_no_preview_of_internal_results(request, survey_a, who):
    survey_results_refresh(survey_id=survey_a.pk)
    publish(survey_a, ResultsVisibility.INTERNAL)
    user = None if who == "anonymous" else request.getfixturevalue(who)

    assert client_for(user).get(survey_api(survey_a)).status_code == 404

    publish(survey_a, ResultsVisibility.LIVE)
    assert client_for(user).get(survey_api(survey_a)).status_code == 200


def test_an_unpublished_or_private_survey_has_no_results(api, survey_a, survey_b):
    for survey in (survey_a, survey_b):
        survey_results_refresh(survey_id=survey.pk)
        publish(survey)
    survey_a.unpublish()
    PageViewRestriction.objects.create(
        page=survey_b, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    for survey in (survey_a, survey_b):
        response = api.get(survey_api(survey))
        assert response.status_code == 404
        assert response.json()["detail"] == (
            "Diese Befragung gibt es nicht oder sie ist nicht veröffentlicht."
        )
    assert api.get("/api/v1/surveys/999999/results/").status_code == 404


def test_results_not_computed_yet_are_404_with_a_reason(api, survey_a):
    publish(survey_a)

    response = api.get(survey_api(survey_a))

    assert response.status_code == 404
    assert response.json()["detail"] == "Die Ergebnisse dieser Befragung werden noch berechnet."


def test_survey_results_are_the_public_pages_figures(api, client, answered):
    publish(answered, results_outcome=f"<p>{OUTCOME}</p>", results_min_group=10)
    survey_results_refresh(survey_id=answered.pk)

    body = api.get(survey_api(answered)).json()
    page = client.get(results_page(answered, "survey_results")).context["results"]

    assert body["survey"] == page.survey_figures
    assert body["questions"] == page.questions
    assert body["responses"] == page.responses == 92
    assert body["min_group"] == 10
    assert body["dirty"] is False
    assert body["state"] == "open"
    assert OUTCOME in body["outcome_html"]
    assert body["district"] == {"slug": "suedweststadt", "name": "Südweststadt"}
    assert body["url"] == "http://testserver" + results_page(answered, "survey_results")
    computed = answered.result.computed_at
    assert datetime.datetime.fromisoformat(body["computed_at"]) == computed


def test_survey_results_never_show_a_count_the_public_page_hides(api, answered):
    publish(answered, results_min_group=10)
    survey_results_refresh(survey_id=answered.pk)
    network = survey_results_get(survey=answered, public=False)

    response = api.get(survey_api(answered))
    body = response.json()

    # The network sees the five interviews; the API shows the hidden count as null.
    network_channels = {item["key"]: item["count"] for item in network.survey_figures["by_channel"]}
    channels = {item["key"]: item["count"] for item in body["survey"]["by_channel"]}
    assert network_channels["interview"] == 5
    assert channels["interview"] is None
    counts = _counts(body["survey"]) + _counts(body["questions"])
    assert counts, "the answer has figures"
    assert all(count == 0 or count >= 10 for count in counts), sorted(set(counts))
    # Free text, "Sonstiges" texts and what only the network sees never leave.
    content = response.content.decode()
    assert FREE_TEXT not in content
    assert OTHER_TEXT not in content
    assert "zitronenfalterweg" not in content.lower()
    assert '"started"' not in content


def test_fewer_responses_than_k_show_nothing_but_that_fact(api, survey_a):
    publish(survey_a)
    for _ in range(3):
        response_submit(
            survey=survey_a,
            participant=Participant(key=None),
            answers=[AnswerValue("einkauf-zu-fuss", choice_key="ja")],
            channel=Channel.PAPER,
        )
    survey_results_refresh(survey_id=survey_a.pk)

    body = api.get(survey_api(survey_a)).json()

    assert body["responses"] is None
    assert body["survey"]["suppressed"] is True
    assert body["survey"]["by_channel"] == []
    assert all(question["suppressed"] for question in body["questions"])
    assert _counts(body["questions"]) == []


def test_results_only_read(api, answered):
    publish(answered)

    assert api.post(survey_api(answered), {}, format="json").status_code == 405
    assert api.head(survey_api(answered)).status_code == 200


# --- idea collections -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "closed", "status"),
    [
        (ResultsVisibility.INTERNAL, False, 404),
        (ResultsVisibility.INTERNAL, True, 404),
        (ResultsVisibility.AFTER_CLOSE, False, 404),
        (ResultsVisibility.AFTER_CLOSE, True, 200),
        (ResultsVisibility.LIVE, False, 200),
        (ResultsVisibility.LIVE, True, 200),
    ],
)
def test_collection_results_exist_exactly_where_the_public_page_does(
    api, client, collection_a, visibility, closed, status
):
    collection_results_refresh(collection_id=collection_a.pk)
    publish(collection_a, visibility)
    if closed:
        close(collection_a)

    response = api.get(collection_api(collection_a))

    assert response.status_code == status
    assert client.get(results_page(collection_a, "collection_results")).status_code == status
    if status == 404:
        assert response.json()["detail"] == (
            "Die Ergebnisse dieser Ideensammlung sind nicht öffentlich."
        )


def test_an_unpublished_collection_or_one_not_computed_is_404(api, collection_a, collection_b):
    publish(collection_a)
    publish(collection_b)
    collection_results_refresh(collection_id=collection_b.pk)
    collection_b.unpublish()

    not_computed = api.get(collection_api(collection_a))
    unpublished = api.get(collection_api(collection_b))

    assert not_computed.status_code == 404
    assert not_computed.json()["detail"] == (
        "Die Ergebnisse dieser Ideensammlung werden noch berechnet."
    )
    assert unpublished.status_code == 404
    assert unpublished.json()["detail"] == (
        "Diese Ideensammlung gibt es nicht oder sie ist nicht veröffentlicht."
    )


def test_collection_results_are_the_public_pages_figures(api, client, contributions):
    collection = contributions.collection
    publish(collection, results_outcome=f"<p>{OUTCOME}</p>")

    response = api.get(collection_api(collection))
    body = response.json()
    page = client.get(results_page(collection, "collection_results")).context["figures"]

    top = body["figures"].pop("top_ideas")
    page_top = page.pop("top_ideas")
    assert body["figures"] == page
    assert [idea["id"] for idea in top] == [idea["id"] for idea in page_top]
    assert top[0]["url"] == "http://testserver" + collection.idea_url(contributions)
    assert top[0]["supports"] == 7
    assert body["ideas"] == body["figures"]["ideas"] == 3
    assert body["figures"]["comments"] == 1
    assert OUTCOME in body["outcome_html"]
    assert body["question"] == collection.question
    # Waiting, rejected and merged ideas and the number of contributors stay internal.
    content = response.content.decode()
    assert WAITING_TITLE not in content
    assert REJECTED_TITLE not in content
    assert "Bänke, doppelt" not in content
    for internal in ('"waiting"', '"rejected"', '"merged"', '"contributors"'):
        assert internal not in content
