"""Who may see and handle a survey's responses.

The rule follows the page tree (DESIGN decision 2): whoever may edit the survey page manages
its responses. Redaktion edits the whole tree, so it manages every survey; a district network's
group edits its own district's subtree, so it manages that district's surveys only. Raw data
leaves the platform only with the explicit `surveys.export_raw_responses` permission on top.
"""

from django.db.models import QuerySet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from surveys.models import SurveyPage

EXPORT_PERMISSION = "surveys.export_raw_responses"


def user_can_manage_responses(user, survey: Page) -> bool:
    """See, enter and delete responses, and generate access codes."""
    if not user.is_authenticated:
        return False
    return survey.permissions_for_user(user).can_edit()


def user_can_export_responses(user, survey: Page) -> bool:
    """Download the raw responses (CSV, XLSX)."""
    return user_can_manage_responses(user, survey) and user.has_perm(EXPORT_PERMISSION)


def surveys_manageable_by(user) -> QuerySet[SurveyPage]:
    """The surveys whose responses the user manages: the same rule as above, as a queryset
    (one query for the user's page permissions, cached on the user)."""
    if not user.is_authenticated:
        return SurveyPage.objects.none()
    return PagePermissionPolicy(SurveyPage).instances_user_has_permission_for(user, "change")
