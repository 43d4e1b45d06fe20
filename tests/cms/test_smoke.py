import pytest

from tests.factories import DistrictPageFactory


@pytest.mark.django_db
def test_district_page_renders_title(client, home_page):
    page = DistrictPageFactory(parent=home_page, district__name="Daxlanden", district__slug="dax")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "<h1>Daxlanden</h1>" in response.content.decode()
