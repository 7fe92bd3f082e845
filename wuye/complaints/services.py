"""Writes on work orders. Every change locks the order, checks the transition table and the
actor's right, and appends a WorkOrderEvent; two people clicking at once cannot both succeed."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.complaints.catalog_seed import CATALOG
from wuye.complaints.choices import (
    AssignmentRole,
    Channel,
    ClassificationSource,
    ExtensionStatus,
    RequestKind,
    ReturnReason,
    Satisfaction,
    SupervisionLevel,
    Urgency,
)
from wuye.complaints.choices import WorkOrderAction as A
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import (
    CatalogEntry,
    CatalogVersion,
    ExtensionRequest,
    WorkOrder,
    WorkOrderAssignment,
    WorkOrderEvent,
)
from wuye.complaints.permissions import can_act
from wuye.complaints.rules.transitions import TransitionError, next_status
from wuye.policy.selectors import get_parameter
from wuye.regions.models import Department, Region

MAX_TITLE = 200
MAX_BODY = 10_000


# ---------------------------------------------------------------- catalog


@transaction.atomic
def catalog_ensure(*, city: Region) -> CatalogVersion:
    """The active catalog version of a city; version 1 is created from SPEC §4 on first use."""
    active = CatalogVersion.objects.filter(region=city, is_active=True).first()
    if active is not None:
        return active
    # Lock the city row so two first requests do not both create version 1.
    Region.objects.select_for_update().get(pk=city.pk)
    active = CatalogVersion.objects.filter(region=city, is_active=True).first()
    if active is not None:
        return active
    number = (CatalogVersion.objects.filter(region=city).order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = CatalogVersion.objects.create(region=city, number=number, is_active=True, published_at=timezone.now(),
                                            note=_("初始版本：据 SPEC §4（驻政办〔2022〕18号等）"))
    CatalogEntry.objects.bulk_create([
        CatalogEntry(version=version, code=c.code, name=c.name, description=c.description,
                     department_kind=c.department_kind, level=c.level, supervisor_kind=c.supervisor_kind)
        for c in CATALOG
    ])
    return version


# ---------------------------------------------------------------- helpers


def _now() -> dt.datetime:
    return timezone.now()


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def fingerprint(*, phone: str, name: str, title: str, body: str) -> str:
    who = _normalise(phone) or _normalise(name)
    return hashlib.sha256(f"{who}|{_normalise(title)}|{_normalise(body)}".encode()).hexdigest()


def _event(order: WorkOrder, *, actor, action: str, from_status: str, reason: str = "", department=None,
           data: dict | None = None) -> WorkOrderEvent:
    return WorkOrderEvent.objects.create(
        order=order, at=_now(), actor=actor if getattr(actor, "pk", None) else None, action=action,
        from_status=from_status, to_status=order.status, reason=reason, department=department, data=data or {},
    )


def _locked(order: WorkOrder | int) -> WorkOrder:
    pk = order.pk if isinstance(order, WorkOrder) else order
    return WorkOrder.objects.select_for_update().get(pk=pk)


def _check(actor, order: WorkOrder, action: str, *, system: bool = False) -> str:
    """The right to act first (an outsider learns nothing of the status), then the transition table."""
    if not system and not can_act(actor, order, action):
        raise PermissionDenied(_("您无权对该工单执行“%(a)s”。") % {"a": A(action).label})
    try:
        return next_status(order.status, action)
    except TransitionError as exc:
        raise ValidationError(str(exc)) from None


def handling_deadline(order: WorkOrder, start: dt.datetime) -> dt.datetime:
    """The 办理 deadline: working days per category and urgency (catalog, else policy), from 派单."""
    from wuye.workcalendar.selectors import deadline

    entry = order.category
    days = None
    if entry is not None:
        days = entry.urgent_deadline_days if order.urgency == Urgency.URGENT else entry.deadline_days
    if days is None:
        key = "complaint_urgent_deadline_days" if order.urgency == Urgency.URGENT else "complaint_deadline_days"
        days = get_parameter(order.region, key)
    return deadline(start, days).at


# ---------------------------------------------------------------- intake


def work_order_submit(
    *, actor=None, channel: str, title: str, body: str, region: Region | None = None, estate=None,
    address: str = "", complainant_name: str = "", complainant_phone: str = "", complainant_owner=None,
    kind: str = RequestKind.COMPLAINT, urgency: str = Urgency.NORMAL, external_number: str = "",
    received_at: dt.datetime | None = None, latitude: Decimal | None = None, longitude: Decimal | None = None,
    category_code: str | None = None, auto_route: bool = True, dedupe: bool = True,
) -> WorkOrder:
    """受理: record a request, merge a duplicate, resolve the address, classify and dispatch.

    Never loses a complaint: what cannot be classified or routed waits in the manual queue, and an
    address nobody can resolve goes to the receiving street (``region``).
    Returns the new order, or the earlier order a duplicate was merged into.
    """
    from wuye.complaints.selectors import resolve_address

    title = (title or "").strip()
    body = (body or "").strip()
    errors = {}
    if not title and not body:
        errors["body"] = _("诉求内容不能为空。")
    if len(title) > MAX_TITLE:
        errors["title"] = _("标题不能超过 %(n)d 个字（当前 %(m)d 个）。") % {"n": MAX_TITLE, "m": len(title)}
    if len(body) > MAX_BODY:
        errors["body"] = _("诉求内容不能超过 %(n)d 个字（当前 %(m)d 个），请精简后提交或以附件形式上传。") % {
            "n": MAX_BODY, "m": len(body)}
    if channel not in Channel.values:
        errors["channel"] = _("未知的来源渠道：%(c)s") % {"c": channel}
    if kind not in RequestKind.values:
        errors["kind"] = _("未知的诉求类型：%(c)s") % {"c": kind}
    if urgency not in Urgency.values:
        errors["urgency"] = _("未知的紧急程度：%(c)s") % {"c": urgency}
    if errors:
        raise ValidationError(errors)
    if not title:
        title = body[:30]

    received_at = received_at or _now()
    fp = fingerprint(phone=complainant_phone, name=complainant_name, title=title, body=body)
    since = None
    if dedupe and (complainant_phone or complainant_name):
        window = get_parameter(region, "duplicate_window_minutes") if region else 10
        since = received_at - dt.timedelta(minutes=window)

    resolved_estate, resolved_region = estate, region
    if estate is None:
        found = resolve_address(text=" ".join([address, title, body]), within=region.parent if region and region.level == 5 else region)
        if found.estate is not None:
            resolved_estate, resolved_region = found.estate, found.estate.region
        elif found.region is not None and region is None:
            resolved_region = found.region
    elif region is None:
        resolved_region = estate.region
    if resolved_region is None:
        raise ValidationError({"address": _("无法确定诉求所属街道：请填写小区名称或街道，或指定受理街道。")})

    # Everything below is decided in memory first and written in four statements (the order, its
    # number, the lead assignment, the events): intake is the busiest write of the platform.
    order = WorkOrder(
        number=f"T{uuid.uuid4().hex[:30]}", external_number=external_number, channel=channel,
        kind=kind, urgency=urgency, title=title, body=body, address=address, complainant_name=complainant_name,
        complainant_phone=complainant_phone, complainant_owner=complainant_owner,
        complainant_user=actor if getattr(actor, "pk", None) and channel == Channel.WEB else None,
        region=resolved_region, estate=resolved_estate, address_resolved=resolved_estate is not None,
        received_at=received_at, latitude=latitude, longitude=longitude, fingerprint=fp,
    )
    intake = _Intake(order, actor)
    intake.event(A.SUBMIT, from_status="", reason=_("受理（%(c)s）") % {"c": Channel(channel).label},
                 data={"estate_resolved": resolved_estate is not None})
    if auto_route:
        _intake_route(intake, category_code=category_code)
    earlier = intake.write(duplicate_since=since)
    if earlier is None:
        return order
    with transaction.atomic():
        locked = _locked(earlier)
        _event(locked, actor=actor, action=A.NOTE, from_status=locked.status,
               reason=_("同一诉求人重复提交，已合并至本工单"), data={"channel": channel, "duplicate": True})
    return locked


class _Intake:
    """A new order with the transitions of its intake, applied in memory and then written at once."""

    def __init__(self, order: WorkOrder, actor):
        self.order = order
        self.actor = actor if getattr(actor, "pk", None) else None
        self.events: list[WorkOrderEvent] = []
        self.lead: Department | None = None

    def event(self, action: str, *, from_status: str, reason: str = "", department=None, data=None) -> None:
        self.events.append(WorkOrderEvent(
            order=self.order, at=_now(), actor=self.actor, action=action, from_status=from_status,
            to_status=self.order.status, reason=reason, department=department, data=data or {}))

    def move(self, action: str, *, reason: str = "", department=None, data=None) -> None:
        before = self.order.status
        self.order.status = _check(self.actor, self.order, action, system=True)
        self.event(action, from_status=before, reason=reason, department=department, data=data)

    def classify(self, entry: CatalogEntry, *, source: str, confidence) -> None:
        self.order.category = entry
        self.order.classification_source = source
        self.order.classification_confidence = confidence
        self.move(A.CLASSIFY, reason=entry.name,
                  data={"category": entry.code, "confidence": str(confidence) if confidence is not None else None})

    def dispatch(self, lead: Department) -> None:
        from wuye.workcalendar.selectors import deadline_in_hours

        order = self.order
        before = order.status
        order.status = _check(self.actor, order, A.DISPATCH, system=True)
        now = _now()
        order.dispatched_at = now
        order.ack_deadline_at = deadline_in_hours(now, get_parameter(order.region, "complaint_ack_hours")).at
        order.deadline_at = handling_deadline(order, now)
        self.lead = lead
        self.event(A.DISPATCH, from_status=before, department=lead, reason=_("派至%(d)s") % {"d": lead},
                   data={"assists": [], "deadline_at": order.deadline_at.isoformat()})

    def write(self, *, duplicate_since: dt.datetime | None = None) -> int | None:
        """Write the order, its number, the lead assignment and the events — unless an order with the
        same fingerprint was received since ``duplicate_since``: then nothing is written and that
        order's id is returned. PostgreSQL does it all in one statement (intake is the platform's
        busiest write); other databases in a transaction of a few."""
        if connection.vendor == "postgresql":
            return self._write_pg(duplicate_since)
        return self._write_orm(duplicate_since)

    def _write_orm(self, duplicate_since: dt.datetime | None) -> int | None:
        from wuye.complaints.selectors import duplicate_of

        order = self.order
        with transaction.atomic():
            if duplicate_since is not None:
                earlier = duplicate_of(fingerprint=order.fingerprint, since=duplicate_since)
                if earlier is not None:
                    return earlier
            order.number = f"T{uuid.uuid4().hex[:30]}"
            order.save(force_insert=True)
            order.number = self.number_for(order.pk)
            WorkOrder.objects.filter(pk=order.pk).update(number=order.number)
            if self.lead is not None:
                WorkOrderAssignment.objects.create(order=order, department=self.lead, role=AssignmentRole.LEAD)
            WorkOrderEvent.objects.bulk_create(self.events)
        order.intake_lead = self.lead  # the response names the lead without reading it back
        return None

    def number_prefix(self) -> str:
        return f"WY{timezone.localtime(self.order.received_at):%Y%m%d}"

    def number_for(self, pk: int) -> str:
        return f"{self.number_prefix()}{pk:07d}"

    def _write_pg(self, duplicate_since: dt.datetime | None) -> int | None:
        from wuye.core.bulk import json_records, prepared_cursor

        order = self.order
        lead = [WorkOrderAssignment(department=self.lead, role=AssignmentRole.LEAD)] if self.lead is not None else []
        params: list = [order.fingerprint, duplicate_since, S.MERGED] if duplicate_since is not None else []
        params += [
            self.number_prefix(),
            json_records([order], _PG_COLUMNS[WorkOrder][0]),
            json_records(self.events, _PG_COLUMNS[WorkOrderEvent][0]),
            json_records(lead, _PG_COLUMNS[WorkOrderAssignment][0]),
        ]
        with prepared_cursor() as cursor:
            cursor.execute(_pg_intake_sql(duplicate_since is not None), params)
            earlier, order.pk, order.number = cursor.fetchone()
        if earlier is not None:
            return earlier
        order._state.adding, order._state.db = False, connection.alias
        order.intake_lead = self.lead  # the response names the lead without reading it back
        return None


class _Columns(dict):
    """Per model, the attnames intake writes and their quoted column list (built on first use)."""

    def __missing__(self, model):
        skip = ("id", "number") if model is WorkOrder else ("id", "order_id")
        fields = [f for f in model._meta.concrete_fields if f.attname not in skip]
        self[model] = ([f.attname for f in fields], [connection.ops.quote_name(f.column) for f in fields])
        return self[model]


_PG_COLUMNS = _Columns()


@functools.lru_cache(maxsize=2)
def _pg_intake_sql(dedupe: bool) -> str:
    """The one statement of a PostgreSQL intake: each table's rows are one JSON parameter."""
    quote = connection.ops.quote_name

    def insert(model, source: str, key: str, key_value: str) -> str:
        table = quote(model._meta.db_table)
        columns = _PG_COLUMNS[model][1]
        # In the array's order, so the events' ids follow the transitions.
        return (f"INSERT INTO {table} ({key}, {', '.join(columns)}) SELECT {key_value}, "
                f"{', '.join('r.' + c for c in columns)} FROM {source}, "
                f"jsonb_populate_recordset(NULL::{table}, %s::jsonb) WITH ORDINALITY r ORDER BY r.ordinality")

    table = quote(WorkOrder._meta.db_table)
    dup = (f"SELECT id FROM {table} WHERE fingerprint = %s AND received_at >= %s AND status <> %s "
           "ORDER BY received_at LIMIT 1") if dedupe else "SELECT NULL::bigint AS id WHERE false"
    return (
        f"WITH dup AS ({dup}), "
        f"new AS (SELECT nextval(pg_get_serial_sequence('{WorkOrder._meta.db_table}', 'id')) AS id "
        "WHERE NOT EXISTS (SELECT 1 FROM dup)), "
        # The number is the prefix and the id, at least 7 digits: as number_for() writes it.
        "o AS (" + insert(WorkOrder, "new", "id, number",
                          "new.id, %s || lpad(new.id::text, greatest(7, length(new.id::text)), '0')")
        + " RETURNING id, number), "
        "e AS (" + insert(WorkOrderEvent, "o", "order_id", "o.id") + "), "
        "a AS (" + insert(WorkOrderAssignment, "o", "order_id", "o.id") + ") "
        "SELECT dup.id, NULL, NULL FROM dup UNION ALL SELECT NULL, o.id, o.number FROM o"
    )


