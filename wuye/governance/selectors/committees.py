"""Reads of assemblies, committees and alerts. Every read starts from ``visible_to(user)``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.estates.models import Estate
from wuye.governance.choices import AssemblyStatus, CommitteeKind, CommitteeStatus, MemberPosition
from wuye.governance.models import Committee, CommitteeMember, GovernanceAlert, OwnersAssembly
from wuye.governance.models.committees import LIVE_STATUSES
from wuye.governance.rules import committee as rules


def assemblies_for(user) -> QuerySet:
    return OwnersAssembly.objects.visible_to(user).select_related("estate", "estate__region", "preparatory_group")


def committees_for(user) -> QuerySet:
    return (Committee.objects.visible_to(user).select_related("estate", "estate__region")
            .annotate(current_members=Count("members", filter=Q(members__until__isnull=True), distinct=True),
                      party_members=Count("members", filter=Q(members__until__isnull=True,
                                                              members__is_party_member=True), distinct=True)))


def open_alerts_for(user, *, kinds=None) -> QuerySet:
    qs = GovernanceAlert.objects.visible_to(user).open().select_related("estate", "committee", "assembly")
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("-level", "due_on", "-raised_at")


def manageable_estates(user) -> QuerySet:
    """Estates in which the user may form groups and file committees (street office and above)."""
    from wuye.accounts.choices import Role
    from wuye.accounts.selectors import role_assignments, user_roles
    from wuye.governance.selectors.supervision import SUPERVISOR_ROLES
    from wuye.regions.models import code_prefix

    if Role.PLATFORM_ADMIN in user_roles(user):
        return Estate.objects.filter(is_voided=False).order_by("name")
    q = Q(pk__in=[])
    for a in role_assignments(user):
        if a.role in SUPERVISOR_ROLES and a.region_id:
            q |= Q(region__code__startswith=code_prefix(a.region.code, a.region.level))
    return Estate.objects.filter(q, is_voided=False).order_by("name")


@dataclass(frozen=True)
class Timer:
    label: str
    due_on: dt.date | None
    done_on: dt.date | None = None

    @property
    def days_left(self) -> int | None:
        return rules.days_left(self.due_on, timezone.localdate())

    @property
    def level(self) -> str:
        if self.done_on is not None:
            return "done" if self.due_on is None or self.done_on <= self.due_on else "late"
        return rules.deadline_level(self.due_on, timezone.localdate()) or "running"

    @property
    def css(self) -> str:
        return {"done": "success", "late": "secondary", "warning": "warning", "overdue": "danger",
                "running": "info"}[self.level]


def assembly_timers(assembly: OwnersAssembly) -> list[Timer]:
    from wuye.governance.rules.assembly import latest_publication
    from wuye.policy.selectors import get_parameter

    group = getattr(assembly, "preparatory_group", None)
    timers = [Timer(_("组建筹备组（申请后60日内）"), assembly.formation_due_on, group.formed_on if group else None)]
    if group:
        done = assembly.first_meeting_on
        timers.append(Timer(_("召开首次业主大会（筹备组成立后90日内）"), group.convene_due_on, done))
        if assembly.meeting_planned_on:
            notice = get_parameter(assembly.estate.region_id, "meeting_notice_days")
            latest = latest_publication(assembly.meeting_planned_on, notice)
            timers.append(Timer(_("会前公示业主名册（至少%(n)d日）") % {"n": notice}, latest, group.roll_published_on))
            timers.append(Timer(_("会前公示议事规则、管理规约草案（至少%(n)d日）") % {"n": notice}, latest,
                                group.drafts_published_on))
    return timers


def assembly_steps(assembly: OwnersAssembly) -> list[dict]:
    group = getattr(assembly, "preparatory_group", None)
    return [
        {"label": _("业主书面申请"), "done": True, "on": assembly.applied_on},
        {"label": _("组建筹备组"), "done": group is not None, "on": group.formed_on if group else None},
        {"label": _("公示业主名册"), "done": bool(group and group.roll_published_on),
         "on": group.roll_published_on if group else None},
        {"label": _("公示议事规则、管理规约草案"), "done": bool(group and group.drafts_published_on),
         "on": group.drafts_published_on if group else None},
        {"label": _("首次业主大会会议"), "done": assembly.first_meeting_on is not None, "on": assembly.first_meeting_on},
        {"label": _("业主大会成立"), "done": assembly.status == AssemblyStatus.ESTABLISHED, "on": assembly.established_on},
    ]


def committee_timers(committee: Committee) -> list[Timer]:
    from wuye.policy.selectors import get_parameter

    region = committee.estate.region_id
    timers = []
    if committee.kind == CommitteeKind.OWNERS_COMMITTEE:
        timers.append(Timer(_("选举后备案（30日内）"), committee.filing_due_on, committee.filed_on))
    if committee.status in LIVE_STATUSES:
        m = rules.term_milestones(committee.term_end, lead_months=get_parameter(region, "reelection_lead_months"),
                                  handover_days=get_parameter(region, "handover_days"))
        timers.append(Timer(_("启动换届选举（任期届满前%(n)d个月）") % {"n": get_parameter(region, "reelection_lead_months")},
                            m.reelection_from))
        timers.append(Timer(_("任期届满"), committee.term_end))
        timers.append(Timer(_("资料、印章移交（届满后%(n)d日内）") % {"n": get_parameter(region, "handover_days")},
                            m.handover_due_from - dt.timedelta(days=1)))
    if committee.dissolution_due_on:
        timers.append(Timer(_("物管会解散（业委会备案后30日内）"), committee.dissolution_due_on, committee.ended_on))
    return timers


def cross_appointments(committee: Committee) -> QuerySet:
    """交叉任职 of the estate's party organisations into this body (red property, 001 §一)."""
    from wuye.organization.models import CrossAppointment

    return (CrossAppointment.objects.filter(party_organization__estate_id=committee.estate_id, body=committee.kind,
                                            is_voided=False)
            .select_related("party_organization").order_by("person_name"))


def members_of(committee: Committee) -> tuple[list[CommitteeMember], list[CommitteeMember]]:
    rank = {MemberPosition.CHAIR: 0, MemberPosition.VICE_CHAIR: 1, MemberPosition.MEMBER: 2}
    rows = sorted(committee.members.all(), key=lambda m: (m.until is not None, rank.get(m.position, 3), m.pk))
    return [m for m in rows if m.until is None], [m for m in rows if m.until is not None]


def status_css(status: str) -> str:
    return {CommitteeStatus.ACTIVE: "success", CommitteeStatus.REELECTION_DUE: "warning",
            CommitteeStatus.OVERDUE: "danger", CommitteeStatus.HANDOVER_DUE: "danger",
            CommitteeStatus.ENDED: "secondary", CommitteeStatus.DISSOLVED: "secondary"}.get(status, "secondary")
