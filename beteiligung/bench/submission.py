"""Survey submission against a plain Wagtail form-builder page, under the same rising load.

A 10-question survey (one step, the demo questionnaire's question types) and a
wagtail.contrib.forms page with the same ten answers (beteiligung.bench.models) are served by
the same gunicorn (production settings, a Celery worker recomputing results as in production)
on loopback. locust offers each 50 → 400 submissions per second in steps of STEP_SECONDS, the
two taking turns step by step; the tables of earlier benchmarks are vacuumed first. A
submission is GET form + POST answers (+ the thank-you page the survey redirects to). Per step:
completed submissions per second, p50/p99 of a whole submission, p99 of the POST alone, and
errors (a request timing out after TIMEOUT_SECONDS counts as one).

Target (DESIGN.md): the survey completes at least the baseline's submissions per second at no
higher p99 with 0 errors: normalised answers, the one-response-per-person rule, rate limiting
and the result triggers must cost nothing a person can feel.
"""

import copy
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib.util import find_spec
from pathlib import Path

import requests
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from beteiligung.bench import percentile, table
from beteiligung.bench.aggregation import survey_clear
from beteiligung.bench.district_page import demo_district_page
from beteiligung.bench.server import Site
from cms.models import DistrictPage
from surveys.demo import GUT_LEBEN_QUESTIONS, GUT_LEBEN_SURVEY
from surveys.forms import SurveyStepForm
from surveys.models import Response, SurveyPage
from surveys.structure import survey_steps

RATES = (50, 100, 200, 300, 400)  # offered submissions per second, one step each
STEP_SECONDS = 15
TIMEOUT_SECONDS = 10  # a person waiting longer for a page counts as an error
WORKERS = 2 * (os.cpu_count() or 1) + 1  # the documented gunicorn count (docker/entrypoint.sh)
SETTLE_SECONDS = 5  # after a run: let the server finish what the generator left queued
BENCH_SLUG = "bench-submission"
BASELINE_SLUG = "bench-form-builder"
SUCCESS_TEXT = "Ihre Antworten sind gespeichert."

# The demo questionnaire's questions the form builder can take too: choices, a scale, yes/no,
# several answers, free text, a list, a number, a date, a line.
QUESTION_KEYS = (
    "wohndauer",
    "zufriedenheit",
    "einkauf-zu-fuss",
    "einkauf-hindernisse",
    "wunsch",
    "altersgruppe",
    "geschlecht",
    "haushalt",
    "einzug",
    "strasse",
)
# Three people's answers, by question key; the baseline gets the same as choice labels.
ANSWER_SETS = (
    {
        "wohndauer": "ueber-20",
        "zufriedenheit": "4",
        "einkauf-zu-fuss": "nein",
        "einkauf-hindernisse": ["keine-baenke", "bordsteine"],
        "wunsch": "Mehr Bänke auf dem Weg zum Einkaufen.",
        "altersgruppe": "70-79",
        "geschlecht": "weiblich",
        "haushalt": "1",
        "einzug": "1998-04-01",
        "strasse": "Kirchstraße",
    },
    {
        "wohndauer": "5-20",
        "zufriedenheit": "5",
        "einkauf-zu-fuss": "ja",
        "einkauf-hindernisse": [],
        "wunsch": "Ein Mittagstisch auch am Wochenende wäre schön.",
        "altersgruppe": "60-69",
        "geschlecht": "maennlich",
        "haushalt": "2",
        "einzug": "2010-09-15",
        "strasse": "Breite Straße",
    },
    {
        "wohndauer": "unter-5",
        "zufriedenheit": "3",
        "einkauf-zu-fuss": "nein",
        "einkauf-hindernisse": ["weg-zu-weit"],
        "wunsch": "",
        "altersgruppe": "80-plus",
        "geschlecht": "keine-angabe",
        "haushalt": "2",
        "einzug": "2022-01-01",
        "strasse": "",
    },
)


def _questions() -> list[dict]:
    """The ten questions in one step, without conditions (the form builder has none)."""
    questions = []
    for block in copy.deepcopy(GUT_LEBEN_QUESTIONS):
        if block["value"].get("key") in QUESTION_KEYS:
            block["value"]["condition"] = {"question": "", "operator": "is", "choice": ""}
            questions.append(block)
    assert len(questions) == len(QUESTION_KEYS)  # else the demo questionnaire changed
    return questions


