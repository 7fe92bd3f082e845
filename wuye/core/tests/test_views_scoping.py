"""Every generic registry page answers only inside the user's scope.

For every UI Resource: the street official of the object's street sees it in the list and can open,
edit and void it; a user of every role elsewhere does not see it in the list and gets 404 on its
detail/edit/void pages; a user who may read but not change it gets 403 on edit and no edit button.
"""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse

from wuye.enterprises import resources as enterprise_resources
from wuye.enterprises.models import StaffCertificate
from wuye.enterprises.tests.factories import (
    EnterpriseFactory,
    EnterpriseStaffFactory,
    ServiceContractFactory,
)
from wuye.estates import resources as estate_resources
from wuye.estates.models import ManagementAreaFiling
from wuye.estates.tests.factories import (
    BuildingFactory,
    EstateFactory,
    OwnershipFactory,
    UnitFactory,
)
from wuye.organization import resources as organization_resources
from wuye.organization.models import CrossAppointment, OfficialAssignment, PartyOrganization
from wuye.regions import resources as region_resources
from wuye.regions.models import Region
from wuye.regions.tests.factories import CommunityFactory, DepartmentFactory

ALL_RESOURCES = [
    *region_resources.RESOURCES, *estate_resources.RESOURCES,
    *enterprise_resources.RESOURCES, *organization_resources.RESOURCES,
]


def _estate(ctx):
    return ctx["estate"]


def _serving_enterprise(ctx):
    enterprise = EnterpriseFactory()
    ServiceContractFactory(estate=ctx["estate"], enterprise=enterprise)
    return enterprise


def _party_org(ctx):
    return PartyOrganization.objects.create(region=ctx["street"], kind="community", name="人民街社区党委")


def _official_assignment(ctx):
    a = OfficialAssignment.objects.create(kind="estate_team", region=ctx["street"], person_name="李包联")
    a.estates.add(ctx["estate"])
    return a


# One builder per model: each returns an object inside ctx["street"] (驿城区人民街街道).
BUILDERS = {
    "region": lambda ctx: ctx["community"],
    "department": lambda ctx: DepartmentFactory(region=ctx["street"], name="人民街街道物业办"),
    "estate": _estate,
    "building": lambda ctx: BuildingFactory(estate=ctx["estate"]),
    "unit": lambda ctx: UnitFactory(building__estate=ctx["estate"]),
    "owner": lambda ctx: OwnershipFactory(unit__building__estate=ctx["estate"]).owner,
    "ownership": lambda ctx: OwnershipFactory(unit__building__estate=ctx["estate"]),
    "managementareafiling": lambda ctx: ManagementAreaFiling.objects.create(estate=ctx["estate"], filing_number="ZMD-2025-001"),
    "enterprise": _serving_enterprise,
    "enterprisestaff": lambda ctx: EnterpriseStaffFactory(enterprise=_serving_enterprise(ctx)),
    "staffcertificate": lambda ctx: StaffCertificate.objects.create(
        staff=EnterpriseStaffFactory(enterprise=_serving_enterprise(ctx)), kind="project_manager", number="PM-001",
        valid_until=dt.date(2030, 1, 1)),
    "servicecontract": lambda ctx: ServiceContractFactory(estate=ctx["estate"]),
    "partyorganization": _party_org,
    "crossappointment": lambda ctx: CrossAppointment.objects.create(
        party_organization=_party_org(ctx), person_name="王书记", party_position="书记",
        body="owners_committee", body_position="主任"),
    "officialassignment": _official_assignment,
}


def _app_resources_and_builders():
    """Apps beyond the registry declare ``RESOURCES`` in ``<app>/resources.py`` and their builders as
    ``RESOURCE_BUILDERS`` in ``<app>/tests/scoping.py``."""
    import importlib

    from django.apps import apps

    known = {"wuye.regions", "wuye.estates", "wuye.enterprises", "wuye.organization"}
    for config in apps.get_app_configs():
        if not config.name.startswith("wuye.") or config.name in known:
            continue
        for module_name, attr in ((f"{config.name}.resources", "RESOURCES"),
                                  (f"{config.name}.tests.scoping", "RESOURCE_BUILDERS")):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            value = getattr(module, attr, None)
            if attr == "RESOURCES" and value:
                ALL_RESOURCES.extend(value)
            elif value:
                BUILDERS.update(value)


_app_resources_and_builders()


def test_every_resource_has_a_builder():
    missing = {r.name for r in ALL_RESOURCES} - set(BUILDERS)
    assert not missing, f"add an object builder for: {sorted(missing)}"


def _urls(resource, pk):
    out = {}
    for action in ("detail", "edit", "void"):
        try:
            out[action] = reverse(resource.url_name(action), args=[pk])
        except NoReverseMatch:
            pass
    return out


# Enterprise records are changed where the enterprise is registered (the factory uses 驿城区).
REGISTERED_AT_DISTRICT = {"enterprise", "enterprisestaff", "staffcertificate"}


@pytest.fixture
def ctx(street, community):
    return {"street": street, "community": community, "estate": EstateFactory(region=street, name="人民街幸福小区")}


