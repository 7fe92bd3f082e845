"""Celery tasks (production); the embedded default runs `manage.py sweep_governance` instead."""
from celery import shared_task


@shared_task(name="governance.sweep")
def sweep_governance_task() -> dict:
    from wuye.governance.services.committees import sweep_governance

    return sweep_governance()