def _intake_route(intake: _Intake, *, category_code: str | None) -> None:
    """Classify (or take the given category) and dispatch to the catalog's department, in memory."""
    from wuye.complaints.selectors import catalog_entry, classify_and_route, department_for

    order = intake.order
    if category_code:
        entry = catalog_entry(order.region, category_code)
        if entry is None:
            intake.move(A.QUEUE_MANUAL, reason=_("未知的事项分类代码：%(c)s") % {"c": category_code})
            return
        intake.classify(entry, source=ClassificationSource.MANUAL, confidence=None)
        department = department_for(entry, order.region)
        if department is None:
            intake.event(A.NOTE, from_status=order.status, reason=_("未找到承办部门，请人工派单"))
            return
        intake.dispatch(department)
        return
    routing = classify_and_route(title=order.title, body=order.body, region=order.region)
    if routing.manual and routing.category is None:
        intake.move(A.QUEUE_MANUAL, reason=routing.reason, data={"confidence": str(routing.confidence)})
        return
    entry = catalog_entry(order.region, routing.category)
    if routing.manual:
        order.category = entry
        order.classification_source = ClassificationSource.AUTO
        order.classification_confidence = routing.confidence
        intake.move(A.QUEUE_MANUAL, reason=routing.reason,
                    data={"suggested": routing.category, "confidence": str(routing.confidence)})
        return
    intake.classify(entry, source=ClassificationSource.AUTO, confidence=routing.confidence)
    intake.dispatch(routing.department)


