"""Excel imports of the estate registry: estates, the unit/owner roll, and owners of existing units.

Each kind is an ``ImportSpec`` (see wuye.core.importing): every row is checked in Python against
prefetched dictionaries (no query per row), then everything is written with bulk_create in one
transaction, or nothing is.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc

from wuye.core.bulk import insert_rows, unsaved
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
    integer,
    max_length,
    mobile,
    positive_area,
    region_code,
    register,
    yes_no,
)
from wuye.core.validators import is_valid_id_number, validate_credit_code, validate_id_number
from wuye.estates.choices import DeliveryStatus, EstateType, ManagementMode, OwnerKind, UnitUsage
from wuye.estates.models import Building, Estate, Owner, Ownership, Unit
from wuye.regions.choices import RegionLevel
from wuye.regions.models import Region

ESTATE_LEVELS = (RegionLevel.STREET, RegionLevel.COMMUNITY)


def _regions(codes: Iterable[str]) -> dict[str, tuple[str, int]]:
    """code -> (name, level) for the codes that exist."""
    out: dict[str, tuple[str, int]] = {}
    codes = sorted({c for c in codes if c})
    for part in chunks(codes):
        for code, name, level in Region.objects.filter(code__in=part).values_list("code", "name", "level"):
            out[code] = (name, level)
    return out


def check_region(ctx: ImportContext, row: int, key: str, code: str, regions: dict, levels=ESTATE_LEVELS) -> bool:
    """Exists, is a street/community, and lies in the user's edit scope; else a row error."""
    found = regions.get(code)
    if found is None:
        ctx.error(row, key, _("区划代码不存在：%(c)s") % {"c": code})
        return False
    if found[1] not in levels:
        names = "、".join(str(RegionLevel(lv).label) for lv in levels)
        ctx.error(row, key, _("区划代码 %(c)s（%(n)s）不是%(lv)s级区划") % {"c": code, "n": found[0], "lv": names})
        return False
    if not ctx.edit_scope.covers_region(code):
        ctx.out_of_scope(row, key)
        return False
    return True


# ---------------------------------------------------------------- estates


def plan_estates(rows: list[ParsedRow], ctx: ImportContext):
    regions = _regions(r["region"] for r in rows if r["region"])
    existing: set[tuple[str, str]] = set()
    for part in chunks(sorted(regions)):
        existing.update(
            Estate.objects.filter(region_id__in=part, is_voided=False).values_list("region_id", "name")
        )
    seen: dict[tuple[str, str], int] = {}
    this_year = dt.date.today().year
    estates: list[Estate] = []
    for r in rows:
        code, name = r["region"], r["name"]
        if code and not check_region(ctx, r.row, "region", code, regions):
            continue
        if not (code and name):
            continue
        key = (code, name)
        if key in seen:
            ctx.error(r.row, "name", _("小区名称重复：与第%(other)d行为同一区划下的同名小区“%(n)s”") % {"other": seen[key], "n": name})
            continue
        seen[key] = r.row
        if key in existing:
            ctx.error(r.row, "name", _("小区“%(n)s”在该区划下已存在") % {"n": name})
            continue
        year = r["built_year"]
        if year is not None and year > this_year:
            ctx.error(r.row, "built_year", _("建成年份不能晚于今年"))
        estates.append(
            Estate(
                name=name, region_id=code, address=r["address"], aliases=r.get("aliases", ""),
                estate_type=r.get("estate_type", EstateType.COMMERCIAL),
                management_mode=r.get("management_mode", ManagementMode.NONE),
                total_building_area=r["total_building_area"], developer_name=r.get("developer_name", ""),
                built_year=year,
            )
        )

    def commit() -> dict[str, int]:
        bulk_create(Estate, estates)
        return {"estates": len(estates)}

    return commit


