"""The officials' pages for work orders: list with queues, detail with one form per allowed action,
吹哨报到, the responsibility catalog and 人民调解.

Every read starts from ``visible_to(user)`` (404 outside it); every change goes through a service in
``wuye.complaints.services``, which checks the right to act (403) and the transition table (the
form shows the Chinese message).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from wuye.accounts.choices import Role
from wuye.accounts.selectors import primary_region, role_assignments, user_roles
from wuye.complaints import forms as f
from wuye.complaints import services
from wuye.complaints.choices import AssignmentRole, ExtensionStatus, SupervisionLevel
from wuye.complaints.choices import WorkOrderAction as A
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.filtersets import WorkOrderFilterSet
from wuye.complaints.models import (
    CatalogEntry,
    CatalogVersion,
    Mediation,
    WorkOrder,
    WorkOrderAssignment,
    WorkOrderAttachment,
    WorkOrderEvent,
)
from wuye.complaints.permissions import DISPATCHER_ROLES, _covers, can_act, can_see_complainant
from wuye.complaints.rules.transitions import OPEN_STATUSES, allowed_actions
from wuye.complaints.selectors import catalog_active, city_of, department_for
from wuye.core.excel import xlsx_response
from wuye.core.pagination import paginate
from wuye.core.tables import display
from wuye.core.validators import mask_phone
from wuye.core.views import add_validation_errors
from wuye.estates.models import Estate
from wuye.regions.choices import DepartmentKind
from wuye.regions.models import Department

# ---------------------------------------------------------------- helpers


def mask_name(name: str) -> str:
    return f"{name[:1]}*" if name else ""


def complainant(user, order: WorkOrder) -> tuple[str, str]:
    """The complainant's name and phone as this user may see them."""
    if can_see_complainant(user, order):
        return order.complainant_name, order.complainant_phone
    return mask_name(order.complainant_name), mask_phone(order.complainant_phone)


def _orders(user):
    return (WorkOrder.objects.visible_to(user)
            .select_related("region", "estate", "category")
            .prefetch_related(Prefetch("assignments", queryset=WorkOrderAssignment.objects.select_related("department"))))


def _get_order(user, pk: int) -> WorkOrder:
    return get_object_or_404(_orders(user), pk=pk)


def acting_department_ids(user) -> set[int]:
    """Departments the user acts for (see permissions.acts_for_department)."""
    ids: set[int] = set()
    streets = []
    for a in role_assignments(user):
        if a.role == Role.DEPARTMENT and a.department_id:
            ids.add(a.department_id)
        elif a.role == Role.STREET_OFFICE and a.region_id:
            streets.append(a.region_id)
    if streets:
        ids |= set(Department.objects.filter(kind=DepartmentKind.STREET_OFFICE, region_id__in=streets)
                   .values_list("pk", flat=True))
    return ids


def is_dispatcher(user) -> bool:
    roles = user_roles(user)
    return bool(roles & (set(DISPATCHER_ROLES) | {Role.PLATFORM_ADMIN}))


def user_city(user):
    region = primary_region(user)
    if region is None:
        if Role.PLATFORM_ADMIN in user_roles(user):
            first = CatalogVersion.objects.order_by("region_id").first()
            return first.region if first else None
        return None
    if region.level < 2:
        return None
    return city_of(region)


# ---------------------------------------------------------------- list


QUEUES = [
    ("all", _l("全部")),
    ("mine", _l("待我签收")),
    ("manual", _l("人工分类队列")),
    ("returned", _l("已退单")),
    ("callback", _l("待回访（含业主不满意）")),
    ("overdue", _l("超期")),
    ("supervised", _l("督办")),
]


def queue_filter(qs, queue: str, user):
    if queue == "mine":
        ids = acting_department_ids(user)
        assigned = WorkOrderAssignment.objects.filter(is_current=True, department_id__in=ids).values("order_id")
        return qs.filter(status=S.DISPATCHED, pk__in=assigned)
    if queue == "manual":
        return qs.filter(status=S.MANUAL_QUEUE)
    if queue == "returned":
        return qs.filter(status=S.RETURNED)
    if queue == "callback":
        # Awaiting the dispatcher's 回访; an owner's 不满意 rating waits here too, first in line.
        return qs.filter(status=S.REVIEWED)
    if queue == "overdue":
        return qs.filter(pk__in=WorkOrder.objects.overdue(timezone.now()).values("pk"))
    if queue == "supervised":
        return qs.exclude(supervision=SupervisionLevel.NONE)
    return qs


