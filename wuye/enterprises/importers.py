"""Excel import of property service enterprises (see wuye.core.importing)."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wuye.core.importing import (
    CellError,
    ImportColumn,
    ImportContext,
    ImportSpec,
    ParsedRow,
    bulk_create,
    choice,
    chunks,
    code_text,
    max_length,
    phone,
    region_code,
    register,
)
from wuye.core.validators import validate_credit_code
from wuye.enterprises.choices import EnterpriseStatus
from wuye.enterprises.models import Enterprise
from wuye.regions.choices import RegionLevel
from wuye.regions.models import Region


def credit_code(value: Any) -> str:
    s = code_text(value)
    if not s:
        return ""
    try:
        validate_credit_code(s)
    except ValidationError as exc:
        raise CellError("；".join(exc.messages)) from None
    return s


def district_code(value: Any) -> str:
    """A district (区县) code: 6 digits, or 12 digits padded with zeros."""
    s = region_code(value)
    if s and not s.endswith("000000"):
        raise CellError(_("应为区县级区划代码（6位，或后6位为0的12位代码），当前为“%(v)s”") % {"v": s})
    return s


def plan_enterprises(rows: list[ParsedRow], ctx: ImportContext):
    codes = sorted({r["region"] for r in rows if r["region"]})
    regions: dict[str, tuple[str, int]] = {}
    for part in chunks(codes):
        regions.update({c: (n, lv) for c, n, lv in Region.objects.filter(code__in=part).values_list("code", "name", "level")})
    credit_codes = sorted({r["credit_code"] for r in rows if r["credit_code"]})
    in_db: dict[str, str] = {}
    for part in chunks(credit_codes):
        in_db.update(Enterprise.objects.filter(credit_code__in=part, is_voided=False).values_list("credit_code", "name"))
    scope = ctx.edit_scope
    seen: dict[str, int] = {}
    objs: list[Enterprise] = []
    for r in rows:
        code, cc = r["region"], r["credit_code"]
        if code:
            found = regions.get(code)
            if found is None:
                ctx.error(r.row, "region", _("区划代码不存在：%(c)s") % {"c": code})
            elif found[1] != RegionLevel.DISTRICT:
                ctx.error(r.row, "region", _("区划代码 %(c)s（%(n)s）不是区县级区划") % {"c": code, "n": found[0]})
            elif not scope.covers_region(code):
                ctx.out_of_scope(r.row, "region")
        if cc:
            if cc in seen:
                ctx.error(r.row, "credit_code", _("统一社会信用代码重复：与第%(other)d行相同（%(v)s）") % {"other": seen[cc], "v": cc})
                continue
            seen[cc] = r.row
            if cc in in_db:
                ctx.error(r.row, "credit_code", _("统一社会信用代码 %(v)s 已在系统中登记（%(n)s）") % {"v": cc, "n": in_db[cc]})
                continue
        objs.append(
            Enterprise(
                name=r["name"], credit_code=cc, legal_representative=r["legal_representative"],
                registered_address=r.get("registered_address", ""), region_id=code,
                phone=r.get("phone", ""), complaint_phone=r.get("complaint_phone", ""),
                status=r.get("status", EnterpriseStatus.OPERATING),
            )
        )

    def commit() -> dict[str, int]:
        bulk_create(Enterprise, objs)
        return {"enterprises": len(objs)}

    return commit


def _example_code() -> str:
    from stdnum.cn import uscc

    body = "91411702MA0000001"
    return body + uscc.calc_check_digit(body)


ENTERPRISES = register(
    ImportSpec(
        kind="enterprises",
        title=_("物业服务企业"),
        description=_("每行一家企业；统一社会信用代码不能与文件中其他行或系统中已有企业重复。"),
        primary_count="enterprises",
        plan=plan_enterprises,
        columns=[
            ImportColumn("name", "企业名称", max_length(200), required=True, aliases=("名称", "企业"), example="驻马店市天中物业服务有限公司"),
            ImportColumn("credit_code", "统一社会信用代码", credit_code, required=True, aliases=("信用代码", "社会信用代码"),
                         example=_example_code(), help="18位，含校验位"),
            ImportColumn("legal_representative", "法定代表人", max_length(50), required=True, aliases=("法人", "法人代表"), example="李四"),
            ImportColumn("registered_address", "注册地址", max_length(200), aliases=("地址",), example="驿城区解放路88号"),
            ImportColumn("region", "注册地区划代码", district_code, required=True, aliases=("注册地区划", "区划代码", "注册地"),
                         example="411702", help="区县级区划代码，6位或12位"),
            ImportColumn("phone", "联系电话", phone, aliases=("电话",), example="0396-2000000"),
            ImportColumn("complaint_phone", "投诉电话", phone, example="0396-2000001"),
            ImportColumn("status", "经营状态", choice(EnterpriseStatus), example=str(EnterpriseStatus.OPERATING.label), help="不填为存续"),
        ],
    )
)
