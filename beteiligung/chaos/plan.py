"""How long and how hard a fault run goes: the long run of `make chaos` and the short one of
the tests."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """How long and how hard; fault moments are fractions of the burst's duration."""

    duration: float
    clients: int
    limit: int  # participants at most
    worker_kill_at: float
    redis_down_at: float
    redis_down_seconds: float
    gunicorn_kill_at: float
    gunicorn_kills: int  # one worker each time, GUNICORN_KILL_SPACING (faults) apart
    catch_up_timeout: float
    web_workers: int = 3
    coalesce_seconds: float | None = None  # None: the production setting


LONG = Plan(
    duration=75,
    clients=8,
    limit=5000,
    worker_kill_at=0.2,
    redis_down_at=0.4,
    redis_down_seconds=8,
    gunicorn_kill_at=0.7,
    gunicorn_kills=3,
    catch_up_timeout=120,
)
SHORT = Plan(
    duration=16,
    clients=6,
    limit=1000,
    worker_kill_at=0.15,
    redis_down_at=0.3,
    # Long enough that a /readyz sample queued behind the burst still starts and ends inside
    # the outage on a busy CI machine.
    redis_down_seconds=6,
    gunicorn_kill_at=0.75,
    gunicorn_kills=1,
    catch_up_timeout=40,
    coalesce_seconds=1,
)
