"""Who may change which district record.

Redaktion (model-level `change_district`) edits every district. A district network edits its
own district's description, coordination contact and actors, never another district's, and
never the name or short name, which its group name and URLs follow.
"""

from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.models import District, DistrictPage


class DistrictPermissionPolicy(ModelPermissionPolicy):
    """ModelPermissionPolicy plus "change" on the districts whose network group the user is in."""

    def _network_district_ids(self, user) -> set[int]:
        if not user.is_active:
            return set()
        cache_name = "_network_district_ids"
        if not hasattr(user, cache_name):
            ids = District.objects.filter(network_group__in=user.groups.all()).values_list(
                "pk", flat=True
            )
            setattr(user, cache_name, set(ids))
        return getattr(user, cache_name)

    def _has_model_permission(self, user, actions) -> bool:
        # Straight to Django's permissions: the base class would call back into the
        # broadened user_has_permission below.
        return any(user.has_perm(self._get_permission_name(action)) for action in actions)

    def user_has_permission(self, user, action):
        if self._has_model_permission(user, [action]):
            return True
        return action == "change" and bool(self._network_district_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if self._has_model_permission(user, actions):
            return True
        return "change" in actions and instance.pk in self._network_district_ids(user)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet[District]:
        if self._has_model_permission(user, actions):
            return District.objects.all()
        if "change" in actions:
            return District.objects.filter(pk__in=self._network_district_ids(user))
        return District.objects.none()


district_permission_policy = DistrictPermissionPolicy(District)


# --- the results dashboard -------------------------------------------------------------------

HOME_PAGE_DEPTH = 2  # the tree's root is 1, the site's home page 2, district pages 3


def districts_managed_by(user) -> QuerySet[District]:
    """Districts whose district page the user may edit (one query, plus the user's page
    permissions, which Wagtail caches on the user)."""
    if not user.is_authenticated:
        return District.objects.none()
    pages = PagePermissionPolicy(DistrictPage).instances_user_has_permission_for(user, "change")
    return District.objects.filter(pages__in=pages.values("pk")).distinct().order_by("name")


def user_sees_results_dashboard(user) -> bool:
    """Whether the menu offers the overview: the user may edit the home page (Redaktion), a
    district page, a survey or a collection. Surveys and collections sit only under those, so
    the page permissions Wagtail caches on the user (loaded once per request for the other
    menu items) answer it without a query of its own."""
    if not user.is_active or user.is_anonymous:
        return False
    if user.is_superuser:
        return True
    from django.contrib.contenttypes.models import ContentType

    from ideas.models import IdeaCollectionPage
    from surveys.models import SurveyPage

    content_types = {
        ContentType.objects.get_for_model(model).pk
        for model in (DistrictPage, SurveyPage, IdeaCollectionPage)
    }
    for permission in PagePermissionPolicy().get_cached_permissions_for_user(user):
        if permission.permission.codename not in ("add_page", "change_page"):
            continue
        page = permission.page
        if page.depth <= HOME_PAGE_DEPTH or page.content_type_id in content_types:
            return True
    return False
