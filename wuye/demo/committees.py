"""Demo owners' assemblies, committees and 物管会 of a city (idempotent).

In the focus street, all written through the services (dates in the past) and then swept:
- the demo ``committee`` user's estate: an established assembly (first meeting held offline, marked as
  such) and its active, filed owners' committee with a party member and a cross-appointment;
- an estate whose committee's term ends in two months (REELECTION_DUE, a warning to the street);
- an estate with a 筹备组 formed three weeks ago (the 90-day timer running, meeting planned);
- an estate whose owners applied 55 days ago and still has no 筹备组 (a warning five days before the limit);
- an estate with a 物管会 formed by the street.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone


def _owners(estate, n: int) -> list:
    from wuye.estates.models import Ownership

    out = []
    for o in (Ownership.objects.filter(estate=estate, is_voided=False, owner__kind="person", owner__is_voided=False)
              .select_related("owner").order_by("id")):
        if o.owner not in out:
            out.append(o.owner)
        if len(out) == n:
            break
    return out


def _specs(owners, positions=True):
    from wuye.governance.choices import MemberPosition
    from wuye.governance.rules.committee import MemberSpec

    out = []
    for i, o in enumerate(owners):
        pos = (MemberPosition.CHAIR if i == 0 else MemberPosition.VICE_CHAIR if i == 1 else MemberPosition.MEMBER)
        out.append(MemberSpec(name=o.name, owner_id=o.pk, position=pos if positions else MemberPosition.MEMBER,
                              is_party_member=i in (0, 3)))
    return out


def _pdf(name: str, text: str) -> ContentFile:
    return ContentFile(f"%PDF-1.4\n% {text}\n".encode(), name=name)


def _prep(owners):
    from wuye.governance.choices import PrepMemberKind
    from wuye.governance.rules.committee import PrepMember

    return ([PrepMember(name="街道物业办 王建国", kind=PrepMemberKind.STREET_OFFICE, is_leader=True),
             PrepMember(name="社区居委会 刘芳", kind=PrepMemberKind.RESIDENTS_COMMITTEE)]
            + [PrepMember(name=o.name, kind=PrepMemberKind.OWNER, owner_id=o.pk) for o in owners[:3]])


def _established(estate, actor, today) -> None:
    """Application → 筹备组 → roll and drafts → first meeting (offline) → committee filed."""
    from wuye.governance.choices import DocumentKind
    from wuye.governance.services import assemblies as a_svc
    from wuye.governance.services import committees as c_svc

    owners = _owners(estate, 7)
    applied = today - dt.timedelta(days=900)
    a = a_svc.assembly_apply(actor=actor, estate=estate, applied_on=applied, applicants=owners[:3],
                             document=_pdf("申请书.pdf", "owners' application"))
    g = a_svc.preparatory_group_form(actor=actor, assembly=a, formed_on=applied + dt.timedelta(days=20),
                                     members=_prep(owners), member_list_published_on=applied + dt.timedelta(days=21))
    a_svc.preparatory_group_publish_roll(actor=actor, group=g, published_on=applied + dt.timedelta(days=40))
    for kind, name in ((DocumentKind.RULES_OF_PROCEDURE, "议事规则（草案）.pdf"),
                       (DocumentKind.MANAGEMENT_STATUTE, "管理规约（草案）.pdf")):
        a_svc.assembly_document_add(actor=actor, assembly=a, kind=kind, file=_pdf(name, "draft v1"))
    a_svc.preparatory_group_publish_drafts(actor=actor, group=g, published_on=applied + dt.timedelta(days=41),
                                          candidates_note="业主自荐或十名以上业主联名推荐；差额选举，得票多者当选。")
    held = applied + dt.timedelta(days=70)
    a_svc.assembly_record_first_meeting(
        actor=actor, assembly=a, held_on=held, committee_members=_specs(owners),
        offline_document=_pdf("首次业主大会决议.pdf", "signed result"),
        offline_note="书面征求意见形式召开，表决统计表及签字页见附件（平台上线前）")
    committee = a.committees.get()
    c_svc.committee_file(actor=actor, committee=committee, filed_on=held + dt.timedelta(days=12),
                         filing_number=f"驿建业备〔{held.year}〕{estate.pk}号")
    _cross_appointment(estate, owners[0].name)


def _cross_appointment(estate, chair: str) -> None:
    from wuye.organization.models import CrossAppointment, PartyOrganization

    branch = PartyOrganization.objects.filter(estate=estate, is_voided=False).first()
    if branch is None:
        branch = PartyOrganization.objects.create(region_id=estate.region_id, kind="estate_branch",
                                                  name=f"{estate.name}党支部", estate=estate, secretary=chair,
                                                  member_count=12)
    CrossAppointment.objects.get_or_create(party_organization=branch, person_name=chair, body="owners_committee",
                                           defaults={"party_position": "书记", "body_position": "主任"})


def _reelection_due(estate, actor, today) -> None:
    from wuye.governance.rules.committee import add_months
    from wuye.governance.services import committees as c_svc

    elected = add_months(today, -58)  # a 5-year term ending in two months
    c = c_svc.committee_elect(actor=actor, estate=estate, elected_on=elected, members=_specs(_owners(estate, 5)),
                              offline_document=_pdf("选举结果.pdf", "election"))
    c_svc.committee_file(actor=actor, committee=c, filed_on=elected + dt.timedelta(days=20))


def _preparing(estate, actor, today) -> None:
    from wuye.governance.services import assemblies as a_svc

    owners = _owners(estate, 3)
    a = a_svc.assembly_apply(actor=actor, estate=estate, applied_on=today - dt.timedelta(days=45),
                             applicants=owners[:2])
    g = a_svc.preparatory_group_form(actor=actor, assembly=a, formed_on=today - dt.timedelta(days=21),
                                     members=_prep(owners))
    a_svc.preparatory_group_publish_roll(actor=actor, group=g, published_on=today - dt.timedelta(days=3))
    a_svc.assembly_schedule_meeting(actor=actor, assembly=a, meeting_on=today + dt.timedelta(days=25))


def _applied(estate, actor, today) -> None:
    from wuye.governance.services import assemblies as a_svc

    a_svc.assembly_apply(actor=actor, estate=estate, applied_on=today - dt.timedelta(days=55),
                         applicants=_owners(estate, 2))


def _pmc(estate, actor, today) -> None:
    from wuye.governance.choices import CommitteeKind, MemberKind, MemberPosition
    from wuye.governance.rules.committee import MemberSpec
    from wuye.governance.services import committees as c_svc

    members = [MemberSpec(name=n, kind=MemberKind.RESIDENTS_COMMITTEE,
                          position=MemberPosition.CHAIR if i == 0 else MemberPosition.MEMBER, is_party_member=i == 0)
               for i, n in enumerate(("社区居委会 赵敏", "社区居委会 孙强", "社区居委会 周丽"))]
    members += [MemberSpec(name=o.name, owner_id=o.pk) for o in _owners(estate, 4)]
    c_svc.committee_elect(actor=actor, estate=estate, kind=CommitteeKind.PROPERTY_MANAGEMENT_COMMITTEE,
                          elected_on=today - dt.timedelta(days=200), members=members,
                          offline_document=_pdf("物管会组建通知.pdf", "street notice"))


def generate_demo_committees(*, city: str, focus_street: str | None) -> int:
    """Create the demo self-governance bodies; returns how many scenarios were created."""
    from wuye.accounts.models import RoleAssignment, User
    from wuye.estates.models import Estate
    from wuye.governance.choices import MemberPosition
    from wuye.governance.models import Committee, CommitteeMember, OwnersAssembly
    from wuye.governance.services.committees import sweep_governance

    if not focus_street:
        return 0
    prefix = focus_street[:9]
    if (OwnersAssembly.objects.filter(estate__region__code__startswith=prefix).exists()
            or Committee.objects.filter(estate__region__code__startswith=prefix).exists()):
        return 0  # already made
    actor = User.objects.filter(username="street").first()
    today = timezone.localdate()
    ra = (RoleAssignment.objects.filter(user__username="committee", role="committee_member", is_active=True,
                                        estate__region__code__startswith=prefix).select_related("estate").first())
    estates = list(Estate.objects.filter(region__code__startswith=prefix, is_voided=False).order_by("id")[:40])
    first = ra.estate if ra else (estates[0] if estates else None)
    if first is None:
        return 0
    others = [e for e in estates if e.pk != first.pk and len(_owners(e, 7)) >= 7]
    made = 0
    for make, estate in ((_established, first), *zip((_reelection_due, _preparing, _applied, _pmc), others,
                                                     strict=False)):
        try:
            with transaction.atomic():
                make(estate, actor, today)
        except ValidationError as exc:  # an estate whose registry cannot support the scenario: skip it
            print(f"演示业主自治：{estate.name} 未生成（{'；'.join(exc.messages)}）")
            continue
        made += 1
    if ra is not None:  # the demo account is the chair's: it lapses if the chair ever leaves office
        chair = (CommitteeMember.objects.filter(estate=ra.estate, until__isnull=True, position=MemberPosition.CHAIR,
                                                owner__isnull=False).first())
        if chair is not None:
            ra.owner_id = chair.owner_id
            ra.save(update_fields=["owner", "updated_at"])
    sweep_governance()
    return made