ESTATES = register(
    ImportSpec(
        kind="estates",
        title=_("小区"),
        description=_("每行一个小区；同一区划下小区名称不能重复。"),
        primary_count="estates",
        plan=plan_estates,
        columns=[
            ImportColumn("name", "小区名称", max_length(100), required=True, aliases=("小区", "名称"), example="天中花园"),
            ImportColumn("region", "区划代码", region_code, required=True, aliases=("所属社区/街道代码", "社区代码", "街道代码"),
                         example="411702001000", help="12位街道或社区区划代码，必须已存在"),
            ImportColumn("address", "地址", max_length(200), required=True, aliases=("小区地址",), example="驿城区人民街1号"),
            ImportColumn("estate_type", "小区类型", choice(EstateType), example=str(EstateType.COMMERCIAL.label),
                         help="不填为商品房小区"),
            ImportColumn("management_mode", "管理模式", choice(ManagementMode), example=str(ManagementMode.PROFESSIONAL.label),
                         help="不填为无物业管理"),
            ImportColumn("total_building_area", "总建筑面积", positive_area, aliases=("总建筑面积(㎡)", "建筑面积"),
                         example=52000.5, help="平方米，大于0"),
            ImportColumn("developer_name", "建设单位", max_length(200), aliases=("开发商", "开发建设单位"), example="驻马店天中置业有限公司"),
            ImportColumn("built_year", "建成年份", integer(1900, 2100), example=2012),
            ImportColumn("aliases", "别名", max_length(300), example="天中小区", help="多个别名用逗号分隔"),
        ],
    )
)


# ---------------------------------------------------------------- units and owners


def identity(value: Any) -> tuple[str, str] | None:
    """证件号码: a 居民身份证号 (person) or a 统一社会信用代码 (organisation)."""
    s = code_text(value)
    if not s:
        return None
    if is_valid_id_number(s):
        return (OwnerKind.PERSON, s)
    if len(s) == 18 and uscc.is_valid(s):
        return (OwnerKind.ORGANIZATION, s)
    try:
        if s[:2].isdigit() and s[:17].isdigit():
            validate_id_number(s)
        else:
            validate_credit_code(s)
    except Exception as exc:  # noqa: BLE001 - a Django ValidationError with a Chinese message
        msg = "；".join(getattr(exc, "messages", [str(exc)]))
        raise CellError(_("证件号码无效（应为居民身份证号或统一社会信用代码）：%(m)s") % {"m": msg}) from None
    raise CellError(_("证件号码无效（应为居民身份证号或统一社会信用代码）：%(v)s") % {"v": s})


ESTATE_COLUMNS = [
    ImportColumn("estate_id", "小区ID", integer(1), header_required=False, aliases=("小区编号",),
                 help="填写小区ID时可不填小区名称和区划代码"),
    ImportColumn("estate_name", "小区名称", max_length(100), aliases=("小区",), example="天中花园"),
    ImportColumn("region", "区划代码", region_code, aliases=("社区代码", "街道代码"), example="411702001000",
                 help="小区所属的12位街道或社区区划代码"),
]
UNIT_KEY_COLUMNS = [
    ImportColumn("building", "楼栋", max_length(30), required=True, aliases=("楼栋号", "楼号"), example="1号楼"),
    ImportColumn("entrance", "单元", max_length(20), aliases=("单元号",), example="1"),
    ImportColumn("number", "房号", max_length(30), required=True, aliases=("房间号", "门牌号", "户号"), example="0101"),
]
OWNER_COLUMNS = [
    ImportColumn("owner_name", "业主姓名", max_length(200), aliases=("业主", "姓名", "业主名称", "产权人"), example="张三",
                 help="单位业主填写单位名称"),
    ImportColumn("identity", "证件号码", identity, aliases=("身份证号", "身份证号码", "统一社会信用代码"),
                 example="41170220050101001X", help="自然人填身份证号，单位填统一社会信用代码；同一证件号码视为同一业主"),
    ImportColumn("phone", "手机号", mobile, aliases=("手机", "联系电话", "电话"), example="13900000000"),
    ImportColumn("nominee", "共有人表决人", yes_no, aliases=("表决人", "是否表决人"), example="是",
                 help="是/否；同一房屋最多一人为“是”"),
    ImportColumn("certificate", "不动产权证号", max_length(60), aliases=("产权证号",), example=""),
]


def _example_id() -> str:
    body = "41170220050101001"
    return body + ric.calc_check_digit(body + "0")  # calc_check_digit ignores the last character: pass 17 digits + any filler


