"""An idea collection as residents use it. The page model routes here (IdeaCollectionPage).

Everything works without JavaScript: the similar-ideas hint is a step of its own, maps are an
addition to the place field and the list. Every refusal is a page that says why, with the
service's status code, and nothing half-saved.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from beteiligung.browser_id import browser_id_get, browser_id_new, browser_id_remember
from beteiligung.ratelimit import rate_limit_exceeded
from cms.geo import boundary_bounds
from ideas import selectors
from ideas.forms import CommentForm, IdeaFilterForm, IdeaForm, IdeaTextForm
from ideas.models import (
    CollectionState,
    IdeaCollectionPage,
    ModerationState,
    Participation,
)
from ideas.services import (
    CollectionClosed,
    IdeaError,
    LocationOutsideDistrict,
    NotAvailable,
    account_contributor,
    browser_contributor,
    comment_add,
    idea_submit,
    support_add,
    support_withdraw,
)
from ideas.services import comment_report as comment_report_add

IDEAS_PER_PAGE = 20


# --- helpers --------------------------------------------------------------------------------


def contributor_for(request, collection, *, create: bool = False):
    """(contributor, browser id to remember) for this request, or (None, None).

    Logged-in residents count by their account in every mode; without an account, by the
    browser's id when the collection allows that.
    """
    if request.user.is_authenticated:
        return account_contributor(user=request.user), None
    if collection.participation == Participation.ACCOUNT:
        return None, None
    browser_id = browser_id_get(request) or (browser_id_new() if create else None)
    if browser_id is None:
        return None, None
    return browser_contributor(collection=collection, browser_id=browser_id), browser_id


def _render(request, collection, template, context=None, status=200, browser_id=None):
    response = TemplateResponse(
        request,
        template,
        {"page": collection, "self": collection, **(context or {})},
        status=status,
    )
    if browser_id:
        browser_id_remember(request, response, browser_id)
    return response


def _redirect(request, url, *, browser_id=None, status=303):
    response = HttpResponseRedirect(url, status=status)
    if browser_id:
        browser_id_remember(request, response, browser_id)
    return response


def _collection_state(collection) -> str:
    return collection.state() if collection.live else "not_live"


def _state_page(request, collection, state: str, *, status=200, message="", back_url=""):
    """One page for every refusal: collection not open, too many tries, an action refused."""
    return _render(
        request,
        collection,
        "ideas/collection_state.html",
        {
            "state": state,
            "message": message,
            "status": status,
            "back_url": back_url or collection.url,
        },
        status=status,
    )


def _rate_limited(request, collection, scope: str, limit: int, back_url=""):
    """The 429 page with Retry-After, or None while the client is within its budget."""
    wait = rate_limit_exceeded(request, scope=scope, limit=limit)
    if not wait:
        return None
    response = _state_page(request, collection, "rate_limited", status=429, back_url=back_url)
    response["Retry-After"] = str(wait)
    return response


def _refused(request, collection, error: IdeaError, back_url: str):
    return _state_page(
        request,
        collection,
        "refused",
        status=error.status,
        message=error.message,
        back_url=back_url,
    )


def _idea_url(base: str, collection, idea_id: int) -> str:
    return base + collection.reverse_subpage("idea_detail", args=(idea_id,))


def _map_config(collection) -> dict | None:
    """What a map needs besides its points: the tile server and the area it shows (the
    district's boundary, or every district's for a city-wide collection)."""
    boundary = selectors.collection_boundary(collection) if collection.pk else None
    if not boundary:
        return None
    corners = [boundary_bounds(geometry) for geometry in boundary]
    bounds = [
        [min(c[0][0] for c in corners), min(c[0][1] for c in corners)],
        [max(c[1][0] for c in corners), max(c[1][1] for c in corners)],
    ]
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "bounds": bounds,
        "boundary": boundary,
    }


def _not_allowed(request, collection, back_url: str):
    response = _state_page(request, collection, "method", status=405, back_url=back_url)
    response["Allow"] = "POST"
    return response


# --- the list -------------------------------------------------------------------------------


@never_cache
def idea_list(request, collection: IdeaCollectionPage):
    """The collection's front page: question, rules, the published ideas and a map of them."""
    categories = list(collection.categories.all())
    filter_form = IdeaFilterForm(request.GET, categories=categories)
    filters = filter_form.filters()
    if collection.pk:
        ideas = selectors.idea_list(
            collection=collection,
            category_id=int(filters["themenfeld"]) if filters["themenfeld"] else None,
            status=filters["stand"] or None,
            query=filters["q"],
            sort=filters["sortierung"],
        )
    else:  # the preview of a collection that was never saved has no ideas
        ideas = []
    ideas_page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("seite"))
    base = collection.get_url(request) or ""
    for idea in ideas_page:
        idea.url = _idea_url(base, collection, idea.pk)

    chosen = {key: value for key, value in filters.items() if value}
    if chosen.get("sortierung") == "neu":
        del chosen["sortierung"]
    map_points = [
        {
            "title": idea.title,
            "url": idea.url,
            "lat": float(idea.latitude),
            "lng": float(idea.longitude),
        }
        for idea in ideas_page
        if idea.has_location
    ]
    map_config = _map_config(collection) if collection.location_enabled and map_points else None
    return _render(
        request,
        collection,
        "ideas/collection_page.html",
        {
            "state": _collection_state(collection),
            "categories": categories,
            "filter_form": IdeaFilterForm(initial=filters, categories=categories),
            "filters_active": bool({k for k in chosen if k != "sortierung"}),
            "ideas_page": ideas_page,
            "query_prefix": urlencode(chosen) + "&" if chosen else "",
            "map_config": map_config,
            "map_points": map_points if map_config else [],
        },
    )


