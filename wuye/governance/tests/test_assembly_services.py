"""The first owners' assembly: application → 筹备组 → roll and drafts → first meeting → established."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wuye.estates.choices import DeliveryStatus
from wuye.estates.models import Unit
from wuye.governance.choices import (
    AssemblyStatus,
    CommitteeStatus,
    DocumentKind,
    DocumentStage,
    PrepMemberKind,
)
from wuye.governance.models import AssemblyDocument, Committee, OwnersAssembly, PreparatoryGroup
from wuye.governance.rules.committee import PrepMember
from wuye.governance.services import assemblies as svc
from wuye.governance.tests.factories import document, estate_with_owners, member_specs, prep_members
from wuye.governance.tests.test_committee_services import passed_decision

METHOD = "业主自荐或十名以上业主联名推荐候选人；差额选举，得票多者当选。"

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=SH)


@pytest.fixture
def official(role_user, street):
    return role_user("street_office", region=street)


@pytest.fixture
def estate_owners(street):
    return estate_with_owners(10, region=street)


def apply(official, estate, owners, day=dt.date(2026, 1, 5)):
    return svc.assembly_apply(actor=official, estate=estate, applied_on=day, applicants=owners[:3],
                              document=document("申请书.pdf"), now=at(day))


def test_application_checks_delivered_share(official, estate_owners):
    estate, owners = estate_owners
    units = list(Unit.objects.filter(estate=estate).order_by("pk"))
    # 5 of 10 equal units delivered: exactly half is not "more than half".
    Unit.objects.filter(pk__in=[u.pk for u in units[:5]]).update(delivery_status=DeliveryStatus.UNSOLD)
    with pytest.raises(ValidationError, match="未超过总面积"):
        apply(official, estate, owners)
    assert not OwnersAssembly.objects.exists()
    Unit.objects.filter(pk=units[0].pk).update(delivery_status=DeliveryStatus.DELIVERED)
    a = apply(official, estate, owners)
    assert a.status == AssemblyStatus.APPLIED
    assert a.formation_due_on == dt.date(2026, 3, 6)  # 60 days after 5 January
    assert a.applicants.count() == 3 and len(a.application_document_sha256) == 64
    with pytest.raises(ValidationError, match="不能重复申请"):
        apply(official, estate, owners)


def test_applicants_must_be_owners(official, estate_owners, street):
    estate, _owners = estate_owners
    _e, strangers = estate_with_owners(2, region=street)
    with pytest.raises(ValidationError, match="申请人必须是本小区业主"):
        apply(official, estate, strangers)


def test_preparatory_group_composition_and_timer(official, estate_owners):
    estate, owners = estate_owners
    a = apply(official, estate, owners)
    even = prep_members(owners, 3)[:4]
    with pytest.raises(ValidationError, match="单数"):
        svc.preparatory_group_form(actor=official, assembly=a, formed_on=dt.date(2026, 2, 2), members=even,
                                   now=at(dt.date(2026, 2, 3)))
    owner_leader = [PrepMember(name="业主甲", kind=PrepMemberKind.OWNER, owner_id=owners[0].pk, is_leader=True),
                    PrepMember(name="街道乙", kind=PrepMemberKind.STREET_OFFICE),
                    PrepMember(name="业主丙", kind=PrepMemberKind.OWNER, owner_id=owners[1].pk)]
    with pytest.raises(ValidationError, match="组长应由街道"):
        svc.preparatory_group_form(actor=official, assembly=a, formed_on=dt.date(2026, 2, 2), members=owner_leader,
                                   now=at(dt.date(2026, 2, 3)))
    assert not PreparatoryGroup.objects.exists()
    g = svc.preparatory_group_form(actor=official, assembly=a, formed_on=dt.date(2026, 2, 2),
                                   members=prep_members(owners, 3), now=at(dt.date(2026, 2, 3)))
    a.refresh_from_db()
    assert a.status == AssemblyStatus.PREPARING
    assert g.convene_due_on == dt.date(2026, 5, 6)  # 90 days after 2 Feb is 3 May, in the 劳动节 holiday
    assert g.members.count() == 5 and g.members.get(is_leader=True).kind == PrepMemberKind.STREET_OFFICE


def _prepared(official, estate, owners):
    a = apply(official, estate, owners)
    g = svc.preparatory_group_form(actor=official, assembly=a, formed_on=dt.date(2026, 2, 2),
                                   members=prep_members(owners, 3), now=at(dt.date(2026, 2, 3)))
    return a, g


def test_roll_and_drafts_published_at_least_fifteen_days_before(official, estate_owners):
    estate, owners = estate_owners
    a, g = _prepared(official, estate, owners)
    g = svc.preparatory_group_publish_roll(actor=official, group=g, published_on=dt.date(2026, 2, 10),
                                           now=at(dt.date(2026, 2, 10)))
    assert g.roll["total_persons"] == 10 and g.roll["total_area"] == "895.00"
    assert {v["name"] for v in g.roll["voters"]} == {o.name for o in owners}
    assert "phone" not in str(g.roll) and len(g.roll_sha256) == 64
    with pytest.raises(ValidationError, match="请先上传草案"):
        svc.preparatory_group_publish_drafts(actor=official, group=g, published_on=dt.date(2026, 2, 10),
                                             candidates_note=METHOD, now=at(dt.date(2026, 2, 10)))
    d1 = svc.assembly_document_add(actor=official, assembly=a, kind=DocumentKind.RULES_OF_PROCEDURE,
                                   file=document("rules.pdf", b"v1"))
    d2 = svc.assembly_document_add(actor=official, assembly=a, kind=DocumentKind.RULES_OF_PROCEDURE,
                                   file=document("rules.pdf", b"v2"))
    assert (d1.version, d2.version) == (1, 2) and d1.sha256 != d2.sha256
    with pytest.raises(ValueError):
        d1.note = "改"
        d1.save()
    svc.assembly_document_add(actor=official, assembly=a, kind=DocumentKind.MANAGEMENT_STATUTE,
                              file=document("statute.pdf", b"s1"))
    with pytest.raises(ValidationError) as err:  # GR 10: the election method goes out with the drafts
        svc.preparatory_group_publish_drafts(actor=official, group=g, published_on=dt.date(2026, 2, 12),
                                             candidates_note="  ", now=at(dt.date(2026, 2, 12)))
    assert set(err.value.error_dict) == {"candidates_note"}
    g.refresh_from_db()
    assert g.drafts_published_on is None
    g = svc.preparatory_group_publish_drafts(actor=official, group=g, published_on=dt.date(2026, 2, 12),
                                             candidates_note=METHOD, now=at(dt.date(2026, 2, 12)))
    assert g.candidates_note == METHOD
    # A meeting 14 days after the drafts were published is too early.
    with pytest.raises(ValidationError, match="15 日"):
        svc.assembly_record_first_meeting(
            actor=official, assembly=a, held_on=dt.date(2026, 2, 26), committee_members=member_specs(owners, 5),
            rules_decision=passed_decision(estate, 1), statute_decision=passed_decision(estate, 2),
            election_decision=passed_decision(estate, 3), now=at(dt.date(2026, 3, 1)))
    a = svc.assembly_record_first_meeting(
        actor=official, assembly=a, held_on=dt.date(2026, 2, 27), committee_members=member_specs(owners, 5),
        rules_decision=passed_decision(estate, 1), statute_decision=passed_decision(estate, 2),
        election_decision=passed_decision(estate, 3), now=at(dt.date(2026, 3, 1)))
    assert a.status == AssemblyStatus.ESTABLISHED and not a.offline_result
    c = Committee.objects.get(assembly=a)
    assert c.status == CommitteeStatus.ACTIVE and c.filing_due_on == dt.date(2026, 3, 30)
    adopted = AssemblyDocument.objects.filter(assembly=a, stage=DocumentStage.ADOPTED)
    assert sorted(adopted.values_list("kind", "version")) == [("management_statute", 2), ("rules_of_procedure", 3)]
    assert adopted.get(kind=DocumentKind.RULES_OF_PROCEDURE).sha256 == d2.sha256


def test_first_meeting_needs_passed_decisions_or_an_offline_record(official, estate_owners):
    estate, owners = estate_owners
    a, g = _prepared(official, estate, owners)
    svc.preparatory_group_publish_roll(actor=official, group=g, published_on=dt.date(2026, 2, 5),
                                       now=at(dt.date(2026, 2, 5)))
    for kind in DocumentKind.values:
        svc.assembly_document_add(actor=official, assembly=a, kind=kind, file=document())
    svc.preparatory_group_publish_drafts(actor=official, group=g, published_on=dt.date(2026, 2, 5),
                                         candidates_note=METHOD, now=at(dt.date(2026, 2, 5)))
    common = dict(actor=official, assembly=a, held_on=dt.date(2026, 2, 28), committee_members=member_specs(owners, 5),
                  now=at(dt.date(2026, 3, 1)))
    with pytest.raises(ValidationError, match="事项不符"):
        svc.assembly_record_first_meeting(**common, rules_decision=passed_decision(estate, 2),
                                          statute_decision=passed_decision(estate, 2),
                                          election_decision=passed_decision(estate, 3))
    with pytest.raises(ValidationError, match="扫描件"):
        svc.assembly_record_first_meeting(**common)
    with pytest.raises(ValidationError):  # an even committee: nothing is half written
        svc.assembly_record_first_meeting(**{**common, "committee_members": member_specs(owners, 6)},
                                          offline_document=document("minutes.pdf"), offline_note="线下投票")
    a.refresh_from_db()
    assert a.status == AssemblyStatus.PREPARING and not Committee.objects.exists()
    assert not AssemblyDocument.objects.filter(stage=DocumentStage.ADOPTED).exists()
    a = svc.assembly_record_first_meeting(**common, offline_document=document("minutes.pdf"),
                                          offline_note="书面征求意见，统计表见附件")
    assert a.status == AssemblyStatus.ESTABLISHED and a.offline_result and a.offline_document_sha256
    assert Committee.objects.get(assembly=a).offline_result


def test_out_of_scope_official_cannot_apply(role_user, other_street, estate_owners):
    estate, owners = estate_owners
    with pytest.raises(PermissionDenied):
        apply(role_user("street_office", region=other_street), estate, owners)


def test_adopted_amendment_needs_a_passed_decision(official, estate_owners):
    estate, owners = estate_owners
    a, _g = _prepared(official, estate, owners)
    with pytest.raises(ValidationError, match="共同决定"):
        svc.assembly_document_add(actor=official, assembly=a, kind=DocumentKind.MANAGEMENT_STATUTE,
                                  file=document(), stage=DocumentStage.ADOPTED)
    with pytest.raises(ValidationError, match="事项不符"):
        svc.assembly_document_add(actor=official, assembly=a, kind=DocumentKind.MANAGEMENT_STATUTE,
                                  file=document(), stage=DocumentStage.ADOPTED, decision=passed_decision(estate, 1))
    doc = svc.assembly_document_add(actor=official, assembly=a, kind=DocumentKind.MANAGEMENT_STATUTE,
                                    file=document(), stage=DocumentStage.ADOPTED, decision=passed_decision(estate, 2))
    assert doc.version == 1 and doc.stage == DocumentStage.ADOPTED


def test_drafts_page_and_api_need_the_election_method(client, official, estate_owners):
    from django.urls import reverse
    from rest_framework.test import APIClient

    estate, owners = estate_owners
    a, g = _prepared(official, estate, owners)
    for kind in DocumentKind.values:
        svc.assembly_document_add(actor=official, assembly=a, kind=kind, file=document())
    api = APIClient()
    api.force_authenticate(official)
    url = f"/api/v1/owners-assemblies/{a.pk}/publish-drafts/"
    response = api.post(url, {"on": "2026-02-05"}, format="json")
    assert response.status_code == 400 and "candidates_note" in response.json()
    client.force_login(official)
    page = client.post(reverse("governance:assembly_drafts_publish", args=[a.pk]),
                       {"on": "2026-02-05", "candidates_note": METHOD}, follow=True).content.decode()
    g.refresh_from_db()
    assert g.drafts_published_on == dt.date(2026, 2, 5) and g.candidates_note == METHOD
    assert 'data-testid="candidates-note"' in page and "差额选举" in page
