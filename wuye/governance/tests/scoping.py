"""Scoping builders of governance endpoints and pages (merged by wuye/core/tests/test_api_scoping.py)."""
from __future__ import annotations

API_BUILDERS: dict = {}
API_NO_LIST: dict = {}


# ---------------------------------------------------------------- decisions (共同决定)


def _decision(ctx):
    """An open decision in the street with a 3-owner roll and one e-ballot cast."""
    import datetime as dt

    from django.utils import timezone

    from wuye.estates.tests.factories import BuildingFactory, OwnershipFactory, UnitFactory
    from wuye.governance.services.decisions import ballot_cast, decision_open

    building = BuildingFactory(estate__region=ctx["street"])
    owners = [OwnershipFactory(unit=UnitFactory(building=building)).owner for _ in range(3)]
    decision = decision_open(actor=None, estate=building.estate, matter=4, title="选聘物业服务企业",
                             closes_at=timezone.now() + dt.timedelta(days=1), organiser="committee")
    ballot_cast(actor=None, decision=decision, voter_key=str(owners[0].pk), choice="yes", channel="electronic")
    return decision


API_BUILDERS.update({
    "decision": _decision,
    "decision-ballot": lambda ctx: _decision(ctx).ballots.get(),
    "decision-roll-entry": lambda ctx: _decision(ctx).roll.first(),
})


# ---------------------------------------------------------------- committee records and supervision


def _supervised_motion(ctx):
    """A committee of the street with a posted, passed decision under a correction order."""
    import datetime as dt

    from django.utils import timezone

    from wuye.governance.services.supervision import supervision_order
    from wuye.governance.tests.factories_supervision import committee_with_members, posted_motion

    committee, members = committee_with_members(5, region=ctx["street"])
    motion = posted_motion(committee, members)
    supervision_order(actor=ctx["official"], motion=motion, kind="correction", reason="违反管理规约",
                      deadline=timezone.localdate() + dt.timedelta(days=10))
    return committee, members, motion


def _seal_use(ctx):
    from django.utils import timezone

    from wuye.governance.services.supervision import seal_use_record
    from wuye.governance.tests.factories_supervision import (
        committee_seal,
        committee_with_members,
        passed_motion,
    )

    committee, members = committee_with_members(5, region=ctx["street"])
    return seal_use_record(actor=None, seal=committee_seal(committee, members), used_on=timezone.localdate(),
                           document_title="维修合同", purpose="签约", used_by="李四",
                           motion=passed_motion(committee, members))


def _publication(ctx):
    from wuye.governance.services.supervision import publication_save
    from wuye.governance.tests.factories_supervision import committee_with_members

    committee, _members = committee_with_members(5, region=ctx["street"])
    return publication_save(actor=None, committee=committee, year=2025, common_revenue_fen=100, fund_use_fen=0,
                            expenses_fen=0)


API_BUILDERS.update({
    "committee-meeting": lambda ctx: _supervised_motion(ctx)[2].meeting,
    "committee-motion": lambda ctx: _supervised_motion(ctx)[2],
    "supervision-order": lambda ctx: _supervised_motion(ctx)[2].supervision_orders.get(),
    "seal": lambda ctx: _seal_use(ctx).seal,
    "seal-use": _seal_use,
    "committee-publication": _publication,
})


# ---------------------------------------------------------------- owners' assembly and committees


def _assembly(ctx):
    from wuye.governance.tests.factories import AssemblyFactory

    return AssemblyFactory(estate__region=ctx["street"])


def _assembly_document(ctx):
    from django.core.files.base import ContentFile

    from wuye.governance.models import AssemblyDocument

    doc = AssemblyDocument(assembly=_assembly(ctx), kind="rules_of_procedure", version=1,
                           file=ContentFile(b"draft", name="rules.pdf"), sha256="0" * 64)
    doc.save()
    return doc


def _membership_change(ctx):
    import datetime as dt

    from wuye.governance.models import MembershipChange
    from wuye.governance.tests.factories import CommitteeMemberFactory

    member = CommitteeMemberFactory(committee__estate__region=ctx["street"], until=dt.date(2025, 3, 1),
                                    end_reason="resigned")
    return MembershipChange.objects.create(committee=member.committee, member=member, kind="left",
                                           occurred_on=dt.date(2025, 3, 1), filing_due_on=dt.date(2025, 3, 31))


def _alert(ctx):
    from django.utils import timezone

    from wuye.estates.tests.factories import EstateFactory
    from wuye.governance.models import GovernanceAlert

    return GovernanceAlert.objects.create(estate=EstateFactory(region=ctx["street"]), kind="committee_filing",
                                          key="scoping:1", message="备案时限", raised_at=timezone.now())


def _committee_factories():
    from wuye.governance.tests import factories

    return factories


API_BUILDERS.update({
    "owners-assembly": _assembly,
    "assembly-document": _assembly_document,
    "committee": lambda ctx: _committee_factories().CommitteeFactory(estate__region=ctx["street"]),
    "committee-member": lambda ctx: _committee_factories().CommitteeMemberFactory(
        committee__estate__region=ctx["street"]),
    "membership-change": _membership_change,
    "governance-alert": _alert,
})