def _pages_delete() -> None:
    """What this scenario created, also what a crashed run left behind."""
    from wagtail.contrib.forms.models import FormSubmission

    from beteiligung.bench.models import BaselineFormPage

    for survey in SurveyPage.objects.filter(slug=BENCH_SLUG):
        survey_clear(survey.pk)
        survey.delete()
    for page in BaselineFormPage.objects.filter(slug=BASELINE_SLUG):
        FormSubmission.objects.filter(page=page).delete()
        page.delete()


def _survey_create(parent: DistrictPage) -> SurveyPage:
    now = timezone.now()
    return parent.add_child(
        instance=SurveyPage(
            **{
                **GUT_LEBEN_SURVEY,
                "title": "Benchmark: Gut leben im Stadtteil",
                "slug": BENCH_SLUG,
                "results_visibility": "live",
            },
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=1),
            questions=_questions(),
        )
    )


def _survey_fields(survey: SurveyPage) -> tuple[list[list[tuple[str, str]]], dict]:
    """Each answer set as POST pairs of the survey's step form, checked by the form itself;
    and every question's choices (key -> label) for the baseline."""
    step = survey_steps(survey.questions)[0]
    labels = {}
    posts = []
    for answers in ANSWER_SETS:
        pairs = [("website", ""), ("weiter", "")]
        for key, value in answers.items():
            pairs += [(key, item) for item in value] if isinstance(value, list) else [(key, value)]
        form = SurveyStepForm(_querydict(pairs), step=step, earlier_answers=[])
        if not form.is_valid():
            raise RuntimeError(f"The benchmark's answers do not fit the survey: {form.errors}")
        posts.append(pairs)
        for key in QUESTION_KEYS:
            labels[key] = {k: str(label) for k, label in getattr(form.fields[key], "choices", ())}
    return posts, labels


def _querydict(pairs) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(key, value)
    return data


def _baseline_create(parent: DistrictPage, survey: SurveyPage, labels: dict):
    """The form-builder page: each survey question as the nearest form-builder field."""
    from beteiligung.bench.models import BaselineFormField, BaselineFormPage

    page = parent.add_child(
        instance=BaselineFormPage(title="Benchmark: Vergleichsformular", slug=BASELINE_SLUG)
    )
    field_types = {
        "single_choice": "radio",
        "rating": "radio",
        "yes_no": "radio",
        "multiple_choice": "checkboxes",
        "long_text": "multiline",
        "number": "number",
        "date": "date",
        "short_text": "singleline",
    }
    for order, block in enumerate(survey.questions):
        value = block.value
        field_type = field_types[block.block_type]
        if block.block_type == "single_choice" and value["display"] == "select":
            field_type = "dropdown"
        choices = [label for key, label in labels[value["key"]].items() if key]
        BaselineFormField.objects.create(
            page=page,
            sort_order=order,
            clean_name=value["key"].replace("-", "_"),
            label=str(value["label"]),
            field_type=field_type,
            required=bool(value.get("required")),
            choices="\n".join(choices),
        )
    return page


def _baseline_posts(labels: dict) -> list[list[tuple[str, str]]]:
    posts = []
    for answers in ANSWER_SETS:
        pairs = []
        for key, value in answers.items():
            name = key.replace("-", "_")
            if labels[key]:  # choices travel as their labels in the form builder
                values = value if isinstance(value, list) else [value]
                pairs += [(name, labels[key][item]) for item in values if item]
            else:
                pairs.append((name, value))
        posts.append(pairs)
    return posts


