from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock

from .districts import BelongsToParentDistrictMixin, District

NEWS_PER_PAGE = 10


class NewsIndexPage(Page):
    """Neuigkeiten: all news, newest first, filterable by district."""

    intro = models.TextField(_("Einleitung"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1
    template = "cms/news_index_page.html"

    class Meta:
        verbose_name = _("Neuigkeiten-Übersicht")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import district_list_with_news, news_list

        context = super().get_context(request, *args, **kwargs)
        districts = district_list_with_news()
        selected = next((d for d in districts if d.slug == request.GET.get("stadtteil", "")), None)
        paginator = Paginator(news_list(district=selected), NEWS_PER_PAGE)
        context["news_page"] = paginator.get_page(request.GET.get("seite"))
        context["districts"] = districts
        context["selected_district"] = selected
        context["query_prefix"] = f"stadtteil={selected.slug}&" if selected else ""
        return context


class NewsPage(BelongsToParentDistrictMixin, Page):
    """A news item, city-wide (under the news index) or for a district (under its page)."""

    date = models.DateField(_("Datum"), default=timezone.localdate)
    teaser = models.TextField(
        _("Anreißer"), max_length=300, help_text=_("Zwei, drei Sätze für Übersichten.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Bild"),
    )
    image_alt = models.CharField(
        _("Alternativtext des Bildes"),
        max_length=250,
        blank=True,
        help_text=_("Pflicht, wenn ein Bild gewählt ist: Was ist zu sehen?"),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Inhalt"))
    # Derived from the parent when the news sits under a district page; see save().
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=_("Stadtteil"),
        help_text=_("Leer lassen für stadtweite Neuigkeiten."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("teaser"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Bild")),
        FieldPanel("body"),
        FieldPanel("district"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("teaser"), index.SearchField("body")]

    parent_page_types = ["cms.NewsIndexPage", "cms.DistrictPage"]
    subpage_types = []
    template = "cms/news_page.html"

    class Meta:
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Bitte beschreiben Sie das Bild für Menschen, die es nicht sehen.")}
            )