def _move(order: WorkOrder, *, actor, action: str, reason: str = "", department=None, data=None, system=True,
          also: tuple[str, ...] = ()) -> WorkOrder:
    """Change status (saving ``also`` fields in the same UPDATE) and write the event."""
    before = order.status
    order.status = _check(actor, order, action, system=system)
    order.save(update_fields=["status", "updated_at", *also])
    _event(order, actor=actor, action=action, from_status=before, reason=reason, department=department, data=data)
    return order


def _apply_category(order: WorkOrder, entry: CatalogEntry, *, source: str, confidence, actor, system=True) -> None:
    order.category = entry
    order.classification_source = source
    order.classification_confidence = confidence
    _move(order, actor=actor, action=A.CLASSIFY, reason=entry.name, system=system,
          also=("category", "classification_source", "classification_confidence"),
          data={"category": entry.code, "confidence": str(confidence) if confidence is not None else None})


def _dispatch_to_catalog_department(order: WorkOrder, *, actor, system=True) -> WorkOrder:
    from wuye.complaints.selectors import department_for

    department = department_for(order.category, order.region)
    if department is None:
        _event(order, actor=actor, action=A.NOTE, from_status=order.status, reason=_("未找到承办部门，请人工派单"))
        return order
    return _assign_and_dispatch(order, lead=department, assists=[], actor=actor, system=system)


def _assign_and_dispatch(order: WorkOrder, *, lead: Department, assists: list[Department], actor, system: bool,
                         final: bool = False) -> WorkOrder:
    action = A.RULE_FINALLY if final else A.DISPATCH
    before = order.status
    order.status = _check(actor, order, action, system=system)
    now = _now()
    if order.dispatched_at is not None:  # a re-route: the earlier departments step down
        order.assignments.filter(is_current=True).update(is_current=False)
    WorkOrderAssignment.objects.create(order=order, department=lead, role=AssignmentRole.LEAD)
    for d in assists:
        if d.pk != lead.pk:
            WorkOrderAssignment.objects.create(order=order, department=d, role=AssignmentRole.ASSIST)
    order.dispatched_at = now
    order.acknowledged_at = None
    from wuye.workcalendar.selectors import deadline_in_hours

    order.ack_deadline_at = deadline_in_hours(now, get_parameter(order.region, "complaint_ack_hours")).at
    order.deadline_at = handling_deadline(order, now)
    order.final_ruling = order.final_ruling or final
    order.save(update_fields=["status", "dispatched_at", "acknowledged_at", "ack_deadline_at", "deadline_at",
                              "final_ruling", "updated_at"])
    _event(order, actor=actor, action=action, from_status=before, department=lead,
           reason=_("派至%(d)s") % {"d": lead},
           data={"assists": [d.pk for d in assists], "deadline_at": order.deadline_at.isoformat()})
    return order


