"""Writes on committees (业委会/物管会): election or formation, filing, member changes, dissolution,
automatic end of membership, and the governance timer sweep with its alerts.

Every write: one transaction, the row locked, the rules in ``rules.committee`` applied, an audit entry.
Only these services and the sweep change ``Committee.status``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.choices import AuditAction
from wuye.core.services import audit_record, integrity_error_message
from wuye.estates.models import Estate, Owner, Ownership
from wuye.governance.choices import (
    AlertKind,
    AlertLevel,
    AssemblyStatus,
    ChangeKind,
    CommitteeKind,
    CommitteeStatus,
    MemberEndReason,
    MemberKind,
)
from wuye.governance.models import (
    Committee,
    CommitteeMember,
    Decision,
    GovernanceAlert,
    MembershipChange,
    OwnersAssembly,
)
from wuye.governance.models.committees import LIVE_STATUSES
from wuye.governance.rules import committee as rules
from wuye.governance.rules.committee import MemberSpec, RuleError
from wuye.governance.selectors.decisions import require_passed

K = CommitteeKind
S = CommitteeStatus

# ---------------------------------------------------------------- helpers


def today_local(now: dt.datetime | None = None) -> dt.date:
    return timezone.localdate(now) if now else timezone.localdate()


def can_manage(user, estate: Estate) -> bool:
    """The street office of the estate's street, or its district or city bureau, or a platform admin.

    The same right as supervising the committee: one implementation, in the supervision selectors.
    """
    from wuye.governance.selectors.supervision import can_supervise

    return can_supervise(user, estate)


def ensure_can_manage(actor, estate: Estate) -> None:
    if actor is None:  # the system (sweep, demo loader)
        return
    if not can_manage(actor, estate):
        raise PermissionDenied(_("只有小区所在街道（乡镇）及以上主管部门可以办理此事项。"))


def rolled_due(trigger: dt.date, days: int) -> dt.date:
    """The last day of a ``days``-day period after ``trigger``; a non-working last day rolls on (CC 203)."""
    from wuye.workcalendar.selectors import is_workday

    due = rules.days_after(trigger, days)
    for _i in range(30):
        if is_workday(due):
            return due
        due += dt.timedelta(days=1)
    return due


def file_sha256(f) -> str:
    if not f:
        return ""
    h = hashlib.sha256()
    for chunk in f.chunks():
        h.update(chunk)
    f.seek(0)
    return h.hexdigest()


def param(estate: Estate, key: str):
    from wuye.policy.selectors import get_parameter

    return get_parameter(estate.region_id, key)


def size_limits(estate: Estate) -> rules.SizeLimits:
    return rules.SizeLimits(
        committee_min=param(estate, "committee_min"), committee_max=param(estate, "committee_max"),
        small_estate_households=param(estate, "committee_small_estate_households"), pmc_min=param(estate, "pmc_min"),
    )


def households(estate: Estate) -> int:
    from wuye.estates.models import Unit

    return Unit.objects.filter(estate=estate, is_voided=False).count()


def _current_owner_ids(estate: Estate, owner_ids: Iterable[int]) -> set[int]:
    return set(Ownership.objects.filter(estate=estate, owner_id__in=list(owner_ids), is_voided=False)
               .values_list("owner_id", flat=True))


def snap(obj) -> dict:
    """``core.services.snapshot`` with files as their stored names (FieldFile is not JSON)."""
    from django.db.models.fields.files import FieldFile

    from wuye.core.services import SKIP_FIELDS, _json_value

    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in SKIP_FIELDS:
            continue
        value = getattr(obj, f.attname)
        data[f.name] = (value.name or "") if isinstance(value, FieldFile) else _json_value(value)
    return data


def _audit(actor, action, obj, *, before=None, reason=""):
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snap(obj), reason=reason)


# ---------------------------------------------------------------- election / formation


@transaction.atomic
def committee_elect(
    *, actor, estate: Estate, kind: str = K.OWNERS_COMMITTEE, name: str = "", elected_on: dt.date,
    term_end: dt.date | None = None, term_years: int | None = None, members: Sequence[MemberSpec],
    election_decision: Decision | None = None, offline_document=None, assembly: OwnersAssembly | None = None,
    now: dt.datetime | None = None,
) -> Committee:
    """Record an elected 业委会 (or a 物管会 formed by the street) with its members.

    业委会: the election is a passed decision on matter 3 (``require_passed``) or an offline result with its
    document; size (R2.2) and term (R2.3) checked; the filing timer (R2.4) starts. 物管会: only where no
    业委会 is in office (R2.10); ≥7 odd, owners ≥ 1/2, chair from the 居委会, term ≤ 3 years.
    A live body of the same kind is succeeded (ended) by the new one.
    """
    ensure_can_manage(actor, estate)
    today = today_local(now)
    estate = Estate.objects.select_for_update().get(pk=estate.pk)
    errors: dict[str, str] = {}
    if kind not in K.values:
        raise ValidationError({"kind": _("未知的组织类型。")})
    if elected_on > today:
        errors["elected_on"] = _("选举/组建日期不能晚于今天。")
    pmc = kind == K.PROPERTY_MANAGEMENT_COMMITTEE
    max_years = param(estate, "pmc_term_years" if pmc else "term_max_years")
    if term_end is None:
        term_end = rules.term_end_for(elected_on, term_years or max_years)
    seats = len(members)
    try:
        rules.check_size(seats, kind=kind, limits=size_limits(estate), households=households(estate))
        rules.check_members(members, kind=kind, seats=seats)
    except RuleError as exc:
        errors["members"] = str(exc)
    try:
        rules.check_term(elected_on, term_end, max_years=max_years, kind=kind)
    except RuleError as exc:
        errors["term_end"] = str(exc)
    owner_ids = [m.owner_id for m in members if m.owner_id is not None]
    not_owners = set(owner_ids) - _current_owner_ids(estate, owner_ids)
    if not_owners:
        names = "、".join(Owner.objects.filter(pk__in=not_owners).values_list("name", flat=True)) or str(not_owners)
        errors["members"] = _("以下人员不是本小区业主，不能作为业主委员：%(n)s") % {"n": names}
    if errors:
        raise ValidationError(errors)
    if pmc:
        if Committee.objects.filter(estate=estate, kind=K.OWNERS_COMMITTEE, status__in=LIVE_STATUSES).exists():
            raise ValidationError(_("该小区已有在任业委会，不能组建物管会（R2.10）。"))
    else:
        if election_decision is not None:
            require_passed(election_decision, estate=estate, matters=(3,))
        elif not offline_document:
            raise ValidationError({"election_decision": _(
                "业委会选举须引用已通过的“选举业委会”共同决定，或上传线下选举结果文件（注明非平台表决）。")})
    predecessor = (Committee.objects.select_for_update().filter(estate=estate, kind=kind, status__in=LIVE_STATUSES)
                   .first())
    if predecessor is not None:
        _end_committee(predecessor, on=elected_on, status=S.ENDED, reason=_("换届：新一届已产生"),
                       member_reason=MemberEndReason.TERM_ENDED, actor=actor)
    default_name = _("%(e)s物业管理委员会") if pmc else _("%(e)s业主委员会")
    committee = Committee(
        estate=estate, kind=kind, assembly=assembly, name=(name or "").strip() or default_name % {"e": estate.name},
        status=S.ACTIVE, seats=seats, elected_on=elected_on, term_start=elected_on, term_end=term_end,
        election_decision=election_decision, offline_result=election_decision is None and not pmc,
        filing_due_on=None if pmc else rolled_due(elected_on, param(estate, "committee_filing_days")),
        predecessor=predecessor, created_by=actor if getattr(actor, "pk", None) else None,
    )
    if offline_document:
        committee.offline_document = offline_document
        committee.offline_document_sha256 = file_sha256(offline_document)
    committee.status = rules.later_state(S.ACTIVE, _term_state(committee, today))
    try:
        with transaction.atomic():
            committee.full_clean(exclude=["offline_document"])
            committee.save()
            CommitteeMember.objects.bulk_create([
                CommitteeMember(committee=committee, estate=estate, owner_id=m.owner_id, kind=m.kind,
                                name=m.name.strip(), position=m.position, is_party_member=m.is_party_member,
                                since=elected_on)
                for m in members
            ])
    except IntegrityError as exc:
        raise ValidationError(integrity_error_message(exc, Committee)) from None
    _audit(actor, AuditAction.CREATE, committee,
           reason=(_("组建物管会（%(n)d 人）") if pmc else _("业委会选举结果（%(n)d 人）")) % {"n": seats})
    if predecessor is not None:  # members of the last term who were not elected again
        lapse_member_roles(estate.pk, actor=actor, reason=_("换届：未在新一届任职，委员账号停用"))
    return committee


def _term_state(committee: Committee, today: dt.date) -> str:
    return rules.term_state(committee.term_end, today, lead_months=param(committee.estate, "reelection_lead_months"),
                            handover_days=param(committee.estate, "handover_days"))


def _end_committee(committee: Committee, *, on: dt.date, status: str, reason: str, member_reason: str, actor) -> None:
    before = {"status": committee.status}
    committee.status = status
    committee.ended_on = on
    committee.end_reason = reason[:300]
    committee.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    committee.members.filter(until__isnull=True).update(until=on, end_reason=member_reason)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=committee, before=before,
                 after={"status": status}, reason=reason)
    from wuye.governance.services.supervision import committee_seals_retire

    committee_seals_retire(committee, on=on, actor=actor,
                           reason=_("%(c)s已终止，其印章随之停用，应在10日内移交") % {"c": committee})


def lapse_member_roles(estate_id: int, *, actor, reason: str) -> int:
    """Committee-member accounts linked to an owner (``RoleAssignment.owner``) lapse once that
    owner is no longer a member in office of a live committee of the estate: a former member
    cannot go on acting for the committee. Accounts without the link are left to their manager,
    and a lapsed role is never revived automatically. Returns how many lapsed."""
    from wuye.accounts.choices import Role
    from wuye.accounts.models import RoleAssignment

    in_office = CommitteeMember.objects.filter(estate_id=estate_id, until__isnull=True, owner_id=OuterRef("owner_id"),
                                               committee__status__in=LIVE_STATUSES)
    lapsed = 0
    for role in (RoleAssignment.objects.select_for_update()
                 .filter(role=Role.COMMITTEE_MEMBER, estate_id=estate_id, owner__isnull=False, is_active=True)
                 .exclude(Exists(in_office))):
        role.is_active = False
        role.save(update_fields=["is_active", "updated_at"])  # the roles cache follows the save
        audit_record(actor=actor if getattr(actor, "pk", None) else None, action=AuditAction.UPDATE, obj=role,
                     before={"is_active": True}, after={"is_active": False}, reason=reason)
        lapsed += 1
    return lapsed


# ---------------------------------------------------------------- filing


@transaction.atomic
def committee_file(*, actor, committee: Committee, filed_on: dt.date, filing_number: str = "",
                   now: dt.datetime | None = None) -> Committee:
    """R2.4: record the filing of an elected 业委会; a live 物管会 of the estate is then due to dissolve."""
    committee = Committee.objects.select_for_update().select_related("estate").get(pk=committee.pk)
    ensure_can_manage(actor, committee.estate)
    if committee.kind != K.OWNERS_COMMITTEE:
        raise ValidationError(_("物管会由街道组建，无需备案。"))
    if committee.filed_on is not None:
        raise ValidationError(_("该业委会已于 %(d)s 备案，不能重复备案。") % {"d": committee.filed_on})
    if not committee.is_live:
        raise ValidationError(_("已终止的业委会不能备案。"))
    if filed_on < committee.elected_on or filed_on > today_local(now):
        raise ValidationError({"filed_on": _("备案日期应在选举日期之后且不晚于今天。")})
    before = snap(committee)
    committee.filed_on = filed_on
    committee.filing_number = (filing_number or "").strip()[:60]
    committee.filed_by = actor if getattr(actor, "pk", None) else None
    committee.save(update_fields=["filed_on", "filing_number", "filed_by", "updated_at"])
    late = filed_on > committee.filing_due_on if committee.filing_due_on else False
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=committee, before={"filed_on": before["filed_on"]},
                 after={"filed_on": filed_on.isoformat()},
                 reason=_("业委会备案（逾期）") if late else _("业委会备案"))
    due = rolled_due(filed_on, param(committee.estate, "pmc_dissolve_days"))
    for pmc in Committee.objects.select_for_update().filter(estate=committee.estate,
                                                            kind=K.PROPERTY_MANAGEMENT_COMMITTEE,
                                                            status__in=LIVE_STATUSES, dissolution_due_on__isnull=True):
        pmc.dissolution_due_on = due
        pmc.save(update_fields=["dissolution_due_on", "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=pmc, after={"dissolution_due_on": due.isoformat()},
                     reason=_("业委会已备案，物管会应于 %(d)s 前解散（R2.10）") % {"d": due})
    return committee


# ---------------------------------------------------------------- members


@transaction.atomic
def committee_member_add(*, actor, committee: Committee, member: MemberSpec, since: dt.date, reason: str = "",
                         now: dt.datetime | None = None) -> CommitteeMember:
    """A by-election or appointment mid-term: a new seat holder and a change to file within 30 days."""
    committee = Committee.objects.select_for_update().select_related("estate").get(pk=committee.pk)
    ensure_can_manage(actor, committee.estate)
    if not committee.is_live:
        raise ValidationError(_("已终止的组织不能增补委员。"))
    if since < committee.elected_on or since > today_local(now):
        raise ValidationError({"since": _("任职日期应在选举日期之后且不晚于今天。")})
    current = committee.members.filter(until__isnull=True)
    if current.count() >= committee.seats:
        raise ValidationError(_("委员已满额（%(n)d 人），不能再增补。") % {"n": committee.seats})
    if committee.kind == K.OWNERS_COMMITTEE and (member.kind != MemberKind.OWNER or member.owner_id is None):
        raise ValidationError({"owner": _("业委会委员必须是本小区业主。")})
    if member.owner_id is not None and not _current_owner_ids(committee.estate, [member.owner_id]):
        raise ValidationError({"owner": _("该人员不是本小区业主。")})
    if not member.name.strip():
        raise ValidationError({"name": _("姓名不能为空。")})
    row = CommitteeMember(committee=committee, estate_id=committee.estate_id, owner_id=member.owner_id,
                          kind=member.kind, name=member.name.strip(), position=member.position,
                          is_party_member=member.is_party_member, since=since)
    try:
        with transaction.atomic():
            row.full_clean()
            row.save()
    except IntegrityError as exc:
        raise ValidationError(integrity_error_message(exc, CommitteeMember)) from None
    _record_change(committee, row, ChangeKind.JOINED, since, reason, automatic=False)
    _audit(actor, AuditAction.CREATE, row, reason=reason or _("增补委员"))
    return row


@transaction.atomic
def committee_member_end(*, actor, member: CommitteeMember, until: dt.date, reason: str, note: str = "",
                         now: dt.datetime | None = None) -> CommitteeMember:
    """A member leaves (resigns, removed, ceases to be an owner …): a change to file within 30 days."""
    member = CommitteeMember.objects.select_for_update().select_related("committee__estate").get(pk=member.pk)
    ensure_can_manage(actor, member.committee.estate)
    if member.until is not None:
        raise ValidationError(_("该委员已于 %(d)s 离任。") % {"d": member.until})
    if reason not in MemberEndReason.values:
        raise ValidationError({"reason": _("请选择离任原因。")})
    if until < member.since or until > today_local(now):
        raise ValidationError({"until": _("离任日期应在任职日期之后且不晚于今天。")})
    member.until = until
    member.end_reason = reason
    member.save(update_fields=["until", "end_reason", "updated_at"])
    _record_change(member.committee, member, ChangeKind.LEFT, until, note or MemberEndReason(reason).label,
                   automatic=False)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=member, before={"until": None},
                 after={"until": until.isoformat(), "end_reason": reason}, reason=note or str(MemberEndReason(reason).label))
    lapse_member_roles(member.estate_id, actor=actor, reason=_("%(n)s离任，委员账号停用") % {"n": member.name})
    # A seal they kept is now to be handed over: its alert at once, not at the next sweep.
    from wuye.governance.services.supervision import supervision_alerts_sync

    supervision_alerts_sync(member.committee, now=now)
    return member


def _record_change(committee: Committee, member: CommitteeMember, kind: str, on: dt.date, reason: str, *,
                   automatic: bool) -> MembershipChange | None:
    if committee.kind != K.OWNERS_COMMITTEE:
        return None  # 物管会 changes are the street's own act: nothing to file with itself
    return MembershipChange.objects.create(
        committee=committee, estate_id=committee.estate_id, member=member, kind=kind, occurred_on=on,
        reason=str(reason)[:300], filing_due_on=rolled_due(on, param(committee.estate, "committee_change_filing_days")),
        automatic=automatic,
    )


@transaction.atomic
def membership_change_file(*, actor, change: MembershipChange, filed_on: dt.date,
                           now: dt.datetime | None = None) -> MembershipChange:
    change = MembershipChange.objects.select_for_update().select_related("committee__estate").get(pk=change.pk)
    ensure_can_manage(actor, change.committee.estate)
    if change.filed_on is not None:
        raise ValidationError(_("该变更已于 %(d)s 备案。") % {"d": change.filed_on})
    if filed_on < change.occurred_on or filed_on > today_local(now):
        raise ValidationError({"filed_on": _("备案日期应在变更日期之后且不晚于今天。")})
    change.filed_on = filed_on
    change.filed_by = actor if getattr(actor, "pk", None) else None
    change.save(update_fields=["filed_on", "filed_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=change, after={"filed_on": filed_on.isoformat()},
                 reason=_("委员变更备案"))
    return change


@transaction.atomic
def committee_dissolve(*, actor, committee: Committee, on: dt.date, reason: str,
                       now: dt.datetime | None = None) -> Committee:
    committee = Committee.objects.select_for_update().select_related("estate").get(pk=committee.pk)
    ensure_can_manage(actor, committee.estate)
    if not committee.is_live:
        raise ValidationError(_("该组织已终止。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写解散原因。")})
    if on < committee.elected_on or on > today_local(now):
        raise ValidationError({"on": _("解散日期应在组建日期之后且不晚于今天。")})
    _end_committee(committee, on=on, status=S.DISSOLVED, reason=reason.strip(),
                   member_reason=MemberEndReason.DISSOLVED, actor=actor)
    lapse_member_roles(committee.estate_id, actor=actor, reason=_("组织解散，委员账号停用"))
    return committee


def end_memberships_of_former_owners(*, estate_ids: Iterable[int] | None = None, today: dt.date | None = None) -> int:
    """GR 43: a member who no longer holds a unit in the estate stops being a member, automatically.

    The end date is the day the last title was voided (or today); a change to file is recorded.
    """
    today = today or today_local()
    still_owner = Ownership.objects.filter(owner_id=OuterRef("owner_id"), estate_id=OuterRef("estate_id"),
                                           is_voided=False)
    qs = (CommitteeMember.objects.filter(until__isnull=True, owner__isnull=False, committee__status__in=LIVE_STATUSES)
          .exclude(Exists(still_owner)))
    if estate_ids is not None:
        qs = qs.filter(estate_id__in=list(estate_ids))
    ended = 0
    for member in qs.select_related("committee__estate"):
        with transaction.atomic():
            locked = CommitteeMember.objects.select_for_update().get(pk=member.pk)
            if locked.until is not None:
                continue
            last = (Ownership.objects.filter(owner_id=member.owner_id, estate_id=member.estate_id, is_voided=True)
                    .aggregate(m=Max("voided_at"))["m"])
            until = max(locked.since, min(today, timezone.localdate(last) if last else today))
            locked.until = until
            locked.end_reason = MemberEndReason.CEASED_OWNER
            locked.save(update_fields=["until", "end_reason", "updated_at"])
            _record_change(member.committee, locked, ChangeKind.LEFT, until,
                           _("不再是本小区业主，委员资格自动终止（GR 43）"), automatic=True)
            audit_record(actor=None, action=AuditAction.UPDATE, obj=locked, before={"until": None},
                         after={"until": until.isoformat(), "end_reason": MemberEndReason.CEASED_OWNER},
                         reason=_("不再是本小区业主，委员资格自动终止"))
            lapse_member_roles(member.estate_id, actor=None, reason=_("不再是本小区业主，委员账号停用"))
            ended += 1
    return ended


# ---------------------------------------------------------------- alerts


@dataclass(frozen=True)
class AlertSpec:
    kind: str
    estate_id: int
    message: str
    level: str = AlertLevel.WARNING
    due_on: dt.date | None = None
    committee_id: int | None = None
    assembly_id: int | None = None


def alerts_sync(*, kinds: Iterable[str], wanted: dict[str, AlertSpec], now: dt.datetime | None = None) -> dict:
    """Make the open alerts of ``kinds`` exactly ``wanted`` (by key): raise, update, resolve. Idempotent."""
    now = now or timezone.now()
    kinds = list(kinds)
    raised = updated = resolved = 0
    with transaction.atomic():
        open_rows = {a.key: a for a in GovernanceAlert.objects.select_for_update().filter(kind__in=kinds,
                                                                                           resolved_at__isnull=True)}
        stale = [pk for key, a in open_rows.items() if key not in wanted for pk in [a.pk]]
        if stale:
            resolved = GovernanceAlert.objects.filter(pk__in=stale).update(resolved_at=now)
        new = []
        for key, spec in wanted.items():
            row = open_rows.get(key)
            if row is None:
                new.append(GovernanceAlert(key=key, kind=spec.kind, estate_id=spec.estate_id,
                                           committee_id=spec.committee_id, assembly_id=spec.assembly_id,
                                           level=spec.level, due_on=spec.due_on, message=spec.message[:500],
                                           raised_at=now))
            elif (row.level, row.due_on, row.message, row.kind) != (spec.level, spec.due_on, spec.message[:500],
                                                                     spec.kind):
                row.level, row.due_on, row.message, row.kind = spec.level, spec.due_on, spec.message[:500], spec.kind
                row.save(update_fields=["level", "due_on", "message", "kind"])
                updated += 1
        GovernanceAlert.objects.bulk_create(new, batch_size=1000)
        raised = len(new)
    return {"raised": raised, "updated": updated, "resolved": resolved}


def alert_raise(*, key: str, spec: AlertSpec, now: dt.datetime | None = None) -> GovernanceAlert:
    """Raise (or refresh) one alert by key; for other capabilities that raise alerts one at a time."""
    now = now or timezone.now()
    with transaction.atomic():
        row = GovernanceAlert.objects.select_for_update().filter(key=key, resolved_at__isnull=True).first()
        if row is None:
            return GovernanceAlert.objects.create(key=key, kind=spec.kind, estate_id=spec.estate_id,
                                                  committee_id=spec.committee_id, assembly_id=spec.assembly_id,
                                                  level=spec.level, due_on=spec.due_on, message=spec.message[:500],
                                                  raised_at=now)
        row.level, row.due_on, row.message = spec.level, spec.due_on, spec.message[:500]
        row.save(update_fields=["level", "due_on", "message"])
        return row


def alert_resolve(*, key: str, now: dt.datetime | None = None) -> int:
    return GovernanceAlert.objects.filter(key=key, resolved_at__isnull=True).update(resolved_at=now or timezone.now())


def _level(due_on: dt.date | None, today: dt.date) -> str | None:
    lvl = rules.deadline_level(due_on, today)
    return {None: None, "warning": AlertLevel.WARNING, "overdue": AlertLevel.OVERDUE}[lvl]


# ---------------------------------------------------------------- the sweep


OWN_ALERT_KINDS = (AlertKind.PREP_GROUP_FORMATION, AlertKind.FIRST_MEETING, AlertKind.PUBLICATION,
                   AlertKind.COMMITTEE_FILING, AlertKind.MEMBER_CHANGE_FILING, AlertKind.BELOW_HALF,
                   AlertKind.REELECTION_DUE, AlertKind.TERM_OVERDUE, AlertKind.HANDOVER_DUE, AlertKind.PMC_DISSOLUTION)

TERM_ALERT = {S.REELECTION_DUE: AlertKind.REELECTION_DUE, S.OVERDUE: AlertKind.TERM_OVERDUE,
              S.HANDOVER_DUE: AlertKind.HANDOVER_DUE}


def sweep_governance(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic job: memberships of former owners end, 物管会 dissolve when due, term states move
    forward, and the alerts of every limit — committees' own records included — are raised or resolved.
    Idempotent: a second run changes nothing.
    """
    now = now or timezone.now()
    today = today_local(now)
    counts = {"memberships_ended": end_memberships_of_former_owners(today=today)}
    counts["pmc_dissolved"] = _dissolve_due_pmcs(today)
    counts["states_moved"] = _move_term_states(today)
    result = alerts_sync(kinds=OWN_ALERT_KINDS, wanted=_wanted_alerts(today), now=now)
    counts.update({f"alerts_{k}": v for k, v in result.items()})
    # Committee meetings, annual publications and correction orders (services/supervision.py).
    from wuye.governance.services.supervision import supervision_sweep

    counts.update(supervision_sweep(now))
    return counts


