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