# ---------------------------------------------------------------- dispatcher actions


@transaction.atomic
def work_order_classify(*, actor, order: WorkOrder, category_code: str, reason: str = "") -> WorkOrder:
    """人工分类 or 重新分类: the order is re-routed to the catalog's department for the new category."""
    from wuye.complaints.selectors import catalog_entry

    order = _locked(order)
    _check(actor, order, A.CLASSIFY)
    entry = catalog_entry(order.region, category_code)
    if entry is None:
        raise ValidationError({"category": _("未知的事项分类代码：%(c)s") % {"c": category_code}})
    _apply_category(order, entry, source=ClassificationSource.MANUAL, confidence=None, actor=actor, system=False)
    return _dispatch_to_catalog_department(order, actor=actor, system=False)


@transaction.atomic
def work_order_dispatch(*, actor, order: WorkOrder, lead: Department, assists: list[Department] | None = None,
                        final: bool = False, reason: str = "") -> WorkOrder:
    """派单 (主办 + 协办), or after a 退单 re-route; ``final`` rules finally: the handler may not return it again."""
    order = _locked(order)
    if order.category_id is None:
        raise ValidationError(_("请先分类再派单。"))
    return _assign_and_dispatch(order, lead=lead, assists=assists or [], actor=actor, system=False, final=final)


@transaction.atomic
def work_order_review(*, actor, order: WorkOrder, approve: bool, reason: str = "") -> WorkOrder:
    """审核 the reply: approve for the callback, or send back to handling (an unfounded reply is redone)."""
    order = _locked(order)
    if approve:
        return _move(order, actor=actor, action=A.APPROVE_REPLY, reason=reason, system=False)
    if not reason.strip():
        raise ValidationError({"reason": _("退回重办必须说明理由。")})
    order.redo_count += 1
    order.save(update_fields=["redo_count"])
    return _move(order, actor=actor, action=A.REJECT_REPLY, reason=reason, system=False)


@transaction.atomic
def work_order_callback(*, actor, order: WorkOrder, satisfaction: str, resolved: bool, handler_at_fault: bool = False,
                        note: str = "") -> WorkOrder:
    """回访: record satisfaction and resolution; 不满意 caused by the handler reopens (重办), else 办结."""
    order = _locked(order)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("满意度只能是：满意、基本满意、不满意。")})
    _check(actor, order, A.CALLBACK)
    order.satisfaction, order.resolved = satisfaction, resolved
    order.save(update_fields=["satisfaction", "resolved", "updated_at"])
    _move(order, actor=actor, action=A.CALLBACK, reason=note, system=False,
          data={"satisfaction": satisfaction, "resolved": resolved, "handler_at_fault": handler_at_fault})
    if satisfaction == Satisfaction.DISSATISFIED and handler_at_fault:
        order.redo_count += 1
        order.replied_at = None
        order.save(update_fields=["redo_count", "replied_at"])
        return _move(order, actor=actor, action=A.REDO, reason=note or _("回访不满意，承办单位原因，重办"), system=False)
    order.closed_at = _now()
    order.save(update_fields=["closed_at"])
    order = _move(order, actor=actor, action=A.CLOSE, system=False)
    _close_parent_if_done(order)
    return order


def phone_matches(order: WorkOrder, last4: str) -> bool:
    """The public check: the last four digits of the complainant's phone (no phone: never)."""
    digits = re.sub(r"\D", "", order.complainant_phone or "")
    return len(digits) >= 4 and bool(re.fullmatch(r"\d{4}", last4 or "")) and digits[-4:] == last4


def _dispatcher_phones(order: WorkOrder, *, reviewer) -> list[str]:
    """Who hears of an owner's 不满意: the official who approved the reply, else the street's officials."""
    from wuye.accounts.choices import Role
    from wuye.accounts.models import RoleAssignment

    if reviewer is not None and reviewer.phone and reviewer.is_active:
        return [reviewer.phone]
    street = order.region_id[:9].ljust(12, "0")
    return sorted(set(RoleAssignment.objects.filter(
        role=Role.STREET_OFFICE, region_id=street, is_active=True, user__is_active=True)
        .exclude(user__phone="").values_list("user__phone", flat=True)))


@transaction.atomic
def work_order_rate_by_complainant(*, order: WorkOrder, satisfaction: str, resolved: bool, phone_last4: str = "",
                                   actor=None) -> WorkOrder:
    """The complainant rates the handling on the public status page (回访 by the owner).

    Proven by the order's number and the phone's last four digits, or by being the logged-in
    complainant. 满意/基本满意 closes the order. 不满意 alone does not prove the handler at fault,
    so the order stays 已审核待回访 with a note asking the dispatcher, whose own callback decides
    between 办结 and 重办. One rating per review round.
    """
    order = _locked(order)
    is_user = bool(getattr(actor, "pk", None)) and order.complainant_user_id == actor.pk
    if not is_user and not phone_matches(order, phone_last4):
        raise PermissionDenied(_("工单编号或手机号后四位不正确。"))
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("满意度只能是：满意、基本满意、不满意。")})
    if order.status != S.REVIEWED:
        raise ValidationError(_("该工单当前不在待评价状态。"))
    last = order.events.filter(action__in=[A.APPROVE_REPLY, A.CALLBACK]).order_by("-at", "-id").first()
    if last is not None and last.action == A.CALLBACK:
        raise ValidationError(_("您已评价过本次办理结果，感谢您的反馈。"))
    who = actor if is_user else None
    order.satisfaction, order.resolved = satisfaction, resolved
    order.save(update_fields=["satisfaction", "resolved", "updated_at"])
    _move(order, actor=who, action=A.CALLBACK, reason=_("诉求人评价"),
          data={"satisfaction": satisfaction, "resolved": resolved, "by_complainant": True})
    if satisfaction == Satisfaction.DISSATISFIED:
        phones = _dispatcher_phones(order, reviewer=last.actor if last is not None else None)
        _event(order, actor=who, action=A.NOTE, from_status=order.status,
               reason=_("诉求人评价不满意，请派单方回访核实，决定办结或重办。"),
               data={"needs_dispatcher": True, "notified": len(phones)})
        from wuye.messaging.choices import SmsPurpose
        from wuye.messaging.services import sms_send

        for phone in phones:
            sms_send(phone=phone, purpose=SmsPurpose.NOTICE,
                     body=_("【物业监管平台】工单%(n)s诉求人评价不满意，请尽快回访核实，决定办结或重办。")
                     % {"n": order.number})
        return order
    order.closed_at = _now()
    order.save(update_fields=["closed_at"])
    order = _move(order, actor=who, action=A.CLOSE, reason=_("诉求人评价满意，办结"))
    _close_parent_if_done(order)
    return order


