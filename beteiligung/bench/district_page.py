"""District page, stored and rendered: requests per second and latency of the demo district
page through gunicorn on loopback with production settings, measured with wrk.

Both measurements run against the same server in the same run: anonymous requests get the
stored page (beteiligung.page_cache); requests with a participant cookie bypass the store and
render the page each time, which is the uncached baseline. Targets (DESIGN.md): stored
≥ 800 requests/s and ≥ 10× the rendered rate.
"""

import os
import re
import shutil
import subprocess
import urllib.request

from django.conf import settings

from beteiligung.bench.server import Site
from beteiligung.browser_id import BROWSER_COOKIE

WORKERS = 2
CONNECTIONS = 16
DURATION_SECONDS = 15  # each wrk run is bounded in time; wrk counts what it completed


def demo_district_page():
    """The demo city's first district page, seeding the demo city into an empty database."""
    from cms.demo.seed import demo_city_seed
    from cms.models import DistrictPage

    page = DistrictPage.objects.live().public().order_by("path").first()
    if page is None:
        demo_city_seed(survey_responses=0)
        page = DistrictPage.objects.live().public().order_by("path").first()
    return page


def _wrk(url: str, *headers: str) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION_SECONDS}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [*command, url], capture_output=True, text=True, check=True, timeout=DURATION_SECONDS + 60
    ).stdout

    def latency(label: str) -> str:
        found = re.search(rf"^\s+{label}\s+(\S+)", output, re.M)
        return found.group(1) if found else "?"

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rate": float(rate.group(1)) if rate else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "p50": latency("50%"),
        "p99": latency("99%"),
        "errors": int(failed.group(1)) if failed else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "none",
    }


def run(*, report, options: dict) -> None:
    if shutil.which("wrk") is None:
        raise RuntimeError("The district page benchmark needs wrk (apt-get install wrk).")
    if not settings.REDIS_URL:
        raise RuntimeError("The district page benchmark needs Redis for the page cache.")
    path = demo_district_page().url
    report.progress(f"gunicorn with {WORKERS} workers, production settings")
    with Site(workers=WORKERS, env={"PAGE_CACHE_SECONDS": 120}) as site:
        url = site.base + path
        # Loopback only: the server this scenario started.
        urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 - stores the page
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            state = response.headers.get("X-Page-Cache", "none")
        report.progress(f"stored page: X-Page-Cache {state}; wrk {DURATION_SECONDS} s each")
        stored = _wrk(url)
        rendered = _wrk(url, f"Cookie: {BROWSER_COOKIE}=bench")
    _print(report, path, stored, rendered, load=os.getloadavg()[0])


def _print(report, path: str, stored: dict, rendered: dict, *, load: float) -> None:
    ratio = stored["rate"] / rendered["rate"] if rendered["rate"] else float("inf")
    report.line(
        f"District page {path} — gunicorn {WORKERS} workers, production settings, "
        f"PostgreSQL + Redis, wrk {CONNECTIONS} connections × {DURATION_SECONDS} s, "
        f"{os.cpu_count()} cores (load average {load:.1f} after the runs)"
    )
    report.line(f"{'':10} {'requests/s':>11} {'requests':>9} {'p50':>9} {'p99':>9}  errors")
    for label, row in (("stored", stored), ("rendered", rendered)):
        report.line(
            f"{label:10} {row['rate']:>11.0f} {row['requests']:>9} {row['p50']:>9} "
            f"{row['p99']:>9}  {row['errors']} non-2xx, sockets: {row['socket_errors']}"
        )
    report.line(
        f"Stored / rendered: {ratio:.0f}× (targets: stored ≥ 800 requests/s and ≥ 10×: "
        f"{'met' if stored['rate'] >= 800 and ratio >= 10 else 'NOT met'})"
    )
