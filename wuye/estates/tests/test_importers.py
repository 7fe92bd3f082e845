"""Excel imports of estates, the unit/owner roll and owners of existing units."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from stdnum.cn import ric, uscc

from wuye.core.choices import AuditAction, ImportStatus
from wuye.core.importing import get_spec, run_import
from wuye.core.models import AuditEntry, ImportJob
from wuye.estates.choices import DeliveryStatus, EstateType, OwnerKind
from wuye.estates.models import Building, Estate, Owner, Ownership, Unit
from wuye.estates.tests.factories import BuildingFactory, EstateFactory, OwnerFactory, UnitFactory

pytestmark = pytest.mark.django_db


def xlsx(headers, rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def pid(n: int) -> str:
    body = f"41170220050101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def org(n: int) -> str:
    body = f"91411702MA{n:07d}"
    return body + uscc.calc_check_digit(body)


@pytest.fixture
def official(role_user, street):
    return role_user("street_office", region=street)


def counts():
    return (Estate.objects.count(), Building.objects.count(), Unit.objects.count(), Owner.objects.count(),
            Ownership.objects.count())


def run(kind, user, headers, rows):
    return run_import(spec=get_spec(kind), user=user, fileobj=xlsx(headers, rows), filename=f"{kind}.xlsx")


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


# ---------------------------------------------------------------- estates

EH = ["小区名称", "区划代码", "地址", "小区类型", "管理模式", "总建筑面积", "建设单位", "建成年份", "别名"]


def test_estates_import(official):
    result = run("estates", official, EH, [
        ["天中花园", "411702001000", "人民街1号", "老旧小区", "专业物业服务", 52000.5, "天中置业", 2001, "天中小区"],
        ["雪松小区", 411702001000, "人民街2号", "commercial", "", "", "", "", ""],
    ])
    assert result.ok, result.errors
    assert Estate.objects.count() == 2
    e = Estate.objects.get(name="天中花园")
    assert e.estate_type == EstateType.OLD and e.total_building_area == Decimal("52000.50")
    assert e.region_id == "411702001000" and e.built_year == 2001
    assert result.job.status == ImportStatus.SUCCEEDED and result.job.created_count == 2
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.after["estates"] == 2 and entry.actor == official


@pytest.mark.parametrize(
    "row,column,fragment",
    [
        (["A", "411702001999", "x", "", "", "", "", "", ""], "区划代码", "区划代码不存在"),
        (["A", "4117020010", "x", "", "", "", "", "", ""], "区划代码", "12位"),
        (["A", "411702001000", "x", "", "", 0, "", "", ""], "总建筑面积", "面积必须大于 0"),
        (["A", "411702001000", "x", "", "", -5, "", "", ""], "总建筑面积", "面积必须大于 0"),
        (["A", "411702001000", "x", "别墅", "", "", "", "", ""], "小区类型", "不是有效选项"),
        (["A", "411702001000", "", "", "", "", "", "", ""], "地址", "必填项不能为空"),
        (["A", "411502001000", "x", "", "", "", "", "", ""], "区划代码", "不在您的管辖范围内"),
        (["A", "411702000000", "x", "", "", "", "", "", ""], "区划代码", "不是街道/乡镇、社区/村级区划"),
    ],
)
def test_estates_bad_rows_write_nothing(official, row, column, fragment):
    before = counts()
    good = ["好小区", "411702001000", "x", "", "", "", "", "", ""]
    result = run("estates", official, EH, [good, row])
    assert not result.ok
    (err,) = result.errors
    assert (err.row, err.column) == (3, column) and fragment in err.message, err
    assert counts() == before
    job = ImportJob.objects.get(pk=result.job.pk)
    assert job.status == ImportStatus.FAILED and job.errors[0]["row"] == 3
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_estates_duplicate_names(official):
    EstateFactory(name="已有小区")
    before = counts()
    result = run("estates", official, EH, [
        ["新小区", "411702001000", "x"], ["新小区", "411702001000", "y"], ["已有小区", "411702001000", "z"],
    ])
    errs = errors_of(result)
    assert errs[0][:2] == (3, "小区名称") and "第2行" in errs[0][2]
    assert errs[1][:2] == (4, "小区名称") and "已存在" in errs[1][2]
    assert counts() == before


# ---------------------------------------------------------------- units

UH = ["小区名称", "区划代码", "楼栋", "单元", "房号", "楼层", "用途", "登记面积", "实测面积", "合同面积", "交付状态",
      "业主姓名", "证件号码", "手机号", "共有人表决人"]


@pytest.fixture
def estate(street):
    return EstateFactory(name="天中花园", region=street)


def unit_row(number, owner="", ident="", *, building="1号楼", entrance="1", area=89.5, nominee="", status="",
             estate="天中花园", region="411702001000", survey="", contract=""):
    return [estate, region, building, entrance, number, 1, "住宅", area, survey, contract, status, owner, ident,
            "13900000000" if owner else "", nominee]


def test_units_import_good_file(official, estate):
    existing_owner = OwnerFactory(name="老业主", id_number=pid(9))
    rows = [
        unit_row("0101", "张三", pid(1), nominee="是"),
        unit_row("0101", "李四", pid(2)),  # co-owner of the same unit
        unit_row("0102", "张三", pid(1)),  # one owner, several units
        unit_row("0201", "老业主", pid(9), building="2号楼", area="", survey=100.25),
        unit_row("0202", "天中置业有限公司", org(1), building="2号楼", status="未售（建设单位持有）"),
        unit_row("0203", building="2号楼", area="", contract="66"),  # no owner yet
    ]
    result = run("units", official, UH, rows)
    assert result.ok, errors_of(result)
    assert result.counts == {"buildings": 2, "units": 5, "owners": 3, "ownerships": 5}
    assert Building.objects.filter(estate=estate).count() == 2
    u = Unit.objects.get(building__number="1号楼", number="0101")
    assert u.estate_id == estate.pk and u.registry_area == Decimal("89.50") and u.entrance == "1"
    assert sorted(o.owner.name for o in u.ownerships.all()) == ["张三", "李四"]
    assert u.ownerships.get(owner__name="张三").is_nominee
    zhang = Owner.objects.get(id_number=pid(1))
    assert zhang.ownerships.count() == 2 and zhang.kind == OwnerKind.PERSON
    assert Owner.objects.filter(name="老业主").count() == 1
    assert existing_owner.ownerships.get().unit.survey_area == Decimal("100.25")
    dev = Owner.objects.get(credit_code=org(1))
    assert dev.kind == OwnerKind.ORGANIZATION and dev.is_developer
    assert dev.ownerships.get().unit.delivery_status == DeliveryStatus.UNSOLD
    assert Unit.objects.get(number="0203").area == Decimal("66.00")
    assert result.job.created_count == 5
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT).count() == 1


def test_units_reuse_existing_building(official, estate):
    b = BuildingFactory(estate=estate, number="1号楼")
    result = run("units", official, UH, [unit_row("0101", "张三", pid(1))])
    assert result.ok, errors_of(result)
    assert Unit.objects.get(number="0101").building == b
    assert Building.objects.filter(estate=estate).count() == 1


@pytest.mark.parametrize(
    "row,column,fragment",
    [
        (unit_row("0301", "王五", "411702200501010010"), "证件号码", "证件号码无效"),
        (unit_row("0301", "某公司", "91411702MA00000019"), "证件号码", "证件号码无效"),
        (unit_row("0301", area=0), "登记面积", "面积必须大于 0"),
        (unit_row("0301", area=-1), "登记面积", "面积必须大于 0"),
        (unit_row("0301", area=""), "登记面积", "至少填写一项"),
        (unit_row("0301", estate="不存在小区"), "小区名称", "小区不存在"),
        (unit_row("0301", region="411702001999"), "区划代码", "区划代码不存在"),
        (unit_row("0301", "王五", pid(5), nominee="也许"), "共有人表决人", "应填“是”或“否”"),
        (unit_row("0301", "", pid(5)), "业主姓名", "业主姓名不能为空"),
    ],
)
def test_units_bad_rows_write_nothing(official, estate, row, column, fragment):
    before = counts()
    result = run("units", official, UH, [unit_row("0101", "张三", pid(1)), row])
    errs = errors_of(result)
    assert len(errs) == 1, errs
    assert errs[0][:2] == (3, column) and fragment in errs[0][2], errs
    assert counts() == before


def test_units_duplicate_unit_in_file_names_both_rows(official, estate):
    before = counts()
    result = run("units", official, UH, [
        unit_row("0101", "张三", pid(1)),
        unit_row("0102", "李四", pid(2)),
        unit_row("0101", "张三", pid(1)),  # same owner again
        unit_row("0102", "王五", pid(3), area=120),  # different area: not a co-owner
    ])
    errs = errors_of(result)
    assert [(r, c) for r, c, _m in errs] == [(4, "证件号码"), (5, "房号")]
    assert "第2行" in errs[0][2]
    assert "第3行" in errs[1][2] and "房号重复" in errs[1][2] and "登记面积" in errs[1][2]
    assert counts() == before


def test_units_duplicate_unit_against_db(official, estate):
    b = BuildingFactory(estate=estate, number="1号楼")
    UnitFactory(building=b, entrance="1", number="0101")
    before = counts()
    result = run("units", official, UH, [unit_row("0102", "李四", pid(2)), unit_row("0101", "张三", pid(1))])
    errs = errors_of(result)
    assert errs == [(3, "房号", errs[0][2])] and "已存在" in errs[0][2]
    assert counts() == before


def test_units_two_nominees(official, estate):
    result = run("units", official, UH, [unit_row("0101", "张三", pid(1), nominee="是"), unit_row("0101", "李四", pid(2), nominee="是")])
    assert errors_of(result)[0][:2] == (3, "共有人表决人")


def test_units_same_id_different_name(official, estate):
    result = run("units", official, UH, [unit_row("0101", "张三", pid(1)), unit_row("0102", "张叁", pid(1))])
    errs = errors_of(result)
    assert errs[0][:2] == (3, "业主姓名") and "第2行" in errs[0][2]


def test_units_out_of_scope_estate(official, estate, other_street):
    EstateFactory(name="信阳小区", region=other_street)
    before = counts()
    result = run("units", official, UH, [unit_row("0101", "张三", pid(1)),
                                          unit_row("0101", estate="信阳小区", region=other_street.code)])
    assert errors_of(result) == [(3, "小区名称", "不在您的管辖范围内")]
    assert counts() == before


def test_units_by_estate_id(official, estate):
    headers = ["小区ID", "楼栋", "房号", "登记面积", "业主姓名", "证件号码"]
    result = run("units", official, headers, [[estate.pk, "1", "101", "88.8", "张三", pid(1)], [999999, "1", "102", 80, "", ""]])
    assert errors_of(result) == [(3, "小区ID", "小区不存在：ID 999999")]
    result = run("units", official, headers, [[estate.pk, "1", "101", "88.8", "张三", pid(1)]])
    assert result.ok and Unit.objects.get().entrance == ""


def test_units_missing_required_header(official, estate):
    result = run("units", official, ["小区名称", "区划代码", "楼栋", "登记面积"], [["天中花园", "411702001000", "1", 80]])
    assert len(result.errors) == 1 and result.errors[0].row == 0 and "房号" in result.errors[0].message


# ---------------------------------------------------------------- owners of existing units

OH = ["小区名称", "区划代码", "楼栋", "单元", "房号", "业主姓名", "证件号码", "手机号", "共有人表决人"]


def test_owners_import_and_missing_unit(official, estate):
    b = BuildingFactory(estate=estate, number="1号楼")
    u = UnitFactory(building=b, entrance="1", number="0101")
    before = counts()
    result = run("owners", official, OH, [
        ["天中花园", "411702001000", "1号楼", "1", "0101", "张三", pid(1), "", "是"],
        ["天中花园", "411702001000", "1号楼", "1", "0909", "李四", pid(2), "", ""],
    ])
    errs = errors_of(result)
    assert errs[0][:2] == (3, "房号") and "房屋不存在" in errs[0][2]
    assert counts() == before
    result = run("owners", official, OH, [["天中花园", "411702001000", "1号楼", "1", "0101", "张三", pid(1), "", "是"]])
    assert result.ok, errors_of(result)
    assert u.ownerships.get().owner.id_number == pid(1)
    result = run("owners", official, OH, [["天中花园", "411702001000", "1号楼", "1", "0101", "张三", pid(1), "", ""]])
    assert "已是房屋" in errors_of(result)[0][2]


def test_templates_have_headers_and_example():
    from openpyxl import load_workbook

    for kind in ("estates", "units", "owners"):
        spec = get_spec(kind)
        ws = load_workbook(io.BytesIO(spec.template_bytes())).worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        assert list(rows[0]) == [c.header for c in spec.columns]
        assert len(rows) == 2
