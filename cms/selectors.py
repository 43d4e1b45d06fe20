"""Reads for the CMS pages. Each returns a queryset that lists render without extra queries."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.models import District, DistrictPage, NetworkActor, NewsIndexPage, NewsPage

# The rendition every news teaser uses; prefetched so a list of 10 costs one query, not 10.
NEWS_TEASER_RENDITION = "fill-640x360"


def district_page_list() -> QuerySet[DistrictPage]:
    """Live, public district pages with their district, by title."""
    return DistrictPage.objects.live().public().select_related("district").order_by("title")


def district_actor_list(*, district: District) -> QuerySet[NetworkActor]:
    """The district's network actors in the editors' order."""
    return district.actors.all().order_by("sort_order", "name")


def district_list_with_news() -> list[District]:
    """Districts that have at least one live news item, for the news filter."""
    live_news = NewsPage.objects.live().public().filter(district=OuterRef("pk"))
    return list(District.objects.filter(Exists(live_news)).order_by("name"))


def news_list(*, district: District | None = None) -> QuerySet[NewsPage]:
    """Live, public news, newest first; only the district's when one is given."""
    images = get_image_model().objects.prefetch_renditions(NEWS_TEASER_RENDITION)
    news = (
        NewsPage.objects.live()
        .public()
        .select_related("district")
        .prefetch_related(Prefetch("image", queryset=images))
        .order_by("-date", "-first_published_at", "-pk")
    )
    if district is not None:
        news = news.filter(district=district)
    return news


def news_index_page_get() -> NewsIndexPage | None:
    """The news index, if one is live."""
    return NewsIndexPage.objects.live().first()


def page_search(*, query: str):
    """Live, public pages matching the query, best first (German stemming on PostgreSQL).
    Lazy: the paginator counts and fetches one page of results, never all of them."""
    query = query.strip()
    if not query:
        return Page.objects.none()
    return Page.objects.live().public().specific().search(query, operator="and")


def district_list_published() -> QuerySet[District]:
    """Districts that have a live, public district page, by name, with their actors and
    those pages prefetched (three queries for any number)."""
    pages = DistrictPage.objects.live().public()
    return (
        District.objects.filter(Exists(pages.filter(district=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("actors", queryset=NetworkActor.objects.order_by("sort_order", "name")),
            Prefetch("pages", queryset=pages.order_by("path"), to_attr="published_pages"),
        )
        .order_by("name")
    )
