"""Raw CSV export of 1 M answers: wall time and peak extra memory of the process writing it.

The answers are the aggregation benchmark's (same generator, same shares). The export runs in
a fresh Python process, through `surveys.exports.responses_download`, the function behind the
admin's and the API's download, and its streamed body goes to /dev/null as a client would
consume it. A thread samples the process's resident memory every 5 ms; "extra" is the peak
minus the resident memory just before the export, after Django and the survey were loaded.
Target (DESIGN.md): at most 100 MB extra, whatever the number of answers.
"""

import json
import os
import subprocess
import sys
import threading
import time

from django.conf import settings

from beteiligung.bench import seconds, thousands
from beteiligung.bench.aggregation import (
    SEED,
    answers_generate,
    bench_pages_delete,
    survey_create,
)

ANSWERS = 1_000_000
SAMPLE_SECONDS = 0.005
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_BYTES


def probe(survey_id: int) -> dict:
    """Export the survey's responses as CSV in this process; the figures as a dict."""
    from surveys.exports import responses_download
    from surveys.models import SurveyPage

    survey = SurveyPage.objects.get(pk=survey_id)
    # Warm-up on the real survey, cut short: imports, templates of the cells, the connection.
    warm = responses_download(survey=survey, file_format="csv")
    next(iter(warm.streaming_content))
    warm.close()
    before = _resident_bytes()
    peak = before
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _resident_bytes())
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    response = responses_download(survey=survey, file_format="csv")
    size = rows = 0
    with open(os.devnull, "wb") as sink:
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\n")
            sink.write(chunk)
    response.close()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    peak = max(peak, _resident_bytes())
    return {"seconds": elapsed, "bytes": size, "lines": rows, "before": before, "peak": peak}


def run(*, report, options: dict) -> None:
    bench_pages_delete()
    try:
        survey = survey_create()
        report.progress(f"generating {thousands(ANSWERS)} answers")
        written, responses = answers_generate(survey, answers=ANSWERS, seed=SEED + ANSWERS)
        report.progress("exporting in a fresh process")
        code = (
            "import django, json; django.setup(); "
            "from beteiligung.bench.export import probe; "
            f"print(json.dumps(probe({survey.pk})))"
        )
        output = subprocess.run(  # noqa: S603 - this interpreter with our own code
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        ).stdout
        figures = json.loads(output.strip().splitlines()[-1])
    finally:
        if not options.get("keep"):
            bench_pages_delete()
    extra = (figures["peak"] - figures["before"]) / 2**20
    report.line(
        f"Raw CSV export — {thousands(written)} answers of {thousands(responses)} responses, "
        f"PostgreSQL, {os.cpu_count()} cores"
    )
    report.line(
        f"wall time {seconds(figures['seconds'])}, {figures['bytes'] / 2**20:.0f} MB of CSV "
        f"({thousands(figures['lines'])} lines), "
        f"{thousands(round(written / figures['seconds']))} answers/s"
    )
    report.line(
        f"peak extra memory {extra:.1f} MB (resident {figures['before'] / 2**20:.0f} MB before, "
        f"{figures['peak'] / 2**20:.0f} MB at the peak); target ≤ 100 MB: "
        f"{'met' if extra <= 100 else 'NOT met'}"
    )
