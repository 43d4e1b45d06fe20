# One entry point for people and CI. `make run` and `make test` work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test shots lint format worker beat messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install  ## fresh machine -> running site with the demo city on http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Die Seite läuft auf http://$(HOST):$(PORT)/ - Verwaltung unter http://$(HOST):$(PORT)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install  ## all tests; uses PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set
	$(VENV)/bin/pytest

shots: install  ## full-page screenshots of every page type (1280/320 px, print) into /tmp/shots
	BROWSER_SCREENSHOTS=/tmp/shots $(VENV)/bin/pytest tests/browser -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	BENCHMARKS=1 $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: install  ## Celery worker (needs REDIS_URL)
	$(VENV)/bin/celery -A beteiligung worker --loglevel=INFO --concurrency=2

beat: install  ## Celery beat: periodic tasks (needs REDIS_URL)
	$(VENV)/bin/celery -A beteiligung beat --loglevel=INFO --schedule=/tmp/beteiligung-celerybeat-schedule

messages: install  ## refresh the de/en catalogues after changing UI strings, then compile them
	$(PY) manage.py makemessages --locale=de --locale=en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=media --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

# `make bench aggregation`: the words after "bench" name scenarios, not targets of their own.
ifeq (bench,$(firstword $(MAKECMDGOALS)))
BENCH_SCENARIOS := $(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS))
ifneq (,$(BENCH_SCENARIOS))
.PHONY: $(BENCH_SCENARIOS)
$(eval $(BENCH_SCENARIOS):;@:)
endif
endif

.PHONY: bench
bench: install  ## benchmark figures (PostgreSQL + Redis, migrated first) into bench-results/; `make bench aggregation` runs one
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/beteiligung_bench}" \
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/15}" DEBUG="$${DEBUG:-0}" BENCHMARKS=1 \
	$(PY) manage.py bench $(BENCH_SCENARIOS)

.PHONY: chaos
chaos: install  ## fault run: a burst over HTTP while Celery, Redis and a gunicorn worker fail (own Redis); non-zero on a failed check
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/beteiligung_chaos}" \
	REDIS_URL= DEBUG="$${DEBUG:-0}" $(PY) manage.py chaos

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache
