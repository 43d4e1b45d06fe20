import pytest

from tests.factories import DistrictPageFactory, IdeaCollectionPageFactory
from tests.factories.ideas import SQUARE_BOUNDARY


@pytest.fixture
def district_page(home_page):
    return DistrictPageFactory(
        parent=home_page,
        district__name="Beiertheim-Bulach",
        district__slug="beiertheim-bulach",
        district__boundary=SQUARE_BOUNDARY,
    )


@pytest.fixture
def collection(district_page):
    """Open, anonymous, published at once (moderation after), everything switched on."""
    return IdeaCollectionPageFactory(
        parent=district_page, title="Was fehlt in Beiertheim-Bulach?", slug="ideen"
    )
