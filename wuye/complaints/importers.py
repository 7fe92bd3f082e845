"""Excel import of 12345 hotline exports (工单导出表) into work orders (see wuye.core.importing).

Every row goes through ``services.work_order_submit(channel="excel")``, so classification, routing,
deadlines and the event trail are those of any other intake. Rows are checked first — content,
duplicates against earlier imports (工单编号), the street — and written all or none.
When the export names a 承办单位 the order is dispatched to that department (12345 already routed it).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.complaints.choices import Channel, ClassificationSource, RequestKind, Urgency
from wuye.complaints.models import WorkOrder
from wuye.core.importing import (
    CellError,
    ImportColumn,
    ImportContext,
    ImportSpec,
    ParsedRow,
    choice,
    chunks,
    max_length,
    phone,
    register,
    text,
)
from wuye.regions.choices import RegionLevel
from wuye.regions.models import Department, Region


def received_time(value: Any) -> dt.datetime | None:
    """来电时间: an Excel date/time cell or text like 2024-05-01 08:30[:00] / 2024/5/1 8:30."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        s = str(value).strip().replace("/", "-").replace("T", " ")
        moment = None
        for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                moment = dt.datetime.strptime(s, pattern)
                break
            except ValueError:
                continue
        if moment is None:
            raise CellError(_("时间格式不正确（应为 2024-05-01 08:30）：%(v)s") % {"v": value})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + dt.timedelta(minutes=5):
        raise CellError(_("来电时间不能晚于现在：%(v)s") % {"v": value})
    return moment


def body_text(value: Any) -> str:
    from wuye.complaints.services import MAX_BODY

    s = text(value)
    if len(s) > MAX_BODY:
        raise CellError(_("诉求内容不能超过 %(n)d 个字（当前 %(m)d 个）") % {"n": MAX_BODY, "m": len(s)})
    return s


def _street_lookup(values: set[str]) -> dict[str, Region]:
    """所属街道 by code (6/9/12 digits) or by name, among streets and communities."""
    found: dict[str, Region] = {}
    codes = [v.ljust(12, "0") for v in values if v.isdigit()]
    for part in chunks(sorted(codes)):
        for r in Region.objects.filter(code__in=part):
            found[r.code] = r
    names = [v for v in values if not v.isdigit()]
    for part in chunks(sorted(names)):
        for r in Region.objects.filter(name__in=part, level__in=(RegionLevel.STREET, RegionLevel.COMMUNITY)):
            found.setdefault(r.name, r)
    return {v: found.get(v.ljust(12, "0") if v.isdigit() else v) for v in values}


def plan_hotline(rows: list[ParsedRow], ctx: ImportContext):
    from wuye.accounts.selectors import primary_region
    from wuye.complaints.selectors import resolve_address

    scope = ctx.edit_scope
    home = primary_region(ctx.user)
    numbers = sorted({r["external_number"] for r in rows if r["external_number"]})
    in_db: set[str] = set()
    for part in chunks(numbers):
        in_db.update(WorkOrder.objects.filter(external_number__in=part).values_list("external_number", flat=True))
    streets = _street_lookup({r["street"] for r in rows if r["street"]})
    department_names = sorted({r["department"] for r in rows if r["department"]})
    departments: dict[str, Department] = {}
    for part in chunks(department_names):
        qs = Department.objects.filter(name__in=part)
        if home is not None and not scope.everything:
            qs = qs.filter(region__code__startswith=home.prefix[:4])
        for d in qs.order_by("id"):
            departments.setdefault(d.name, d)

    seen: dict[str, int] = {}
    plan: list[tuple[ParsedRow, Region, Any]] = []
    for r in rows:
        number = r["external_number"]
        if number:
            if number in seen:
                ctx.error(r.row, "external_number", _("工单编号重复：与第%(o)d行相同（%(v)s）") % {"o": seen[number], "v": number})
                continue
            seen[number] = r.row
            if number in in_db:
                ctx.error(r.row, "external_number", _("已导入：工单编号 %(v)s 已在系统中") % {"v": number})
                continue
        if r["department"] and r["department"] not in departments:
            ctx.error(r.row, "department", _("承办单位不存在：%(v)s") % {"v": r["department"]})
        region, estate = None, None
        if r["street"]:
            region = streets.get(r["street"])
            if region is None:
                ctx.error(r.row, "street", _("街道不存在：%(v)s") % {"v": r["street"]})
                continue
        within = region or (home if home is not None and home.level <= RegionLevel.STREET else None)
        found = resolve_address(text=" ".join([r.get("address", ""), r.get("title", ""), r.get("body", "")]), within=within)
        if found.estate is not None:
            estate, region = found.estate, found.estate.region
        elif region is None:
            region = found.region
        if region is None:
            ctx.error(r.row, "address", _("无法确定所属街道：地址中没有可识别的小区或街道，请填写“所属街道”列"))
            continue
        if not scope.covers_region(region.code):
            ctx.error(r.row, "street" if r["street"] else "address",
                      _("%(n)s 不在您的管辖范围内") % {"n": region.name})
            continue
        plan.append((r, region, estate))

    def commit() -> dict[str, int]:
        counts = {"work_orders": 0, "dispatched": 0, "manual": 0}
        for r, region, estate in plan:
            try:
                order = _submit_row(ctx.user, r, region, estate, departments.get(r["department"]))
            except ValidationError as exc:
                # Checked above; a refusal here is a conflict the checks could not see: nothing is written.
                raise IntegrityError(_("第%(row)d行：%(m)s") % {"row": r.row, "m": "；".join(exc.messages)}) from None
            counts["work_orders"] += 1
            if order.status == "dispatched":
                counts["dispatched"] += 1
            elif order.status == "manual_queue":
                counts["manual"] += 1
        return counts

    return commit


