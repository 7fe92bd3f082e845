"""The governance sweep: term states, alerts around each boundary, automatic membership end, 物管会."""
from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from wuye.core.services import record_void
from wuye.estates.models import Ownership
from wuye.governance.choices import (
    AlertKind,
    AlertLevel,
    CommitteeKind,
    CommitteeStatus,
    MemberEndReason,
)
from wuye.governance.models import Committee, GovernanceAlert
from wuye.governance.services import committees as svc
from wuye.governance.tests.factories import (
    AssemblyFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    estate_with_owners,
    member_specs,
    pmc_specs,
)
from wuye.governance.tests.test_committee_services import passed_decision

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=SH)


def sweep(day: dt.date) -> dict:
    return svc.sweep_governance(now=at(day))


def open_kinds(**filters) -> set[str]:
    """Open alerts of the lifecycle kinds (the committees' own records raise theirs too: not tested here)."""
    from wuye.governance.services.committees import OWN_ALERT_KINDS

    return set(GovernanceAlert.objects.filter(resolved_at__isnull=True, kind__in=OWN_ALERT_KINDS, **filters)
               .values_list("kind", flat=True))


@pytest.fixture
def committee(street):
    c = CommitteeFactory(estate__region=street, term_end=dt.date(2030, 5, 31), filed_on=dt.date(2025, 2, 1), seats=5)
    for _i in range(5):
        CommitteeMemberFactory(committee=c)
    return c


@pytest.mark.parametrize("day, status, alert", [
    (dt.date(2030, 2, 27), CommitteeStatus.ACTIVE, None),
    (dt.date(2030, 2, 28), CommitteeStatus.REELECTION_DUE, AlertKind.REELECTION_DUE),
    (dt.date(2030, 5, 31), CommitteeStatus.REELECTION_DUE, AlertKind.REELECTION_DUE),
    (dt.date(2030, 6, 1), CommitteeStatus.OVERDUE, AlertKind.TERM_OVERDUE),
    (dt.date(2030, 6, 10), CommitteeStatus.OVERDUE, AlertKind.TERM_OVERDUE),
    (dt.date(2030, 6, 11), CommitteeStatus.HANDOVER_DUE, AlertKind.HANDOVER_DUE),
])
def test_term_states_around_each_boundary(committee, day, status, alert):
    sweep(day)
    committee.refresh_from_db()
    assert committee.status == status
    assert open_kinds(committee=committee) == ({alert} if alert else set())


def test_sweep_is_idempotent_and_moves_forward_only(committee):
    first = sweep(dt.date(2030, 6, 1))
    assert first["states_moved"] == 1 and first["alerts_raised"] == 1
    second = sweep(dt.date(2030, 6, 1))
    assert second == {**second, "states_moved": 0, "alerts_raised": 0, "alerts_updated": 0, "alerts_resolved": 0,
                      "memberships_ended": 0, "pmc_dissolved": 0}
    sweep(dt.date(2030, 1, 1))  # a clock set back never takes the committee back
    committee.refresh_from_db()
    assert committee.status == CommitteeStatus.OVERDUE
    # The reelection alert was resolved when the state moved on; one alert per state.
    assert GovernanceAlert.objects.filter(committee=committee, kind=AlertKind.TERM_OVERDUE).count() == 1


def test_successor_election_resolves_term_alerts(committee, role_user, street):
    sweep(dt.date(2030, 6, 1))
    official = role_user("street_office", region=street)
    owners = [m.owner for m in committee.members.all()]
    svc.committee_elect(actor=official, estate=committee.estate, elected_on=dt.date(2030, 6, 5),
                        members=member_specs(owners, 5), election_decision=passed_decision(committee.estate),
                        now=at(dt.date(2030, 6, 6)))
    sweep(dt.date(2030, 6, 6))
    committee.refresh_from_db()
    assert committee.status == CommitteeStatus.ENDED
    assert not open_kinds(committee=committee)
    from wuye.governance.services.committees import OWN_ALERT_KINDS

    assert GovernanceAlert.objects.get(committee=committee, kind__in=OWN_ALERT_KINDS).resolved_at is not None


@pytest.mark.parametrize("day, level", [
    (dt.date(2026, 2, 24), None),
    (dt.date(2026, 2, 25), AlertLevel.WARNING),   # 7 days before the 4 March due date
    (dt.date(2026, 3, 4), AlertLevel.WARNING),    # the due day itself is still in time
    (dt.date(2026, 3, 5), AlertLevel.OVERDUE),
])
def test_filing_timer(street, role_user, day, level):
    official = role_user("street_office", region=street)
    estate, owners = estate_with_owners(6, region=street)
    c = svc.committee_elect(actor=official, estate=estate, elected_on=dt.date(2026, 2, 2),
                            members=member_specs(owners, 5), election_decision=passed_decision(estate),
                            now=at(dt.date(2026, 2, 3)))
    assert c.filing_due_on == dt.date(2026, 3, 4)
    sweep(day)
    alert = GovernanceAlert.objects.filter(committee=c, kind=AlertKind.COMMITTEE_FILING, resolved_at__isnull=True)
    assert (alert.get().level if alert else None) == level
    if level:
        svc.committee_file(actor=official, committee=c, filed_on=day, now=at(day))
        sweep(day)
        assert not alert.all().exists()


