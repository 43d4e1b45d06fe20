"""Districts and news: public, read-only."""

import django_filters
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from beteiligung.api.filters import StrictBooleanFilter
from beteiligung.api.views import SelectorQuerysetMixin
from cms import selectors
from cms.api.serializers import (
    DistrictOutputSerializer,
    NewsDetailOutputSerializer,
    NewsOutputSerializer,
)
from cms.models import District, NewsPage


@extend_schema(
    tags=["Districts"],
    summary="Districts",
    description="Every district with a published page: coordination contacts, the network "
    "of actors, the boundary and links to its surveys and idea collections.",
)
class DistrictListView(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = DistrictOutputSerializer
    ordering_fields = ["name", "slug"]
    ordering = ["name"]

    model = District
    selector = staticmethod(selectors.district_list_published)


@extend_schema(tags=["Districts"], summary="One district")
class DistrictDetailView(SelectorQuerysetMixin, generics.RetrieveAPIView):
    serializer_class = DistrictOutputSerializer
    lookup_field = "slug"

    model = District
    selector = staticmethod(selectors.district_list_published)


class NewsFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(
        field_name="district__slug", help_text="Only this district's news (its slug)."
    )
    city_wide = StrictBooleanFilter(
        field_name="district", lookup_expr="isnull", help_text="true: city-wide news only."
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = NewsPage
        fields = []


@extend_schema(
    tags=["News"],
    summary="News",
    description="Published news, newest first; city-wide and per district.",
)
class NewsListView(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = NewsOutputSerializer
    filterset_class = NewsFilter
    ordering_fields = ["date", "title"]

    model = NewsPage
    selector = staticmethod(selectors.news_list)


@extend_schema(tags=["News"], summary="One news item, with its text")
class NewsDetailView(SelectorQuerysetMixin, generics.RetrieveAPIView):
    serializer_class = NewsDetailOutputSerializer

    model = NewsPage
    selector = staticmethod(selectors.news_list)


urlpatterns = [
    path("districts/", DistrictListView.as_view(), name="api-district-list"),
    path("districts/<slug:slug>/", DistrictDetailView.as_view(), name="api-district-detail"),
    path("news/", NewsListView.as_view(), name="api-news-list"),
    path("news/<id:pk>/", NewsDetailView.as_view(), name="api-news-detail"),
]