def _params_by_region(region_ids: Iterable[str], keys: Sequence[str]) -> dict[str, dict]:
    from wuye.policy.selectors import get_parameter

    return {r: {k: get_parameter(r, k) for k in keys} for r in set(region_ids)}


def _dissolve_due_pmcs(today: dt.date) -> int:
    # A 物管会 whose estate has a filed, live 业委会 but no dissolution date yet (filed outside the service).
    filed_oc = Committee.objects.filter(estate_id=OuterRef("estate_id"), kind=K.OWNERS_COMMITTEE,
                                        status__in=LIVE_STATUSES, filed_on__isnull=False)
    for pmc in (Committee.objects.filter(kind=K.PROPERTY_MANAGEMENT_COMMITTEE, status__in=LIVE_STATUSES,
                                         dissolution_due_on__isnull=True)
                .filter(Exists(filed_oc)).select_related("estate")):
        filed = (Committee.objects.filter(estate_id=pmc.estate_id, kind=K.OWNERS_COMMITTEE, status__in=LIVE_STATUSES)
                 .aggregate(m=Max("filed_on"))["m"])
        Committee.objects.filter(pk=pmc.pk, dissolution_due_on__isnull=True).update(
            dissolution_due_on=rolled_due(filed, param(pmc.estate, "pmc_dissolve_days")))
    n = 0
    for pmc in Committee.objects.filter(kind=K.PROPERTY_MANAGEMENT_COMMITTEE, status__in=LIVE_STATUSES,
                                        dissolution_due_on__lt=today):
        with transaction.atomic():
            locked = Committee.objects.select_for_update().get(pk=pmc.pk)
            if not locked.is_live:
                continue
            _end_committee(locked, on=locked.dissolution_due_on, status=S.DISSOLVED,
                           reason=_("业委会已备案，物管会自动解散（R2.10）"), member_reason=MemberEndReason.DISSOLVED,
                           actor=None)
            lapse_member_roles(locked.estate_id, actor=None, reason=_("物管会解散，未在业委会任职的委员账号停用"))
            n += 1
    return n


