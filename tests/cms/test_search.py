import re

import pytest

from tests.factories import DistrictPageFactory, NewsIndexPageFactory, NewsPageFactory


@pytest.fixture
def pages(home_page):
    news_index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(
        parent=news_index,
        title="Stadtlabor vor Ort",
        teaser="Werkstatt zur inklusiven Quartiersentwicklung im Bürgersaal.",
    )
    NewsPageFactory(parent=news_index, title="Repair-Café", teaser="Reparieren statt wegwerfen.")
    draft = NewsPageFactory(parent=news_index, title="Geheimer Stadtlabor-Entwurf", live=False)
    DistrictPageFactory(parent=home_page, district__name="Daxlanden", district__slug="daxlanden")
    return draft


@pytest.mark.django_db
def test_search_finds_live_pages_and_never_drafts(client, pages):
    html = client.get("/suche/", {"q": "Stadtlabor"}).content.decode()
    assert "Stadtlabor vor Ort" in html
    assert "Geheimer Stadtlabor-Entwurf" not in html
    assert "Repair-Café" not in html
    assert "1 Ergebnis für „Stadtlabor“" in html


@pytest.mark.django_db
def test_search_without_results_says_what_to_try(client, pages):
    html = client.get("/suche/", {"q": "Schwimmbad"}).content.decode()
    assert "0 Ergebnisse" in html
    assert "Versuchen Sie ein anderes" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "   ", "%' OR 1=1 --", "<script>alert(1)</script>", "x" * 5000]
)
def test_odd_queries_answer_calmly(client, pages, query):
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.postgres
def test_german_stemming_on_postgresql(client, pages):
    """'Quartiersentwicklungen' and 'Werkstätten'-style inflections find the base words."""
    html = client.get("/suche/", {"q": "Werkstatt Quartiersentwicklung"}).content.decode()
    assert "Stadtlabor vor Ort" in html
    html = client.get("/suche/", {"q": "Bürgersaals"}).content.decode()
    assert "Stadtlabor vor Ort" in html


@pytest.mark.django_db
def test_search_fetches_one_page_of_results_not_all(client, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index = NewsIndexPageFactory(parent=home_page, slug="archiv")
    for _ in range(25):
        NewsPageFactory(parent=index, title="Stadtteilfest im Quartier", teaser="Feiern.")

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/suche/", {"q": "Stadtteilfest", "seite": "2"}).content.decode()

    assert "25 Ergebnisse" in html
    assert html.count('class="search-results__title"') == 10
    # No query loads more than one page of pages.
    # Pages are fetched for the shown page of results only: at most 10 ids per batch.
    batches = [
        len(match.group(1).split(","))
        for q in queries.captured_queries
        for match in re.finditer(r'"page_ptr_id" IN \(([^)]*)\)', q["sql"])
    ]
    assert batches and max(batches) <= 10, batches
