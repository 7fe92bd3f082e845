"""Writes on the first owners' assembly (R2.1): application, 筹备组, roll and drafts, first meeting.

Each step is one transaction with the assembly locked and an audit entry; the limits become timers
(``formation_due_on``, ``convene_due_on``, the 15-day notice) that the governance sweep watches.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wuye.core.choices import AuditAction
from wuye.core.services import audit_record, integrity_error_message
from wuye.estates.choices import DeliveryStatus
from wuye.estates.models import Estate, Owner, Ownership, Unit
from wuye.governance.choices import (
    AssemblyStatus,
    CommitteeKind,
    DocumentKind,
    DocumentStage,
    PrepMemberKind,
)
from wuye.governance.models import (
    AssemblyDocument,
    Committee,
    Decision,
    OwnersAssembly,
    PreparatoryGroup,
    PreparatoryGroupMember,
)
from wuye.governance.rules import assembly as arules
from wuye.governance.rules import committee as crules
from wuye.governance.rules.committee import MemberSpec, PrepMember, RuleError
from wuye.governance.selectors.decisions import require_passed
from wuye.governance.services.committees import (
    committee_elect,
    ensure_can_manage,
    file_sha256,
    param,
    rolled_due,
    snap,
    today_local,
)


def _rule(fn, **kwargs):
    try:
        return fn(**kwargs)
    except RuleError as exc:
        raise ValidationError(str(exc)) from None


def _lock(assembly: OwnersAssembly) -> OwnersAssembly:
    return OwnersAssembly.objects.select_for_update().select_related("estate").get(pk=assembly.pk)


def delivered_areas(estate: Estate) -> tuple[Decimal, Decimal]:
    """(delivered area, total area) of the estate's units, each unit's area by R1.5 precedence."""
    delivered = total = Decimal(0)
    for unit in Unit.objects.filter(estate=estate, is_voided=False).only(
            "registry_area", "survey_area", "contract_area", "delivery_status"):
        area = unit.area or Decimal(0)
        total += area
        if unit.delivery_status == DeliveryStatus.DELIVERED:
            delivered += area
    return delivered, total


@transaction.atomic
def assembly_apply(*, actor, estate: Estate, applied_on: dt.date, applicants: Sequence[Owner], document=None,
                   now: dt.datetime | None = None) -> OwnersAssembly:
    """Record the owners' written application; the street must form the 筹备组 within 60 days (GR 7)."""
    ensure_can_manage(actor, estate)
    estate = Estate.objects.select_for_update().get(pk=estate.pk)
    if OwnersAssembly.objects.filter(estate=estate).exclude(status=AssemblyStatus.ABANDONED).exists():
        raise ValidationError(_("该小区已有业主大会或正在筹备，不能重复申请。"))
    applicant_ids = {o.pk for o in applicants}
    owners = set(Ownership.objects.filter(estate=estate, owner_id__in=applicant_ids, is_voided=False)
                 .values_list("owner_id", flat=True))
    if applicant_ids - owners:
        raise ValidationError({"applicants": _("申请人必须是本小区业主。")})
    delivered, total = delivered_areas(estate)
    _rule(arules.check_application, delivered_area=delivered, total_area=total, applicants=len(applicant_ids),
          applied_on=applied_on, today=today_local(now))
    assembly = OwnersAssembly(
        estate=estate, status=AssemblyStatus.APPLIED, applied_on=applied_on, delivered_area=delivered,
        total_area=total, formation_due_on=rolled_due(applied_on, param(estate, "prep_group_formation_days")),
    )
    if document:
        assembly.application_document = document
        assembly.application_document_sha256 = file_sha256(document)
    try:
        with transaction.atomic():
            assembly.save()
    except IntegrityError as exc:
        raise ValidationError(integrity_error_message(exc, OwnersAssembly)) from None
    assembly.applicants.set(applicant_ids)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=assembly, after=snap(assembly),
                 reason=_("业主书面申请召开首次业主大会（%(n)d 人；已交付面积 %(d)s/%(t)s㎡）")
                 % {"n": len(applicant_ids), "d": delivered, "t": total})
    return assembly


