from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.models import District, NetworkActor, NewsPage


def page_url(page, request) -> str | None:
    """The page's absolute URL, or None for a page outside every site."""
    return page.get_full_url(request) if page is not None else None


class DistrictRefSerializer(serializers.ModelSerializer):
    """A district named inside other objects."""

    class Meta:
        model = District
        fields = ["slug", "name"]


class NetworkActorOutputSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = NetworkActor
        fields = ["name", "kind", "kind_label", "offer", "address", "phone", "email", "website"]


class CoordinationSerializer(serializers.Serializer):
    name = serializers.CharField(source="coordinator_name")
    phone = serializers.CharField(source="coordination_phone")
    email = serializers.CharField(source="coordination_email")
    office_hours = serializers.CharField()
    address = serializers.CharField(source="coordination_address")


class DistrictOutputSerializer(serializers.ModelSerializer):
    coordination = CoordinationSerializer(source="*", help_text="The district coordination.")
    actors = NetworkActorOutputSerializer(many=True, help_text="The district network.")
    boundary = serializers.JSONField(
        allow_null=True, help_text="GeoJSON Polygon or MultiPolygon in WGS 84, or null."
    )
    url = serializers.SerializerMethodField(help_text="The district page.")
    open_surveys = serializers.SerializerMethodField(
        help_text="API list of the district's surveys that take answers now."
    )
    idea_collections = serializers.SerializerMethodField(
        help_text="API list of the district's idea collections."
    )

    class Meta:
        model = District
        fields = [
            "slug",
            "name",
            "area_description",
            "boundary",
            "coordination",
            "actors",
            "url",
            "open_surveys",
            "idea_collections",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, district) -> str | None:
        pages = getattr(district, "published_pages", None) or [None]
        return page_url(pages[0], self.context.get("request"))

    def _api_url(self, name: str, query: str) -> str:
        path = f"{reverse(name)}?{query}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_open_surveys(self, district) -> str:
        return self._api_url("api-survey-list", f"district={district.slug}&state=open")

    def get_idea_collections(self, district) -> str:
        return self._api_url("api-collection-list", f"district={district.slug}")


class NewsOutputSerializer(serializers.ModelSerializer):
    district = DistrictRefSerializer(allow_null=True)
    url = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField(
        help_text="A 640×360 rendition and its description, or null."
    )
    published_at = serializers.DateTimeField(source="first_published_at")

    class Meta:
        model = NewsPage
        fields = ["id", "title", "date", "teaser", "district", "image", "url", "published_at"]

    @extend_schema_field(serializers.URLField())
    def get_url(self, news) -> str | None:
        return page_url(news, self.context.get("request"))

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"url": {"type": "string"}, "alt": {"type": "string"}},
        }
    )
    def get_image(self, news):
        if news.image is None:
            return None
        from cms.selectors import NEWS_TEASER_RENDITION

        rendition = news.image.get_rendition(NEWS_TEASER_RENDITION)
        request = self.context.get("request")
        url = request.build_absolute_uri(rendition.url) if request is not None else rendition.url
        return {"url": url, "alt": news.image_alt}


class NewsDetailOutputSerializer(NewsOutputSerializer):
    body_html = serializers.SerializerMethodField(help_text="The article as HTML.")

    class Meta(NewsOutputSerializer.Meta):
        fields = [*NewsOutputSerializer.Meta.fields, "body_html"]

    def get_body_html(self, news) -> str:
        return str(news.body)