@pytest.fixture
def outsiders(role_user, street, other_street):
    """A user of every role whose scope lies elsewhere."""
    other_estate = EstateFactory(region=other_street, name="浉河区外部小区")
    elsewhere_owner = OwnershipFactory(unit__building__estate=other_estate).owner
    return {
        "street_office(other street)": role_user("street_office", region=other_street),
        "district_bureau(浉河区)": role_user("district_bureau", region=Region.objects.get(code="411502000000")),
        "city_bureau(信阳市)": role_user("city_bureau", region=Region.objects.get(code="411500000000")),
        "community_liaison(other community)": role_user("community_liaison", region=CommunityFactory(parent=street)),
        "department(浉河区)": role_user("department", department=DepartmentFactory(
            region=Region.objects.get(code="411502000000"), name="浉河区城管局")),
        "enterprise_staff(unrelated)": role_user("enterprise_staff", enterprise=EnterpriseFactory()),
        "committee_member(other estate)": role_user("committee_member", estate=other_estate),
        "owner(elsewhere)": role_user("owner", owner=elsewhere_owner),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("resource", ALL_RESOURCES, ids=lambda r: r.name)
def test_resource_pages_follow_scope(resource, ctx, outsiders, role_user, client, street):
    obj = BUILDERS[resource.name](ctx)
    list_url = reverse(resource.url_name("list"))
    urls = _urls(resource, obj.pk)
    link = f'href="{urls["detail"]}"'

    official = role_user("street_office", region=street)
    client.force_login(official)
    page = client.get(list_url)
    assert page.status_code == 200
    assert link in page.content.decode(), f"{resource.name}: in-scope object missing from the list"
    detail = client.get(urls["detail"])
    assert detail.status_code == 200
    if "edit" in urls and resource.name in REGISTERED_AT_DISTRICT:
        # The street official reads the enterprise serving its estate; the district where it is
        # registered (or its own staff) changes its records.
        assert 'data-testid="edit"' not in detail.content.decode()
        assert client.get(urls["edit"]).status_code == 403
        client.force_login(role_user("district_bureau", region=Region.objects.get(code="411702000000")))
        detail = client.get(urls["detail"])
    if "edit" in urls:
        assert 'data-testid="edit"' in detail.content.decode()
        assert client.get(urls["edit"]).status_code == 200
        expected_void = 200 if resource.voidable else 403
        assert client.get(urls["void"]).status_code == expected_void

    problems = []
    for label, user in outsiders.items():
        client.force_login(user)
        page = client.get(list_url)
        if page.status_code != 200:
            problems.append(f"{label}: list answered {page.status_code}")
        elif link in page.content.decode():
            problems.append(f"{label}: sees the object in the list")
        for action, url in urls.items():
            status = client.get(url).status_code
            if status != 404:
                problems.append(f"{label}: {action} answered {status}, expected 404")
        if "edit" in urls:
            status = client.post(urls["edit"], {}).status_code
            if status != 404:
                problems.append(f"{label}: POST edit answered {status}, expected 404")
            status = client.post(urls["void"], {"reason": "越权"}).status_code
            if status != 404:
                problems.append(f"{label}: POST void answered {status}, expected 404")
    assert not problems, f"{resource.name}: " + "; ".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("resource", [r for r in ALL_RESOURCES if r.form_class is not None], ids=lambda r: r.name)
def test_reader_who_cannot_edit_gets_403_and_no_buttons(resource, ctx, role_user, client):
    """A department of the same district reads the registry of its region but changes nothing."""
    obj = BUILDERS[resource.name](ctx)
    urls = _urls(resource, obj.pk)
    reader = role_user("department", department=DepartmentFactory(region=Region.objects.get(code="411702000000")))
    client.force_login(reader)
    assert f'href="{urls["detail"]}"' in client.get(reverse(resource.url_name("list"))).content.decode()
    detail = client.get(urls["detail"])
    assert detail.status_code == 200
    html = detail.content.decode()
    assert 'data-testid="edit"' not in html and 'data-testid="void"' not in html
    assert client.get(urls["edit"]).status_code == 403
    before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    assert client.post(urls["edit"], {}).status_code == 403
    assert client.get(urls["void"]).status_code == 403
    assert client.post(urls["void"], {"reason": "越权"}).status_code == 403
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == before
    # No add button on the list, and the add page is refused.
    assert 'data-testid="add"' not in client.get(reverse(resource.url_name("list"))).content.decode()
    assert client.get(reverse(resource.url_name("add"))).status_code == 403


@pytest.mark.django_db
def test_owner_reads_their_estate_but_gets_403_on_edit(ctx, role_user, client):
    ownership = OwnershipFactory(unit__building__estate=ctx["estate"])
    owner_user = role_user("owner", owner=ownership.owner)
    client.force_login(owner_user)
    detail_url = reverse("estates:estate_detail", args=[ctx["estate"].pk])
    page = client.get(detail_url)
    assert page.status_code == 200
    assert "人民街幸福小区" in page.content.decode()
    assert 'data-testid="edit"' not in page.content.decode()
    assert client.get(reverse("estates:estate_edit", args=[ctx["estate"].pk])).status_code == 403
    assert client.get(reverse("estates:estate_classify", args=[ctx["estate"].pk])).status_code == 403


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login(ctx, client):
    response = client.get(reverse("estates:estate_detail", args=[ctx["estate"].pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
