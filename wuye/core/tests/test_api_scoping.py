"""Every list endpoint on the /api/v1/ router keeps out-of-scope rows out of lists and details.

A builder per router basename creates one object inside 驿城区人民街街道 (411702001000). For a user
of every role whose scope lies elsewhere, the object is absent from the list and its detail is
404; the street's own official sees it. A newly registered endpoint without a builder fails here.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from wuye.accounts.models import RoleAssignment
from wuye.api.urls import router
from wuye.complaints.services import work_order_submit
from wuye.enterprises.models import StaffCertificate
from wuye.enterprises.tests.factories import (
    EnterpriseFactory,
    EnterpriseStaffFactory,
    ServiceContractFactory,
)
from wuye.estates.models import ManagementAreaFiling
from wuye.estates.tests.factories import (
    BuildingFactory,
    EstateFactory,
    OwnershipFactory,
    UnitFactory,
)
from wuye.organization.models import CrossAppointment, OfficialAssignment, PartyOrganization
from wuye.regions.models import Region
from wuye.regions.tests.factories import CommunityFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


def _party_org(ctx):
    return PartyOrganization.objects.create(region=ctx["street"], kind="community", name="人民街社区党委")


BUILDERS = {
    "region": lambda ctx: CommunityFactory(parent=ctx["street"]),
    "department": lambda ctx: DepartmentFactory(region=ctx["street"]),
    # Role assignments: each user lists only their own; the in-scope official's one is the object.
    "role-assignment": lambda ctx: RoleAssignment.objects.get(user=ctx["official"]),
    "estate": lambda ctx: EstateFactory(region=ctx["street"]),
    "building": lambda ctx: BuildingFactory(estate__region=ctx["street"]),
    "unit": lambda ctx: UnitFactory(building__estate__region=ctx["street"]),
    "owner": lambda ctx: OwnershipFactory(unit__building__estate__region=ctx["street"]).owner,
    "ownership": lambda ctx: OwnershipFactory(unit__building__estate__region=ctx["street"]),
    "management-area-filing": lambda ctx: ManagementAreaFiling.objects.create(estate=EstateFactory(region=ctx["street"])),
    "enterprise": lambda ctx: EnterpriseFactory(region=ctx["street"]),
    "enterprise-staff": lambda ctx: EnterpriseStaffFactory(enterprise=EnterpriseFactory(region=ctx["street"])),
    "staff-certificate": lambda ctx: StaffCertificate.objects.create(
        staff=EnterpriseStaffFactory(enterprise=EnterpriseFactory(region=ctx["street"])),
        kind="electrician", number="DG-0001", valid_until=dt.date(2030, 1, 1)),
    "service-contract": lambda ctx: ServiceContractFactory(estate=EstateFactory(region=ctx["street"]),
                                                           enterprise=EnterpriseFactory(region=ctx["street"])),
    "party-organization": _party_org,
    "cross-appointment": lambda ctx: CrossAppointment.objects.create(
        party_organization=_party_org(ctx), person_name="李四", party_position="书记", body="owners_committee",
        body_position="主任"),
    "official-assignment": lambda ctx: OfficialAssignment.objects.create(kind="patch", region=ctx["street"],
                                                                         person_name="王五"),
    "work-order": lambda ctx: work_order_submit(actor=ctx["official"], channel="official", title="楼道堆物",
                                                body="楼道堆放杂物", region=ctx["street"], complainant_name="张三",
                                                complainant_phone="13800000000"),
}

# Router entries without a list endpoint, each covered by its own scoping test below.
NO_LIST = {"policy": "test_policy_profile_out_of_scope",
           # The working-day calendar is national: every logged-in user reads all of it.
           **dict.fromkeys(["calendar-day", "calendar-year", "calendar"], "wuye/workcalendar/tests/test_api.py"),
           # The responsibility catalog is a city's public reference data: every official of the city reads it.
           "catalog-entry": "test_catalog_is_scoped_to_the_city"}

def _app_scoping_modules():
    """Each app may keep its own builders in ``wuye/<app>/tests/scoping.py`` (API_BUILDERS, API_NO_LIST,
    RESOURCE_BUILDERS) so that apps do not all edit this file."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("wuye."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.tests.scoping")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tests.scoping":
                raise


for _module in _app_scoping_modules():
    BUILDERS.update(getattr(_module, "API_BUILDERS", {}))
    NO_LIST.update(getattr(_module, "API_NO_LIST", {}))

BASENAMES = [basename for _prefix, _viewset, basename in router.registry]


def test_every_registered_endpoint_has_a_scoping_builder():
    missing = [b for b in BASENAMES if b not in BUILDERS and b not in NO_LIST]
    assert not missing, f"router endpoints without a scoping builder in test_api_scoping.BUILDERS: {missing}"
    stale = [b for b in [*BUILDERS, *NO_LIST] if b not in BASENAMES]
    assert not stale, f"builders for endpoints no longer registered: {stale}"