def _move_term_states(today: dt.date) -> int:
    rows = list(Committee.objects.filter(status__in=LIVE_STATUSES).values_list("pk", "status", "term_end",
                                                                                 "estate__region_id"))
    params = _params_by_region([r[3] for r in rows], ("reelection_lead_months", "handover_days"))
    moves: dict[tuple[str, str], list[int]] = {}
    for pk, status, term_end, region in rows:
        p = params[region]
        new = rules.later_state(status, rules.term_state(term_end, today, lead_months=p["reelection_lead_months"],
                                                         handover_days=p["handover_days"]))
        if new != status:
            moves.setdefault((status, new), []).append(pk)
    n = 0
    for (old, new), pks in moves.items():
        with transaction.atomic():
            changed = list(Committee.objects.select_for_update().filter(pk__in=pks, status=old))
            Committee.objects.filter(pk__in=[c.pk for c in changed]).update(status=new, updated_at=timezone.now())
            for c in changed:
                audit_record(actor=None, action=AuditAction.UPDATE, obj=c, before={"status": old},
                             after={"status": new}, reason=_("任期定时检查：%(s)s") % {"s": S(new).label})
            n += len(changed)
    return n


def _wanted_alerts(today: dt.date) -> dict[str, AlertSpec]:
    from wuye.governance.models import PreparatoryGroup
    from wuye.governance.rules.assembly import latest_publication

    wanted: dict[str, AlertSpec] = {}

    def put(key, spec):
        wanted[key] = spec

    # 业主大会: the street forms the 筹备组 within 60 days of the application (R2.1).
    for a in OwnersAssembly.objects.filter(status=AssemblyStatus.APPLIED).select_related("estate"):
        lvl = _level(a.formation_due_on, today)
        if lvl:
            put(f"prep_group_formation:{a.pk}", AlertSpec(
                AlertKind.PREP_GROUP_FORMATION, a.estate_id, _("%(e)s：业主书面申请后应于 %(d)s 前组建筹备组")
                % {"e": a.estate.name, "d": a.formation_due_on}, lvl, a.formation_due_on, assembly_id=a.pk))
    # The group convenes the first meeting within 90 days; it publishes the roll and drafts ≥ 15 days ahead.
    groups = PreparatoryGroup.objects.filter(assembly__status=AssemblyStatus.PREPARING).select_related(
        "assembly", "estate")
    notice = {}
    for g in groups:
        a = g.assembly
        lvl = _level(g.convene_due_on, today)
        if lvl:
            put(f"first_meeting:{a.pk}", AlertSpec(
                AlertKind.FIRST_MEETING, a.estate_id, _("%(e)s：筹备组应于 %(d)s 前召开首次业主大会会议")
                % {"e": g.estate.name, "d": g.convene_due_on}, lvl, g.convene_due_on, assembly_id=a.pk))
        if a.meeting_planned_on:
            days = notice.setdefault(g.estate.region_id, param(g.estate, "meeting_notice_days"))
            latest = latest_publication(a.meeting_planned_on, days)
            missing = [label for label, on in ((_("业主名册"), g.roll_published_on),
                                               (_("议事规则和管理规约草案"), g.drafts_published_on))
                       if on is None or on > latest]
            lvl = _level(latest, today)
            if missing and lvl:
                put(f"publication:{a.pk}", AlertSpec(
                    AlertKind.PUBLICATION, a.estate_id,
                    _("%(e)s：首次会议定于 %(m)s，%(w)s 须于 %(d)s 前公示") % {
                        "e": g.estate.name, "m": a.meeting_planned_on, "w": "、".join(missing), "d": latest},
                    lvl, latest, assembly_id=a.pk))
    live = list(Committee.objects.filter(status__in=LIVE_STATUSES).select_related("estate")
                .annotate(current=Count("members", filter=Q(members__until__isnull=True))))
    for c in live:
        if c.kind == K.OWNERS_COMMITTEE and c.filed_on is None:
            lvl = _level(c.filing_due_on, today)
            if lvl:
                put(f"committee_filing:{c.pk}", AlertSpec(
                    AlertKind.COMMITTEE_FILING, c.estate_id, _("%(c)s：选举后应于 %(d)s 前向区住建部门和街道备案")
                    % {"c": c.name, "d": c.filing_due_on}, lvl, c.filing_due_on, committee_id=c.pk))
        if rules.below_half(c.current, c.seats):
            put(f"below_half:{c.pk}", AlertSpec(
                AlertKind.BELOW_HALF, c.estate_id,
                _("%(c)s：在任委员 %(n)d 人，不足委员名额 %(s)d 人的一半，应召开业主大会临时会议重新选举（GR 46）")
                % {"c": c.name, "n": c.current, "s": c.seats}, AlertLevel.OVERDUE, None, committee_id=c.pk))
        term_kind = TERM_ALERT.get(c.status)
        if term_kind:
            lvl = AlertLevel.WARNING if c.status == S.REELECTION_DUE else AlertLevel.OVERDUE
            due = c.term_end
            if c.status == S.HANDOVER_DUE:
                due = rules.days_after(c.term_end, param(c.estate, "handover_days"))
            put(f"term:{c.pk}", AlertSpec(term_kind, c.estate_id, {
                S.REELECTION_DUE: _("%(c)s：任期于 %(t)s 届满，应组织换届选举并报告街道"),
                S.OVERDUE: _("%(c)s：任期已于 %(t)s 届满，尚未完成换届"),
                S.HANDOVER_DUE: _("%(c)s：任期已于 %(t)s 届满，资料和印章应在届满后10日内移交，已逾期"),
            }[c.status] % {"c": c.name, "t": c.term_end}, lvl, due, committee_id=c.pk))
        if c.kind == K.PROPERTY_MANAGEMENT_COMMITTEE and c.dissolution_due_on:
            put(f"pmc_dissolution:{c.pk}", AlertSpec(
                AlertKind.PMC_DISSOLUTION, c.estate_id, _("%(c)s：本小区业委会已备案，物管会应于 %(d)s 前解散并移交")
                % {"c": c.name, "d": c.dissolution_due_on}, _level(c.dissolution_due_on, today) or AlertLevel.INFO,
                c.dissolution_due_on, committee_id=c.pk))
    for ch in (MembershipChange.objects.filter(filed_on__isnull=True, committee__status__in=LIVE_STATUSES)
               .select_related("member", "committee")):
        lvl = _level(ch.filing_due_on, today)
        if lvl:
            put(f"member_change_filing:{ch.pk}", AlertSpec(
                AlertKind.MEMBER_CHANGE_FILING, ch.estate_id, _("%(c)s：委员 %(m)s %(k)s（%(o)s），应于 %(d)s 前报备")
                % {"c": ch.committee.name, "m": ch.member.name, "k": ch.get_kind_display(), "o": ch.occurred_on,
                   "d": ch.filing_due_on}, lvl, ch.filing_due_on, committee_id=ch.committee_id))
    return wanted