class EstateResolver:
    """Find each row's estate (by ID, or by name + region code) from one prefetch."""

    def __init__(self, rows: list[ParsedRow], ctx: ImportContext):
        self.ctx = ctx
        ids = sorted({r["estate_id"] for r in rows if r["estate_id"]})
        codes = {r["region"] for r in rows if r["region"] and not r["estate_id"]}
        self.regions = _regions(codes)
        self.by_id: dict[int, tuple[int, str, str, str]] = {}
        self.by_name: dict[tuple[str, str], tuple[int, str, str, str]] = {}
        fields = ("id", "region_id", "name", "developer_name")
        for part in chunks(ids):
            for e in Estate.objects.filter(id__in=part, is_voided=False).values_list(*fields):
                self.by_id[e[0]] = e
        for part in chunks(sorted(self.regions)):
            for e in Estate.objects.filter(region_id__in=part, is_voided=False).values_list(*fields):
                self.by_name[(e[1], e[2])] = e
        self._scope: dict[str, bool] = {}
        self._region_ok: dict[str, bool] = {}

    def resolve(self, r: ParsedRow) -> tuple[int, str, str, str] | None:
        ctx = self.ctx
        if r["estate_id"]:
            e = self.by_id.get(r["estate_id"])
            if e is None:
                ctx.error(r.row, "estate_id", _("小区不存在：ID %(id)s") % {"id": r["estate_id"]})
                return None
            key = "estate_id"
        else:
            name, code = r["estate_name"], r["region"]
            if not name or not code:
                if not name:
                    ctx.error(r.row, "estate_name", _("请填写小区名称和区划代码（或小区ID）"))
                if not code:
                    ctx.error(r.row, "region", _("请填写小区所属区划代码（或小区ID）"))
                return None
            if code not in self.regions:
                ctx.error(r.row, "region", _("区划代码不存在：%(c)s") % {"c": code})
                return None
            e = self.by_name.get((code, name))
            if e is None:
                ctx.error(
                    r.row, "estate_name",
                    _("小区不存在：%(region)s（%(c)s）下没有名为“%(n)s”的小区，请先导入小区")
                    % {"region": self.regions[code][0], "c": code, "n": name},
                )
                return None
            key = "estate_name"
        ok = self._scope.get(e[1])
        if ok is None:
            ok = self._scope[e[1]] = ctx.edit_scope.covers_region(e[1])
        if not ok:
            ctx.out_of_scope(r.row, key)
            return None
        return e


class OwnerResolver:
    """Owners by 证件号码: existing ones are reused, new ones created once for all their rows."""

    def __init__(self, rows: list[ParsedRow], ctx: ImportContext):
        self.ctx = ctx
        persons = sorted({r["identity"][1] for r in rows if r["identity"] and r["identity"][0] == OwnerKind.PERSON})
        orgs = sorted({r["identity"][1] for r in rows if r["identity"] and r["identity"][0] == OwnerKind.ORGANIZATION})
        self.existing: dict[tuple[str, str], int] = {}
        for part in chunks(persons, 2000):
            for num, pk in Owner.objects.filter(id_number__in=part, is_voided=False).values_list("id_number", "id"):
                self.existing.setdefault((OwnerKind.PERSON, num), pk)
        for part in chunks(orgs, 2000):
            for num, pk in Owner.objects.filter(credit_code__in=part, is_voided=False).values_list("credit_code", "id"):
                self.existing.setdefault((OwnerKind.ORGANIZATION, num), pk)
        self.new: dict[Any, Owner] = {}  # identity (or row number without one) -> unsaved Owner
        self.first_row: dict[tuple[str, str], tuple[int, str]] = {}

    def owner_for(self, r: ParsedRow, *, developer: bool) -> int | Owner | None:
        """The existing owner's id, or a new (unsaved) Owner shared by all rows with its 证件号码."""
        name = r["owner_name"]
        ident = r["identity"]
        if not name:
            if ident or r["phone"]:
                self.ctx.error(r.row, "owner_name", _("填写了证件号码或手机号时，业主姓名不能为空"))
            return None
        if ident is None:
            owner = unsaved(Owner, kind=OwnerKind.PERSON, name=name, phone=r.get("phone", ""), is_developer=developer)
            self.new[("row", r.row)] = owner
            return owner
        first = self.first_row.get(ident)
        if first is None:
            self.first_row[ident] = (r.row, name)
        elif first[1] != name:
            self.ctx.error(
                r.row, "owner_name",
                _("同一证件号码在第%(other)d行的姓名为“%(a)s”，与本行“%(b)s”不一致") % {"other": first[0], "a": first[1], "b": name},
            )
            return None
        pk = self.existing.get(ident)
        if pk is not None:
            return pk
        owner = self.new.get(ident)
        if owner is None:
            kind, number = ident
            owner = unsaved(
                Owner, kind=kind, name=name, phone=r.get("phone", ""), is_developer=developer,
                id_number=number if kind == OwnerKind.PERSON else "",
                credit_code=number if kind == OwnerKind.ORGANIZATION else "",
            )
            self.new[ident] = owner
        elif developer:
            owner.is_developer = True
        return owner