@transaction.atomic
def work_order_archive(*, actor, order: WorkOrder) -> WorkOrder:
    order = _locked(order)
    order.archived_at = _now()
    order.save(update_fields=["archived_at"])
    return _move(order, actor=actor, action=A.ARCHIVE, system=False)


@transaction.atomic
def work_order_merge(*, actor, order: WorkOrder, into: WorkOrder, reason: str = "") -> WorkOrder:
    """Merge a duplicate into another order of the same region; the duplicate keeps its history."""
    if order.pk == into.pk:
        raise ValidationError(_("不能合并到自身。"))
    first, second = sorted([order.pk, into.pk])
    locked = {o.pk: o for o in WorkOrder.objects.select_for_update().filter(pk__in=[first, second])}
    order, into = locked[order.pk], locked[into.pk]
    if into.status == S.MERGED:
        raise ValidationError(_("目标工单已被合并，请合并到主工单。"))
    order.merged_into = into
    order.save(update_fields=["merged_into"])
    _move(order, actor=actor, action=A.MERGE, reason=reason or _("重复诉求合并至 %(n)s") % {"n": into.number},
          system=False, data={"into": into.number})
    _event(into, actor=actor, action=A.NOTE, from_status=into.status, reason=_("合并了重复工单 %(n)s") % {"n": order.number})
    return order


# ---------------------------------------------------------------- handler actions


@transaction.atomic
def work_order_acknowledge(*, actor, order: WorkOrder) -> WorkOrder:
    order = _locked(order)
    order.acknowledged_at = _now()
    order.save(update_fields=["acknowledged_at"])
    order.assignments.filter(is_current=True, acknowledged_at__isnull=True).update(acknowledged_at=order.acknowledged_at)
    return _move(order, actor=actor, action=A.ACKNOWLEDGE, system=False)


@transaction.atomic
def work_order_return(*, actor, order: WorkOrder, reason_code: str, reason: str = "") -> WorkOrder:
    """退单 to the dispatcher with a reason: 属地不符 / 职能不符 / 权属不清."""
    order = _locked(order)
    if reason_code not in ReturnReason.values:
        raise ValidationError({"reason_code": _("退单理由只能是：属地不符、职能不符、权属不清。")})
    if order.final_ruling:
        raise ValidationError(_("该工单已由派单方终裁，不能再退单。"))
    order.return_count += 1
    order.save(update_fields=["return_count"])
    return _move(order, actor=actor, action=A.RETURN, system=False,
                 reason=f"{ReturnReason(reason_code).label}：{reason}".rstrip("："), data={"reason_code": reason_code})


@transaction.atomic
def work_order_reply(*, actor, order: WorkOrder, reply: str, evidence: list | None = None) -> WorkOrder:
    """答复 with evidence (attachments are saved by the caller on the returned event)."""
    if not (reply or "").strip():
        raise ValidationError({"reply": _("答复内容不能为空。")})
    order = _locked(order)
    order.reply = reply.strip()
    order.replied_at = _now()
    order.save(update_fields=["reply", "replied_at"])
    return _move(order, actor=actor, action=A.REPLY, reason=reply.strip()[:500], system=False,
                 data={"evidence": evidence or []})


@transaction.atomic
def work_order_request_extension(*, actor, order: WorkOrder, working_days: int, reason: str) -> ExtensionRequest:
    """延期申请: before the deadline, by the lead department; the level above decides."""
    order = _locked(order)
    _check(actor, order, A.REQUEST_EXTENSION)
    if not reason.strip():
        raise ValidationError({"reason": _("延期必须说明理由。")})
    if working_days <= 0 or working_days > 60:
        raise ValidationError({"working_days": _("延长天数应为 1 至 60 个工作日。")})
    if order.deadline_at and _now() > order.deadline_at:
        raise ValidationError(_("已超过办理时限，不能再申请延期。"))
    if order.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("已有待审批的延期申请。"))
    request = ExtensionRequest.objects.create(order=order, requested_by=actor, working_days=working_days, reason=reason)
    _event(order, actor=actor, action=A.REQUEST_EXTENSION, from_status=order.status, reason=reason,
           data={"working_days": working_days, "request": request.pk})
    return request


@transaction.atomic
def work_order_decide_extension(*, actor, request: ExtensionRequest, approve: bool, note: str = "") -> ExtensionRequest:
    from wuye.workcalendar.selectors import extend_deadline

    order = _locked(request.order_id)
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ExtensionStatus.PENDING:
        raise ValidationError(_("该延期申请已处理。"))
    action = A.APPROVE_EXTENSION if approve else A.REJECT_EXTENSION
    _check(actor, order, action)
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    request.decided_by, request.decided_at, request.decision_note = actor, _now(), note
    if approve:
        request.old_deadline_at = order.deadline_at
        order.deadline_at = extend_deadline(order.deadline_at, request.working_days).at
        request.new_deadline_at = order.deadline_at
        order.due_soon_notified_at = None
        order.save(update_fields=["deadline_at", "due_soon_notified_at", "updated_at"])
    request.save()
    _event(order, actor=actor, action=action, from_status=order.status, reason=note,
           data={"request": request.pk, "deadline_at": order.deadline_at.isoformat() if order.deadline_at else None})
    return request


# ---------------------------------------------------------------- supervision


