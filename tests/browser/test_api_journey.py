"""What a developer outside the project does with the API, against the live server: read the
interactive documentation in Chromium, find a district's open surveys, answer one, submit an
idea, and download the published results as open data."""

import csv
import io

import pytest

from tests.browser.checks import publish_survey_results

pytestmark = pytest.mark.browser

DISTRICT = "beiertheim-bulach"


def test_docs_render_every_group_of_endpoints(page):
    page.goto("/api/docs/")

    page.get_by_text("Answer a survey").first.wait_for(timeout=15_000)
    for tag in ("Districts", "News", "Surveys", "Idea collections", "Open data"):
        assert page.get_by_role("heading", name=tag).first.is_visible()
    # Swagger UI comes from our own static files: nothing is fetched from another host.
    hosts = page.evaluate(
        "[...new Set(performance.getEntriesByType('resource').map(e => new URL(e.name).host))]"
    )
    assert hosts == [page.url.split("/")[2]]


def test_district_surveys_answer_idea_and_open_data(page, demo_city):
    publish_survey_results()
    api = page.request

    district = api.get(f"/api/v1/districts/{DISTRICT}/").json()
    surveys = api.get(district["open_surveys"]).json()["results"]
    assert [s["title"] for s in surveys] == ["Gut leben und älter werden in Beiertheim-Bulach"]

    survey = api.get(f"/api/v1/surveys/{surveys[0]['id']}/").json()
    required = [
        field
        for step in survey["steps"]
        for item in step["items"]
        if not item.get("condition")
        for field in item.get("fields", [])
        if field["required"]
    ]
    answers = {field["name"]: field["choices"][0]["key"] for field in required}
    answers.update(
        {
            name: str(rank)
            for rank, name in enumerate(sorted(a for a in answers if "angebote__" in a), 1)
        }
    )
    answered = api.post(survey["responses_endpoint"], data={"answers": answers})
    assert answered.status == 201, answered.text()
    again = api.post(
        survey["responses_endpoint"],
        data={"answers": answers},
        headers={"X-Participant-Id": answered.json()["participant_id"]},
    )
    assert again.status == 409

    collections = api.get(district["idea_collections"]).json()["results"]
    collection = collections[0]
    idea = api.post(
        f"/api/v1/collections/{collection['id']}/ideas/",
        data={
            "title": "Trinkbrunnen am Bulacher Kreuz",
            "description": "Im Sommer fehlt auf dem Weg zum Markt Wasser für alle.",
            "category": collection["categories"][0]["id"],
        },
    )
    assert idea.status == 201, idea.text()

    catalogue = api.get(f"/api/v1/open-data/?district={DISTRICT}").json()["results"]
    results = next(d for d in catalogue if d["kind"] == "results")
    download = api.get(results["downloads"]["csv"])
    assert download.status == 200
    # The German spreadsheet dialect; every row names the licence.
    rows = list(csv.DictReader(io.StringIO(download.text().lstrip("\ufeff")), delimiter=";"))
    assert rows
    assert all(row["Lizenz"].startswith("dl-de/by-2-0") for row in rows)
