from django.core.exceptions import PermissionDenied
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from cms.dashboard_views import ResultsOverviewView
from cms.models import District, DistrictPage
from cms.rules import district_permission_policy, user_sees_results_dashboard
from cms.services import district_permissions_sync

register_permission_policy(District, district_permission_policy)


class DistrictIndexView(IndexView):
    # A network sees the districts it may edit; Redaktion sees all.
    def get_base_queryset(self):
        editable = district_permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change"]
        )
        return super().get_base_queryset().filter(pk__in=editable.values("pk"))


class DistrictEditView(EditView):
    # Wagtail's edit view checks the model-level permission only; a network may edit its own.
    def get_object(self, queryset=None):
        district = super().get_object(queryset)
        if not district_permission_policy.user_has_permission_for_instance(
            self.request.user, "change", district
        ):
            raise PermissionDenied
        return district


class DistrictViewSet(SnippetViewSet):
    model = District
    index_view_class = DistrictIndexView
    edit_view_class = DistrictEditView
    icon = "site"
    menu_label = "Stadtteile"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "coordinator_name", "coordination_email"]
    search_fields = ["name", "area_description"]


register_snippet(DistrictViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def sync_district_roles(request, instance):
    if isinstance(instance, District):
        district_permissions_sync(district=instance)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def sync_district_page_roles(request, page):
    if isinstance(page.specific, DistrictPage):
        district_permissions_sync(district=page.specific.district)


# --- the results dashboard (cms.dashboard_views) ---------------------------------------------


@hooks.register("register_admin_urls")
def register_results_dashboard_urls():
    return [path("ergebnisse/", ResultsOverviewView.as_view(), name="results_dashboard")]


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        # Only for the district networks and Redaktion: whoever manages results somewhere.
        return user_sees_results_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return ResultsMenuItem(
        _("Ergebnisse"),
        reverse_lazy("results_dashboard"),
        name="ergebnisse",
        icon_name="table",
        order=240,
    )
