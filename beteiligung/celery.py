"""The Celery app: web, worker and beat share it.

Without REDIS_URL the settings make tasks run in-process (CELERY_TASK_ALWAYS_EAGER), so a fresh
machine needs no broker; with it, Redis is broker and result backend.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beteiligung.settings.dev")

app = Celery("beteiligung", include=["beteiligung.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