def _category_choices(user):
    city = user_city(user)
    if city is None:
        return []
    return [(e.code, e.name) for e in catalog_active(city).entries.all()]


def filtered_orders(request):
    qs = _orders(request.user)
    queue = request.GET.get("queue") or "all"
    if queue not in dict(QUEUES):
        queue = "all"
    qs = queue_filter(qs, queue, request.user)
    filterset = WorkOrderFilterSet(request.GET or None, queryset=qs, request=request,
                                   category_choices=_category_choices(request.user))
    qs = qs.none() if filterset.is_bound and not filterset.is_valid() else filterset.qs
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(external_number__icontains=q))
    if queue == "callback":  # an owner's 不满意 rating first: the dispatcher must decide 办结 or 重办
        from django.db.models import Case, IntegerField, Value, When

        first = Case(When(satisfaction="dissatisfied", then=Value(0)), default=Value(1), output_field=IntegerField())
        return qs.order_by(first, "-received_at", "-id"), filterset, q, queue
    return qs.order_by("-received_at", "-id"), filterset, q, queue


@dataclass(frozen=True)
class Col:
    header: str
    value: Callable


def _lead(order):
    lead = order.lead_assignment
    return lead.department.name if lead else ""


def list_columns(user) -> list[Col]:
    return [
        Col(_("工单编号"), lambda o: o.number),
        Col(_("标题"), lambda o: o.title),
        Col(_("状态"), lambda o: o.get_status_display()),
        Col(_("事项分类"), lambda o: o.category.name if o.category else ""),
        Col(_("属地"), lambda o: o.region.name),
        Col(_("小区"), lambda o: o.estate.name if o.estate else ""),
        Col(_("主办部门"), _lead),
        Col(_("来源渠道"), lambda o: o.get_channel_display()),
        Col(_("紧急程度"), lambda o: o.get_urgency_display()),
        Col(_("诉求人"), lambda o: complainant(user, o)[0]),
        Col(_("联系电话"), lambda o: complainant(user, o)[1]),
        Col(_("受理时间"), lambda o: o.received_at),
        Col(_("办理时限"), lambda o: o.deadline_at),
        Col(_("督办"), lambda o: o.get_supervision_display() if o.supervision != SupervisionLevel.NONE else ""),
    ]


