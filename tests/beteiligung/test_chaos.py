"""The short fault run (beteiligung.chaos; `make chaos` is the long one): participants answer
over HTTP against gunicorn with production settings, a Celery worker and a private Redis while
the worker is killed, Redis is killed and restarted, and a gunicorn worker is killed.

What an operator must be able to rely on afterwards: every participant who saw a thanks page
is stored exactly once, nothing twice, the results equal plain SQL over the final rows, and
during the Redis outage people still got thanks pages while /readyz reported the broker down.
"""

import pytest

from beteiligung.chaos import SHORT, chaos_run
from beteiligung.chaos.clients import Outcome
from beteiligung.chaos.report import report_lines

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),  # gunicorn and the worker see committed rows only
]


def test_a_burst_through_worker_redis_and_web_faults_loses_and_doubles_nothing(home_page, tmp_path):
    result = chaos_run(plan=SHORT, log_dir=str(tmp_path), progress=lambda text: None)
    report = "\n".join(report_lines(result))
    print(report)

    assert [check.name for check in result.checks if not check.ok] == [], report
    stored = result.stored
    assert result.outcomes()[Outcome.THANKS] >= 50, report
    assert stored.confirmed_stored_once == stored.confirmed
    assert stored.missing == stored.misattributed == stored.duplicate_markers == []
    assert stored.duplicate_participants == stored.foreign == 0
    assert result.comparison.mismatches == []
    assert result.catch_up_seconds is not None
    assert result.during_outage(), "no thanks page while Redis was down"
    assert {probe.status for probe in result.outage_probes()} == {503}
    assert not [kind for kind in result.failed_requests() if ": HTTP 5" in kind]
