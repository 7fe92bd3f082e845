from __future__ import annotations

import pytest

from wuye.regions.models import Region

CITY_CODE = "411700000000"


@pytest.fixture
def city_user(role_user):
    return role_user("city_bureau", region=Region.objects.get(code=CITY_CODE))


@pytest.fixture
def street_user(role_user, street):
    return role_user("street_office", region=street)


@pytest.fixture(autouse=True)
def _calendar_seeded(request, django_db_blocker):
    """Transactional tests elsewhere flush every table: seed the calendar again, as the migration did."""
    names = set(request.fixturenames)
    if not names & {"db", "transactional_db", "live_server"} and not request.node.get_closest_marker("django_db"):
        return
    from django.utils import timezone

    from wuye.workcalendar.fixtures import seed_defaults
    from wuye.workcalendar.models import CalendarDay, CalendarYear

    with django_db_blocker.unblock():
        seed_defaults(CalendarYear, CalendarDay, today=timezone.localdate())
