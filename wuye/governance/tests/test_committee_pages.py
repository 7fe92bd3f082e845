"""Assembly and committee pages: the official's flow, what owners see, and 404 outside scope."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wuye.governance.choices import AssemblyStatus, CommitteeKind
from wuye.governance.models import Committee, GovernanceAlert, OwnersAssembly
from wuye.governance.services import committees as svc
from wuye.governance.tests.factories import estate_with_owners, member_specs, pmc_specs
from wuye.governance.tests.test_committee_services import passed_decision
from wuye.organization.models import CrossAppointment, PartyOrganization

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(role_user, street):
    return role_user("street_office", region=street)


@pytest.fixture
def setup(official, street):
    estate, owners = estate_with_owners(8, region=street)
    today = timezone.localdate()
    c = svc.committee_elect(actor=official, estate=estate, elected_on=today - dt.timedelta(days=25),
                            members=member_specs(owners, 5), election_decision=passed_decision(estate))
    party = PartyOrganization.objects.create(region=street, kind="estate_branch", name="测试小区党支部", estate=estate)
    CrossAppointment.objects.create(party_organization=party, person_name=owners[0].name, party_position="书记",
                                    body="owners_committee", body_position="主任")
    svc.sweep_governance()
    return estate, owners, c


def test_official_sees_committee_with_alert_party_and_forms(client, official, setup):
    estate, owners, c = setup
    client.force_login(official)
    page = client.get(reverse("governance:committee_list")).content.decode()
    assert c.name in page and "业委会备案时限" in page  # the filing alert (due in 5 days)
    page = client.get(reverse("governance:committee_detail", args=[c.pk])).content.decode()
    assert "书记" in page and "登记备案" in page and owners[0].name in page
    r = client.post(reverse("governance:committee_file", args=[c.pk]),
                    {"filed_on": timezone.localdate().isoformat(), "filing_number": "驿备-1"})
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.filed_on == timezone.localdate()
    r = client.post(reverse("governance:committee_file", args=[c.pk]), {"filed_on": timezone.localdate().isoformat()},
                    follow=True)
    assert "不能重复备案" in r.content.decode()


def test_owner_sees_public_information_only(client, role_user, setup):
    estate, owners, c = setup
    client.force_login(role_user("owner", owner=owners[6]))
    page = client.get(reverse("governance:committee_detail", args=[c.pk])).content.decode()
    assert owners[0].name in page and "主任" in page
    assert owners[0].phone not in page and "登记备案" not in page and "操作记录" not in page
    assert not GovernanceAlert.objects.visible_to(role_user("owner", owner=owners[6])).exists()
    assert client.post(reverse("governance:committee_file", args=[c.pk]),
                       {"filed_on": timezone.localdate().isoformat()}).status_code == 403


def test_committee_member_sees_own_committee(client, role_user, setup):
    estate, owners, c = setup
    client.force_login(role_user("committee_member", estate=estate))
    page = client.get(reverse("governance:committee_detail", args=[c.pk])).content.decode()
    assert c.name in page and owners[0].name in page and "主任" in page
    # Filing is the street's: a member reads the committee but gets no filing form and cannot file.
    assert "登记备案" not in page
    assert client.post(reverse("governance:committee_file", args=[c.pk]),
                       {"filed_on": timezone.localdate().isoformat()}).status_code == 403
    c.refresh_from_db()
    assert c.filed_on is None


@pytest.mark.parametrize("role", ["street_office", "owner", "committee_member", "community_liaison"])
def test_out_of_scope_users_get_404(client, role_user, setup, other_street, role):
    estate, owners, c = setup
    other_estate, other_owners = estate_with_owners(1, region=other_street)
    from wuye.regions.tests.factories import CommunityFactory

    target = {"street_office": {"region": other_street}, "owner": {"owner": other_owners[0]},
              "committee_member": {"estate": other_estate},
              "community_liaison": {"region": CommunityFactory(parent=other_street)}}[role]
    client.force_login(role_user(role, **target))
    a = OwnersAssembly.objects.create(estate=estate, applied_on=dt.date(2026, 1, 5), delivered_area=10,
                                      total_area=15, formation_due_on=dt.date(2026, 3, 6))
    for name, pk in (("committee_detail", c.pk), ("assembly_detail", a.pk), ("assembly_roll", a.pk)):
        assert client.get(reverse(f"governance:{name}", args=[pk])).status_code == 404, name
    for name, pk in (("committee_file", c.pk), ("committee_member_add", c.pk), ("committee_dissolve", c.pk),
                     ("assembly_group_form", a.pk), ("assembly_roll_publish", a.pk)):
        assert client.post(reverse(f"governance:{name}", args=[pk]), {}).status_code == 404, name
    page = client.get(reverse("governance:committee_list")).content.decode()
    assert c.name not in page
    assert estate.name not in client.get(reverse("governance:assembly_list")).content.decode()


def test_official_forms_group_and_pmc_through_pages(client, official, street):
    estate, owners = estate_with_owners(10, region=street)
    client.force_login(official)
    today = timezone.localdate()
    r = client.post(reverse("governance:assembly_apply"),
                    {"estate": estate.pk, "applied_on": today.isoformat(),
                     "applicants": f"{owners[0].name}\n{owners[1].name}"})
    a = OwnersAssembly.objects.get(estate=estate)
    assert r.status_code == 302 and a.status == AssemblyStatus.APPLIED
    members = f"王主任，街道，组长\n李干事，居委会\n{owners[0].name}，业主\n{owners[1].name}\n{owners[2].name}"
    r = client.post(reverse("governance:assembly_group_form", args=[a.pk]),
                    {"formed_on": today.isoformat(), "members": members}, follow=True)
    a.refresh_from_db()
    assert a.status == AssemblyStatus.PREPARING, r.content.decode()[:2000]
    page = client.get(reverse("governance:assembly_detail", args=[a.pk])).content.decode()
    assert "召开首次业主大会" in page and "剩余" in page
    # An even group is refused with a clear message.
    estate2, owners2 = estate_with_owners(6, region=street)
    lines = "\n".join(f"居委会{i}，居委会" + ("，CHAIR" if i == 0 else "") for i in range(3)) + "\n" + "\n".join(
        f"{o.name}，业主" for o in owners2[:4])
    r = client.post(reverse("governance:committee_create"),
                    {"estate": estate2.pk, "kind": CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                     "elected_on": today.isoformat(), "members": lines.replace("，CHAIR", "")})
    assert "主任应由社区居委会" in r.content.decode()
    lines = lines.replace("，CHAIR", "，主任")
    r = client.post(reverse("governance:committee_create"),
                    {"estate": estate2.pk, "kind": CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                     "elected_on": today.isoformat(), "members": lines})
    pmc = Committee.objects.get(estate=estate2)
    assert r.status_code == 302 and pmc.seats == 7 and pmc.kind == CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE


def test_member_not_an_owner_is_a_form_error(client, official, street):
    estate, owners = estate_with_owners(6, region=street)
    client.force_login(official)
    lines = "\n".join(o.name for o in owners[:4]) + "\n不存在的人"
    r = client.post(reverse("governance:committee_create"),
                    {"estate": estate.pk, "kind": CommitteeKind.OWNERS_COMMITTEE,
                     "elected_on": timezone.localdate().isoformat(), "members": lines})
    assert "不是本小区业主" in r.content.decode()
    assert not Committee.objects.exists()
    assert pmc_specs  # factories import check
