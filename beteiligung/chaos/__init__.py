"""Fault runs (`make chaos`, and short ones in tests/beteiligung/test_chaos.py): the site as
production runs it, answered over HTTP by many participants at once while its parts fail.

A run creates an open one-step survey (results shown while it runs), starts a redis-server of
its own on a free port, gunicorn with production settings and a Celery worker against it, and
lets client threads answer as fresh browsers. During the burst it kills the Celery worker
(SIGKILL) and starts a new one, kills Redis for a few seconds and starts it again empty, and
kills one gunicorn worker, which the master replaces. A person whose request failed reloads
once. Afterwards it sends the reconciler until the results are current and checks from the
final data: every submission that got a thanks page is stored exactly once, nothing is stored
twice, the stored results equal plain SQL over the rows, and while Redis was down submissions
still got thanks pages while /readyz reported the broker down.
"""

from beteiligung.chaos.plan import LONG, SHORT, Plan
from beteiligung.chaos.run import ChaosResult, chaos_run

__all__ = ["LONG", "SHORT", "ChaosResult", "Plan", "chaos_run"]
