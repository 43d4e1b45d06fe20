"""Who may moderate and answer ideas.

As for survey responses (surveys.rules), the page tree decides: whoever may edit the
collection page moderates its ideas and comments, sets their status and exports them. Redaktion
edits the whole tree; a district network's group edits its own district's subtree only.
"""

from django.db.models import QuerySet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from ideas.models import IdeaCollectionPage


def user_can_moderate(user, collection: Page) -> bool:
    if not user.is_authenticated:
        return False
    return collection.permissions_for_user(user).can_edit()


def collections_moderated_by(user) -> QuerySet[IdeaCollectionPage]:
    """The same rule as a queryset (one query for the user's page permissions)."""
    if not user.is_authenticated:
        return IdeaCollectionPage.objects.none()
    return PagePermissionPolicy(IdeaCollectionPage).instances_user_has_permission_for(
        user, "change"
    )