@login_required
def work_order_list(request, queue: str | None = None):
    if queue:
        request.GET = request.GET.copy()
        request.GET.setdefault("queue", queue)
    qs, filterset, q, current = filtered_orders(request)
    page = paginate(qs, request)
    columns = list_columns(request.user)
    now = timezone.now()
    rows = [(o, [display(c.value(o)) for c in columns],
             o.deadline_at is not None and o.deadline_at < now and o.status in (S.DISPATCHED, S.HANDLING, S.RETURNED))
            for o in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    tab_params = params.copy()
    tab_params.pop("queue", None)
    queues = [(k, label) for k, label in QUEUES if k != "manual" or is_dispatcher(request.user)]
    ctx = {
        "title": _("工单"), "rows": rows, "headers": [c.header for c in columns], "page": page,
        "filterset": filterset, "q": q, "queue": current, "queues": queues,
        "querystring": params.urlencode(), "tab_querystring": tab_params.urlencode(),
    }
    template = "complaints/_workorder_table.html" if request.headers.get("HX-Request") else "complaints/workorder_list.html"
    return render(request, template, ctx)


@login_required
def work_order_export(request):
    qs, _f, _q, _queue = filtered_orders(request)
    columns = list_columns(request.user)
    return xlsx_response(filename="工单.xlsx", sheet="工单", headers=[c.header for c in columns],
                         rows=([c.value(o) for c in columns] for o in qs.iterator(chunk_size=2000)))


# ---------------------------------------------------------------- detail and actions


def _dispatch_departments(order: WorkOrder):
    """Departments of the order's street, district and city (and of the province above)."""
    codes = order.region.ancestor_codes()
    return Department.objects.filter(region_id__in=codes).select_related("region").order_by("-region_id", "kind", "name")


def _whistle_departments(region):
    return (Department.objects.filter(Q(region_id__in=region.ancestor_codes()) | Q(region__code__startswith=region.prefix))
            .exclude(kind=DepartmentKind.STREET_OFFICE, region_id=region.code)
            .select_related("region").order_by("-region_id", "kind", "name"))


def _pending_extension(order):
    return order.extension_requests.filter(status=ExtensionStatus.PENDING).first()


def can_whistle(user, order) -> bool:
    return (order.parent_id is None and order.status in OPEN_STATUSES
            and (Role.PLATFORM_ADMIN in user_roles(user)
                 or _covers(user, {Role.STREET_OFFICE, Role.COMMUNITY_LIAISON}, order.region_id)))


@dataclass(frozen=True)
class Action:
    slug: str
    label: str
    form_class: type
    available: Callable  # (user, order, allowed: set) -> bool
    button: str = "primary"


def _may(action: str):
    return lambda user, order, allowed: action in allowed and can_act(user, order, action)


ACTIONS: list[Action] = [
    Action("classify", _l("分类"), f.ClassifyForm, _may(A.CLASSIFY)),
    Action("dispatch", _l("派单"), f.DispatchForm,
           lambda u, o, allowed: (A.DISPATCH in allowed and can_act(u, o, A.DISPATCH))
           or (A.RULE_FINALLY in allowed and can_act(u, o, A.RULE_FINALLY))),
    Action("acknowledge", _l("签收"), f.EmptyForm, _may(A.ACKNOWLEDGE), "success"),
    Action("check_in", _l("报到"), f.EmptyForm,
           lambda u, o, allowed: o.parent_id is not None and o.checked_in_at is None and _may(A.CHECK_IN)(u, o, allowed),
           "success"),
    Action("return", _l("退单"), f.ReturnForm,
           lambda u, o, allowed: not o.final_ruling and _may(A.RETURN)(u, o, allowed), "warning"),
    Action("extension", _l("申请延期"), f.ExtensionForm,
           lambda u, o, allowed: _may(A.REQUEST_EXTENSION)(u, o, allowed) and _pending_extension(o) is None,
           "secondary"),
    Action("decide_extension", _l("延期审批"), f.DecideExtensionForm,
           lambda u, o, allowed: _may(A.APPROVE_EXTENSION)(u, o, allowed) and _pending_extension(o) is not None),
    Action("reply", _l("答复"), f.ReplyForm, _may(A.REPLY)),
    Action("review", _l("审核"), f.ReviewForm, _may(A.APPROVE_REPLY)),
    Action("callback", _l("回访"), f.CallbackForm, _may(A.CALLBACK)),
    Action("archive", _l("归档"), f.EmptyForm, _may(A.ARCHIVE), "secondary"),
    Action("supervise", _l("催办/督办"), f.SuperviseForm,
           lambda u, o, allowed: _may(A.REMIND)(u, o, allowed) or _may(A.SUPERVISE)(u, o, allowed), "danger"),
    Action("merge", _l("合并重复工单"), f.MergeForm, _may(A.MERGE), "secondary"),
    Action("whistle", _l("吹哨"), f.WhistleForm, lambda u, o, allowed: can_whistle(u, o), "danger"),
]
ACTION_BY_SLUG = {a.slug: a for a in ACTIONS}


def make_form(action: Action, order: WorkOrder, data=None, files=None):
    kwargs = {}
    prefix = action.slug
    if action.slug == "classify":
        kwargs["entries"] = catalog_active(order.region).entries.all()
    elif action.slug == "dispatch":
        kwargs["departments"] = _dispatch_departments(order)
        kwargs["suggestion"] = department_for(order.category, order.region) if order.category_id else None
        kwargs["allow_final"] = order.status == S.RETURNED
    elif action.slug == "whistle":
        kwargs["departments"] = _whistle_departments(order.region)
    return action.form_class(data=data, files=files, prefix=prefix, **kwargs)


def available_actions(user, order) -> list[Action]:
    allowed = set(allowed_actions(order.status))
    return [a for a in ACTIONS if a.available(user, order, allowed)]


def _do(action: str, user, order: WorkOrder, form) -> str:
    """Call the service of ``action``; returns the success message."""
    d = form.cleaned_data
    if action == "classify":
        services.work_order_classify(actor=user, order=order, category_code=d["category"], reason=d["reason"])
        return _("已分类并按职责清单派单")
    if action == "dispatch":
        final = bool(d.get("final"))
        services.work_order_dispatch(actor=user, order=order, lead=d["lead"], assists=list(d["assists"]), final=final,
                                     reason=d["reason"])
        return _("已派单至%(d)s") % {"d": d["lead"]}
    if action == "acknowledge":
        services.work_order_acknowledge(actor=user, order=order)
        return _("已签收")
    if action == "check_in":
        services.work_order_check_in(actor=user, order=order)
        return _("已报到")
    if action == "return":
        services.work_order_return(actor=user, order=order, reason_code=d["reason_code"], reason=d["reason"])
        return _("已退单")
    if action == "extension":
        services.work_order_request_extension(actor=user, order=order, working_days=d["working_days"], reason=d["reason"])
        return _("已提交延期申请")
    if action == "decide_extension":
        request = _pending_extension(order)
        if request is None:
            raise ValidationError(_("没有待审批的延期申请。"))
        services.work_order_decide_extension(actor=user, request=request, approve=d["decision"] == "approve",
                                             note=d["note"])
        return _("已审批延期申请")
    if action == "reply":
        files = d["evidence"]
        services.work_order_reply(actor=user, order=order, reply=d["reply"], evidence=[x.name for x in files])
        event = WorkOrderEvent.objects.filter(order=order, action=A.REPLY).order_by("-id").first()
        for upload in files:
            WorkOrderAttachment.objects.create(order=order, event=event, file=upload, name=upload.name[:200],
                                               content_type=upload.sniffed_type)
        return _("已答复")
    if action == "review":
        services.work_order_review(actor=user, order=order, approve=d["decision"] == "approve", reason=d["reason"])
        return _("已审核")
    if action == "callback":
        services.work_order_callback(actor=user, order=order, satisfaction=d["satisfaction"], resolved=d["resolved"],
                                     handler_at_fault=d["handler_at_fault"], note=d["note"])
        return _("已记录回访")
    if action == "archive":
        services.work_order_archive(actor=user, order=order)
        return _("已归档")
    if action == "supervise":
        services.work_order_supervise(actor=user, order=order, reason=d["reason"])
        return _("已催办/督办")
    if action == "merge":
        target = WorkOrder.objects.visible_to(user).filter(number=d["target"].strip()).first()
        if target is None:
            raise ValidationError({"target": _("未找到工单编号 %(n)s。") % {"n": d["target"]}})
        services.work_order_merge(actor=user, order=order, into=target, reason=d["reason"])
        return _("已合并至 %(n)s") % {"n": target.number}
    if action == "whistle":
        services.whistle_blow(actor=user, order=order, departments=list(d["departments"]), title=d["title"],
                              body=d["body"])
        return _("已吹哨，报到部门已收到子工单")
    raise Http404


def deadline_warning(order: WorkOrder) -> str:
    from wuye.complaints.rules.transitions import RUNNING
    from wuye.workcalendar.selectors import year_status

    if order.deadline_at is None or order.status not in RUNNING | {S.REPLIED}:
        return ""
    return year_status(timezone.localtime(order.deadline_at).year).warning


def detail_context(request, order: WorkOrder, bound: tuple[str, object] | None = None) -> dict:
    user = request.user
    forms = []
    for action in available_actions(user, order):
        form = bound[1] if bound and bound[0] == action.slug else make_form(action, order)
        forms.append((action, form))
    if bound and bound[0] not in {a.slug for a, _f in forms}:
        forms.insert(0, (ACTION_BY_SLUG[bound[0]], bound[1]))
    events = (order.events.select_related("actor", "department")
              .prefetch_related("attachments").order_by("at", "id"))
    name, phone = complainant(user, order)
    sub_orders = (order.sub_orders.select_related("region")
                  .prefetch_related(Prefetch("assignments", queryset=WorkOrderAssignment.objects.select_related("department")))
                  .order_by("id"))
    mediation = Mediation.objects.filter(order=order).first()
    return {
        "title": order.title, "order": order, "events": events, "forms": forms,
        "complainant_name": name, "complainant_phone": phone,
        "assignments": order.assignments.select_related("department").order_by("-is_current", "role", "id"),
        "deadline_warning": deadline_warning(order),
        "overdue": order.deadline_at is not None and order.deadline_at < timezone.now()
        and order.status in (S.DISPATCHED, S.HANDLING, S.RETURNED),
        "sub_orders": sub_orders,
        "merged_orders": order.merged_orders.all(),
        "extensions": order.extension_requests.select_related("requested_by", "decided_by").order_by("id"),
        "mediation": mediation,
        "can_mediate": mediation is None and services.can_mediate(user, order) and order.status not in (S.MERGED, S.ARCHIVED),
        "roles": AssignmentRole,
    }


@login_required
def work_order_detail(request, pk: int):
    order = _get_order(request.user, pk)
    return render(request, "complaints/workorder_detail.html", detail_context(request, order))


@login_required
@require_POST
def work_order_action(request, pk: int, action: str):
    order = _get_order(request.user, pk)
    spec = ACTION_BY_SLUG.get(action)
    if spec is None:
        raise Http404
    form = make_form(spec, order, data=request.POST, files=request.FILES)
    htmx = bool(request.headers.get("HX-Request"))
    if form.is_valid():
        try:
            with transaction.atomic():
                message = _do(action, request.user, order, form)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, message)
            url = reverse("complaints:workorder_detail", args=[order.pk])
            if htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    if htmx:
        return render(request, "complaints/_action_form.html", {"action": spec, "form": form, "order": order})
    order = _get_order(request.user, pk)
    return render(request, "complaints/workorder_detail.html", detail_context(request, order, bound=(action, form)))


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(WorkOrderAttachment.objects.visible_to(request.user), pk=pk)
    return FileResponse(attachment.file.open("rb"), filename=attachment.name,
                        content_type=attachment.content_type or "application/octet-stream")


