"""Production timers: every periodic sweep is on the beat schedule and names a registered task."""
import pytest


def test_beat_schedule_names_registered_tasks_for_every_sweep():
    pytest.importorskip("celery")
    from config.celery import app

    app.loader.import_default_modules()  # autodiscover each app's tasks.py
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"complaints.sweep_timers", "governance.sweep", "core.backup"} <= scheduled
    assert scheduled <= set(app.tasks), f"unregistered: {scheduled - set(app.tasks)}"
