"""Open-mode identity for API clients: the same signed browser id the web forms keep in a
cookie, sent as the header `X-Participant-Id`.

A client without one gets a new id with its first write (header and `participant_id` in the
body) and sends it again with later writes, so one person's second survey response is
refused (409) and their support can be withdrawn. The web cookie's value is accepted as it
is, so a page's own script can use the API for the same person.
"""

from beteiligung.browser_id import (
    BROWSER_COOKIE,
    browser_id_from_signed,
    browser_id_new,
    browser_id_signed,
)

PARTICIPANT_HEADER = "X-Participant-Id"
PARTICIPANT_META = "HTTP_X_PARTICIPANT_ID"


def api_browser_id(request, *, create: bool) -> tuple[str | None, str | None]:
    """(browser id, signed id to hand out) for this request. The signed id is None when the
    client already sent a valid one; an invalid header counts as none."""
    for signed in (request.META.get(PARTICIPANT_META), request.COOKIES.get(BROWSER_COOKIE)):
        browser_id = browser_id_from_signed(signed[:200]) if signed else None
        if browser_id:
            return browser_id, None
    if not create:
        return None, None
    browser_id = browser_id_new()
    return browser_id, browser_id_signed(browser_id)


def hand_out(response, signed: str | None):
    """Tell the client its new participant id (header), when one was made for it."""
    if signed:
        response[PARTICIPANT_HEADER] = signed
    return response


def participant_id_for_body(request, signed: str | None) -> str | None:
    """The id to put in a write's answer: the new one, else the one the client sent."""
    return signed or request.META.get(PARTICIPANT_META) or request.COOKIES.get(BROWSER_COOKIE)