def test_owner_who_sells_leaves_and_below_half_alert(street, role_user):
    official = role_user("street_office", region=street)
    estate, owners = estate_with_owners(6, region=street)
    c = svc.committee_elect(actor=official, estate=estate, elected_on=dt.date(2026, 1, 5),
                            members=member_specs(owners, 5), election_decision=passed_decision(estate),
                            now=at(dt.date(2026, 1, 6)))
    for o in owners[:3]:
        record_void(actor=official, instance=Ownership.objects.get(owner=o, estate=estate), reason="出售")
    counts = sweep(dt.date(2026, 3, 2))
    assert counts["memberships_ended"] == 3
    assert c.members.filter(until__isnull=True).count() == 2
    assert set(c.members.exclude(until=None).values_list("end_reason", flat=True)) == {MemberEndReason.CEASED_OWNER}
    assert AlertKind.BELOW_HALF in open_kinds(committee=c)
    # Three changes to file, due 30 days later; warnings appear in the last week.
    assert c.changes.filter(automatic=True).count() == 3
    sweep(max(c.changes.values_list("filing_due_on", flat=True)))
    assert AlertKind.MEMBER_CHANGE_FILING in open_kinds(committee=c)
    for o in owners[5:6]:
        svc.committee_member_add(actor=official, committee=c, member=member_specs([o])[0].__class__(
            name=o.name, owner_id=o.pk), since=dt.date(2026, 3, 3), now=at(dt.date(2026, 3, 3)))
    sweep(dt.date(2026, 3, 3))
    assert AlertKind.BELOW_HALF not in open_kinds(committee=c)  # 3 of 5 again


def test_pmc_dissolved_after_owners_committee_filing(street, role_user):
    official = role_user("street_office", region=street)
    estate, owners = estate_with_owners(10, region=street)
    pmc = svc.committee_elect(actor=official, estate=estate, kind=CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                              elected_on=dt.date(2025, 6, 2), members=pmc_specs(owners),
                              now=at(dt.date(2025, 6, 3)))
    oc = svc.committee_elect(actor=official, estate=estate, elected_on=dt.date(2026, 2, 2),
                             members=member_specs(owners[4:], 5), election_decision=passed_decision(estate),
                             now=at(dt.date(2026, 2, 3)))
    svc.committee_file(actor=official, committee=oc, filed_on=dt.date(2026, 2, 27), now=at(dt.date(2026, 2, 27)))
    pmc.refresh_from_db()
    assert pmc.dissolution_due_on == dt.date(2026, 3, 30)
    sweep(dt.date(2026, 3, 30))
    pmc.refresh_from_db()
    assert pmc.status == CommitteeStatus.ACTIVE
    assert AlertKind.PMC_DISSOLUTION in open_kinds(committee=pmc)
    counts = sweep(dt.date(2026, 3, 31))
    pmc.refresh_from_db()
    assert counts["pmc_dissolved"] == 1 and pmc.status == CommitteeStatus.DISSOLVED
    assert pmc.ended_on == dt.date(2026, 3, 30)
    assert not pmc.members.filter(until__isnull=True).exists()
    assert not open_kinds(committee=pmc)


def test_pmc_due_date_set_by_sweep_when_filing_bypassed_the_service(street):
    pmc = CommitteeFactory(estate__region=street, kind=CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE, seats=7,
                           filing_due_on=None, term_end=dt.date(2028, 1, 10))
    CommitteeFactory(estate=pmc.estate, filed_on=dt.date(2026, 3, 2))
    sweep(dt.date(2026, 3, 3))
    pmc.refresh_from_db()
    assert pmc.dissolution_due_on == dt.date(2026, 4, 1)


@pytest.mark.parametrize("day, level", [
    (dt.date(2026, 2, 26), None), (dt.date(2026, 2, 27), AlertLevel.WARNING),
    (dt.date(2026, 3, 6), AlertLevel.WARNING), (dt.date(2026, 3, 7), AlertLevel.OVERDUE),
])
def test_prep_group_formation_timer(street, day, level):
    a = AssemblyFactory(estate__region=street, applied_on=dt.date(2026, 1, 5), formation_due_on=dt.date(2026, 3, 6))
    sweep(day)
    rows = GovernanceAlert.objects.filter(assembly=a, resolved_at__isnull=True)
    assert (rows.get().level if rows else None) == level


def test_command_prints_counts(committee):
    out = StringIO()
    call_command("sweep_governance", stdout=out)
    assert "换届状态变更" in out.getvalue()
    assert Committee.objects.filter(pk=committee.pk).exists()
