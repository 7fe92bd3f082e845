"""The delegation rule of account management (wuye.accounts.rules.delegation), table-driven and by property."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wuye.accounts.rules.delegation import (
    GRANTABLE,
    MANAGED_ROLES,
    grantable_roles,
    may_grant,
    may_manage,
)

CITY = ("city_bureau", "4117")  # 驻马店市
DISTRICT = ("district_bureau", "411702")  # 驿城区
STREET = ("street_office", "411702001")  # 人民街街道
LIAISON = ("community_liaison", "411702001001")
ADMIN = ("platform_admin", "")


@pytest.mark.parametrize("manager, role, code, expected", [
    ([ADMIN], "platform_admin", None, True),
    ([ADMIN], "city_bureau", "411500000000", True),
    ([CITY], "city_bureau", "411700000000", True),  # a colleague of the same bureau
    ([CITY], "district_bureau", "411702000000", True),
    ([CITY], "community_liaison", "411702001001", True),
    ([CITY], "department", "411702000000", True),
    ([CITY], "district_bureau", "411502000000", False),  # another city
    ([CITY], "platform_admin", None, False),
    ([DISTRICT], "street_office", "411702001000", True),
    ([DISTRICT], "city_bureau", "411700000000", False),  # above its level
    ([DISTRICT], "street_office", "411721001000", False),  # another district of the city
    ([DISTRICT], "department", "411702000000", True),
    ([STREET], "community_liaison", "411702001001", True),
    ([STREET], "street_office", "411702001000", True),
    ([STREET], "street_office", "411702002000", False),  # the next street
    ([STREET], "district_bureau", "411702000000", False),
    ([STREET], "department", "411702001000", False),  # departments are the district's and city's to give
    ([LIAISON], "community_liaison", "411702001001", False),  # a liaison manages nobody
    ([STREET, DISTRICT], "department", "411702000000", True),  # either role suffices
    ([CITY], "enterprise_staff", "411702000000", True),  # an enterprise registered in 驿城区
    ([DISTRICT], "enterprise_staff", "411702000000", True),
    ([DISTRICT], "enterprise_staff", "411502000000", False),  # registered in another city
    ([STREET], "enterprise_staff", "411702000000", False),  # streets do not register enterprises
    ([ADMIN], "committee_member", None, False),  # given by the committee's election, not here
    ([ADMIN], "owner", None, False),
])
def test_may_grant(manager, role, code, expected):
    assert may_grant(manager, role, code) is expected


def test_managing_an_account_needs_every_role_it_holds():
    street_and_district = [("street_office", "411702001000"), ("district_bureau", "411702000000")]
    assert may_manage([DISTRICT], street_and_district)
    assert not may_manage([STREET], street_and_district)
    # Roles given elsewhere (an owner's) do not count; an account with only those is not managed here.
    assert may_manage([STREET], [("community_liaison", "411702001001"), ("owner", None)])
    assert may_manage([DISTRICT], [("enterprise_staff", "411702000000")])
    assert not may_manage([STREET], [("enterprise_staff", "411702000000")])
    assert not may_manage([CITY], [("owner", None)])


_codes = st.text(alphabet="0123456789", min_size=12, max_size=12)
_prefixes = st.text(alphabet="0123456789", min_size=4, max_size=9)
_manager = st.lists(st.tuples(st.sampled_from(sorted(GRANTABLE) + ["community_liaison", "department"]), _prefixes),
                    max_size=3)


@given(manager=_manager, role=st.sampled_from(MANAGED_ROLES), code=_codes)
def test_a_grant_stays_inside_the_managers_regions_and_roles(manager, role, code):
    if may_grant(manager, role, code) and all(r != "platform_admin" for r, _p in manager):
        assert any(code.startswith(p) and role in GRANTABLE.get(r, ()) for r, p in manager)
        assert role in grantable_roles(manager)


@given(manager=_manager, role=st.sampled_from(MANAGED_ROLES), code=_codes)
def test_no_one_below_the_platform_admin_makes_a_platform_admin_or_a_higher_official(manager, role, code):
    levels = {"city_bureau": 2, "district_bureau": 3, "street_office": 4, "community_liaison": 5}
    if all(r != "platform_admin" for r, _p in manager) and may_grant(manager, role, code):
        assert role != "platform_admin"
        if role in levels:
            assert any(levels.get(r, 9) <= levels[role] for r, _p in manager)
