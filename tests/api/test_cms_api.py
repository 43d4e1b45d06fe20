"""Districts and news through the API, and what every list shares: paging, ordering, errors."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import (
    DistrictPageFactory,
    NetworkActorFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)

pytestmark = pytest.mark.django_db


def test_district_with_its_network_and_coordination(api, district_a_page):
    NetworkActorFactory(district=district_a_page.district, name="Kinder- und Jugendhaus")

    response = api.get("/api/v1/districts/suedweststadt/")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Südweststadt"
    assert body["coordination"]["name"] == "Miriam Albrecht"
    assert [actor["name"] for actor in body["actors"]] == ["Kinder- und Jugendhaus"]
    assert body["actors"][0]["kind_label"] == "Verein"
    assert body["url"] == "http://localhost/suedweststadt/"
    assert body["open_surveys"].endswith("/api/v1/surveys/?district=suedweststadt&state=open")


def test_districts_without_a_published_page_are_not_listed(api, district_a_page, home_page):
    hidden = DistrictPageFactory(parent=home_page, district__slug="geheim", live=False)

    listed = api.get("/api/v1/districts/")

    assert [d["slug"] for d in listed.json()["results"]] == ["suedweststadt"]
    assert api.get(f"/api/v1/districts/{hidden.district.slug}/").status_code == 404


@pytest.mark.parametrize("count", [2, 8])
def test_district_list_costs_the_same_queries(api, home_page, count, django_assert_num_queries):
    for _number in range(count):
        page = DistrictPageFactory(parent=home_page)
        NetworkActorFactory(district=page.district)
    # count, districts, actors, pages, site root paths
    with django_assert_num_queries(5):
        response = api.get("/api/v1/districts/")
    assert response.json()["count"] == count


def test_news_filtered_by_district_and_city_wide(api, home_page, district_a_page):
    index = NewsIndexPageFactory(parent=home_page)
    city = NewsPageFactory(parent=index, title="Stadtweit")
    local = NewsPageFactory(parent=district_a_page, title="Im Quartier")
    private = NewsPageFactory(parent=district_a_page, title="Intern")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    everything = api.get("/api/v1/news/")
    in_district = api.get("/api/v1/news/?district=suedweststadt")
    city_wide = api.get("/api/v1/news/?city_wide=true")
    detail = api.get(f"/api/v1/news/{local.pk}/")

    assert {n["title"] for n in everything.json()["results"]} == {"Stadtweit", "Im Quartier"}
    assert [n["id"] for n in in_district.json()["results"]] == [local.pk]
    assert [n["id"] for n in city_wide.json()["results"]] == [city.pk]
    assert detail.status_code == 200
    assert detail.json()["district"]["slug"] == "suedweststadt"
    assert "body_html" in detail.json()
    assert api.get(f"/api/v1/news/{private.pk}/").status_code == 404


@pytest.mark.parametrize("count", [3, 15])
def test_news_list_costs_the_same_queries(api, home_page, count, django_assert_num_queries):
    index = NewsIndexPageFactory(parent=home_page)
    for _number in range(count):
        NewsPageFactory(parent=index)
    with django_assert_num_queries(3):  # count, page, site root paths
        response = api.get("/api/v1/news/?page_size=50")
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize(
    "query", ["page_size=0", "page_size=101", "page_size=100000000000", "page_size=zehn"]
)
def test_page_size_out_of_bounds_is_400(api, query):
    response = api.get(f"/api/v1/news/?{query}")

    assert response.status_code == 400
    assert response.json()["errors"]["page_size"] == ["Bitte eine ganze Zahl von 1 bis 100."]


def test_page_beyond_the_last_is_404_with_the_common_body(api, home_page):
    response = api.get("/api/v1/news/?page=99")

    assert response.status_code == 404
    assert set(response.json()) == {"status", "code", "detail"}


def test_ordering_by_an_offered_field_and_refusing_others(api, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="B")
    NewsPageFactory(parent=index, title="A")

    by_title = api.get("/api/v1/news/?ordering=title")
    by_secret = api.get("/api/v1/news/?ordering=owner")

    assert [n["title"] for n in by_title.json()["results"]] == ["A", "B"]
    assert by_secret.status_code == 400
    assert "ordering" in by_secret.json()["errors"]


@pytest.mark.parametrize(
    "payload",
    ["' OR 1=1 --", "<script>alert(1)</script>", "%00", "../../etc/passwd"],
)
def test_hostile_parameters_are_harmless(api, district_a_page, payload):
    listed = api.get("/api/v1/news/", {"district": payload})
    detail = api.get(f"/api/v1/districts/{payload}/")

    assert listed.status_code == 200
    assert listed.json()["results"] == []
    assert detail.status_code == 404


def test_writes_to_read_only_endpoints_are_405(api, district_a_page):
    response = api.post("/api/v1/districts/", {"name": "Neu"}, format="json")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_schema_and_docs_are_served(api):
    schema = api.get("/api/schema/")
    docs = api.get("/api/docs/")

    assert schema.status_code == 200
    assert b"/api/v1/surveys/{id}/responses/" in schema.content
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content  # served from our static files


def test_schema_is_valid_and_generated_without_warnings(tmp_path):
    from django.core.management import call_command

    # --fail-on-warn: an endpoint whose types drf-spectacular has to guess fails here.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


@pytest.mark.parametrize("path", ["/api/v1/news/", "/api/v1/surveys/", "/api/v1/collections/"])
def test_unknown_district_is_an_empty_list_and_a_bad_flag_is_400(api, district_a_page, path):
    unknown = api.get(path, {"district": "atlantis"})
    bad_flag = api.get(path, {"city_wide": "vielleicht"})

    assert unknown.status_code == 200
    assert unknown.json()["results"] == []
    assert bad_flag.status_code == 400
    assert bad_flag.json()["errors"]["city_wide"] == ["Bitte true oder false angeben."]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing/", "/api/v1/surveys/abc/", "/api/v1/districts/a%0Ab/", "/api/v2/"],
)
def test_any_other_api_address_is_a_json_404(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
