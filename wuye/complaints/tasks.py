"""Celery tasks (production); the embedded default runs `manage.py sweep_work_orders` instead."""
from celery import shared_task


@shared_task(name="complaints.sweep_timers")
def sweep_timers_task() -> dict:
    from wuye.complaints.services import sweep_timers

    return sweep_timers()
