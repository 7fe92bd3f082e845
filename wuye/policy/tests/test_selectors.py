"""Resolving a parameter for a region: the nearest override up the tree wins."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wuye.accounts.tests.factories import UserFactory
from wuye.core.models import AuditEntry
from wuye.policy.models import PolicyValue
from wuye.policy.selectors import get_parameter, resolve_profile, resolved_values
from wuye.policy.services import INHERIT, policy_profile_update
from wuye.regions.models import Region

pytestmark = pytest.mark.django_db

PROVINCE, CITY, DISTRICT, STREET = "410000000000", "411700000000", "411702000000", "411702001000"


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True)


def set_value(admin, code, key, raw):
    policy_profile_update(actor=admin, region=Region.objects.get(code=code), values={key: raw})


def test_nearest_override_wins_all_the_way_down(admin):
    key = "meeting_notice_days"
    assert get_parameter(STREET, key) == 15  # national default
    set_value(admin, PROVINCE, key, "20")
    assert [get_parameter(c, key) for c in (PROVINCE, CITY, DISTRICT, STREET)] == [20, 20, 20, 20]
    set_value(admin, CITY, key, "25")
    assert [get_parameter(c, key) for c in (PROVINCE, CITY, DISTRICT, STREET)] == [20, 25, 25, 25]
    set_value(admin, DISTRICT, key, "30")
    assert [get_parameter(c, key) for c in (PROVINCE, CITY, DISTRICT, STREET)] == [20, 25, 30, 30]
    # Another district of the same city still inherits from the city.
    assert get_parameter("411721000000", key) == 25
    # Another city inherits from the province only.
    assert get_parameter("411500000000", key) == 20


def test_removing_an_override_restores_inheritance(admin):
    key = "deposit_rate"
    set_value(admin, CITY, key, "0.06")
    set_value(admin, DISTRICT, key, "0.07")
    assert get_parameter(STREET, key) == Decimal("0.07")
    set_value(admin, DISTRICT, key, INHERIT)
    assert not PolicyValue.objects.filter(region_id=DISTRICT, key=key).exists()
    assert get_parameter(STREET, key) == Decimal("0.06")
    set_value(admin, CITY, key, INHERIT)
    assert get_parameter(STREET, key) == Decimal("0.05")
    actions = list(AuditEntry.objects.filter(content_type__model="policyvalue").values_list("action", flat=True))
    assert sorted(actions) == ["create", "create", "void", "void"]


def test_resolve_profile_says_where_each_value_comes_from(admin):
    set_value(admin, CITY, "committee_max", "9")
    set_value(admin, DISTRICT, "parking_counts_as_area", "是")
    items = {i.definition.key: i for i in resolve_profile(DISTRICT)}
    assert items["committee_max"].value == 9 and items["committee_max"].source_region.code == CITY
    assert items["committee_max"].own_value is None
    assert items["parking_counts_as_area"].value is True and items["parking_counts_as_area"].own_value is not None
    assert items["meeting_notice_days"].source_region is None and items["meeting_notice_days"].value == 15
    assert items["parking_counts_as_area"].display == "是"
    assert resolved_values(STREET)["committee_max"] == 9


def test_bad_value_saves_nothing(admin):
    with pytest.raises(ValidationError) as exc:
        policy_profile_update(actor=admin, region=Region.objects.get(code=CITY),
                              values={"meeting_notice_days": "20", "deposit_rate": "0.5"})
    assert "deposit_rate" in exc.value.message_dict
    assert not PolicyValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_inconsistent_profile_saves_nothing(admin):
    with pytest.raises(ValidationError) as exc:
        policy_profile_update(actor=admin, region=Region.objects.get(code=CITY),
                              values={"committee_min": "13", "meeting_notice_days": "20"})
    assert "不能大于最多人数" in " ".join(exc.value.messages)
    assert not PolicyValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_only_bureaus_edit_profiles_of_their_own_tree(role_user, street):
    city_bureau = role_user("city_bureau", region=Region.objects.get(code=CITY))
    policy_profile_update(actor=city_bureau, region=Region.objects.get(code=DISTRICT), values={"committee_max": "9"})
    for region_code in (PROVINCE, "411500000000", STREET):
        with pytest.raises(PermissionDenied):
            policy_profile_update(actor=city_bureau, region=Region.objects.get(code=region_code),
                                  values={"committee_max": "9"})
    street_office = role_user("street_office", region=street)
    with pytest.raises(PermissionDenied):
        policy_profile_update(actor=street_office, region=Region.objects.get(code=DISTRICT), values={"committee_max": "9"})


@pytest.mark.django_db
def test_city_change_that_breaks_a_district_override_is_refused(role_user):
    from django.core.exceptions import ValidationError

    from wuye.policy.models import PolicyValue
    from wuye.policy.services import policy_profile_update
    from wuye.regions.models import Region

    city, district = Region.objects.get(code="411700000000"), Region.objects.get(code="411702000000")
    admin = role_user("city_bureau", region=city)
    policy_profile_update(actor=admin, region=district, values={"committee_min": 9})
    with pytest.raises(ValidationError) as exc:
        policy_profile_update(actor=admin, region=city, values={"committee_max": 7})
    assert "驿城区" in str(exc.value)
    assert not PolicyValue.objects.filter(region=city, key="committee_max").exists()
