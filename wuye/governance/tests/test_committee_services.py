"""Committee services: election with size/term/ownership checks, filing, member changes, 物管会."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wuye.core.services import record_void
from wuye.estates.models import Ownership
from wuye.governance.choices import (
    ChangeKind,
    CommitteeKind,
    CommitteeStatus,
    DecisionStatus,
    MemberEndReason,
    MemberKind,
    OrganiserKind,
)
from wuye.governance.models import Committee, CommitteeMember, Decision, MembershipChange
from wuye.governance.rules.ballot import PASSED
from wuye.governance.rules.committee import MemberSpec
from wuye.governance.services import committees as svc
from wuye.governance.tests.factories import document, estate_with_owners, member_specs, pmc_specs
from wuye.policy.models import PolicyValue

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=SH)


NOW = at(dt.date(2026, 3, 2))


def passed_decision(estate, matter: int = 3) -> Decision:
    return Decision.objects.create(estate=estate, matter=matter, title=f"事项{matter}", organiser=OrganiserKind.STREET,
                                   closes_at=timezone.now(), status=DecisionStatus.FINAL,
                                   result={"outcome": PASSED}, published_at=timezone.now())


@pytest.fixture
def official(role_user, street):
    return role_user("street_office", region=street)


@pytest.fixture
def estate_owners(street):
    return estate_with_owners(12, region=street)


def elect(official, estate, owners, n=5, **kw):
    kw.setdefault("election_decision", passed_decision(estate))
    return svc.committee_elect(actor=official, estate=estate, elected_on=dt.date(2026, 2, 2),
                               members=member_specs(owners, n), now=NOW, **kw)


def test_elect_sets_term_filing_timer_and_members(official, estate_owners):
    estate, owners = estate_owners
    c = elect(official, estate, owners, 7)
    assert c.status == CommitteeStatus.ACTIVE and c.seats == 7
    assert c.term_end == dt.date(2031, 2, 2)  # 5 years, same-numbered day (CC 202)
    # 30 days from the day after 2026-02-02 end on 2026-03-04 (a Wednesday, a working day).
    assert c.filing_due_on == dt.date(2026, 3, 4)
    assert c.members.filter(until__isnull=True).count() == 7
    assert c.members.filter(is_party_member=True).count() == 4


@pytest.mark.parametrize("n, message", [(4, "单数"), (6, "单数"), (12, "单数"), (3, "5–11"), (1, "5–11")])
def test_bad_size_is_refused_and_nothing_written(official, estate_owners, n, message):
    estate, owners = estate_owners
    with pytest.raises(ValidationError, match=message):
        elect(official, estate, owners, n)
    assert not Committee.objects.filter(estate=estate).exists()
    assert not CommitteeMember.objects.filter(estate=estate).exists()


def test_thirteen_members_refused(official, street):
    estate, owners = estate_with_owners(13, region=street)
    with pytest.raises(ValidationError, match="5–11"):
        elect(official, estate, owners, 13)
    assert not Committee.objects.exists()


def test_small_estate_variant_allows_three(official, street):
    estate, owners = estate_with_owners(6, region=street)
    with pytest.raises(ValidationError):
        elect(official, estate, owners, 3)
    PolicyValue.objects.create(region_id=street.code[:4].ljust(12, "0"), key="committee_small_estate_households",
                               value=100)
    from django.core.cache import cache
    cache.clear()
    c = elect(official, estate, owners, 3)
    assert c.seats == 3


def test_term_over_five_years_refused(official, estate_owners):
    estate, owners = estate_owners
    with pytest.raises(ValidationError, match="5 年"):
        elect(official, estate, owners, 5, term_end=dt.date(2032, 2, 2))
    assert not Committee.objects.exists()
    # Exactly five years is allowed (R0.1: 以内 includes the boundary).
    assert elect(official, estate, owners, 5, term_end=dt.date(2031, 2, 2)).term_end == dt.date(2031, 2, 2)


def test_member_who_is_not_an_owner_refused(official, estate_owners, street):
    estate, owners = estate_owners
    _other_estate, strangers = estate_with_owners(1, region=street)
    specs = member_specs(owners, 4) + [MemberSpec(name=strangers[0].name, owner_id=strangers[0].pk)]
    with pytest.raises(ValidationError, match="不是本小区业主"):
        svc.committee_elect(actor=official, estate=estate, elected_on=dt.date(2026, 2, 2), members=specs,
                            election_decision=passed_decision(estate), now=NOW)
    assert not Committee.objects.exists()


def test_election_needs_a_passed_decision_or_offline_document(official, estate_owners):
    estate, owners = estate_owners
    with pytest.raises(ValidationError, match="选举业委会"):
        elect(official, estate, owners, 5, election_decision=None)
    wrong = passed_decision(estate, matter=4)
    with pytest.raises(ValidationError, match="事项不符"):
        elect(official, estate, owners, 5, election_decision=wrong)
    c = elect(official, estate, owners, 5, election_decision=None, offline_document=document("result.pdf"))
    assert c.offline_result and len(c.offline_document_sha256) == 64


def test_filing_twice_refused(official, estate_owners):
    estate, owners = estate_owners
    c = elect(official, estate, owners)
    svc.committee_file(actor=official, committee=c, filed_on=dt.date(2026, 2, 20), filing_number="驿建备2026-1",
                       now=NOW)
    with pytest.raises(ValidationError, match="不能重复备案"):
        svc.committee_file(actor=official, committee=c, filed_on=dt.date(2026, 2, 21), now=NOW)
    c.refresh_from_db()
    assert c.filed_on == dt.date(2026, 2, 20)


def test_out_of_scope_official_cannot_elect_or_file(role_user, other_street, official, estate_owners, community):
    estate, owners = estate_owners
    outsider = role_user("street_office", region=other_street)
    with pytest.raises(PermissionDenied):
        elect(outsider, estate, owners)
    liaison = role_user("community_liaison", region=community)
    with pytest.raises(PermissionDenied):
        elect(liaison, estate, owners)
    c = elect(official, estate, owners)
    with pytest.raises(PermissionDenied):
        svc.committee_file(actor=outsider, committee=c, filed_on=dt.date(2026, 2, 20), now=NOW)


def test_member_change_recorded_with_filing_timer(official, estate_owners):
    estate, owners = estate_owners
    c = elect(official, estate, owners)
    member = c.members.get(owner=owners[2])
    svc.committee_member_end(actor=official, member=member, until=dt.date(2026, 2, 20),
                             reason=MemberEndReason.RESIGNED, now=NOW)
    change = MembershipChange.objects.get(member=member)
    assert change.kind == ChangeKind.LEFT and change.filing_due_on == dt.date(2026, 3, 23)  # 3-22 is a Sunday
    with pytest.raises(ValidationError, match="已于"):
        svc.committee_member_end(actor=official, member=member, until=dt.date(2026, 2, 21),
                                 reason=MemberEndReason.RESIGNED, now=NOW)
    added = svc.committee_member_add(actor=official, committee=c, member=MemberSpec(name=owners[6].name, owner_id=owners[6].pk),
                                     since=dt.date(2026, 2, 25), now=NOW)
    assert added.changes.get().kind == ChangeKind.JOINED
    with pytest.raises(ValidationError, match="满额"):
        svc.committee_member_add(actor=official, committee=c, member=MemberSpec(name=owners[7].name,
                                                                                owner_id=owners[7].pk),
                                 since=dt.date(2026, 2, 25), now=NOW)
    svc.membership_change_file(actor=official, change=change, filed_on=dt.date(2026, 3, 1), now=NOW)
    with pytest.raises(ValidationError):
        svc.membership_change_file(actor=official, change=change, filed_on=dt.date(2026, 3, 1), now=NOW)


def test_membership_ends_when_the_owner_sells(official, estate_owners):
    estate, owners = estate_owners
    c = elect(official, estate, owners)
    title = Ownership.objects.get(owner=owners[1], estate=estate)
    record_void(actor=official, instance=title, reason="房屋已出售")
    assert svc.end_memberships_of_former_owners(today=dt.date(2026, 3, 2)) == 1
    member = c.members.get(owner=owners[1])
    assert member.until == timezone.localdate() or member.until <= dt.date(2026, 3, 2)
    assert member.end_reason == MemberEndReason.CEASED_OWNER
    assert member.changes.get().automatic
    # Idempotent.
    assert svc.end_memberships_of_former_owners(today=dt.date(2026, 3, 2)) == 0


def test_voiding_a_title_ends_the_membership_once_committed(official, estate_owners,
                                                            django_capture_on_commit_callbacks):
    """The registry announces the voided title (wuye.core.events); governance ends the membership."""
    estate, owners = estate_owners
    c = elect(official, estate, owners)
    title = Ownership.objects.get(owner=owners[3], estate=estate)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_void(actor=official, instance=title, reason="过户")
    assert c.members.get(owner=owners[3]).until is None  # nothing before the commit
    for callback in callbacks:
        callback()
    assert c.members.get(owner=owners[3]).until is not None


def test_a_title_moved_to_another_owner_ends_the_sellers_membership(official, estate_owners,
                                                                     django_capture_on_commit_callbacks):
    from wuye.core.services import record_update

    estate, owners = estate_owners
    c = elect(official, estate, owners)
    title = Ownership.objects.get(owner=owners[4], estate=estate)
    with django_capture_on_commit_callbacks(execute=True):
        record_update(actor=official, instance=title, data={"certificate_number": "豫(2026)驻马店市不动产权第1号"})
    assert c.members.get(owner=owners[4]).until is None  # an unrelated edit changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        record_update(actor=official, instance=title, data={"owner": owners[9]})
    assert c.members.get(owner=owners[4]).until is not None


def test_new_election_succeeds_the_old_committee(official, estate_owners):
    estate, owners = estate_owners
    old = elect(official, estate, owners)
    new = svc.committee_elect(actor=official, estate=estate, elected_on=dt.date(2026, 3, 1),
                              members=member_specs(owners[5:], 5), election_decision=passed_decision(estate),
                              now=NOW)
    old.refresh_from_db()
    assert old.status == CommitteeStatus.ENDED and new.predecessor_id == old.pk
    assert not old.members.filter(until__isnull=True).exists()


def test_pmc_rules_and_dissolution_on_owners_committee_filing(official, estate_owners):
    estate, owners = estate_owners
    with pytest.raises(ValidationError, match="不少于 7"):
        svc.committee_elect(actor=official, estate=estate, kind=CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                            elected_on=dt.date(2026, 1, 5), members=pmc_specs(owners, 3, 2), now=NOW)
    with pytest.raises(ValidationError, match="不少于一半"):
        svc.committee_elect(actor=official, estate=estate, kind=CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                            elected_on=dt.date(2026, 1, 5), members=pmc_specs(owners, 3, 4), now=NOW)
    bad_chair = [MemberSpec(name=s.name, kind=s.kind, owner_id=s.owner_id,
                            position="chair" if s.kind == MemberKind.OWNER and s.owner_id == owners[0].pk else "member")
                 for s in pmc_specs(owners)]
    with pytest.raises(ValidationError, match="居委会"):
        svc.committee_elect(actor=official, estate=estate, kind=CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                            elected_on=dt.date(2026, 1, 5), members=bad_chair, now=NOW)
    with pytest.raises(ValidationError, match="3 年"):
        svc.committee_elect(actor=official, estate=estate, kind=CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                            elected_on=dt.date(2026, 1, 5), term_years=4, members=pmc_specs(owners), now=NOW)
    pmc = svc.committee_elect(actor=official, estate=estate, kind=CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                              elected_on=dt.date(2026, 1, 5), members=pmc_specs(owners), now=NOW)
    assert pmc.term_end == dt.date(2029, 1, 5) and pmc.filing_due_on is None
    oc = elect(official, estate, owners[4:], 5)
    with pytest.raises(ValidationError, match="已有在任业委会"):
        svc.committee_elect(actor=official, estate=estate, kind=CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                            elected_on=dt.date(2026, 2, 5), members=pmc_specs(owners), now=NOW)
    svc.committee_file(actor=official, committee=oc, filed_on=dt.date(2026, 2, 27), now=NOW)
    pmc.refresh_from_db()
    assert pmc.dissolution_due_on == dt.date(2026, 3, 30)  # 03-29 is a Sunday
    assert pmc.status == CommitteeStatus.ACTIVE