@transaction.atomic
def work_order_supervise(*, actor, order: WorkOrder, reason: str = "", system: bool = False) -> WorkOrder:
    """催办 before the deadline, 督办 after it, by the level above (or the overdue sweep)."""
    order = _locked(order)
    overdue = order.deadline_at is not None and _now() > order.deadline_at
    action = A.SUPERVISE if overdue else A.REMIND
    _check(actor, order, action, system=system)
    order.supervision = SupervisionLevel.SUPERVISED if overdue else SupervisionLevel.REMINDED
    order.save(update_fields=["supervision", "updated_at"])
    _event(order, actor=actor, action=action, from_status=order.status, reason=reason)
    return order


def _close_parent_if_done(order: WorkOrder) -> None:
    """吹哨: the parent order closes when every sub-order is closed."""
    if order.parent_id is None:
        return
    parent = _locked(order.parent_id)
    if parent.sub_orders.exclude(status__in=[S.CLOSED, S.ARCHIVED, S.MERGED]).exists():
        return
    if parent.status == S.REVIEWED:
        parent.closed_at = _now()
        parent.save(update_fields=["closed_at"])
        _move(parent, actor=None, action=A.CLOSE, reason=_("所有报到部门均已办结"))


# ---------------------------------------------------------------- 基层吹哨、部门报到


@transaction.atomic
def whistle_blow(*, actor, departments: list[Department], title: str, body: str, region: Region | None = None,
                 order: WorkOrder | None = None, estate=None) -> WorkOrder:
    """A community or street official blows the whistle on an order or an estate problem.

    Sub-orders fan out to each department; each must check in (报到) within the policy limit,
    then handle and reply. The parent closes when every sub-order is closed.
    """
    from wuye.accounts.choices import Role
    from wuye.complaints.permissions import _covers

    if not departments:
        raise ValidationError({"departments": _("请至少选择一个报到部门。")})
    if order is not None:
        parent = _locked(order)
        region = parent.region
    else:
        if region is None:
            raise ValidationError({"region": _("请指定吹哨的社区或街道。")})
        parent = None
    if not _covers(actor, {Role.STREET_OFFICE, Role.COMMUNITY_LIAISON}, region.code):
        raise PermissionDenied(_("只有属地街道或社区可以吹哨。"))
    if parent is None:
        parent = work_order_submit(actor=actor, channel=Channel.WHISTLE, title=title, body=body, region=region,
                                   estate=estate, auto_route=False, dedupe=False)
    # The parent waits for its sub-orders: it is reviewed (checked) once all of them are closed.
    _event(parent, actor=actor, action=A.NOTE, from_status=parent.status, reason=_("吹哨：%(d)s") % {
        "d": "、".join(str(d) for d in departments)}, data={"whistle": True})
    hours = get_parameter(region, "whistle_check_in_hours")
    subs = []
    for department in departments:
        sub = work_order_submit(actor=actor, channel=Channel.WHISTLE, title=f"[吹哨] {title or parent.title}",
                                body=body or parent.body, region=region, estate=estate or parent.estate,
                                auto_route=False, dedupe=False)
        sub.parent = parent
        sub.check_in_deadline_at = _now() + dt.timedelta(hours=hours)
        sub.save(update_fields=["parent", "check_in_deadline_at"])
        entry = parent.category or _whistle_entry(region, department)
        _apply_category(sub, entry, source=ClassificationSource.MANUAL, confidence=None, actor=actor)
        _assign_and_dispatch(sub, lead=department, assists=[], actor=actor, system=True)
        subs.append(sub)
    return parent


def _whistle_entry(region: Region, department: Department) -> CatalogEntry:
    """A catalog entry for a sub-order: the first matter the department is responsible for."""
    from wuye.complaints.selectors import catalog_active

    version = catalog_active(region)
    return version.entries.filter(department_kind=department.kind).first() or version.entries.first()


@transaction.atomic
def work_order_check_in(*, actor, order: WorkOrder) -> WorkOrder:
    """报到: the department reports to the whistle within the limit (then it handles as usual)."""
    order = _locked(order)
    if order.parent_id is None:
        raise ValidationError(_("只有吹哨派发的工单需要报到。"))
    if order.checked_in_at is not None:
        raise ValidationError(_("已报到。"))
    _check(actor, order, A.CHECK_IN)
    order.checked_in_at = _now()
    order.save(update_fields=["checked_in_at"])
    late = order.check_in_deadline_at is not None and order.checked_in_at > order.check_in_deadline_at
    _event(order, actor=actor, action=A.CHECK_IN, from_status=order.status, reason=_("逾期报到") if late else "",
           data={"late": late})
    if order.status == S.DISPATCHED:
        order.acknowledged_at = order.checked_in_at
        order.save(update_fields=["acknowledged_at"])
        _move(order, actor=actor, action=A.ACKNOWLEDGE, system=True)
    return order


# ---------------------------------------------------------------- timers


def sweep_timers(*, now: dt.datetime | None = None, batch: int = 5000) -> dict[str, int]:
    """The periodic job: due-soon reminders, overdue orders to 督办, overdue check-ins escalated.

    Set-based where it can be: each step updates the orders it selects and writes their events in
    bulk, so a sweep over millions of open orders stays a few queries per batch.
    """
    now = now or _now()
    counts = {"due_soon": 0, "supervised": 0, "check_in_overdue": 0}
    # The reminder lead time is a policy parameter that a city, district or street may set: one
    # set-based pass per distinct value, each over the regions that resolve to that value.
    for hours, where in _due_soon_hours_by_area().items():
        counts["due_soon"] += _sweep(
            WorkOrder.objects.filter(where, status__in=[S.DISPATCHED, S.HANDLING], deadline_at__gte=now,
                                     deadline_at__lt=now + dt.timedelta(hours=hours), due_soon_notified_at__isnull=True),
            now=now, action=A.REMIND, reason=_("临近办理时限（系统提醒）"), update={"due_soon_notified_at": now},
            batch=batch,
        )
    counts["supervised"] = _sweep(
        WorkOrder.objects.filter(status__in=[S.DISPATCHED, S.HANDLING, S.RETURNED], deadline_at__lt=now)
        .exclude(supervision=SupervisionLevel.SUPERVISED),
        now=now, action=A.SUPERVISE, reason=_("超过办理时限，自动转督办"),
        update={"supervision": SupervisionLevel.SUPERVISED}, batch=batch,
    )
    counts["check_in_overdue"] = _sweep(
        WorkOrder.objects.filter(parent__isnull=False, checked_in_at__isnull=True, check_in_deadline_at__lt=now,
                                 status__in=[S.DISPATCHED])
        .exclude(supervision=SupervisionLevel.SUPERVISED),
        now=now, action=A.SUPERVISE, reason=_("逾期未报到，自动转督办"),
        update={"supervision": SupervisionLevel.SUPERVISED}, batch=batch,
    )
    return counts