@transaction.atomic
def preparatory_group_form(*, actor, assembly: OwnersAssembly, formed_on: dt.date, members: Sequence[PrepMember],
                           member_list_published_on: dt.date | None = None,
                           now: dt.datetime | None = None) -> PreparatoryGroup:
    """GR 7–9: the street forms the group (odd, owners ≥ 1/2, leader from the street); 90-day timer starts."""
    assembly = _lock(assembly)
    ensure_can_manage(actor, assembly.estate)
    if assembly.status != AssemblyStatus.APPLIED:
        raise ValidationError(_("只有待组建筹备组的申请可以组建筹备组（当前：%(s)s）。")
                              % {"s": assembly.get_status_display()})
    if formed_on < assembly.applied_on or formed_on > today_local(now):
        raise ValidationError({"formed_on": _("组建日期应在申请日期之后且不晚于今天。")})
    _rule(crules.check_prep_group, members=members)
    owner_ids = [m.owner_id for m in members if m.owner_id is not None]
    held = set(Ownership.objects.filter(estate=assembly.estate, owner_id__in=owner_ids, is_voided=False)
               .values_list("owner_id", flat=True))
    if set(owner_ids) - held:
        raise ValidationError({"members": _("业主代表必须是本小区业主。")})
    group = PreparatoryGroup.objects.create(
        assembly=assembly, estate=assembly.estate, formed_on=formed_on,
        convene_due_on=rolled_due(formed_on, param(assembly.estate, "prep_group_days")),
        member_list_published_on=member_list_published_on,
    )
    PreparatoryGroupMember.objects.bulk_create([
        PreparatoryGroupMember(group=group, name=m.name.strip(), kind=m.kind, owner_id=m.owner_id,
                               is_leader=m.is_leader) for m in members
    ])
    assembly.status = AssemblyStatus.PREPARING
    assembly.save(update_fields=["status", "updated_at"])
    late = formed_on > assembly.formation_due_on
    audit_record(actor=actor, action=AuditAction.CREATE, obj=group, after=snap(group),
                 reason=(_("组建筹备组（%(n)d 人，逾期组建）") if late else _("组建筹备组（%(n)d 人）"))
                 % {"n": len(members)})
    return group


def _lock_group(group: PreparatoryGroup) -> PreparatoryGroup:
    group = PreparatoryGroup.objects.select_for_update().select_related("assembly", "estate").get(pk=group.pk)
    if group.assembly.status != AssemblyStatus.PREPARING:
        raise ValidationError(_("筹备已结束，不能再修改。"))
    return group


def _area(value: int, scale: int) -> str:
    """An exact area in m² with at least two decimals (registry areas have two)."""
    d = Decimal(value) / scale
    return str(d.quantize(Decimal("0.01"))) if d == d.quantize(Decimal("0.01")) else str(d)


def build_assembly_roll(estate: Estate) -> dict:
    """The roll (R1.5/R1.6) from today's registry: each voter's name, units and area; totals by area and head."""
    from wuye.governance.rules import ballot as brules
    from wuye.governance.services.decisions import registry_units

    units = registry_units(estate)
    try:
        roll = brules.build_roll(units)
    except brules.RollError as exc:
        raise ValidationError(str(exc)) from None
    labels = {str(u.pk): str(u) for u in Unit.objects.filter(estate=estate).select_related("building")}
    names = dict(Owner.objects.filter(ownerships__estate=estate).values_list("pk", "name").distinct())
    voters = []
    for key, voter in roll.voters.items():
        name = _("建设单位（未售及未交付房屋）") if key == brules.DEVELOPER else names.get(int(key), key) \
            if key.isdigit() else key
        voters.append({"voter": key, "name": name, "units": [labels.get(u, u) for u in voter.units],
                       "area": _area(voter.area, roll.scale)})
    return {"total_area": _area(roll.total, roll.scale), "total_persons": len(roll.voters),
            "voters": voters}


@transaction.atomic
def preparatory_group_publish_roll(*, actor, group: PreparatoryGroup, published_on: dt.date,
                                   now: dt.datetime | None = None) -> PreparatoryGroup:
    """GR 10: confirm and publish owner identities, headcount and areas, generated from the registry."""
    group = _lock_group(group)
    ensure_can_manage(actor, group.estate)
    if published_on < group.formed_on or published_on > today_local(now):
        raise ValidationError({"published_on": _("公示日期应在筹备组组建之后且不晚于今天。")})
    roll = build_assembly_roll(group.estate)
    group.roll = roll
    group.roll_sha256 = hashlib.sha256(json.dumps(roll, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    group.roll_published_on = published_on
    group.save(update_fields=["roll", "roll_sha256", "roll_published_on", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=group,
                 after={"roll_published_on": published_on.isoformat(), "roll_sha256": group.roll_sha256},
                 reason=_("公示业主名册：%(p)d 人，%(a)s㎡") % {"p": roll["total_persons"], "a": roll["total_area"]})
    return group


@transaction.atomic
def assembly_document_add(*, actor, assembly: OwnersAssembly, kind: str, file, stage: str = DocumentStage.DRAFT,
                          decision: Decision | None = None, note: str = "") -> AssemblyDocument:
    """A new version of the rules of procedure or the management statute (never overwriting one)."""
    assembly = _lock(assembly)
    ensure_can_manage(actor, assembly.estate)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("未知的文件类型。")})
    if stage not in DocumentStage.values:
        raise ValidationError({"stage": _("未知的文件阶段。")})
    if not file:
        raise ValidationError({"file": _("请上传文件。")})
    if stage == DocumentStage.ADOPTED:  # an amendment: only with the owners' passed decision
        require_passed(decision, estate=assembly.estate,
                       matters=(1,) if kind == DocumentKind.RULES_OF_PROCEDURE else (2,))
    last = assembly.documents.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0
    doc = AssemblyDocument(assembly=assembly, estate=assembly.estate, kind=kind, version=last + 1, stage=stage,
                           file=file, sha256=file_sha256(file), decision=decision, note=(note or "")[:300],
                           uploaded_by=actor if getattr(actor, "pk", None) else None)
    doc.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=doc, after=snap(doc),
                 reason=_("上传%(k)s第 %(v)d 版（%(s)s）") % {"k": doc.get_kind_display(), "v": doc.version,
                                                         "s": doc.get_stage_display()})
    return doc