def _owner_key(owner: int | Owner) -> Any:
    return owner if isinstance(owner, int) else id(owner)


def _ownership_commit(owners: OwnerResolver, links: list[tuple[Any, int | Owner, int, bool, str]]) -> tuple[int, int]:
    """Create the new owners, then the ownerships ``(unit or unit id, owner, estate id, nominee, cert)``."""
    new_owners = list(owners.new.values())
    bulk_create(Owner, new_owners)
    now = timezone.now()
    rows = [
        (unit if isinstance(unit, int) else unit.pk, owner if isinstance(owner, int) else owner.pk,
         estate_id, nominee, cert, False, "", now, now)
        for unit, owner, estate_id, nominee, cert in links
    ]
    insert_rows(Ownership, OWNERSHIP_FIELDS, rows)
    return len(new_owners), len(rows)


OWNERSHIP_FIELDS = ("unit_id", "owner_id", "estate_id", "is_nominee", "certificate_number", "is_voided",
                    "void_reason", "created_at", "updated_at")


UNIT_ATTRS = ("floor", "usage", "registry_area", "survey_area", "contract_area", "delivery_status")


def plan_units(rows: list[ParsedRow], ctx: ImportContext):
    estates = EstateResolver(rows, ctx)
    owners = OwnerResolver(rows, ctx)
    resolved: list[tuple[ParsedRow, tuple]] = []
    estate_ids: set[int] = set()
    for r in rows:
        e = estates.resolve(r)
        if e is not None:
            resolved.append((r, e))
            estate_ids.add(e[0])

    buildings: dict[tuple[int, str], int | Building] = {}
    units_in_db: set[tuple[int, str, str]] = set()
    ids = sorted(estate_ids)
    for part in chunks(ids, 500):
        for pk, estate_id, number in Building.objects.filter(estate_id__in=part, is_voided=False).values_list(
            "id", "estate_id", "number"
        ):
            buildings[(estate_id, number)] = pk
        units_in_db.update(
            Unit.objects.filter(estate_id__in=part, is_voided=False).values_list("building_id", "entrance", "number")
        )

    new_buildings: list[Building] = []
    new_building_of: dict[int, Building] = {}
    units: dict[tuple[int, str, str, str], tuple[ParsedRow, Unit, list]] = {}
    links: list[tuple[Any, Any, int, bool, str]] = []
    delivered_default = DeliveryStatus.DELIVERED
    unsold = DeliveryStatus.UNSOLD
    error = ctx.error
    for r, e in resolved:
        v = r.values
        estate_id = e[0]
        bnum, entrance, number = v["building"], v["entrance"] or "", v["number"]
        if not bnum or not number:
            continue
        key = (estate_id, bnum, entrance, number)
        label = "-".join(p for p in (bnum, entrance, number) if p)
        found = units.get(key)
        if found is None:
            b = buildings.get((estate_id, bnum))
            if b is None:
                b = Building(estate_id=estate_id, number=bnum)
                buildings[(estate_id, bnum)] = b
                new_buildings.append(b)
            elif not isinstance(b, Building) and (b, entrance, number) in units_in_db:
                error(
                    r.row, "number",
                    _("房号重复：%(e)s %(u)s 在系统中已存在（为已有房屋补充业主请使用“业主”导入）") % {"e": e[2], "u": label},
                )
                continue
            if (v["registry_area"] is None and v["survey_area"] is None and v["contract_area"] is None
                    and not r.failed):
                error(r.row, "registry_area", _("登记面积、实测面积、合同面积至少填写一项"))
                continue
            unit = unsaved(
                Unit, building_id=None if isinstance(b, Building) else b, estate_id=estate_id,
                entrance=entrance, number=number, floor=v["floor"],
                usage=v["usage"] or UnitUsage.RESIDENTIAL,
                registry_area=v["registry_area"], survey_area=v["survey_area"], contract_area=v["contract_area"],
                delivery_status=v["delivery_status"] or delivered_default,
            )
            if isinstance(b, Building):
                new_building_of[id(unit)] = b  # its id is known only after the buildings are inserted
            found = (r, unit, [])
            units[key] = found
        else:
            first, unit, _owners = found
            bad = [
                k for k in UNIT_ATTRS
                if v[k] is not None and first.values[k] is not None and v[k] != first.values[k]
            ]
            if bad or not v["owner_name"]:
                cols = "、".join(ctx.spec.header_of(k) for k in bad)
                detail = _("，且%(cols)s不一致") % {"cols": cols} if bad else ""
                error(
                    r.row, "number",
                    _("房号重复：与第%(other)d行同为 %(e)s %(u)s%(detail)s（同一房屋有多位共有人时每行填写不同业主）")
                    % {"other": first.row, "e": e[2], "u": label, "detail": detail},
                )
                continue
        first, unit, unit_owners = found
        developer = (v["delivery_status"] or first.values["delivery_status"]) == unsold
        owner = owners.owner_for(r, developer=developer and bool(v["identity"]) and v["identity"][0] == OwnerKind.ORGANIZATION)
        if owner is None:
            continue
        okey = _owner_key(owner)
        for other_row, other_key, other_nominee in unit_owners:
            if other_key == okey:
                error(r.row, "identity", _("同一业主在第%(other)d行已登记为该房屋的业主") % {"other": other_row})
                break
            if v["nominee"] and other_nominee:
                error(r.row, "nominee", _("同一房屋只能有一位共有人表决人（第%(other)d行已填“是”）") % {"other": other_row})
                break
        else:
            unit_owners.append((r.row, okey, v["nominee"]))
            links.append((unit, owner, estate_id, v["nominee"], v["certificate"] or ""))

    if ctx.errors:
        return None

    def commit() -> dict[str, int]:
        bulk_create(Building, new_buildings)
        unit_objs = []
        for _r, unit, _o in units.values():
            if unit.building_id is None:
                unit.building_id = new_building_of[id(unit)].pk
            unit_objs.append(unit)
        bulk_create(Unit, unit_objs)
        n_owners, n_links = _ownership_commit(owners, links)
        return {"buildings": len(new_buildings), "units": len(unit_objs), "owners": n_owners, "ownerships": n_links}

    return commit


