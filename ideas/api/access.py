"""What the public idea endpoints share: finding a published collection or idea, who acts
(the rules of ideas.views.contributor_for and _action_start, with X-Participant-Id for the
browser cookie), and a service's refusal as the API's error."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError

from beteiligung.api.errors import Refused
from beteiligung.api.participants import (
    PARTICIPANT_HEADER,
    api_browser_id,
    participant_id_for_body,
)
from ideas import selectors
from ideas.models import (
    CollectionState,
    ModerationState,
    Participation,
)
from ideas.services import (
    AccountRequired,
    CollectionClosed,
    IdeaError,
    LocationOutsideDistrict,
    NotAvailable,
    account_contributor,
    browser_contributor,
)

TAGS = ["Idea collections"]
COLLECTION_NOT_FOUND = _("Diese Ideensammlung gibt es nicht oder sie ist nicht veröffentlicht.")
IDEA_NOT_FOUND = _("Diese Idee gibt es nicht oder sie ist nicht veröffentlicht.")
IDEA_MERGED = _(
    "Diese Idee ist mit der Idee „%(title)s“ (Nummer %(id)d) zusammengeführt worden: %(path)s"
)
COMMENT_NOT_FOUND = _("Diesen Kommentar gibt es nicht oder er ist nicht sichtbar.")
REPLY_REFUSED = _("Auf diesen Kommentar kann nicht geantwortet werden.")
NOT_OFFERED = _("Diese Angabe ist bei dieser Ideensammlung nicht möglich.")
# Input fields the IdeaForm leaves out when the collection does not ask for them.
OPTIONAL_IDEA_FIELDS = ("category", "location_text", "latitude", "longitude")

PARTICIPANT_PARAMETERS = [
    OpenApiParameter(
        PARTICIPANT_HEADER,
        str,
        OpenApiParameter.HEADER,
        description=(
            "Without an API key: the participant id an earlier write handed out, so this "
            "write counts as the same person's (one support per person). Without one, a new "
            "id is made and handed out."
        ),
    ),
    OpenApiParameter(
        PARTICIPANT_HEADER,
        str,
        OpenApiParameter.HEADER,
        response=[200, 201],
        description="A new participant id, when the request came without a valid one.",
    ),
]
ACTION_REFUSALS = (
    "not_available: the collection has this switched off; closed / not_open: outside the "
    "collection's period; account_required: the collection takes contributions with an "
    "account (API key) only."
)


# --- helpers --------------------------------------------------------------------------------


def contributor_for_api(request, collection, *, create: bool):
    """(contributor, participant id for the body, new signed id to hand out), decided as
    ideas.views.contributor_for decides, with the browser id from X-Participant-Id. The
    contributor is None when the collection needs an account the request does not have."""
    if request.user.is_authenticated:
        return account_contributor(user=request.user), None, None
    if collection.participation == Participation.ACCOUNT:
        return None, None, None
    browser_id, signed = api_browser_id(request, create=create)
    if browser_id is None:
        return None, None, None
    return (
        browser_contributor(collection=collection, browser_id=browser_id),
        participant_id_for_body(request, signed),
        signed,
    )


def refusal_for(error: IdeaError, collection) -> Exception:
    """The API's answer to a service's refusal: a 400 names the field, others keep the
    service's status with a code a client can branch on."""
    if error.status == 400:
        field = "latitude" if isinstance(error, LocationOutsideDistrict) else "non_field_errors"
        return ValidationError({field: [str(error.message)]})
    code = error.code
    if code == "closed" and collection.live and collection.state() == CollectionState.NOT_OPEN:
        code = "not_open"
    return Refused(error.message, status_code=error.status, code=code)


def action_start(request, collection, *, feature_enabled: bool, needs_open: bool = True):
    """The checks of ideas.views._action_start, in its order, once the idea is found: the
    feature, the period, then who acts. Returns _contributor's triple."""
    if not feature_enabled:
        raise refusal_for(NotAvailable(), collection)
    if needs_open and not collection.is_open:
        # Before the account: nobody should get a key only to hear that it is over.
        raise refusal_for(CollectionClosed(), collection)
    contributor, participant_id, signed = contributor_for_api(request, collection, create=True)
    if contributor is None:
        raise refusal_for(AccountRequired(), collection)
    return contributor, participant_id, signed


def collection_or_404(pk: int):
    collection = selectors.collection_list_public().filter(pk=pk).first()
    if collection is None:
        raise NotFound(COLLECTION_NOT_FOUND)
    return collection


def idea_or_404(pk: int):
    """(collection, idea) for a published idea of a live, public collection; a merged idea
    is a 404 that names the idea it was merged into."""
    collection = selectors.collection_public_of_idea(idea_id=pk)
    idea = selectors.idea_get_visible(collection=collection, idea_id=pk) if collection else None
    if idea is None:
        raise NotFound(IDEA_NOT_FOUND)
    if idea.moderation == ModerationState.MERGED:
        target = idea.merged_into
        raise NotFound(
            IDEA_MERGED
            % {
                "title": target.title,
                "id": target.pk,
                "path": reverse("api-idea-detail", args=(target.pk,)),
            }
        )
    idea.collection = collection  # the services read the rules from it: no second query
    return collection, idea


def idea_context(request, collection, **extra) -> dict:
    return {
        "request": request,
        "collection": collection,
        "collection_url": collection.get_full_url(request),
        **extra,
    }
