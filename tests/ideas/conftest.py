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


@pytest.fixture
def tasks_in_process(settings):
    """Run Celery tasks in the test's process, also when REDIS_URL points at a broker: these
    tests read the e-mail a task sends. A real worker is tested in tests/beteiligung."""
    from beteiligung.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = previous