def _check_once(base: str, path: str, pairs) -> None:
    """One submission through the server before the load: a wrong set-up shows at once,
    not as a table of errors."""
    session = requests.Session()
    origin = base.replace("http:", "https:")
    headers = {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + path}
    page = session.get(base + path, headers=headers, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if page.status_code != 200 or token is None:
        raise RuntimeError(f"GET {path} answered {page.status_code} without a form")
    # requests keeps Secure cookies for https only; the proxy header stands in for TLS here.
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in session.cookies)
    done = requests.post(
        base + path,
        data=[("csrfmiddlewaretoken", token.group(1)), *pairs],
        headers={**headers, "Cookie": cookies},
        timeout=30,
    )
    if done.status_code != 200 or SUCCESS_TEXT not in done.text:
        raise RuntimeError(f"POST {path} answered {done.status_code}: {done.text[:2000]}")


def _locust(base: str, path: str, posts, workdir: Path, name: str, rate: int) -> dict:
    """One step: locust offers `rate` submissions per second for STEP_SECONDS."""
    config = workdir / f"{name}-{rate}.json"
    out = workdir / f"{name}-{rate}-figures.json"
    config.write_text(
        json.dumps(
            {
                "path": path,
                "answer_sets": posts,
                "rates": [rate],
                "step_seconds": STEP_SECONDS,
                "timeout_seconds": TIMEOUT_SECONDS,
                "success_text": SUCCESS_TEXT,
                "out": str(out),
            }
        ),
        encoding="utf-8",
    )
    # The shape stops locust; this is the backstop.
    bounded = STEP_SECONDS + 3 * TIMEOUT_SECONDS + 120
    subprocess.run(  # noqa: S603 - locust with our own arguments, against our loopback server
        [
            str(Path(sys.executable).with_name("locust")),
            "--locustfile",
            str(Path(__file__).with_name("locustfile.py")),
            "--headless",
            "--host",
            base,
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--exit-code-on-error",
            "0",
            # People who already sent their answers get to see the thank-you page.
            "--stop-timeout",
            str(3 * TIMEOUT_SECONDS),
        ],
        env={**os.environ, "BENCH_LOCUST_CONFIG": str(config)},
        cwd=workdir,
        check=True,
        timeout=bounded,
        capture_output=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def run(*, report, options: dict) -> None:
    if find_spec("locust") is None:
        raise RuntimeError("The submission benchmark needs locust (make install).")
    if not settings.REDIS_URL:
        raise RuntimeError("The submission benchmark needs Redis (REDIS_URL).")
    if not django_apps.is_installed("beteiligung.bench"):
        raise RuntimeError("The submission benchmark's baseline needs BENCHMARKS=1 (make bench).")
    from wagtail.contrib.forms.models import FormSubmission

    _pages_delete()
    figures, stored = {}, {}
    try:
        district_page = demo_district_page()
        survey = _survey_create(district_page)
        survey_posts, labels = _survey_fields(survey)
        baseline = _baseline_create(district_page, survey, labels)
        baseline_posts = _baseline_posts(labels)
        if not baseline.get_form(_querydict(baseline_posts[0]), page=baseline).is_valid():
            raise RuntimeError("The benchmark's answers do not fit the baseline form.")
        targets = {
            "form builder": (baseline.url, baseline_posts),
            "survey": (survey.url + survey.reverse_subpage("survey_step", args=(1,)), survey_posts),
        }
        with connection.cursor() as cursor:  # no autovacuum of earlier benchmarks' rows midway
            for table_name in ("surveys_answer", "surveys_response", "wagtailforms_formsubmission"):
                cursor.execute(f"VACUUM ANALYZE {table_name}")
        report.progress(f"gunicorn with {WORKERS} workers and a Celery worker, production settings")
        # Every locust user comes from 127.0.0.1: the per-client limit would stop them all.
        env = {"SURVEY_SUBMISSIONS_PER_MINUTE": 10**9}
        with (
            Site(workers=WORKERS, env=env, celery_worker=True) as site,
            tempfile.TemporaryDirectory(prefix="bench-locust-") as workdir,
        ):
            for name, (path, posts) in targets.items():
                _check_once(site.base, path, posts[0])
                figures[name] = []
            report.progress(
                f"locust, {' → '.join(map(str, RATES))} per second, {STEP_SECONDS} s each, "
                "the two targets taking turns"
            )
            for index, rate in enumerate(RATES):
                # Turns, first one then the other first: drift on a shared machine (vacuum,
                # the worker's recomputations, other load) hits both alike.
                for name in list(targets)[:: 1 if index % 2 == 0 else -1]:
                    path, posts = targets[name]
                    figures[name].append(_locust(site.base, path, posts, Path(workdir), name, rate))
                    time.sleep(SETTLE_SECONDS)
        stored["form builder"] = FormSubmission.objects.filter(page=baseline).count()
        stored["survey"] = Response.objects.filter(
            survey=survey, status=Response.Status.SUBMITTED
        ).count()
    finally:
        if not options.get("keep"):
            _pages_delete()
    _print(report, figures, stored, load=os.getloadavg()[0])


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.0f} ms"