@pytest.fixture
def outsiders(role_user, street, other_street):
    """One out-of-scope user of every role."""
    region = Region.objects.get
    other_estate = EstateFactory(region=other_street, name="信阳外区小区")
    other_owner = OwnershipFactory(unit__building__estate=other_estate).owner
    return {
        "street_office": role_user("street_office", region=other_street),
        "district_bureau": role_user("district_bureau", region=region(code="411502000000")),
        "city_bureau": role_user("city_bureau", region=region(code="411500000000")),
        "community_liaison": role_user("community_liaison", region=CommunityFactory(parent=street)),
        "department": role_user("department", department=DepartmentFactory(region=region(code="411502000000"),
                                                                           name="浉河区城市管理局")),
        "enterprise_staff": role_user("enterprise_staff", enterprise=EnterpriseFactory(
            region=region(code="411502000000"))),
        "committee_member": role_user("committee_member", estate=other_estate),
        "owner": role_user("owner", owner=other_owner),
    }


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {str(r.get("id", r.get("code"))) for r in rows}


@pytest.mark.parametrize("basename", BASENAMES)
def test_list_and_detail_are_scoped(basename, role_user, street, outsiders):
    if basename in NO_LIST:
        pytest.skip(f"no list endpoint; covered by {NO_LIST[basename]}")
    assert basename in BUILDERS, f"no scoping builder for router endpoint {basename!r}"
    official = role_user("street_office", region=street)
    obj = BUILDERS[basename]({"street": street, "official": official})
    list_url = reverse(f"{basename}-list")
    detail_url = reverse(f"{basename}-detail", args=[obj.pk])

    inside = _client(official)
    assert str(obj.pk) in _ids(inside.get(list_url, {"limit": 5000}))
    assert inside.get(detail_url).status_code == 200

    for role, user in outsiders.items():
        client = _client(user)
        assert str(obj.pk) not in _ids(client.get(list_url, {"limit": 5000})), f"{basename}: {role} sees it in list"
        response = client.get(detail_url)
        assert response.status_code == 404, f"{basename}: {role} gets {response.status_code} on detail"


def test_policy_profile_out_of_scope(role_user, street, outsiders):
    # A community of the street: the profile of a region (or of an ancestor of one's own) is readable.
    target = CommunityFactory(parent=street)
    official = role_user("street_office", region=street)
    url = reverse("policy-profile")
    assert _client(official).get(url, {"region": target.code}).status_code == 200
    for role, user in outsiders.items():
        response = _client(user).get(url, {"region": target.code})
        assert response.status_code == 404, f"policy profile: {role} gets {response.status_code}"
        response = _client(user).get(reverse("policy-parameter", args=["meeting_notice_days"]), {"region": target.code})
        assert response.status_code == 404, f"policy parameter: {role} gets {response.status_code}"


def test_catalog_is_scoped_to_the_city(role_user, street, outsiders):
    official = role_user("street_office", region=street)
    rows = _client(official).get(reverse("catalog-entry-list"), {"limit": 500}).json()["results"]
    assert rows and {r["city"] for r in rows} == {"411700000000"}
    entry = rows[0]["id"]
    assert _client(official).get(reverse("catalog-entry-detail", args=[entry])).status_code == 200
    for role, user in outsiders.items():
        if role == "community_liaison":  # a community of the same city
            continue
        response = _client(user).get(reverse("catalog-entry-detail", args=[entry]))
        assert response.status_code == 404, f"catalog: {role} gets {response.status_code}"
    assert APIClient().get(reverse("catalog-entry-list")).status_code in (401, 403)


def test_anonymous_is_refused():
    client = APIClient()
    for basename in BASENAMES:
        if basename in NO_LIST:
            continue
        assert client.get(reverse(f"{basename}-list")).status_code in (401, 403)
    assert client.get(reverse("api-me")).status_code in (401, 403)
    assert client.get(reverse("policy-profile"), {"region": "411702001000"}).status_code in (401, 403)


@pytest.mark.parametrize("basename", [b for b in BASENAMES if b not in NO_LIST])
def test_ordering_by_any_output_field_never_fails(basename, role_user, street):
    """?ordering= on a computed or masked field is ignored, never a 500; masked values are not sortable."""
    official = role_user("street_office", region=street)
    BUILDERS[basename]({"street": street, "official": official})
    client = _client(official)
    url = reverse(f"{basename}-list")
    first = client.get(url, {"limit": 1}).json()["results"][0]
    for name in first:
        for term in (name, f"-{name}"):
            response = client.get(url, {"ordering": term, "limit": 5})
            assert response.status_code == 200, f"{basename} ?ordering={term}: {response.status_code}"