# ---------------------------------------------------------------- 吹哨报到


def _whistle_region(user):
    for a in role_assignments(user):
        if a.role in (Role.STREET_OFFICE, Role.COMMUNITY_LIAISON) and a.region_id:
            return a.region
    return None


@login_required
def whistle_page(request):
    region = _whistle_region(request.user)
    if region is None:
        raise PermissionDenied(_("只有街道或社区工作人员可以吹哨。"))
    estates = Estate.objects.visible_to(request.user).filter(is_voided=False, region__code__startswith=region.prefix)
    departments = _whistle_departments(region)
    form = f.WhistlePageForm(data=request.POST or None, departments=departments, estates=estates)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        order = None
        if d["order_number"]:
            order = WorkOrder.objects.visible_to(request.user).filter(number=d["order_number"].strip()).first()
            if order is None:
                form.add_error("order_number", _("未找到工单编号 %(n)s。") % {"n": d["order_number"]})
        if not form.errors:
            try:
                with transaction.atomic():
                    estate = d["estate"]
                    parent = services.whistle_blow(
                        actor=request.user, departments=list(d["departments"]), title=d["title"], body=d["body"],
                        order=order, estate=None if order else estate,
                        region=None if order else (estate.region if estate else region))
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("已吹哨，报到部门已收到子工单"))
                return redirect("complaints:workorder_detail", pk=parent.pk)
    recent = (WorkOrder.objects.visible_to(request.user).filter(sub_orders__isnull=False).distinct()
              .select_related("region").order_by("-received_at")[:50])
    return render(request, "complaints/whistle.html", {"title": _("吹哨报到"), "form": form, "recent": recent})


