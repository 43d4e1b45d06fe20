#!/bin/sh
# Container entrypoint: wait for the database (web, worker), migrate (web only), then exec the
# role's process.
#
#   web     gunicorn on :8000; runs `migrate --noinput` first unless DJANGO_MIGRATE=0
#   worker  celery worker
#   beat    celery beat (exactly one per deployment, or periodic tasks run twice)
#   other   executed as given, e.g. `python manage.py createsuperuser`
#
# Environment (besides the Django settings, see .env.example):
#   PORT                   port gunicorn listens on, default 8000
#   GUNICORN_WORKERS       default 2 * CPU cores + 1 (gunicorn's recommendation for sync workers)
#   GUNICORN_TIMEOUT       seconds before a stuck worker is killed and restarted, default 60
#   CELERY_CONCURRENCY     worker processes, default: number of CPU cores
#   DB_WAIT_TIMEOUT        seconds to wait for the database, default 60; 0 skips waiting
#   DJANGO_MIGRATE         1 (default) lets the web role migrate; set 0 when several web
#                          replicas start at once and migrations run as a separate job
set -eu

role="${1:-web}"

wait_for_database() {
    timeout="${DB_WAIT_TIMEOUT:-60}"
    [ "$timeout" -gt 0 ] || return 0
    DB_WAIT_TIMEOUT="$timeout" python - <<'PY'
import os
import sys
import time

import django

django.setup()
from django.db import connection
from django.db.utils import OperationalError

deadline = time.monotonic() + int(os.environ["DB_WAIT_TIMEOUT"])
while True:
    try:
        connection.ensure_connection()
    except OperationalError as error:
        if time.monotonic() > deadline:
            print(f"entrypoint: database unreachable, giving up: {error}", file=sys.stderr)
            sys.exit(1)
        print("entrypoint: waiting for the database ...", file=sys.stderr)
        time.sleep(2)
    else:
        connection.close()
        break
PY
}

# nproc honours the container's cpuset, not a CPU quota (--cpus): set GUNICORN_WORKERS and
# CELERY_CONCURRENCY explicitly when the container is limited that way.
cores="$(nproc)"

case "$role" in
    web)
        shift || true
        wait_for_database
        if [ "${DJANGO_MIGRATE:-1}" = "1" ]; then
            python manage.py migrate --noinput
        fi
        exec gunicorn beteiligung.wsgi:application \
            --bind "0.0.0.0:${PORT:-8000}" \
            --workers "${GUNICORN_WORKERS:-$((2 * cores + 1))}" \
            --timeout "${GUNICORN_TIMEOUT:-60}" \
            --access-logfile - \
            "$@"
        ;;
    worker)
        shift || true
        wait_for_database
        exec celery -A beteiligung worker \
            --loglevel "${LOG_LEVEL:-INFO}" \
            --concurrency "${CELERY_CONCURRENCY:-$cores}" \
            "$@"
        ;;
    beat)
        shift || true
        # The schedule file only remembers last run times; losing it with the container is fine.
        exec celery -A beteiligung beat \
            --loglevel "${LOG_LEVEL:-INFO}" \
            --schedule /tmp/celerybeat-schedule \
            "$@"
        ;;
    *)
        exec "$@"
        ;;
esac
