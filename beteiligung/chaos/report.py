"""A fault run's figures as a readable report."""

import os

from django.db import connection

from beteiligung.chaos.clients import Outcome
from beteiligung.chaos.run import ChaosResult

MISMATCHES_SHOWN = 10


def _counts(counter) -> str:
    return ", ".join(f"{key} {count}" for key, count in counter.most_common()) or "none"


def report_lines(result: ChaosResult) -> list[str]:
    plan, stored = result.plan, result.stored
    outcomes = result.outcomes()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    start, end = result.burst
    lines = [
        f"Fault run — {end - start:.0f} s burst, {plan.clients} clients over HTTP, gunicorn "
        f"{plan.web_workers} workers + 1 Celery worker (production settings), private Redis, "
        f"PostgreSQL {version}, {os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f})",
        "Faults and recoveries (seconds into the burst):",
        *(f"  {event.at - start:6.1f}  {event.what}" for event in result.events),
    ]
    retried = [s for s in result.submissions if s.retried]
    retry_outcomes = {
        Outcome.THANKS: "thanks page",
        Outcome.ANSWERED: "409 already answered",
        Outcome.FAILED: "failed again",
        Outcome.REFUSED: "refused",
    }
    lines += [
        f"Participants: {len(result.submissions)} attempted, {outcomes[Outcome.THANKS]} thanks "
        f"pages, {outcomes[Outcome.ANSWERED]} 'already answered' after a reload, "
        f"{outcomes[Outcome.FAILED]} failed, {outcomes[Outcome.REFUSED]} refused "
        f"({(end - start) and len(result.submissions) / (end - start):.1f} per second)",
        f"Failed requests: {sum(result.failed_requests().values())} "
        f"({_counts(result.failed_requests())})",
        f"Reloads: {len(retried)} participants reloaded once → "
        + ", ".join(
            f"{label} {sum(1 for s in retried if s.outcome == outcome)}"
            for outcome, label in retry_outcomes.items()
        ),
        f"Stored: {stored.responses} responses ({stored.in_progress} unfinished); confirmed and "
        f"stored exactly once {stored.confirmed_stored_once} of {stored.confirmed}; missing "
        f"{len(stored.missing)}; duplicates {len(stored.duplicate_markers)} by marker, "
        f"{stored.duplicate_participants} by participant; stored although the person saw an "
        f"error {stored.unconfirmed_stored}, not stored after an error {stored.unconfirmed_lost}",
    ]
    down, up = result.redis_down
    outage = result.outage_probes()
    back = result.broker_back_after()
    answers = sorted({f"{p.status} broker {p.broker}" for p in outage})
    lines.append(
        f"While Redis was down ({up - down:.1f} s): {len(result.during_outage())} thanks "
        f"pages; /readyz {len(outage)} samples: {'; '.join(answers) or 'none'}; ready again "
        + (f"{back:.1f} s after the restart" if back is not None else "NEVER")
    )
    lines.append("Logged: " + ", ".join(f"{k} {v}" for k, v in result.log_counts.items()))
    comparison = result.comparison
    current = (
        f"current {result.catch_up_seconds:.1f} s after the burst"
        if result.catch_up_seconds is not None
        else f"NOT current {plan.catch_up_timeout:.0f} s after the burst"
    )
    lines.append(
        f"Results: {current} (reconciler sent {result.reconciler_runs}× meanwhile); "
        f"{comparison.cells} cells "
        f"compared with SQL over the final data and a recomputation, "
        f"{len(comparison.mismatches)} mismatches"
    )
    lines += [f"  mismatch: {m}" for m in comparison.mismatches[:MISMATCHES_SHOWN]]
    lines += [f"  missing: {m}" for m in stored.missing[:MISMATCHES_SHOWN]]
    lines += [f"  under another participant: {m}" for m in stored.misattributed[:MISMATCHES_SHOWN]]
    lines += [f"  stored twice: {m}" for m in stored.duplicate_markers[:MISMATCHES_SHOWN]]
    refusals = sorted({s.refusal for s in result.submissions if s.refusal})
    lines += [f"  refused: {why}" for why in refusals[:MISMATCHES_SHOWN]]
    lines.append("Checks:")
    lines += [
        f"  {'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}"
        for check in result.checks
    ]
    lines.append(f"Logs: {result.log_dir}")
    return lines
