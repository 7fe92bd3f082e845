"""Excel import of property service enterprises."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from wuye.core.importing import get_spec, run_import
from wuye.enterprises.models import Enterprise
from wuye.enterprises.tests.factories import EnterpriseFactory, credit_code

pytestmark = pytest.mark.django_db

H = ["企业名称", "统一社会信用代码", "法定代表人", "注册地址", "注册地区划代码", "联系电话", "投诉电话"]


def run(user, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(H)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return run_import(spec=get_spec("enterprises"), user=user, fileobj=buf, filename="e.xlsx")


@pytest.fixture
def district_official(role_user):
    from wuye.regions.models import Region

    return role_user("district_bureau", region=Region.objects.get(code="411702000000"))


def row(n, **kw):
    r = {"name": f"企业{n}", "cc": credit_code(5000 + n), "rep": "张三", "addr": "解放路1号", "region": "411702",
         "phone": "0396-2000000", "complaint": "12345"}
    r.update(kw)
    return [r["name"], r["cc"], r["rep"], r["addr"], r["region"], r["phone"], r["complaint"]]


def test_import_enterprises(district_official):
    result = run(district_official, [row(1), row(2, region="411702000000")])
    assert result.ok, result.errors
    e = Enterprise.objects.get(name="企业1")
    assert e.region_id == "411702000000" and e.credit_code == credit_code(5001) and e.complaint_phone == "12345"


@pytest.mark.parametrize(
    "bad,column,fragment",
    [
        (row(3, cc="91411702MA00000010"), "统一社会信用代码", "校验位错误"),
        (row(3, cc="12345"), "统一社会信用代码", "应为18位"),
        (row(3, region="411799"), "注册地区划代码", "区划代码不存在"),
        (row(3, region="411702001000"), "注册地区划代码", "区县级"),
        (row(3, region="411502"), "注册地区划代码", "不在您的管辖范围内"),
        (row(3, rep=""), "法定代表人", "必填项不能为空"),
        (row(3, cc=credit_code(5001)), "统一社会信用代码", "与第2行相同"),
    ],
)
def test_bad_rows_write_nothing(district_official, bad, column, fragment):
    result = run(district_official, [row(1), bad])
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert fragment in result.errors[0].message
    assert Enterprise.objects.count() == 0


def test_duplicate_against_db(district_official):
    EnterpriseFactory(credit_code=credit_code(5001), name="已有企业")
    result = run(district_official, [row(1)])
    assert result.errors[0].column == "统一社会信用代码" and "已在系统中登记" in result.errors[0].message
    assert Enterprise.objects.count() == 1