# ---------------------------------------------------------------- 职责清单


def _city_or_404(user):
    city = user_city(user)
    if city is None:
        raise Http404
    return city


@login_required
def catalog_page(request, pk: int | None = None):
    city = _city_or_404(request.user)
    active = catalog_active(city)
    versions = list(CatalogVersion.objects.filter(region=city).order_by("-number"))
    version = active if pk is None else get_object_or_404(CatalogVersion, pk=pk, region=city)
    can_edit = services.can_edit_catalog(request.user, city)
    draft = next((v for v in versions if not v.is_active and v.published_at is None), None)
    return render(request, "complaints/catalog.html", {
        "title": _("职责清单"), "city": city, "version": version, "versions": versions, "active": active,
        "entries": version.entries.all(), "can_edit": can_edit, "draft": draft,
        "editable": can_edit and version.published_at is None and not version.is_active,
        "form": f.CatalogVersionForm(),
    })


@login_required
@require_POST
def catalog_version_create(request):
    city = _city_or_404(request.user)
    form = f.CatalogVersionForm(request.POST)
    form.is_valid()
    try:
        version = services.catalog_version_create(actor=request.user, city=city, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("complaints:catalog")
    messages.success(request, _("已新建草稿版本 v%(n)d") % {"n": version.number})
    return redirect("complaints:catalog_version", pk=version.pk)


@login_required
def catalog_entry_edit(request, pk: int):
    city = _city_or_404(request.user)
    entry = get_object_or_404(CatalogEntry.objects.select_related("version"), pk=pk, version__region=city)
    if not services.can_edit_catalog(request.user, city):
        raise PermissionDenied(_("只有市级主管部门可以修改职责清单。"))
    form = f.CatalogEntryForm(data=request.POST or None, instance=CatalogEntry.objects.get(pk=entry.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.catalog_entry_update(actor=request.user, entry=entry,
                                          data={k: form.cleaned_data[k] for k in form.changed_data})
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("已保存：%(e)s") % {"e": entry.code})
            return redirect("complaints:catalog_version", pk=entry.version_id)
    return render(request, "complaints/catalog_entry_form.html", {
        "title": _("修改职责清单事项"), "form": form, "entry": entry})


@login_required
@require_POST
def catalog_publish(request, pk: int):
    city = _city_or_404(request.user)
    version = get_object_or_404(CatalogVersion, pk=pk, region=city)
    try:
        services.catalog_publish(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已发布 v%(n)d，现行版本已更新") % {"n": version.number})
    return redirect("complaints:catalog")


# ---------------------------------------------------------------- 人民调解


def _committees(order):
    return Department.objects.filter(region_id__in=order.region.ancestor_codes(), kind=DepartmentKind.MEDIATION)


@login_required
def mediation_list(request):
    rows = (Mediation.objects.visible_to(request.user).select_related("order__region", "mediation_committee")
            .order_by("-created_at"))
    page = paginate(rows, request)
    return render(request, "complaints/mediation_list.html", {"title": _("人民调解"), "page": page})


@login_required
def mediation_create(request, pk: int):
    order = _get_order(request.user, pk)
    if not services.can_mediate(request.user, order):
        raise PermissionDenied(_("您无权办理该工单的人民调解。"))
    form = f.MediationForm(data=request.POST or None, committees=_committees(order))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            mediation = services.mediation_create(actor=request.user, order=order, parties=d["parties"],
                                                  mediator_name=d["mediator_name"], committee=d["committee"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("已转人民调解"))
            return redirect("complaints:mediation_detail", pk=mediation.pk)
    return render(request, "complaints/mediation_form.html", {"title": _("转人民调解"), "form": form, "order": order})


def _mediation_context(request, mediation, session_form=None, conclude_form=None):
    can = services.can_mediate(request.user, mediation.order) and mediation.status == "open"
    return {
        "title": _("人民调解"), "mediation": mediation, "order": mediation.order,
        "sessions": mediation.sessions.all(), "can_edit": can,
        "session_form": session_form or f.MediationSessionForm(prefix="session"),
        "conclude_form": conclude_form or f.MediationConcludeForm(prefix="conclude"),
    }


def _get_mediation(user, pk):
    return get_object_or_404(Mediation.objects.visible_to(user).select_related("order__region", "mediation_committee"),
                             pk=pk)


@login_required
def mediation_detail(request, pk: int):
    mediation = _get_mediation(request.user, pk)
    return render(request, "complaints/mediation_detail.html", _mediation_context(request, mediation))


@login_required
@require_POST
def mediation_session(request, pk: int):
    mediation = _get_mediation(request.user, pk)
    form = f.MediationSessionForm(request.POST, prefix="session")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.mediation_add_session(actor=request.user, mediation=mediation, held_at=d["held_at"],
                                           notes=d["notes"], place=d["place"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("已记录调解会议"))
            return redirect("complaints:mediation_detail", pk=mediation.pk)
    return render(request, "complaints/mediation_detail.html", _mediation_context(request, mediation, session_form=form))


@login_required
@require_POST
def mediation_conclude(request, pk: int):
    mediation = _get_mediation(request.user, pk)
    form = f.MediationConcludeForm(request.POST, prefix="conclude")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.mediation_conclude(actor=request.user, mediation=mediation, agreed=d["outcome"] == "agreed",
                                        result=d["result"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("调解已结束"))
            return redirect("complaints:mediation_detail", pk=mediation.pk)
    return render(request, "complaints/mediation_detail.html", _mediation_context(request, mediation, conclude_form=form))
