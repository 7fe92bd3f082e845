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
