from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import District, DistrictPage
from cms.services import district_permissions_sync


class DistrictViewSet(SnippetViewSet):
    model = District
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