def _row(offered: str, name: str, figures: dict, seconds_: float) -> list[str]:
    errors = sum(figures["errors"].values())
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(figures["errors"].items()))
    return [
        offered,
        name,
        f"{figures['completed'] / seconds_:.1f}",
        _ms(figures["p50"]),
        _ms(figures["p99"]),
        "–" if figures["post_p99_ms"] is None else f"{figures['post_p99_ms']:.0f} ms",
        f"{errors}" + (f" ({kinds})" if kinds else ""),
    ]


def _print(report, figures: dict, stored: dict, *, load: float) -> None:
    report.line(
        f"Survey submission vs. Wagtail form builder — gunicorn {WORKERS} sync workers + 1 Celery "
        f"worker, production settings, PostgreSQL + Redis; locust on the same "
        f"{os.cpu_count()} cores (load average {load:.1f} after the runs)"
    )
    report.line(
        f"Ten answers per submission; GET form + POST (+ thank-you page); {STEP_SECONDS} s per "
        f"step; a request over {TIMEOUT_SECONDS} s counts as an error; completed/s until the "
        "last submission of the step ended"
    )
    rows = [
        _row(f"{rate}/s", name, figures[name][index]["steps"][0], figures[name][index]["elapsed"])
        for index, rate in enumerate(RATES)
        for name in figures
    ]
    totals = {name: _total(runs) for name, runs in figures.items()}
    for name, total in totals.items():
        rows.append(_row("all steps", name, total, total["elapsed"]))
    header = ["offered", "target", "completed/s", "p50", "p99", "POST p99", "errors"]
    for line in table(header, rows):
        report.line(line)
    for name, count in stored.items():
        completed = totals[name]["completed"]
        lost = f", {completed - count} LOST" if count < completed else ""
        report.line(
            f"{name}: {completed} thank-you pages, {count} stored{lost} (a stored submission "
            "without its thank-you page timed out on the way back or was cut off at the end)"
        )
    report.line(_verdict(totals))


def _total(runs: list[dict]) -> dict:
    """One target's figures over all its steps."""
    durations = [d for run in runs for d in run["durations"]]
    posts = [t for run in runs for t in run["post_times_ms"]]
    errors = Counter()
    for run in runs:
        errors.update(run["steps"][0]["errors"])
    return {
        "elapsed": sum(run["elapsed"] for run in runs),
        "completed": len(durations),
        "p50": percentile(durations, 0.5) if durations else None,
        "p99": percentile(durations, 0.99) if durations else None,
        "post_p99_ms": percentile(posts, 0.99) if posts else None,
        "errors": dict(errors),
    }


def _verdict(totals: dict) -> str:
    """The target over the whole ramp: completed submissions per second, p99, errors."""
    base, ours = totals["form builder"], totals["survey"]
    base_rate, our_rate = (t["completed"] / t["elapsed"] for t in (base, ours))
    rate_ok = our_rate >= base_rate
    p99_ok = None not in (ours["p99"], base["p99"]) and ours["p99"] <= base["p99"]
    errors = sum(ours["errors"].values())
    gaps = [
        *([] if rate_ok else ["fewer completed"]),
        *([] if p99_ok else ["higher p99"]),
        *([] if not errors else [f"{errors} errors"]),
    ]
    return (
        f"Target over the whole ramp: survey {our_rate:.1f}/s, p99 "
        f"{_ms(ours['p99'])}, {errors} errors vs. form builder "
        f"{base_rate:.1f}/s, p99 {_ms(base['p99'])}: "
        + ("met" if not gaps else f"NOT met ({', '.join(gaps)})")
    )