# --- submitting -----------------------------------------------------------------------------


@never_cache
def idea_new(request, collection: IdeaCollectionPage):
    """Two steps: what the idea is; then similar ideas, the rest of the form, and submit."""
    state = _collection_state(collection)
    if state != CollectionState.OPEN:
        return _state_page(
            request, collection, state, status=403 if request.method == "POST" else 200
        )
    if collection.participation == Participation.ACCOUNT and not request.user.is_authenticated:
        return redirect_to_login(request.path)

    if request.method != "POST":
        return _form_page(request, collection, step=1, form=IdeaTextForm())
    if request.POST.get("step") != "2":
        text_form = IdeaTextForm(request.POST)
        if not text_form.is_valid():
            return _form_page(request, collection, step=1, form=text_form, status=400)
        form = IdeaForm(collection=collection, initial=text_form.cleaned_data)
        return _form_page(request, collection, step=2, form=form, text=text_form.cleaned_data)

    limited = _rate_limited(
        request, collection, "ideas.submit", settings.IDEA_SUBMISSIONS_PER_MINUTE
    )
    if limited:
        return limited
    form = IdeaForm(request.POST, request.FILES, collection=collection)
    if not form.is_valid():
        return _form_page(request, collection, step=2, form=form, status=400)
    contributor, browser_id = contributor_for(request, collection, create=True)
    try:
        idea = idea_submit(collection=collection, contributor=contributor, data=form.idea_input())
    except IdeaError as error:
        if isinstance(error, LocationOutsideDistrict):
            form.add_location_error(error.message)
        else:
            form.add_error(None, error.message)
        return _form_page(request, collection, step=2, form=form, status=error.status)
    url = collection.url + collection.reverse_subpage("idea_thanks") + f"?idee={idea.pk}"
    return _redirect(request, url, browser_id=browser_id, status=303)


def _form_page(request, collection, *, step: int, form, status=200, text=None):
    context = {"step": step, "form": form}
    if step == 2:
        text = text or {
            "title": form.data.get("title", ""),
            "description": form.data.get("description", ""),
        }
        context["similar_ideas"] = selectors.ideas_similar(
            collection=collection,
            title=str(text.get("title") or "")[:200],
            description=str(text.get("description") or ""),
        )
        base = collection.get_url(request) or ""
        for idea in context["similar_ideas"]:
            idea.url = _idea_url(base, collection, idea.pk)
        if collection.location_enabled:
            context["map_config"] = _map_config(collection)
    return _render(request, collection, "ideas/idea_form.html", context, status=status)


