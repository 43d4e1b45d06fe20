"""Whole pages for anonymous visitors: stored and served without a query, emptied when an
editor publishes, never shared where a page carries a cookie or belongs to one visitor."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from beteiligung.browser_id import BROWSER_COOKIE
from beteiligung.page_cache import HEADER, AnonymousPageCacheMiddleware
from tests.factories import DistrictPageFactory, SurveyPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 120
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-test",
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def district_page(home_page):
    return DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )


def test_second_anonymous_visit_is_served_without_a_query(
    client, district_page, django_assert_num_queries
):
    first = client.get(district_page.url)

    with django_assert_num_queries(0):
        second = client.get(district_page.url)

    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second.content == first.content


def test_publishing_a_change_shows_at_once(client, district_page):
    client.get(district_page.url)

    district_page.intro = "Neu: Stadtteilfest am Samstag."
    district_page.save_revision().publish()
    after = client.get(district_page.url)

    assert after[HEADER] == "miss"
    assert "Neu: Stadtteilfest am Samstag." in after.content.decode()


def test_editing_the_district_shows_at_once(client, district_page):
    client.get(district_page.url)

    district_page.district.coordination_phone = "0721 133 5555"
    district_page.district.save()

    assert "0721 133 5555" in client.get(district_page.url).content.decode()


def test_logged_in_visitors_always_get_a_fresh_page(client, district_page):
    client.get(district_page.url)  # stored for anonymous visitors
    client.force_login(UserFactory())

    response = client.get(district_page.url)

    assert HEADER not in response


@pytest.mark.parametrize("cookie", [BROWSER_COOKIE, "sessionid", "messages"])
def test_visitors_with_their_own_cookies_get_a_fresh_page(client, district_page, cookie):
    client.get(district_page.url)
    client.cookies[cookie] = "x"

    assert HEADER not in client.get(district_page.url)


def test_survey_pages_are_never_stored(client, district_page):
    survey = SurveyPageFactory(parent=district_page)

    client.get(survey.url)
    again = client.get(survey.url)

    assert HEADER not in again


def test_the_thank_you_page_is_shared_between_participants(
    client, district_page, django_assert_num_queries
):
    """The same for everyone who answered: after a burst of submissions it is not rendered
    once per participant."""
    survey = SurveyPageFactory(parent=district_page)
    thanks = survey.url + survey.reverse_subpage("survey_thanks")
    client.cookies[BROWSER_COOKIE] = "participant-1"
    first = client.get(thanks)
    client.cookies[BROWSER_COOKIE] = "participant-2"

    with django_assert_num_queries(0):
        second = client.get(thanks)

    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert "Vielen Dank für Ihre Antworten!" in second.content.decode()
    assert not second.cookies


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_the_thank_you_page_is_fresh_with_a_session_or_messages(client, district_page, cookie):
    survey = SurveyPageFactory(parent=district_page)
    thanks = survey.url + survey.reverse_subpage("survey_thanks")
    client.get(thanks)  # stored
    client.cookies[cookie] = "x"

    assert HEADER not in client.get(thanks)


def test_a_page_that_sets_a_cookie_is_never_shared():
    """A CSRF token (or any cookie) in the answer: that answer belongs to this visitor."""
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse("<form>…</form>", content_type="text/html")
        response.set_cookie("csrftoken", f"token-{len(calls)}")
        return response

    middleware = AnonymousPageCacheMiddleware(view)
    first = middleware(RequestFactory().get("/formular/"))
    second = middleware(RequestFactory().get("/formular/"))

    assert first.cookies["csrftoken"].value == "token-1"
    assert second.cookies["csrftoken"].value == "token-2"
    assert len(calls) == 2


def test_off_when_page_cache_seconds_is_zero(client, district_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(district_page.url)

    assert HEADER not in client.get(district_page.url)
