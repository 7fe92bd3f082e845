"""Pages of the owners' assembly (业主大会) and committees (业委会/物管会).

Reads start from ``visible_to(user)`` (404 outside scope). Every change is a POST to a small action
view that calls a service; the service checks the right to act (403) and the rules (the message is
shown on the page it returns to). Owners see the public information only: names, posts, term,
filing status, no ID numbers or phones, and no alerts.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuye.accounts.selectors import is_official
from wuye.core.pagination import paginate
from wuye.core.selectors import audit_entries
from wuye.governance import forms as gforms
from wuye.governance.choices import AssemblyStatus, CommitteeKind, CommitteeStatus
from wuye.governance.models import CommitteeMember, MembershipChange
from wuye.governance.selectors import committees as sel
from wuye.governance.services import assemblies as asvc
from wuye.governance.services import committees as csvc


def _messages_from(request, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for errors in exc.error_dict.values():
            for e in errors:
                for m in e.messages:
                    messages.error(request, m)
    else:
        for m in exc.messages:
            messages.error(request, m)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}：{e}" if label else e)


def _act(request, form, fn, back: str):
    """Validate ``form``, call ``fn(cleaned_data)``; messages for errors; back to the detail page."""
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    try:
        result = fn(form.cleaned_data)
    except ValidationError as exc:
        _messages_from(request, exc)
        return redirect(back)
    messages.success(request, _("已保存。"))
    return result if result is not None and hasattr(result, "status_code") else redirect(back)


def _audit(obj, limit: int = 50):
    return audit_entries(obj, limit=limit)


# ---------------------------------------------------------------- assemblies


@login_required
def assembly_list(request):
    qs = sel.assemblies_for(request.user).order_by("-applied_on", "-id")
    status = request.GET.get("status") or ""
    if status in AssemblyStatus.values:
        qs = qs.filter(status=status)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(estate__name__icontains=q)
    page = paginate(qs, request)
    rows = [(a, sel.assembly_timers(a)) for a in page]
    return render(request, "governance/assemblies/list.html", {
        "page": page, "rows": rows, "status": status, "q": q, "statuses": AssemblyStatus.choices,
        "alerts": sel.open_alerts_for(request.user, kinds=["prep_group_formation", "first_meeting", "publication"])[:50],
        "can_apply": sel.manageable_estates(request.user).exists(),
    })


@login_required
def assembly_apply(request):
    estates = sel.manageable_estates(request.user)
    if not estates.exists():
        raise PermissionDenied(_("只有街道（乡镇）及以上主管部门可以登记业主申请。"))
    estate = None
    if request.GET.get("estate") or request.POST.get("estate"):
        estate = get_object_or_404(estates, pk=request.GET.get("estate") or request.POST.get("estate"))
    form = gforms.AssemblyApplyForm(request.POST or None, request.FILES or None, estate=estate) if estate else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            a = asvc.assembly_apply(actor=request.user, estate=estate, applied_on=form.cleaned_data["applied_on"],
                                    applicants=form.cleaned_data["applicants"], document=form.cleaned_data["document"])
        except ValidationError as exc:
            from wuye.core.views import add_validation_errors

            add_validation_errors(form, exc)
        else:
            messages.success(request, _("已登记业主书面申请，街道应于 %(d)s 前组建筹备组。") % {"d": a.formation_due_on})
            return redirect("governance:assembly_detail", pk=a.pk)
    return render(request, "governance/assemblies/apply.html", {"estates": estates[:500], "estate": estate,
                                                                "form": form})


def _assembly(request, pk):
    return get_object_or_404(sel.assemblies_for(request.user), pk=pk)


@login_required
def assembly_detail(request, pk: int):
    a = _assembly(request, pk)
    group = getattr(a, "preparatory_group", None)
    can_manage = csvc.can_manage(request.user, a.estate)
    documents = list(a.documents.select_related("decision").order_by("kind", "-version"))
    ctx = {
        "a": a, "group": group, "steps": sel.assembly_steps(a), "timers": sel.assembly_timers(a),
        "documents": documents, "can_manage": can_manage, "official": is_official(request.user),
        "committees": list(a.committees.all()),
        "alerts": sel.open_alerts_for(request.user).filter(assembly=a),
        "audit": (sorted(_audit(a) + (_audit(group) if group else []), key=lambda e: e.at, reverse=True)
                  if is_official(request.user) else []),
        "today": timezone.localdate(),
    }
    if can_manage and a.status == AssemblyStatus.APPLIED:
        ctx["group_form"] = gforms.PrepGroupForm(estate=a.estate)
    if can_manage and a.status == AssemblyStatus.PREPARING:
        ctx.update(date_form=gforms.DateOnlyForm(), document_form=gforms.DocumentForm(),
                   meeting_form=gforms.FirstMeetingForm(estate=a.estate), abandon_form=gforms.AbandonForm())
    if can_manage and a.status == AssemblyStatus.APPLIED:
        ctx["abandon_form"] = gforms.AbandonForm()
    return render(request, "governance/assemblies/detail.html", ctx)


@login_required
def assembly_roll(request, pk: int):
    a = _assembly(request, pk)
    group = getattr(a, "preparatory_group", None)
    if group is None or not group.roll:
        messages.info(request, _("筹备组尚未公示业主名册。"))
        return redirect("governance:assembly_detail", pk=a.pk)
    return render(request, "governance/assemblies/roll.html", {"a": a, "group": group, "roll": group.roll})


def _back(a):
    from django.urls import reverse

    return reverse("governance:assembly_detail", args=[a.pk])


@login_required
@require_POST
def assembly_group_form(request, pk: int):
    a = _assembly(request, pk)
    form = gforms.PrepGroupForm(request.POST, estate=a.estate)
    return _act(request, form, lambda d: asvc.preparatory_group_form(
        actor=request.user, assembly=a, formed_on=d["formed_on"], members=d["members"],
        member_list_published_on=d["member_list_published_on"]) and None, _back(a))


@login_required
@require_POST
def assembly_roll_publish(request, pk: int):
    a = _assembly(request, pk)
    return _act(request, gforms.DateOnlyForm(request.POST), lambda d: asvc.preparatory_group_publish_roll(
        actor=request.user, group=a.preparatory_group, published_on=d["on"]) and None, _back(a))


@login_required
@require_POST
def assembly_document_upload(request, pk: int):
    a = _assembly(request, pk)
    return _act(request, gforms.DocumentForm(request.POST, request.FILES), lambda d: asvc.assembly_document_add(
        actor=request.user, assembly=a, kind=d["kind"], file=d["file"], note=d["note"]) and None, _back(a))


@login_required
@require_POST
def assembly_drafts_publish(request, pk: int):
    a = _assembly(request, pk)
    return _act(request, gforms.DraftsPublishForm(request.POST), lambda d: asvc.preparatory_group_publish_drafts(
        actor=request.user, group=a.preparatory_group, published_on=d["on"],
        candidates_note=d["candidates_note"]) and None, _back(a))


@login_required
@require_POST
def assembly_meeting_schedule(request, pk: int):
    a = _assembly(request, pk)
    return _act(request, gforms.DateOnlyForm(request.POST), lambda d: asvc.assembly_schedule_meeting(
        actor=request.user, assembly=a, meeting_on=d["on"]) and None, _back(a))


@login_required
@require_POST
def assembly_first_meeting(request, pk: int):
    a = _assembly(request, pk)
    form = gforms.FirstMeetingForm(request.POST, request.FILES, estate=a.estate)
    return _act(request, form, lambda d: asvc.assembly_record_first_meeting(
        actor=request.user, assembly=a, held_on=d["held_on"], committee_members=d["members"],
        rules_decision=d["rules_decision"], statute_decision=d["statute_decision"],
        election_decision=d["election_decision"], offline_document=d["offline_document"],
        offline_note=d["offline_note"], term_years=d["term_years"], committee_name=d["committee_name"]) and None,
        _back(a))


@login_required
@require_POST
def assembly_abandon(request, pk: int):
    a = _assembly(request, pk)
    return _act(request, gforms.AbandonForm(request.POST), lambda d: asvc.assembly_abandon(
        actor=request.user, assembly=a, on=d["on"], reason=d["reason"]) and None, _back(a))


# ---------------------------------------------------------------- committees


@login_required
def committee_list(request):
    qs = sel.committees_for(request.user).order_by("estate__name", "kind", "-elected_on")
    status = request.GET.get("status") or ""
    if status in CommitteeStatus.values:
        qs = qs.filter(status=status)
    elif request.GET.get("all") != "1":
        qs = qs.filter(status__in=[s for s in CommitteeStatus.values if s not in ("ended", "dissolved")])
    kind = request.GET.get("kind") or ""
    if kind in CommitteeKind.values:
        qs = qs.filter(kind=kind)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(estate__name__icontains=q)
    page = paginate(qs, request)
    return render(request, "governance/committees/list.html", {
        "page": page, "status": status, "kind": kind, "q": q, "statuses": CommitteeStatus.choices,
        "kinds": CommitteeKind.choices, "status_css": {s: sel.status_css(s) for s in CommitteeStatus.values},
        "alerts": sel.open_alerts_for(request.user).exclude(
            kind__in=["prep_group_formation", "first_meeting", "publication"])[:50],
        "can_create": sel.manageable_estates(request.user).exists(),
    })


@login_required
def committee_create(request):
    estates = sel.manageable_estates(request.user)
    if not estates.exists():
        raise PermissionDenied(_("只有街道（乡镇）及以上主管部门可以登记业委会或组建物管会。"))
    estate = None
    if request.GET.get("estate") or request.POST.get("estate"):
        estate = get_object_or_404(estates, pk=request.GET.get("estate") or request.POST.get("estate"))
    initial = {"kind": request.GET.get("kind") or CommitteeKind.OWNERS_COMMITTEE}
    form = gforms.CommitteeForm(request.POST or None, request.FILES or None, estate=estate,
                                initial=initial) if estate else None
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            c = csvc.committee_elect(actor=request.user, estate=estate, kind=d["kind"], name=d["name"],
                                     elected_on=d["elected_on"], term_years=d["term_years"], members=d["members"],
                                     election_decision=d["election_decision"], offline_document=d["offline_document"])
        except ValidationError as exc:
            from wuye.core.views import add_validation_errors

            add_validation_errors(form, exc)
        else:
            messages.success(request, _("已登记：%(c)s") % {"c": c})
            return redirect("governance:committee_detail", pk=c.pk)
    return render(request, "governance/committees/create.html", {"estates": estates[:500], "estate": estate,
                                                                 "form": form, "kind": initial["kind"],
                                                                 "keep": {"kind": initial["kind"]}})


def _committee(request, pk):
    return get_object_or_404(sel.committees_for(request.user), pk=pk)


def _cback(c):
    from django.urls import reverse

    return reverse("governance:committee_detail", args=[c.pk])


@login_required
def committee_detail(request, pk: int):
    c = _committee(request, pk)
    current, former = sel.members_of(c)
    official = is_official(request.user)
    can_manage = csvc.can_manage(request.user, c.estate)
    ctx = {
        "c": c, "current": current, "former": former, "timers": sel.committee_timers(c),
        "status_css": sel.status_css(c.status), "official": official, "can_manage": can_manage,
        "party_count": sum(1 for m in current if m.is_party_member),
        "cross": list(sel.cross_appointments(c)),
        "changes": list(c.changes.select_related("member")) if official or not c.is_owners_committee else [],
        "alerts": sel.open_alerts_for(request.user).filter(committee=c),
        "below_half": csvc.rules.below_half(len(current), c.seats),
        "audit": _audit(c) if official else [],
        "predecessor": c.predecessor, "successor": getattr(c, "successor", None),
    }
    if can_manage and c.is_live:
        ctx.update(member_add_form=gforms.MemberAddForm(estate=c.estate), member_end_form=gforms.MemberEndForm(),
                   date_form=gforms.DateOnlyForm(), dissolve_form=gforms.DissolveForm())
        if c.kind == CommitteeKind.OWNERS_COMMITTEE and c.filed_on is None:
            ctx["filing_form"] = gforms.FilingForm()
    return render(request, "governance/committees/detail.html", ctx)


@login_required
@require_POST
def committee_file(request, pk: int):
    c = _committee(request, pk)
    return _act(request, gforms.FilingForm(request.POST), lambda d: csvc.committee_file(
        actor=request.user, committee=c, filed_on=d["filed_on"], filing_number=d["filing_number"]) and None,
        _cback(c))


@login_required
@require_POST
def committee_member_add(request, pk: int):
    c = _committee(request, pk)
    return _act(request, gforms.MemberAddForm(request.POST, estate=c.estate), lambda d: csvc.committee_member_add(
        actor=request.user, committee=c, member=d["member"], since=d["since"], reason=d["reason"]) and None,
        _cback(c))


@login_required
@require_POST
def committee_member_end(request, pk: int, member_pk: int):
    c = _committee(request, pk)
    member = get_object_or_404(CommitteeMember.objects.filter(committee=c), pk=member_pk)
    return _act(request, gforms.MemberEndForm(request.POST), lambda d: csvc.committee_member_end(
        actor=request.user, member=member, until=d["until"], reason=d["reason"], note=d["note"]) and None, _cback(c))


@login_required
@require_POST
def committee_change_file(request, pk: int, change_pk: int):
    c = _committee(request, pk)
    change = get_object_or_404(MembershipChange.objects.filter(committee=c), pk=change_pk)
    return _act(request, gforms.DateOnlyForm(request.POST), lambda d: csvc.membership_change_file(
        actor=request.user, change=change, filed_on=d["on"]) and None, _cback(c))


@login_required
@require_POST
def committee_dissolve(request, pk: int):
    c = _committee(request, pk)
    return _act(request, gforms.DissolveForm(request.POST), lambda d: csvc.committee_dissolve(
        actor=request.user, committee=c, on=d["on"], reason=d["reason"]) and None, _cback(c))

