"""Factories for owners' self-governance: estates with owners, committees, assemblies."""
from __future__ import annotations

import datetime as dt

import factory
from django.core.files.base import ContentFile

from wuye.estates.tests.factories import (
    BuildingFactory,
    EstateFactory,
    OwnershipFactory,
    UnitFactory,
)
from wuye.governance.choices import (
    AssemblyStatus,
    CommitteeKind,
    CommitteeStatus,
    MemberKind,
    MemberPosition,
    PrepMemberKind,
)
from wuye.governance.models import Committee, CommitteeMember, OwnersAssembly
from wuye.governance.rules.committee import MemberSpec, PrepMember


def estate_with_owners(n: int = 12, *, region=None, **estate_kwargs):
    """An estate with ``n`` delivered units, each owned by a different owner; returns (estate, owners)."""
    kwargs = dict(estate_kwargs)
    if region is not None:
        kwargs["region"] = region
    estate = EstateFactory(**kwargs)
    building = BuildingFactory(estate=estate)
    owners = [OwnershipFactory(unit=UnitFactory(building=building)).owner for _i in range(n)]
    return estate, owners


def member_specs(owners, n: int | None = None) -> list[MemberSpec]:
    """Owner members for a 业委会: the first is the chair, the second the vice chair."""
    chosen = owners[: n or len(owners)]
    out = []
    for i, o in enumerate(chosen):
        position = MemberPosition.CHAIR if i == 0 else MemberPosition.VICE_CHAIR if i == 1 else MemberPosition.MEMBER
        out.append(MemberSpec(name=o.name, kind=MemberKind.OWNER, position=position, owner_id=o.pk,
                              is_party_member=i % 2 == 0))
    return out


def pmc_specs(owners, n_owners: int = 4, n_residents: int = 3) -> list[MemberSpec]:
    """A 物管会: 居委会 members (the first one chairs) and owners (≥ 1/2)."""
    out = [MemberSpec(name=f"居委会委员{i + 1}", kind=MemberKind.RESIDENTS_COMMITTEE,
                      position=MemberPosition.CHAIR if i == 0 else MemberPosition.MEMBER) for i in range(n_residents)]
    out += [MemberSpec(name=o.name, kind=MemberKind.OWNER, owner_id=o.pk) for o in owners[:n_owners]]
    return out


def prep_members(owners, n_owners: int = 3) -> list[PrepMember]:
    return ([PrepMember(name="街道干部甲", kind=PrepMemberKind.STREET_OFFICE, is_leader=True),
             PrepMember(name="居委会乙", kind=PrepMemberKind.RESIDENTS_COMMITTEE)]
            + [PrepMember(name=o.name, kind=PrepMemberKind.OWNER, owner_id=o.pk) for o in owners[:n_owners]])


def document(name: str = "draft.pdf", content: bytes = b"%PDF-1.4 draft") -> ContentFile:
    return ContentFile(content, name=name)


class CommitteeFactory(factory.django.DjangoModelFactory):
    """A bare committee row (no members); use the services for anything that checks rules."""

    class Meta:
        model = Committee

    estate = factory.SubFactory(EstateFactory)
    kind = CommitteeKind.OWNERS_COMMITTEE
    name = factory.LazyAttribute(lambda o: f"{o.estate.name}业主委员会")
    status = CommitteeStatus.ACTIVE
    seats = 5
    elected_on = dt.date(2025, 1, 10)
    term_start = factory.SelfAttribute("elected_on")
    term_end = dt.date(2030, 1, 10)
    filing_due_on = dt.date(2025, 2, 10)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    estate = factory.SelfAttribute("committee.estate")
    owner = factory.LazyAttribute(lambda o: OwnershipFactory(unit__building__estate=o.committee.estate).owner)
    name = factory.LazyAttribute(lambda o: o.owner.name if o.owner else "委员")
    since = factory.SelfAttribute("committee.elected_on")


class AssemblyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OwnersAssembly

    estate = factory.SubFactory(EstateFactory)
    status = AssemblyStatus.APPLIED
    applied_on = dt.date(2026, 1, 5)
    delivered_area = 1000
    total_area = 1500
    formation_due_on = dt.date(2026, 3, 6)
