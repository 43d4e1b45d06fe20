"""What residents see on the portal's pages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.models import NetworkActor
from tests.factories import (
    DistrictPageFactory,
    NetworkActorFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def daxlanden(home_page):
    return DistrictPageFactory(
        parent=home_page, district__name="Daxlanden", district__slug="daxlanden"
    )


@pytest.mark.django_db
def test_home_page_lists_districts_and_latest_news(client, home_page, news_index, daxlanden):
    NewsPageFactory(parent=news_index, title="Stadtlabor im Bürgersaal")
    html = client.get("/").content.decode()
    assert '<html lang="de">' in html
    assert "Daxlanden" in html
    assert "Stadtlabor im Bürgersaal" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_district_page_shows_coordination_actors_and_only_its_news(
    client, home_page, news_index, daxlanden
):
    NetworkActorFactory(
        district=daxlanden.district,
        name="Bürgerverein Daxlanden e. V.",
        kind=NetworkActor.Kind.ASSOCIATION,
        phone="0721 000 1110",
    )
    NewsPageFactory(parent=daxlanden, title="Mittagstisch am Mittwoch")
    other = DistrictPageFactory(parent=home_page, district__name="Oststadt", district__slug="ost")
    NewsPageFactory(parent=other, title="Repair-Café im Bürgerzentrum")

    html = client.get(daxlanden.url).content.decode()

    assert "Stadtteilkoordination" in html
    assert "Miriam Albrecht" in html
    assert "Bürgerverein Daxlanden e. V." in html
    assert 'href="tel:07210001110"' in html
    assert "Mittagstisch am Mittwoch" in html
    assert "Repair-Café im Bürgerzentrum" not in html


@pytest.mark.django_db
def test_news_under_a_district_page_belongs_to_that_district(news_index, daxlanden):
    news = NewsPageFactory(parent=daxlanden)
    city_wide = NewsPageFactory(parent=news_index)
    assert news.district == daxlanden.district
    assert city_wide.district is None


@pytest.mark.django_db
def test_news_index_filters_by_district_and_paginates(client, news_index, daxlanden):
    for _ in range(12):
        NewsPageFactory(parent=daxlanden)
    NewsPageFactory(parent=news_index, title="Landesfachtag Quartiersentwicklung")

    first = client.get(news_index.url).content.decode()
    second = client.get(news_index.url + "?seite=2").content.decode()
    filtered = client.get(news_index.url + "?stadtteil=daxlanden").content.decode()
    unknown = client.get(news_index.url + "?stadtteil=gibt-es-nicht&seite=999")

    assert "13 Neuigkeiten" in first
    assert first.count('class="card news-card"') == 10
    assert second.count('class="card news-card"') == 3
    assert "Landesfachtag Quartiersentwicklung" not in filtered
    assert "12 Neuigkeiten" in filtered
    assert 'href="?stadtteil=daxlanden&amp;seite=2"' in filtered
    assert unknown.status_code == 200  # an unknown filter shows everything, never an error


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/neuigkeiten/", "/daxlanden/"])
def test_list_pages_cost_the_same_queries_for_few_and_many_news(
    client, news_index, daxlanden, path
):
    image = get_image_model().objects.create(title="Werkstatt", file=get_test_image_file())

    def count_queries() -> int:
        client.get(path)  # warm caches (site root paths, renditions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    for parent in (news_index, daxlanden):
        NewsPageFactory(parent=parent, image=image, image_alt="Menschen am Tisch")
    few = count_queries()
    for _ in range(9):
        for parent in (news_index, daxlanden):
            NewsPageFactory(parent=parent, image=image, image_alt="Menschen am Tisch")
    many = count_queries()

    assert many == few


@pytest.mark.django_db
def test_news_image_needs_alt_text(news_index):
    image = get_image_model().objects.create(title="Foto", file=get_test_image_file())
    news = NewsPageFactory.build(image=image, image_alt="")
    with pytest.raises(ValidationError) as error:
        news.clean()
    assert "image_alt" in error.value.message_dict


@pytest.mark.django_db
def test_unknown_page_is_a_german_404_with_a_way_on(client, home_page):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert 'href="/suche/"' in html


@pytest.mark.django_db
def test_english_interface_keeps_german_content_marked(client, daxlanden):
    html = client.get("/en/daxlanden/").content.decode()
    assert '<html lang="en">' in html
    assert 'lang="de"' in html
    assert 'href="/daxlanden/"' in html  # the switch back to German
