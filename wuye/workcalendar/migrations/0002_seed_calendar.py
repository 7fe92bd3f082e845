"""Every fresh database gets a calendar: 2025 to next year from the holidays package, and the
State Council's 2026 schedule as official, confirmed data (wuye/workcalendar/data/)."""
from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from wuye.workcalendar.fixtures import seed_defaults

    seed_defaults(apps.get_model("workcalendar", "CalendarYear"), apps.get_model("workcalendar", "CalendarDay"),
                  today=timezone.localdate())


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