@never_cache
def idea_thanks(request, collection: IdeaCollectionPage):
    """After submitting: visible at once, or waiting for the moderation's check."""
    idea = None
    idea_id = request.GET.get("idee", "")
    if idea_id.isdigit() and collection.pk:
        idea = selectors.idea_get_visible(collection=collection, idea_id=int(idea_id))
    context = {"idea": idea}
    if idea is not None and idea.moderation == ModerationState.PUBLISHED:
        context["idea_url"] = collection.url + collection.reverse_subpage(
            "idea_detail", args=(idea.pk,)
        )
    return _render(request, collection, "ideas/idea_thanks.html", context)


# --- one idea -------------------------------------------------------------------------------


def _visible_idea_or_404(collection, idea_id: int):
    idea = selectors.idea_get_visible(collection=collection, idea_id=idea_id)
    if idea is None:
        raise Http404(_("Diese Idee gibt es nicht oder sie ist nicht veröffentlicht."))
    return idea


@never_cache
def idea_detail(request, collection: IdeaCollectionPage, idea_id: int):
    """An idea with its history, supports and comments; merged ideas lead to their target."""
    idea = _visible_idea_or_404(collection, idea_id)
    if idea.moderation == ModerationState.MERGED:
        return HttpResponseRedirect(collection.idea_url(idea.merged_into))
    return _detail_page(request, collection, idea)


def _detail_page(request, collection, idea, *, comment_form=None, reply_form=None, status=200):
    contributor, _browser = contributor_for(request, collection)
    supported = idea.pk in selectors.supported_idea_ids(
        participant_key=contributor.key if contributor else None, idea_ids=[idea.pk]
    )
    error_form = comment_form if comment_form is not None else reply_form
    comments = list(selectors.idea_comments(idea=idea)) if collection.comments_enabled else []
    for comment in comments:
        if reply_form is not None and reply_form.data.get("parent") == str(comment.pk):
            comment.reply_form, reply_form = reply_form, None
        else:
            comment.reply_form = CommentForm(
                auto_id=f"antwort-{comment.pk}-%s", initial={"parent": comment.pk}, reply=True
            )
    if reply_form is not None:
        # A reply to a comment that is not listed (any more): its errors go to the main form.
        comment_form = reply_form
    map_config = None
    if idea.has_location and collection.location_enabled:
        map_config = _map_config(collection)
    url = collection.idea_url(idea)
    return _render(
        request,
        collection,
        "ideas/idea_detail.html",
        {
            "state": _collection_state(collection),
            "idea": idea,
            "idea_url": url,
            "supported": supported,
            "comments": comments,
            "comment_count": sum(1 + len(c.published_replies) for c in comments),
            "comment_form": comment_form or CommentForm(auto_id="neuer-kommentar-%s"),
            "error_form": error_form,
            "can_contribute": collection.is_open
            and (
                collection.participation != Participation.ACCOUNT or request.user.is_authenticated
            ),
            "map_config": map_config,
            "map_points": (
                [{"title": idea.title, "lat": float(idea.latitude), "lng": float(idea.longitude)}]
                if map_config
                else []
            ),
        },
        status=status,
    )


def _action_start(request, collection, idea_id: int, *, feature_enabled: bool, needs_open=True):
    """The checks every POST on an idea shares: (idea, back url, contributor, browser id, early
    response). The early response, when not None, is what to answer."""
    idea = _visible_idea_or_404(collection, idea_id)
    back_url = collection.idea_url(idea)
    if request.method != "POST":
        return idea, back_url, None, None, _not_allowed(request, collection, back_url)
    error = None
    if idea.moderation != ModerationState.PUBLISHED:
        error = NotAvailable(_("Diese Idee ist mit einer anderen zusammengeführt worden."))
    elif not feature_enabled:
        error = NotAvailable()
    elif needs_open and not collection.is_open:
        # Before the login: nobody should log in only to hear that it is over.
        error = CollectionClosed()
    if error is not None:
        return idea, back_url, None, None, _refused(request, collection, error, back_url)
    limited = _rate_limited(
        request, collection, "ideas.action", settings.IDEA_ACTIONS_PER_MINUTE, back_url=back_url
    )
    if limited:
        return idea, back_url, None, None, limited
    contributor, browser_id = contributor_for(request, collection, create=True)
    if contributor is None:
        return idea, back_url, None, None, redirect_to_login(back_url)
    return idea, back_url, contributor, browser_id, None


