"""12345 hotline export import: aliases, row errors, all-or-nothing, intake path for every row."""
import io

import pytest
from openpyxl import Workbook

from wuye.complaints.models import WorkOrder, WorkOrderEvent
from wuye.complaints.tests.factories import department
from wuye.core.importing import get_spec, run_import
from wuye.estates.tests.factories import EstateFactory

pytestmark = pytest.mark.django_db


def xlsx(header, *rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["驻马店市12345热线工单导出"])  # a title row above the header, as real exports have
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


@pytest.fixture
def official(role_user, street):
    department("urban_management")
    EstateFactory(region=street, name="建业森林半岛")
    return role_user("street_office", region=street)


def run(user, f):
    return run_import(spec=get_spec("hotline"), user=user, fileobj=f, filename="12345.xlsx")


def test_spec_is_registered():
    assert get_spec("hotline") is not None


def test_good_file_with_aliases_goes_through_intake(official, street):
    handler = department("urban_management")
    f = xlsx(["工单编号", "受理时间", "来电人", "联系方式", "来电内容", "事发地址", "所属街道", "办理单位", "紧急程度"],
             ["ZMD001", "2024-05-01 08:30", "张三", "13800000001", "楼道堆放杂物，物业不清理", "建业森林半岛3号楼", "", "", ""],
             ["ZMD002", "2024/5/2 9:00", "李四", "13800000002", "小区门口路灯不亮", "某处", "人民街街道",
              handler.name, "紧急"])
    result = run(official, f)
    assert result.ok, [e.as_dict() for e in result.errors]
    assert result.counts["work_orders"] == 2
    first = WorkOrder.objects.get(external_number="ZMD001")
    assert first.channel == "excel" and first.estate.name == "建业森林半岛" and first.received_at.day == 1
    second = WorkOrder.objects.get(external_number="ZMD002")
    assert second.region == street and second.urgency == "urgent"
    assert WorkOrderEvent.objects.filter(order=first, action="submit").exists()
    if second.status == "dispatched":
        assert second.lead_assignment.department == handler


def test_missing_column_is_a_file_error(official):
    result = run(official, xlsx(["工单编号", "来电时间", "地址"], ["ZMD001", "2024-05-01 08:30", "x"]))
    assert not result.ok and "诉求内容" in result.errors[0].message
    assert WorkOrder.objects.count() == 0


def test_row_errors_write_nothing(official):
    WorkOrder.objects.all().delete()
    run(official, xlsx(["工单编号", "来电时间", "诉求内容", "地址"],
                       ["ZMD009", "2024-05-01 08:30", "建业森林半岛楼道堆物", ""]))
    assert WorkOrder.objects.count() == 1
    f = xlsx(["工单编号", "来电时间", "诉求内容", "地址", "承办单位"],
             ["ZMD010", "2024-05-01 08:30", "建业森林半岛电梯故障", "", ""],
             ["ZMD011", "2024-05-01 08:30", "", "建业森林半岛", ""],
             ["ZMD009", "2024-05-01 08:30", "建业森林半岛楼道堆物", "", ""],
             ["ZMD012", "2024-05-01 08:30", "有人乱停车", "火星路", ""],
             ["ZMD013", "明天", "建业森林半岛噪音", "", "不存在的局"])
    result = run(official, f)
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert errors[(4, "诉求内容")] == "必填项不能为空"
    assert "已导入" in errors[(5, "工单编号")]
    assert "无法确定所属街道" in errors[(6, "地址")]
    assert (7, "来电时间") in errors and "承办单位不存在" in errors[(7, "承办单位")]
    assert WorkOrder.objects.count() == 1


def test_import_page_lists_hotline(official, client):
    client.force_login(official)
    assert "12345" in client.get("/imports/").content.decode()
