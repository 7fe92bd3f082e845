"""Celery application for production (Redis broker). The embedded default runs tasks inline."""
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
app = Celery("wuye")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic tasks (celery beat): one entry per app's sweep.
app.conf.beat_schedule = {
    # Work-order reminders and 督办 escalation: deadlines are in hours, so every five minutes.
    "complaints-sweep": {"task": "complaints.sweep_timers", "schedule": 300.0},
    # Governance limits count in days: hourly is ample, and the sweep is idempotent.
    "governance-sweep": {"task": "governance.sweep", "schedule": 3600.0},
    # Database and uploaded files, daily at 02:30 (Asia/Shanghai), the newest WUYE_BACKUP_KEEP kept.
    "core-backup": {"task": "core.backup", "schedule": crontab(hour=2, minute=30)},
}