@never_cache
def idea_support(request, collection: IdeaCollectionPage, idea_id: int):
    """Support an idea, or take the support back (action=support|withdraw)."""
    idea, back_url, contributor, browser_id, early = _action_start(
        request, collection, idea_id, feature_enabled=collection.supports_enabled
    )
    if early:
        return early
    action = request.POST.get("action")
    try:
        if action == "support":
            support_add(idea=idea, contributor=contributor)
            messages.success(request, _("Danke für Ihre Unterstützung!"))
        elif action == "withdraw":
            support_withdraw(idea=idea, contributor=contributor)
            messages.success(request, _("Sie unterstützen diese Idee nicht mehr."))
        else:
            raise IdeaError(_("Bitte nutzen Sie die Schaltfläche auf der Seite der Idee."))
    except IdeaError as error:
        return _refused(request, collection, error, back_url)
    return _redirect(request, back_url + "#unterstuetzen", browser_id=browser_id, status=303)


@never_cache
def idea_comment(request, collection: IdeaCollectionPage, idea_id: int):
    """A comment or a reply; errors are shown at the form that was sent."""
    idea, back_url, contributor, browser_id, early = _action_start(
        request, collection, idea_id, feature_enabled=collection.comments_enabled
    )
    if early:
        return early
    parent_id = request.POST.get("parent", "")
    is_reply = bool(parent_id)
    form = CommentForm(
        request.POST,
        auto_id=f"antwort-{parent_id}-%s" if parent_id.isdigit() else "neuer-kommentar-%s",
        reply=parent_id.isdigit(),
    )
    parent = None
    if form.is_valid() and form.cleaned_data.get("parent"):
        parent = selectors.comment_reply_target(idea=idea, comment_id=form.cleaned_data["parent"])
        if parent is None:
            form.add_error(None, _("Auf diesen Kommentar kann nicht geantwortet werden."))
    if form.errors:
        return _comment_form_page(request, collection, idea, form, is_reply, status=400)
    try:
        comment = comment_add(
            idea=idea,
            contributor=contributor,
            text=form.cleaned_data["text"],
            author_name=form.cleaned_data["author_name"],
            parent=parent,
        )
    except IdeaError as error:
        if error.status == 400:
            form.add_error(None, error.message)
            return _comment_form_page(request, collection, idea, form, is_reply, status=400)
        return _refused(request, collection, error, back_url)
    if comment.moderation == ModerationState.PUBLISHED:
        messages.success(request, _("Danke für Ihren Kommentar!"))
        anchor = f"#kommentar-{comment.pk}"
    else:
        messages.success(
            request,
            _("Danke für Ihren Kommentar! Er erscheint, sobald die Moderation ihn geprüft hat."),
        )
        anchor = "#kommentare"
    return _redirect(request, back_url + anchor, browser_id=browser_id, status=303)


def _comment_form_page(request, collection, idea, form, is_reply: bool, status: int):
    if is_reply:
        return _detail_page(request, collection, idea, reply_form=form, status=status)
    return _detail_page(request, collection, idea, comment_form=form, status=status)


@never_cache
def comment_report(request, collection: IdeaCollectionPage, comment_id: int):
    """Report a comment; enough reports hide it until the moderation decides."""
    comment = selectors.comment_reportable(collection=collection, comment_id=comment_id)
    if comment is None:
        raise Http404(_("Diesen Kommentar gibt es nicht oder er ist nicht sichtbar."))
    # Reports stay possible after the collection closed: the comments are still shown.
    _idea, back_url, contributor, browser_id, early = _action_start(
        request,
        collection,
        comment.idea_id,
        feature_enabled=collection.comments_enabled,
        needs_open=False,
    )
    if early:
        return early
    try:
        comment_report_add(comment=comment, contributor=contributor)
    except IdeaError as error:
        return _refused(request, collection, error, back_url)
    messages.success(request, _("Danke, die Moderation sieht sich den Kommentar an."))
    return _redirect(request, back_url + "#kommentare", browser_id=browser_id, status=303)