def _submit_row(user, r: ParsedRow, region: Region, estate, department: Department | None) -> WorkOrder:
    from wuye.complaints import services
    from wuye.complaints.choices import WorkOrderAction as A
    from wuye.complaints.selectors import catalog_entry, classify_and_route

    kwargs = dict(
        actor=user, channel=Channel.EXCEL, title=r.get("title", ""), body=r["body"], region=region, estate=estate,
        address=r.get("address", ""), complainant_name=r.get("name", ""), complainant_phone=r.get("phone", ""),
        kind=r.get("kind", RequestKind.COMPLAINT), urgency=r.get("urgency", Urgency.NORMAL),
        external_number=r.get("external_number", ""), received_at=r["received_at"], dedupe=False,
    )
    if department is None:
        return services.work_order_submit(**kwargs)
    # 12345 already named the handling department: classify as usual, dispatch there.
    order = services.work_order_submit(auto_route=False, **kwargs)
    routing = classify_and_route(title=order.title, body=order.body, region=order.region)
    entry = catalog_entry(order.region, routing.category) if routing.category else None
    if entry is None:
        services._move(order, actor=user, action=A.QUEUE_MANUAL, department=department,
                       reason=_("无法识别诉求类别；12345 指定承办单位：%(d)s") % {"d": department.name})
        return order
    services._apply_category(order, entry, source=ClassificationSource.AUTO, confidence=routing.confidence, actor=user)
    return services._assign_and_dispatch(order, lead=department, assists=[], actor=user, system=True)


HOTLINE = register(
    ImportSpec(
        kind="hotline",
        title=_("12345 热线工单"),
        description=_("12345 平台导出的工单，每行一件；工单编号已导入过的行不会重复导入。每行按受理流程自动分类、派单、"
                      "计算办理时限；填写了承办单位的派至该单位。地址识别不到小区或街道时须填写“所属街道”。"),
        primary_count="work_orders",
        plan=plan_hotline,
        columns=[
            ImportColumn("external_number", "工单编号", max_length(64), required=True,
                         aliases=("12345工单编号", "工单号", "编号"), example="ZMD2024050100001"),
            ImportColumn("received_at", "来电时间", received_time, required=True,
                         aliases=("受理时间", "来电日期", "登记时间", "诉求时间"), example="2024-05-01 08:30"),
            ImportColumn("name", "诉求人", max_length(100), aliases=("来电人", "姓名", "联系人"), example="张三"),
            ImportColumn("phone", "联系电话", phone, aliases=("联系方式", "来电号码", "电话"), example="13800000000"),
            ImportColumn("body", "诉求内容", body_text, required=True,
                         aliases=("来电内容", "问题描述", "诉求详情", "工单内容", "内容"),
                         example="建业森林半岛3号楼楼道堆放杂物，物业不清理。"),
            ImportColumn("title", "标题", max_length(200), aliases=("工单标题", "诉求标题")),
            ImportColumn("address", "地址", max_length(300), aliases=("事发地址", "诉求地址", "事发地点"),
                         example="驿城区人民街街道建业森林半岛3号楼"),
            ImportColumn("street", "所属街道", max_length(100), aliases=("街道", "所属乡镇", "属地"),
                         help="街道名称或区划代码；地址识别不到时必填"),
            ImportColumn("department", "承办单位", max_length(100), aliases=("办理单位", "承办部门", "责任单位"),
                         help="系统中的部门名称；填写则派至该单位"),
            ImportColumn("kind", "诉求类型", choice(RequestKind), aliases=("类型", "来电类型")),
            ImportColumn("urgency", "紧急程度", choice(Urgency), aliases=("缓急程度", "紧急")),
        ],
    )
)
