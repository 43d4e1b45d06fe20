"""The Redis cache while Redis is unreachable (beteiligung.cache): pages still render and
survey answers are still taken. `make chaos` found every page with a link answering 500
during a Redis outage, because Wagtail reads its site root paths from the cache."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from beteiligung import ratelimit
from beteiligung.chaos.survey import MARKER_QUESTION, QUESTIONS, answers_for
from ideas.models import Idea
from surveys.models import Answer, Response
from tests.factories import DistrictPageFactory, IdeaCollectionPageFactory, SurveyPageFactory

# Port 1: nothing listens, every Redis call fails at once.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "beteiligung.cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.fixture
def redis_unreachable(settings):
    settings.CACHES = UNREACHABLE_REDIS
    ratelimit._process_counts.clear()  # what an earlier test in this minute counted


def test_reads_miss_and_stores_are_dropped(redis_unreachable):
    cache.set("key", "value")
    cache.set_many({"a": 1, "b": 2})

    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert not cache.has_key("key")


@pytest.mark.parametrize(
    "operation",
    [
        lambda: cache.add("lock", 1),
        lambda: cache.incr("counter"),
        lambda: cache.delete("key"),
    ],
    ids=["add", "incr", "delete"],
)
def test_counters_locks_and_invalidations_still_raise(redis_unreachable, operation):
    # Their callers choose the fallback: a silent False from add() would look like a lock
    # held by someone else, for ever.
    with pytest.raises(RedisConnectionError):
        operation()


@pytest.mark.django_db
def test_a_survey_is_answered_over_the_web_while_redis_is_unreachable(
    client, home_page, redis_unreachable
):
    now = timezone.now()
    survey = SurveyPageFactory(
        parent=DistrictPageFactory(parent=home_page),
        questions=QUESTIONS,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    step = survey.url + survey.reverse_subpage("survey_step", args=(1,))

    page = client.get(step)
    submitted = client.post(step, answers_for(1, "ohne-redis"))
    thanks = client.get(submitted["Location"])

    assert page.status_code == 200
    assert submitted.status_code == 302
    assert thanks.status_code == 200
    assert "Vielen Dank für Ihre Antworten!" in thanks.content.decode()
    stored = Response.objects.get(survey=survey)
    assert stored.status == Response.Status.SUBMITTED
    assert Answer.objects.get(response=stored, question_key=MARKER_QUESTION).text == "ohne-redis"


@pytest.mark.django_db
def test_an_idea_is_submitted_over_the_web_while_redis_is_unreachable(
    client, home_page, redis_unreachable
):
    collection = IdeaCollectionPageFactory(parent=DistrictPageFactory(parent=home_page))
    new = collection.url + collection.reverse_subpage("idea_new")

    form = client.get(new)
    submitted = client.post(
        new,
        {
            "step": "2",
            "title": "Bank im Schatten",
            "description": "Am Spielplatz fehlt eine Bank im Schatten für Großeltern.",
            "category": str(collection.categories.first().pk),
        },
    )
    thanks = client.get(submitted["Location"])

    assert form.status_code == 200
    assert submitted.status_code == 303
    assert thanks.status_code == 200
    assert Idea.objects.get(collection=collection).title == "Bank im Schatten"