@transaction.atomic
def preparatory_group_publish_drafts(*, actor, group: PreparatoryGroup, published_on: dt.date,
                                     candidates_note: str, now: dt.datetime | None = None) -> PreparatoryGroup:
    """GR 10: publish the drafts of both rule sets (each must have a draft version uploaded) together
    with how candidates are put forward and how the committee is elected."""
    group = _lock_group(group)
    ensure_can_manage(actor, group.estate)
    if published_on < group.formed_on or published_on > today_local(now):
        raise ValidationError({"published_on": _("公示日期应在筹备组组建之后且不晚于今天。")})
    candidates_note = (candidates_note or "").strip()
    if not candidates_note:
        raise ValidationError({"candidates_note": _("请填写业主委员会候选人产生办法和选举办法，与草案一并公示。")})
    kinds = set(group.assembly.documents.values_list("kind", flat=True))
    missing = [DocumentKind(k).label for k in DocumentKind.values if k not in kinds]
    if missing:
        raise ValidationError(_("请先上传草案：%(m)s") % {"m": "、".join(str(m) for m in missing)})
    group.drafts_published_on = published_on
    group.candidates_note = candidates_note
    group.save(update_fields=["drafts_published_on", "candidates_note", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=group,
                 after={"drafts_published_on": published_on.isoformat(), "candidates_note": candidates_note},
                 reason=_("公示议事规则和管理规约草案及候选人产生办法、选举办法"))
    return group


@transaction.atomic
def assembly_schedule_meeting(*, actor, assembly: OwnersAssembly, meeting_on: dt.date,
                              now: dt.datetime | None = None) -> OwnersAssembly:
    assembly = _lock(assembly)
    ensure_can_manage(actor, assembly.estate)
    if assembly.status != AssemblyStatus.PREPARING:
        raise ValidationError(_("只有筹备中的业主大会可以安排首次会议。"))
    group = assembly.preparatory_group
    if meeting_on < group.formed_on:
        raise ValidationError({"meeting_on": _("会议日期不能早于筹备组组建日期。")})
    notice = param(assembly.estate, "meeting_notice_days")
    latest = arules.latest_publication(meeting_on, notice)
    if latest < today_local(now) and not (arules.notice_given(group.roll_published_on, meeting_on, notice)
                                          and arules.notice_given(group.drafts_published_on, meeting_on, notice)):
        raise ValidationError({"meeting_on": _("会议前须公示至少 %(n)d 日：尚未公示的名册和草案最晚须于 %(d)s 公示，"
                                               "该日已过，请推迟会议日期。") % {"n": notice, "d": latest}})
    before = {"meeting_planned_on": assembly.meeting_planned_on.isoformat() if assembly.meeting_planned_on else None}
    assembly.meeting_planned_on = meeting_on
    assembly.save(update_fields=["meeting_planned_on", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=assembly, before=before,
                 after={"meeting_planned_on": meeting_on.isoformat()}, reason=_("安排首次业主大会会议"))
    return assembly


@transaction.atomic
def assembly_record_first_meeting(
    *, actor, assembly: OwnersAssembly, held_on: dt.date, committee_members: Sequence[MemberSpec],
    rules_decision: Decision | None = None, statute_decision: Decision | None = None,
    election_decision: Decision | None = None, offline_document=None, offline_note: str = "",
    term_years: int | None = None, committee_name: str = "", now: dt.datetime | None = None,
) -> OwnersAssembly:
    """GR 12: the first meeting adopts both rule sets and elects the 业委会 → the assembly is established.

    The three results are passed decisions on matters 1, 2 and 3 (``require_passed``). A meeting held off
    the platform is recorded by an official with the signed result attached and is marked as such.
    """
    assembly = _lock(assembly)
    ensure_can_manage(actor, assembly.estate)
    if assembly.status != AssemblyStatus.PREPARING:
        raise ValidationError(_("只有筹备中的业主大会可以登记首次会议结果。"))
    group = assembly.preparatory_group
    today = today_local(now)
    _rule(arules.check_first_meeting, held_on=held_on, formed_on=group.formed_on,
          roll_published_on=group.roll_published_on, drafts_published_on=group.drafts_published_on,
          notice_days=param(assembly.estate, "meeting_notice_days"), today=today)
    offline = not (rules_decision or statute_decision or election_decision)
    if offline:
        if not offline_document:
            raise ValidationError({"offline_document": _(
                "未在平台表决的首次会议，须上传会议决议（含表决统计、签字）扫描件。")})
        if not (offline_note or "").strip():
            raise ValidationError({"offline_note": _("请说明线下会议的表决方式和结果。")})
    else:
        for decision, matter, field in ((rules_decision, 1, "rules_decision"), (statute_decision, 2, "statute_decision"),
                                        (election_decision, 3, "election_decision")):
            if decision is None:
                raise ValidationError({field: _("请选择已通过的共同决定。")})
            require_passed(decision, estate=assembly.estate, matters=(matter,))
    latest = {}
    for kind in DocumentKind.values:
        doc = assembly.documents.filter(kind=kind).order_by("-version").first()
        if doc is None:
            raise ValidationError(_("缺少%(k)s草案。") % {"k": DocumentKind(kind).label})
        latest[kind] = doc
    committee: Committee = committee_elect(
        actor=actor, estate=assembly.estate, kind=CommitteeKind.OWNERS_COMMITTEE, name=committee_name,
        elected_on=held_on, term_years=term_years, members=committee_members,
        election_decision=None if offline else election_decision, offline_document=offline_document,
        assembly=assembly, now=now,
    )
    for kind, decision in ((DocumentKind.RULES_OF_PROCEDURE, rules_decision),
                           (DocumentKind.MANAGEMENT_STATUTE, statute_decision)):
        draft = latest[kind]
        AssemblyDocument(assembly=assembly, estate=assembly.estate, kind=kind, version=draft.version + 1,
                         stage=DocumentStage.ADOPTED, file=draft.file.name, sha256=draft.sha256, decision=decision,
                         note=_("首次业主大会会议通过（第 %(v)d 版草案）") % {"v": draft.version},
                         uploaded_by=actor if getattr(actor, "pk", None) else None).save()
    assembly.first_meeting_on = held_on
    assembly.rules_decision = rules_decision
    assembly.statute_decision = statute_decision
    assembly.election_decision = election_decision
    assembly.offline_result = offline
    if offline:
        assembly.offline_document = committee.offline_document.name
        assembly.offline_document_sha256 = committee.offline_document_sha256
        assembly.offline_note = offline_note.strip()[:500]
        assembly.offline_recorded_by = actor if getattr(actor, "pk", None) else None
    assembly.status = AssemblyStatus.ESTABLISHED
    assembly.established_on = held_on
    assembly.save()
    PreparatoryGroup.objects.filter(pk=group.pk).update(dissolved_on=held_on)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=assembly, before={"status": AssemblyStatus.PREPARING},
                 after={"status": AssemblyStatus.ESTABLISHED, "first_meeting_on": held_on.isoformat()},
                 reason=_("首次业主大会会议：通过议事规则、管理规约，选举业委会%(o)s")
                 % {"o": _("（线下会议结果，非平台表决）") if offline else ""})
    return assembly


@transaction.atomic
def assembly_abandon(*, actor, assembly: OwnersAssembly, on: dt.date, reason: str) -> OwnersAssembly:
    assembly = _lock(assembly)
    ensure_can_manage(actor, assembly.estate)
    if assembly.status in (AssemblyStatus.ESTABLISHED, AssemblyStatus.ABANDONED):
        raise ValidationError(_("已成立或已终止的业主大会不能终止筹备。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写终止原因。")})
    assembly.status = AssemblyStatus.ABANDONED
    assembly.ended_on = on
    assembly.end_reason = reason.strip()[:300]
    assembly.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=assembly, after={"status": AssemblyStatus.ABANDONED},
                 reason=reason)
    return assembly


__all__ = ["PrepMember", "PrepMemberKind", "MemberSpec"]
