"""Every fresh database gets a calendar: 2025 to next year from the holidays package, and the
State Council's 2026 schedule as official, confirmed data (wuye/workcalendar/data/)."""
import uuid

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from wuye.workcalendar.fixtures import OFFICIAL_SCHEDULES, official_entries, official_note
    from wuye.workcalendar.package import package_days, package_version

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    now = timezone.now()
    last = max(2027, timezone.localdate().year + 1)
    for year in range(2025, last + 1):
        if CalendarYear.objects.filter(year=year).exists():
            continue
        if year in OFFICIAL_SCHEDULES:
            entries = [e for e in official_entries(year) if e.differs_from_default]
            source, note, confirmed = "official", official_note(year), True
        else:
            entries = list(package_days(year))
            source, note, confirmed = "package", f"按 holidays {package_version()} 推算", False
        CalendarYear.objects.create(
            year=year, confirmed=confirmed, source_note=note[:300], confirmed_at=now if confirmed else None,
            revision=uuid.uuid4().hex,
        )
        CalendarDay.objects.bulk_create([
            CalendarDay(date=e.date, is_workday=e.is_workday, name=e.name, source=source) for e in entries
        ])


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
