"""Writes for districts and roles: who may edit which part of the page tree.

"Redaktion" edits the whole tree; every district has a network group ("Stadtteilnetzwerk
Daxlanden") whose page permissions cover that district's subtree only, plus an image and
document collection of its own.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from cms.models import District, DistrictPage, PortalSettings

EDITOR_GROUP_NAME = "Redaktion"
NETWORK_GROUP_PREFIX = "Stadtteilnetzwerk"

PAGE_PERMISSIONS_NETWORK = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
PAGE_PERMISSIONS_EDITOR = (*PAGE_PERMISSIONS_NETWORK, "bulk_delete_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", "document", ("add_document", "change_document", "choose_document")),
)


def network_group_name(district: District) -> str:
    return f"{NETWORK_GROUP_PREFIX} {district.name}"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _model_permissions(model, actions: tuple[str, ...]) -> list[Permission]:
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{content_type.model}" for action in actions]
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def _grant_page_permissions(group: Group, page: Page, codenames: tuple[str, ...]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )


def _grant_collection_permissions(group: Group, collection: Collection) -> None:
    for app_label, _model, codenames in COLLECTION_PERMISSIONS:
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app_label, codename)
            )


@transaction.atomic
def district_create(*, name: str, slug: str, **fields) -> District:
    """Create a district with its network group and collection. Writes several rows at once."""
    district = District(name=name, slug=slug, **fields)
    district.full_clean()
    district.save()
    district_permissions_sync(district=district)
    return district


@transaction.atomic
def district_permissions_sync(*, district: District) -> Group:
    """Ensure the district's network group, its collection, and page permissions on every page of
    the district. Idempotent: safe after every create or edit of a district or district page."""
    group = district.network_group
    if group is None:
        group, _created = Group.objects.get_or_create(name=network_group_name(district))
    elif group.name != network_group_name(district):
        group.name = network_group_name(district)
        group.save(update_fields=["name"])
    group.permissions.add(
        _permission("wagtailadmin", "access_admin"),
        # Raw responses of the surveys it may edit: surveys.rules checks the page on top.
        _permission("surveys", "export_raw_responses"),
        # Choosing a district in a block needs to see the list; editing it stays with Redaktion.
        *_model_permissions(District, ("view",)),
    )

    collection = district.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=f"Stadtteil {district.name}")
    _grant_collection_permissions(group, collection)

    for page in DistrictPage.objects.filter(district=district):
        _grant_page_permissions(group, page, PAGE_PERMISSIONS_NETWORK)

    if district.network_group_id != group.pk or district.collection_id != collection.pk:
        district.network_group = group
        district.collection = collection
        district.save(update_fields=["network_group", "collection"])
    return group


@transaction.atomic
def editor_group_sync() -> Group:
    """Ensure "Redaktion": the whole page tree, districts, images, documents, portal settings."""
    group, _created = Group.objects.get_or_create(name=EDITOR_GROUP_NAME)
    group.permissions.add(
        _permission("wagtailadmin", "access_admin"),
        _permission("surveys", "export_raw_responses"),
        *_model_permissions(District, ("add", "change", "delete", "view")),
        *_model_permissions(PortalSettings, ("change",)),
    )
    _grant_page_permissions(group, Page.get_first_root_node(), PAGE_PERMISSIONS_EDITOR)
    _grant_collection_permissions(group, Collection.get_first_root_node())
    return group


def roles_sync() -> None:
    """Bring "Redaktion" and every district's network group up to date. Idempotent."""
    if not Page.get_first_root_node() or not Collection.get_first_root_node():
        return
    editor_group_sync()
    for district in District.objects.all():
        district_permissions_sync(district=district)
