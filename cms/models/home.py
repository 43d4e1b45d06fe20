from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock

HOME_NEWS_COUNT = 3


class HomePage(Page):
    """The city portal's start page: districts, current participation, latest news."""

    intro = models.TextField(_("Einleitung"), max_length=600)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Inhalt"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.DistrictPage",
        "cms.NewsIndexPage",
        "cms.StandardPage",
        "cms.AccessibilityStatementPage",
        "surveys.SurveyPage",
        "ideas.IdeaCollectionPage",
    ]
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import district_page_list, news_index_page_get, news_list
        from ideas.selectors import collection_list_open
        from surveys.selectors import survey_list_open

        context = super().get_context(request, *args, **kwargs)
        context["district_pages"] = district_page_list()
        context["news_items"] = news_list()[:HOME_NEWS_COUNT]
        context["news_index"] = news_index_page_get()
        context["open_surveys"] = survey_list_open()
        # City-wide collections; a district's own ones are on its page.
        context["open_idea_collections"] = collection_list_open()
        return context