UNITS = register(
    ImportSpec(
        kind="units",
        title=_("楼栋/房屋/业主"),
        description=_(
            "每行一套房屋与一位业主：同一房屋写多行表示多位共有人；同一证件号码表示同一业主拥有多套房屋。"
            "楼栋不存在时自动新建；房号在同一楼栋同一单元内不能重复。"
        ),
        primary_count="units",
        plan=plan_units,
        columns=[
            *ESTATE_COLUMNS,
            *UNIT_KEY_COLUMNS,
            ImportColumn("floor", "楼层", integer(-10, 300), example=1),
            ImportColumn("usage", "用途", choice(UnitUsage), example=str(UnitUsage.RESIDENTIAL.label), help="不填为住宅"),
            ImportColumn("registry_area", "登记面积", positive_area, aliases=("不动产登记面积", "登记面积(㎡)"), example=89.5,
                         help="平方米，大于0；三种面积至少填一项，按登记＞实测＞合同的顺序采用"),
            ImportColumn("survey_area", "实测面积", positive_area, aliases=("实测面积(㎡)",), example=""),
            ImportColumn("contract_area", "合同面积", positive_area, aliases=("合同约定面积", "合同面积(㎡)"), example=""),
            ImportColumn("delivery_status", "交付状态", choice(DeliveryStatus), example=str(DeliveryStatus.DELIVERED.label),
                         help="不填为已售已交付；建设单位持有的房屋填“未售（建设单位持有）”，业主填建设单位"),
            *OWNER_COLUMNS,
        ],
    )
)


