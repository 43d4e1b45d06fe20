"""Load of `make bench submission`, run by locust in headless mode (never imported by Django).

Each locust user stands for a stream of people, one per second: every iteration starts with
empty cookies, opens the form, and sends the ten answers with the CSRF token of that page,
following the redirect to the thank-you page, as a browser does. With one submission per user
and second, the number of users is the arrival rate; the shape raises it step by step. When the
server falls behind, a user starts its next person only when the last one is done, so the
offered rate can fall below the step's. A submission counts in the step it started in; when
the last step ends, the ones under way may finish (locust's --stop-timeout) and still count,
and the completed rate is taken over the time until the last one ended.

Requests carry what the TLS-terminating proxy in front of production adds
(X-Forwarded-Proto: https) and what a browser sends with a form (Origin, Referer), so CSRF and
secure cookies work as in production. The configuration comes as JSON in the file named by
BENCH_LOCUST_CONFIG; per-step figures go to the file it names as "out".
"""

import json
import math
import os
import random
import re
import time
from collections import Counter, defaultdict
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlencode

from locust import FastHttpUser, LoadTestShape, constant_throughput, events, task

with open(os.environ["BENCH_LOCUST_CONFIG"], encoding="utf-8") as config_file:
    CONFIG = json.load(config_file)
RATES: list[int] = CONFIG["rates"]
STEP_SECONDS: float = CONFIG["step_seconds"]
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
SUCCESS = CONFIG["success_text"].encode()
# Lets secure cookies travel over loopback HTTP: TLS ends at the proxy in production.
COOKIES_OVER_HTTP = DefaultCookiePolicy(secure_protocols=("http", "https"))

started = time.monotonic()
# step -> durations of completed submissions (seconds), POST response times (ms), errors
durations: dict[int, list[float]] = defaultdict(list)
post_times: dict[int, list[float]] = defaultdict(list)
errors: dict[int, Counter] = defaultdict(Counter)
finished: list[float] = []  # seconds after the start at which each submission ended


def current_step() -> int:
    return min(int((time.monotonic() - started) // STEP_SECONDS), len(RATES) - 1)


class ArrivalSteps(LoadTestShape):
    """RATES[i] users (= submissions per second) during step i, then stop."""

    def tick(self):
        step = int(self.get_run_time() // STEP_SECONDS)
        if step >= len(RATES):
            return None
        return RATES[step], RATES[step]


@events.test_start.add_listener
def _test_start(**_kwargs):
    global started
    started = time.monotonic()


class Person(FastHttpUser):
    wait_time = constant_throughput(1)
    network_timeout = CONFIG["timeout_seconds"]
    connection_timeout = CONFIG["timeout_seconds"]

    def on_start(self):
        self.client.cookiejar.set_policy(COOKIES_OVER_HTTP)
        origin = self.host.rstrip("/")
        self.headers = {"X-Forwarded-Proto": "https", "Origin": origin.replace("http:", "https:")}
        self.referer = self.headers["Origin"] + CONFIG["path"]

    @task
    def submit(self):
        self.client.cookiejar.clear()  # a new person: no participant cookie, no CSRF cookie
        step = current_step()
        start = time.perf_counter()
        problem = self._submission(step)
        if problem:
            errors[step][problem] += 1
        else:
            durations[step].append(time.perf_counter() - start)
        finished.append(time.monotonic() - started)

    def _submission(self, step: int) -> str:
        form = self.client.get(CONFIG["path"], name="form", headers=self.headers)
        token = CSRF_TOKEN.search(form.content or b"") if form.status_code == 200 else None
        if token is None:
            return _problem("GET", form)
        answers = random.choice(CONFIG["answer_sets"])  # noqa: S311 - load, not secrets
        body = urlencode([("csrfmiddlewaretoken", token.group(1).decode()), *answers])
        headers = {
            **self.headers,
            "Referer": self.referer,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        before = time.perf_counter()
        done = self.client.post(CONFIG["path"], data=body, headers=headers, name="answers")
        post_times[step].append((time.perf_counter() - before) * 1000)
        if done.status_code != 200 or SUCCESS not in (done.content or b""):
            return _problem("POST", done)
        return ""


def _problem(method: str, response) -> str:
    if response.status_code:
        return f"{method} HTTP {response.status_code}"
    error = getattr(response, "error", None)
    return f"{method} {type(error).__name__ if error else 'no response'}"


def _nearest_rank(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)), 1) - 1]


@events.quitting.add_listener
def _write_figures(**_kwargs):
    steps = []
    for step, rate in enumerate(RATES):
        done = durations[step]
        steps.append(
            {
                "rate": rate,
                "completed": len(done),
                "p50": _nearest_rank(done, 0.5),
                "p99": _nearest_rank(done, 0.99),
                "post_p99_ms": _nearest_rank(post_times[step], 0.99),
                "errors": dict(errors[step]),
            }
        )
    with open(CONFIG["out"], "w", encoding="utf-8") as out:
        json.dump(
            {
                "steps": steps,
                # Until the last submission ended: the server was busy all along when it fell
                # behind, so completed / elapsed is its rate, not the generator's.
                "elapsed": max(finished, default=STEP_SECONDS * len(RATES)),
                # For percentiles over several runs: every duration, every POST time.
                "durations": [d for step in durations.values() for d in step],
                "post_times_ms": [t for step in post_times.values() for t in step],
            },
            out,
        )
