"""Participants over HTTP: each one a fresh browser (its own cookie jar) that opens the survey
step, posts its answers and reads the thanks page, from several threads at once.

A request that fails (connection reset or refused, timeout, 5xx) is repeated once, as a
person pressing reload would: reloading after a failed post sends the answers again, which is
either stored now or answered 409 "already answered" because the first post was stored.
"""

import itertools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from beteiligung.browser_id import BROWSER_COOKIE
from beteiligung.chaos.survey import answers_for

CONNECT_TIMEOUT_SECONDS = 5
# gunicorn ends a request after 30 s; a client waiting longer would only hide that.
READ_TIMEOUT_SECONDS = 35
THANKS_TEXT = "Vielen Dank für Ihre Antworten!"
ANSWERED_TEXT = "Sie haben schon teilgenommen"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Outcome:
    THANKS = "thanks"  # saw the thanks page
    ANSWERED = "answered"  # a reload after a failed post said "already answered" (409)
    FAILED = "failed"  # still a failure after the one reload
    REFUSED = "refused"  # an answer that is no failure of the service: 400, 403, 429


@dataclass
class Submission:
    """One participant's try; times are seconds on the run's clock."""

    number: int
    marker: str
    outcome: str = Outcome.FAILED
    browser_cookie: str | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)  # (phase, kind)
    retried: bool = False  # reloaded a page once
    posted: tuple[float, float] | None = None  # the post that was answered
    refusal: str | None = None

    @property
    def confirmed(self) -> bool:
        """The person was told their answers are stored."""
        return self.outcome in (Outcome.THANKS, Outcome.ANSWERED)


class RequestFailed(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def failure_kind(error: requests.RequestException) -> str:
    if isinstance(error, requests.Timeout):
        return "timeout"
    text = str(error)
    if "refused" in text.lower():
        return "connection refused"
    if "reset" in text.lower() or "RemoteDisconnected" in text or "aborted" in text.lower():
        return "connection reset"
    return f"connection error ({type(error).__name__})"


class Participant:
    """One fresh browser answering once, with at most one reload per page."""

    def __init__(self, *, base: str, step_path: str, submission: Submission, clock: Callable):
        self.step_url = f"{base}{step_path}"
        self.base = base
        self.submission = submission
        self.clock = clock
        self.session = requests.Session()

    def _send(self, phase: str, method: str, url: str, **kwargs) -> requests.Response:
        """One request, repeated once after a connection failure or a 5xx."""
        for attempt in range(2):
            if attempt:
                self.submission.retried = True
            started = self.clock()
            try:
                response = self.session.request(
                    method, url, timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS), **kwargs
                )
            except requests.RequestException as error:
                kind = failure_kind(error)
            else:
                if response.status_code < 500:
                    if phase == "submit":
                        self.submission.posted = (started, self.clock())
                    return response
                kind = f"HTTP {response.status_code}"
            self.submission.failures.append((phase, kind))
        raise RequestFailed(kind)

    def run(self) -> None:
        submission = self.submission
        try:
            self._answer()
        except RequestFailed:
            submission.outcome = Outcome.FAILED
        submission.browser_cookie = self.session.cookies.get(BROWSER_COOKIE)
        self.session.close()

    def _answer(self) -> None:
        submission = self.submission
        page = self._send("step", "GET", self.step_url)
        token = CSRF_FIELD.search(page.text)
        if page.status_code != 200 or token is None:
            return self._refused(f"step: HTTP {page.status_code}")
        self._cookies_for_plain_http()
        posted = self._send(
            "submit",
            "POST",
            self.step_url,
            data={
                "csrfmiddlewaretoken": token.group(1),
                **answers_for(submission.number, submission.marker),
            },
            headers={"Referer": self.step_url},
            allow_redirects=False,
        )
        if posted.status_code == 409 and ANSWERED_TEXT in posted.text:
            submission.outcome = Outcome.ANSWERED
            return None
        location = posted.headers.get("Location", "")
        if posted.status_code != 302 or not location.endswith("/danke/"):
            return self._refused(f"submit: HTTP {posted.status_code}")
        thanks = self._send("thanks", "GET", requests.compat.urljoin(self.base, location))
        if thanks.status_code == 200 and THANKS_TEXT in thanks.text:
            submission.outcome = Outcome.THANKS
            return None
        return self._refused(f"thanks: HTTP {thanks.status_code}")

    def _refused(self, why: str) -> None:
        self.submission.outcome = Outcome.REFUSED
        self.submission.refusal = why

    def _cookies_for_plain_http(self) -> None:
        """Production marks the CSRF cookie Secure, for the TLS that the load balancer ends;
        on plain loopback HTTP a browser behind that balancer still sends it, so do we."""
        for cookie in list(self.session.cookies):
            if cookie.secure:
                self.session.cookies.set(
                    cookie.name, cookie.value, domain=cookie.domain, path=cookie.path
                )


class Burst:
    """`clients` threads, each answering as one new participant after another, until
    `duration` seconds have passed or `limit` participants have started."""

    def __init__(
        self,
        *,
        base: str,
        step_path: str,
        token: str,
        clients: int,
        duration: float,
        limit: int,
        clock: Callable,
    ):
        self.base, self.step_path, self.token = base, step_path, token
        self.duration, self.limit, self.clock = duration, limit, clock
        self.submissions: list[Submission] = []
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._client, name=f"chaos-client-{n}", daemon=True)
            for n in range(clients)
        ]
        self.started_at = self.ended_at = None

    def _next(self, deadline: float) -> Submission | None:
        with self._lock:
            if self.clock() >= deadline or len(self.submissions) >= self.limit:
                return None
            number = next(self._numbers)
            submission = Submission(number=number, marker=f"{self.token}-{number:05d}")
            self.submissions.append(submission)
            return submission

    def _client(self) -> None:
        deadline = self.started_at + self.duration
        while (submission := self._next(deadline)) is not None:
            Participant(
                base=self.base, step_path=self.step_path, submission=submission, clock=self.clock
            ).run()

    def start(self) -> "Burst":
        self.started_at = self.clock()
        for thread in self._threads:
            thread.start()
        return self

    def join(self) -> "Burst":
        # Each participant ends within a few request timeouts after the deadline.
        limit = (
            time.monotonic() + self.duration + 6 * (CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS)
        )
        for thread in self._threads:
            thread.join(max(limit - time.monotonic(), 0))
        if any(thread.is_alive() for thread in self._threads):
            raise RuntimeError("participants still waiting for answers long after the burst")
        self.ended_at = self.clock()
        return self