def plan_owners(rows: list[ParsedRow], ctx: ImportContext):
    estates = EstateResolver(rows, ctx)
    owners = OwnerResolver(rows, ctx)
    resolved = []
    estate_ids: set[int] = set()
    for r in rows:
        e = estates.resolve(r)
        if e is not None:
            resolved.append((r, e))
            estate_ids.add(e[0])
    unit_ids: dict[tuple[int, str, str, str], int] = {}
    for part in chunks(sorted(estate_ids), 500):
        for pk, estate_id, bnum, entrance, number in Unit.objects.filter(
            estate_id__in=part, is_voided=False, building__is_voided=False
        ).values_list("id", "estate_id", "building__number", "entrance", "number"):
            unit_ids[(estate_id, bnum, entrance, number)] = pk
    existing_links: dict[int, list[tuple[int, bool]]] = {}
    for part in chunks(sorted(estate_ids), 500):
        for unit_id, owner_id, nominee in Ownership.objects.filter(estate_id__in=part, is_voided=False).values_list(
            "unit_id", "owner_id", "is_nominee"
        ):
            existing_links.setdefault(unit_id, []).append((owner_id, nominee))

    links = []
    per_unit: dict[int, list[tuple[int, Any, bool]]] = {}
    for r, e in resolved:
        v = r.values
        if not v["building"] or not v["number"]:
            continue
        entrance = v["entrance"] or ""
        unit_id = unit_ids.get((e[0], v["building"], entrance, v["number"]))
        label = "-".join(p for p in (v["building"], entrance, v["number"]) if p)
        if unit_id is None:
            ctx.error(r.row, "number", _("房屋不存在：%(e)s %(u)s（请先导入楼栋/房屋）") % {"e": e[2], "u": label})
            continue
        if not v["owner_name"]:
            ctx.error(r.row, "owner_name", _("必填项不能为空"))
            continue
        owner = owners.owner_for(r, developer=False)
        if owner is None:
            continue
        okey = _owner_key(owner)
        stop = False
        for owner_id, nominee in existing_links.get(unit_id, ()):
            if owner_id == okey:
                ctx.error(r.row, "identity", _("该业主已是房屋 %(u)s 的业主") % {"u": label})
                stop = True
                break
            if nominee and v["nominee"]:
                ctx.error(r.row, "nominee", _("房屋 %(u)s 已有共有人表决人") % {"u": label})
                stop = True
                break
        if stop:
            continue
        for other_row, other_key, other_nominee in per_unit.get(unit_id, ()):
            if other_key == okey:
                ctx.error(r.row, "identity", _("与第%(other)d行重复：同一业主同一房屋") % {"other": other_row})
                stop = True
                break
            if v["nominee"] and other_nominee:
                ctx.error(r.row, "nominee", _("同一房屋只能有一位共有人表决人（第%(other)d行已填“是”）") % {"other": other_row})
                stop = True
                break
        if stop:
            continue
        per_unit.setdefault(unit_id, []).append((r.row, okey, v["nominee"]))
        links.append((unit_id, owner, e[0], v["nominee"], v["certificate"] or ""))

    if ctx.errors:
        return None

    def commit() -> dict[str, int]:
        n_owners, n_links = _ownership_commit(owners, links)
        return {"owners": n_owners, "ownerships": n_links}

    return commit


OWNERS = register(
    ImportSpec(
        kind="owners",
        title=_("业主（已有房屋）"),
        description=_("为系统中已有的房屋登记业主；房屋按小区、楼栋、单元、房号查找，不存在时报错。"),
        primary_count="ownerships",
        plan=plan_owners,
        columns=[
            *ESTATE_COLUMNS,
            *UNIT_KEY_COLUMNS,
            ImportColumn("owner_name", "业主姓名", max_length(200), required=True,
                         aliases=("业主", "姓名", "业主名称", "产权人"), example="张三"),
            *OWNER_COLUMNS[1:],
        ],
    )
)

# The example row of the templates carries a valid ID number.
for _spec in (UNITS, OWNERS):
    _spec.columns = [
        dataclasses.replace(c, example=_example_id()) if c.key == "identity" else c for c in _spec.columns
    ]