def _due_soon_hours_by_area() -> dict[int, Q]:
    """{lead time in hours: the orders' regions it applies to}.

    The areas are the cities that have departments plus every region under them that sets
    ``complaint_due_soon_hours`` itself; an order belongs to the most specific area containing its
    region (a street's own value beats its district's, which beats its city's).
    """
    from django.db.models.functions import Substr

    from wuye.policy.models import PolicyValue
    from wuye.regions.models import code_prefix

    cities = set(Department.objects.annotate(city=Substr("region__code", 1, 4)).values_list("city", flat=True))
    areas = {city.ljust(12, "0"): city for city in cities}
    for code, level in (PolicyValue.objects.filter(key="complaint_due_soon_hours")
                        .values_list("region__code", "region__level")):
        prefix = code_prefix(code, level)
        if prefix[:4] in cities:
            areas[code] = prefix
    prefixes = sorted(set(areas.values()))
    by_hours: dict[int, Q] = {}
    for code, prefix in sorted(areas.items()):
        hours = get_parameter(code, "complaint_due_soon_hours")
        where = Q(region__code__startswith=prefix)
        for inner in prefixes:  # more specific areas inside this one take their own value
            if inner != prefix and inner.startswith(prefix):
                where &= ~Q(region__code__startswith=inner)
        by_hours[hours] = by_hours[hours] | where if hours in by_hours else where
    return by_hours


def _sweep(qs, *, now, action, reason, update: dict, batch: int) -> int:
    from django.db import connection

    if connection.vendor == "postgresql":
        return _sweep_pg(qs, now=now, action=action, reason=reason, update=update, batch=max(batch, 50_000))
    total = 0
    while True:
        with transaction.atomic():
            rows = list(qs.select_for_update(skip_locked=True).values_list("id", "status")[:batch])
            if not rows:
                return total
            ids = [r[0] for r in rows]
            WorkOrder.objects.filter(pk__in=ids).update(updated_at=now, **update)
            WorkOrderEvent.objects.bulk_create([
                WorkOrderEvent(order_id=pk, at=now, action=action, from_status=status, to_status=status, reason=reason)
                for pk, status in rows
            ], batch_size=2000)
            total += len(rows)


# ---------------------------------------------------------------- catalog versions (职责清单 editing)


def can_edit_catalog(user, city: Region) -> bool:
    """City officials (市住建局) of the city, and platform administrators."""
    from wuye.accounts.choices import Role
    from wuye.accounts.selectors import role_assignments, user_roles

    if Role.PLATFORM_ADMIN in user_roles(user):
        return True
    return any(a.role == Role.CITY_BUREAU and a.region_id == city.code for a in role_assignments(user))


def _catalog_guard(actor, city: Region) -> None:
    if not can_edit_catalog(actor, city):
        raise PermissionDenied(_("只有市级主管部门可以修改职责清单。"))


@transaction.atomic
def catalog_version_create(*, actor, city: Region, note: str = "") -> CatalogVersion:
    """A new draft version of the city's catalog: a copy of the version in force."""
    from wuye.core.services import audit_record, snapshot

    _catalog_guard(actor, city)
    source = catalog_ensure(city=city)
    Region.objects.select_for_update().get(pk=city.pk)
    if CatalogVersion.objects.filter(region=city, is_active=False, published_at__isnull=True).exists():
        raise ValidationError(_("已有未发布的草稿版本，请先编辑并发布该版本。"))
    number = CatalogVersion.objects.filter(region=city).order_by("-number").values_list("number", flat=True).first() + 1
    version = CatalogVersion.objects.create(region=city, number=number, is_active=False, note=note, created_by=actor)
    CatalogEntry.objects.bulk_create([
        CatalogEntry(version=version, code=e.code, name=e.name, description=e.description,
                     department_kind=e.department_kind, level=e.level, supervisor_kind=e.supervisor_kind,
                     deadline_days=e.deadline_days, urgent_deadline_days=e.urgent_deadline_days)
        for e in source.entries.all()
    ])
    audit_record(actor=actor, action="create", obj=version, after=snapshot(version),
                 reason=_("复制自 v%(n)d") % {"n": source.number})
    return version


EDITABLE_ENTRY_FIELDS = ("name", "description", "department_kind", "level", "deadline_days", "urgent_deadline_days")


@transaction.atomic
def catalog_entry_update(*, actor, entry: CatalogEntry, data: dict) -> CatalogEntry:
    """Change one matter of a draft version; published versions are history and stay as they were."""
    from wuye.core.services import audit_record, snapshot

    entry = CatalogEntry.objects.select_for_update().select_related("version__region").get(pk=entry.pk)
    version = entry.version
    _catalog_guard(actor, version.region)
    if version.published_at is not None or version.is_active:
        raise ValidationError(_("已发布的版本不能修改，请新建版本。"))
    before = snapshot(entry)
    for name, value in data.items():
        if name not in EDITABLE_ENTRY_FIELDS:
            raise ValidationError(_("不能修改字段：%(f)s") % {"f": name})
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    after = snapshot(entry)
    audit_record(actor=actor, action="update", obj=version,
                 before={k: v for k, v in before.items() if after.get(k) != v},
                 after={k: v for k, v in after.items() if before.get(k) != v},
                 reason=_("修改事项 %(c)s") % {"c": entry.code})
    return entry


