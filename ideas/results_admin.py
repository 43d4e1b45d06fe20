"""An idea collection's results in the Wagtail admin: the network's figures from the stored
projection (CollectionResult), for whoever may moderate the collection; a plain 403 for
anyone else. URLs: `urlpatterns` below, included by ideas/wagtail_hooks.py."""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.dashboard_views import results_forbidden
from ideas.models import IdeaCollectionPage
from ideas.rules import user_can_moderate
from ideas.selectors import collection_result_get

ICON = "table"


class CollectionResultsView(WagtailAdminTemplateMixin, TemplateView):
    """Ideas, supports, comments, Themenfelder, status and activity of one collection."""

    template_name = "results/admin/collection_results.html"
    page_title = gettext_lazy("Ergebnisse")
    header_icon = ICON

    def dispatch(self, request, *args, **kwargs):
        self.collection = get_object_or_404(
            IdeaCollectionPage.objects.select_related("district"), pk=kwargs["collection_id"]
        )
        if not user_can_moderate(request.user, self.collection):
            return results_forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.collection.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("results_dashboard"), "label": _("Ergebnisse")},
            {"url": "", "label": self.collection.title},
        ]

    def get_context_data(self, **kwargs):
        result = collection_result_get(collection=self.collection)
        return super().get_context_data(
            collection=self.collection,
            result=result,
            dirty=bool(result and result.dirty_since),
            **kwargs,
        )


urlpatterns = [
    path(
        "<int:collection_id>/ergebnisse/",
        CollectionResultsView.as_view(),
        name="results",
    ),
]
