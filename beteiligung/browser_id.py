"""A random id per browser, in a signed cookie, for participation without an account.

The id itself is never stored: surveys and idea collections each keep a salted hash of it
per survey or collection (`participant_key`), so one browser's activities cannot be linked.
"""

import secrets

from django.http import HttpRequest, HttpResponse

BROWSER_COOKIE = "beteiligung_teilnahme"
BROWSER_COOKIE_SALT = (
    "surveys.browser-id"  # kept from the first release: existing cookies stay valid
)
BROWSER_COOKIE_MAX_AGE = 60 * 60 * 24 * 365


def browser_id_get(request) -> str | None:
    return request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE_SALT)


def browser_id_new() -> str:
    return secrets.token_urlsafe(24)


def browser_id_remember(request, response, browser_id: str) -> None:
    """Set the cookie on `response` unless the request already carries this id."""
    if browser_id_get(request) != browser_id:
        response.set_signed_cookie(
            BROWSER_COOKIE,
            browser_id,
            salt=BROWSER_COOKIE_SALT,
            max_age=BROWSER_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


def browser_id_signed(browser_id: str) -> str:
    """The cookie's value for this id: what an API client sends as X-Participant-Id. Made by
    Django's own cookie signing, so both stay the same whatever scheme Django uses."""
    response = HttpResponse()
    response.set_signed_cookie(BROWSER_COOKIE, browser_id, salt=BROWSER_COOKIE_SALT)
    return response.cookies[BROWSER_COOKIE].value


def browser_id_from_signed(value: str) -> str | None:
    """The id inside a cookie value sent another way (a header), or None if not ours."""
    probe = HttpRequest()
    probe.COOKIES = {BROWSER_COOKIE: value}
    return probe.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE_SALT)