@transaction.atomic
def catalog_publish(*, actor, version: CatalogVersion) -> CatalogVersion:
    """Put a draft in force; the earlier version stays as read-only history. Exactly one is active."""
    from wuye.core.services import audit_record

    city = Region.objects.select_for_update().get(pk=version.region_id)
    _catalog_guard(actor, city)
    version = CatalogVersion.objects.select_for_update().get(pk=version.pk)
    if version.published_at is not None:
        raise ValidationError(_("该版本已发布过，不能再次发布。"))
    previous = CatalogVersion.objects.filter(region=city, is_active=True).first()
    CatalogVersion.objects.filter(region=city, is_active=True).update(is_active=False, updated_at=_now())
    version.is_active = True
    version.published_at = _now()
    version.save(update_fields=["is_active", "published_at", "updated_at"])
    audit_record(actor=actor, action="update", obj=version, before={"is_active": False}, after={"is_active": True},
                 reason=_("发布，替代 v%(n)s") % {"n": previous.number if previous else "—"})
    return version


# ---------------------------------------------------------------- 人民调解


def can_mediate(user, order: WorkOrder) -> bool:
    """The receiving officials of the order's region and the staff of the order's mediation committee."""
    from wuye.accounts.choices import Role
    from wuye.accounts.selectors import role_assignments, user_roles
    from wuye.complaints.models import Mediation
    from wuye.complaints.permissions import DISPATCHER_ROLES, _covers

    if not getattr(user, "is_authenticated", False):
        return False
    if Role.PLATFORM_ADMIN in user_roles(user) or _covers(user, DISPATCHER_ROLES, order.region_id):
        return True
    committee = Mediation.objects.filter(order_id=order.pk).values_list("mediation_committee_id", flat=True).first()
    return committee is not None and any(
        a.role == Role.DEPARTMENT and a.department_id == committee for a in role_assignments(user))


def _mediation_guard(actor, order: WorkOrder) -> None:
    if not can_mediate(actor, order):
        raise PermissionDenied(_("您无权办理该工单的人民调解。"))


@transaction.atomic
def mediation_create(*, actor, order: WorkOrder, parties: str, mediator_name: str, committee: Department | None = None):
    """Send a dispute order to 人民调解: parties, mediator and committee; the order records the step."""
    from wuye.complaints.models import Mediation
    from wuye.core.services import audit_record, snapshot

    order = _locked(order)
    _mediation_guard(actor, order)
    if order.status in (S.MERGED, S.ARCHIVED):
        raise ValidationError(_("已合并或已归档的工单不能转人民调解。"))
    if Mediation.objects.filter(order=order).exists():
        raise ValidationError(_("该工单已有调解记录。"))
    if not parties.strip() or not mediator_name.strip():
        raise ValidationError(_("请填写当事人和调解员。"))
    mediation = Mediation.objects.create(order=order, parties=parties.strip(), mediator_name=mediator_name.strip(),
                                         mediation_committee=committee)
    _event(order, actor=actor, action=A.NOTE, from_status=order.status, department=committee,
           reason=_("转人民调解，调解员：%(m)s") % {"m": mediation.mediator_name}, data={"mediation": mediation.pk})
    audit_record(actor=actor, action="create", obj=mediation, after=snapshot(mediation))
    return mediation


@transaction.atomic
def mediation_add_session(*, actor, mediation, held_at: dt.datetime, notes: str, place: str = ""):
    from wuye.complaints.choices import MediationStatus
    from wuye.complaints.models import Mediation, MediationSession

    mediation = Mediation.objects.select_for_update().select_related("order").get(pk=mediation.pk)
    order = _locked(mediation.order_id)
    _mediation_guard(actor, order)
    if mediation.status != MediationStatus.OPEN:
        raise ValidationError(_("调解已结束，不能再记录会议。"))
    if not notes.strip():
        raise ValidationError({"notes": _("请填写调解记录。")})
    session = MediationSession.objects.create(mediation=mediation, held_at=held_at, place=place, notes=notes.strip())
    _event(order, actor=actor, action=A.NOTE, from_status=order.status,
           reason=_("调解会议：%(n)s") % {"n": notes.strip()[:200]}, data={"mediation_session": session.pk})
    return session


@transaction.atomic
def mediation_conclude(*, actor, mediation, agreed: bool, result: str):
    """End a mediation with an agreement (达成协议) or a failure (调解不成)."""
    from wuye.complaints.choices import MediationStatus
    from wuye.complaints.models import Mediation
    from wuye.core.services import audit_record

    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    order = _locked(mediation.order_id)
    _mediation_guard(actor, order)
    if mediation.status != MediationStatus.OPEN:
        raise ValidationError(_("调解已结束。"))
    if not result.strip():
        raise ValidationError({"result": _("请填写调解协议内容或调解不成的原因。")})
    mediation.status = MediationStatus.AGREED if agreed else MediationStatus.FAILED
    mediation.agreement = result.strip()
    mediation.concluded_at = _now()
    mediation.save(update_fields=["status", "agreement", "concluded_at", "updated_at"])
    _event(order, actor=actor, action=A.NOTE, from_status=order.status,
           reason=f"{mediation.get_status_display()}：{mediation.agreement[:200]}", data={"mediation": mediation.pk})
    audit_record(actor=actor, action="update", obj=mediation, before={"status": MediationStatus.OPEN},
                 after={"status": mediation.status})
    return mediation


def _sweep_pg(qs, *, now, action, reason, update: dict, batch: int) -> int:
    """PostgreSQL: each batch is one statement, UPDATE … RETURNING feeding INSERT … SELECT of the events."""
    from django.db import connection

    order_table = WorkOrder._meta.db_table
    event_table = WorkOrderEvent._meta.db_table
    sets = ", ".join(f"{connection.ops.quote_name(WorkOrder._meta.get_field(k).column)} = %s" for k in update)
    total = 0
    while True:
        ids_sql, ids_params = qs.values("id").order_by()[:batch].query.sql_with_params()
        sql = (
            f"WITH picked AS ({ids_sql} FOR UPDATE SKIP LOCKED), "
            f"moved AS (UPDATE {order_table} w SET updated_at = %s, {sets} FROM picked WHERE w.id = picked.id "
            f"RETURNING w.id, w.status) "
            f"INSERT INTO {event_table} (order_id, at, action, from_status, to_status, reason, data) "
            f"SELECT id, %s, %s, status, status, %s, '{{}}'::jsonb FROM moved"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [*ids_params, now, *update.values(), now, str(action), str(reason)])
            done = cursor.rowcount
        total += done
        if done < batch:
            return total
