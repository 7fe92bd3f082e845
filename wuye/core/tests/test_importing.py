"""The import framework: file checks, all-or-nothing commit, the upload pages and the API."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from stdnum.cn import ric

from wuye.core.choices import ImportStatus
from wuye.core.importing import get_spec, normalize_header, positive_area, run_import
from wuye.core.models import ImportJob
from wuye.estates.models import Estate, Unit
from wuye.estates.tests.factories import EstateFactory

pytestmark = pytest.mark.django_db

EH = ["小区名称", "区划代码", "地址"]


def xlsx_bytes(headers, rows, *, title_rows=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for t in title_rows:
        ws.append(t)
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture
def official(role_user, street):
    return role_user("street_office", region=street)


def test_header_detection_with_title_rows_and_aliases(official):
    content = xlsx_bytes(["小区", "*区划代码", "小区地址（必填）"], [["A小区", "411702001000", "x"]],
                         title_rows=[["驿城区小区台账"], []])
    result = run_import(spec=get_spec("estates"), user=official, fileobj=io.BytesIO(content))
    assert result.ok, result.errors
    assert Estate.objects.get().name == "A小区"


def test_error_row_numbers_follow_excel_rows(official):
    content = xlsx_bytes(EH, [["A", "411702001000", "x"], [None, None, None], ["B", "411702001999", "y"]],
                         title_rows=[["标题"]])
    result = run_import(spec=get_spec("estates"), user=official, fileobj=io.BytesIO(content))
    assert [(e.row, e.column) for e in result.errors] == [(5, "区划代码")]
    assert Estate.objects.count() == 0


def test_not_an_xlsx(official):
    result = run_import(spec=get_spec("estates"), user=official, fileobj=io.BytesIO(b"name,code\n"), filename="a.xlsx")
    assert result.errors[0].row == 0 and "不是有效的 Excel" in result.errors[0].message
    assert ImportJob.objects.get().status == ImportStatus.FAILED


def test_missing_required_columns(official):
    result = run_import(spec=get_spec("estates"), user=official, fileobj=io.BytesIO(xlsx_bytes(["小区名称"], [["A"]])))
    assert "缺少必填列" in result.errors[0].message and "区划代码" in result.errors[0].message


def test_empty_file(official):
    result = run_import(spec=get_spec("estates"), user=official, fileobj=io.BytesIO(xlsx_bytes(EH, [])))
    assert "没有数据行" in result.errors[0].message


def test_helpers():
    assert normalize_header(" 登记面积(㎡) ") == "登记面积"
    assert str(positive_area("1,234.567")) == "1234.57"
    with pytest.raises(ValueError):
        positive_area("0.001")


# ---------------------------------------------------------------- pages


def test_upload_page_shows_error_table(client, official):
    client.force_login(official)
    assert client.get(reverse("core:import_list")).status_code == 200
    page = client.get(reverse("core:import_upload", args=["units"]))
    assert page.status_code == 200 and "证件号码" in page.content.decode()
    EstateFactory(name="天中花园")
    content = xlsx_bytes(["小区名称", "区划代码", "楼栋", "房号", "登记面积"],
                         [["天中花园", "411702001000", "1号楼", "0101", 0]])
    response = client.post(reverse("core:import_upload", args=["units"]), {"file": upload("roll.xlsx", content)}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "行号" in html and "问题" in html and "面积必须大于 0" in html and "登记面积" in html
    assert Unit.objects.count() == 0
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and job.actor == official
    assert "roll.xlsx" in client.get(reverse("core:import_list")).content.decode()


def test_upload_page_success_and_template(client, official):
    client.force_login(official)
    template = client.get(reverse("core:import_template", args=["estates"]))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    # The downloaded template itself imports (its example row is valid).
    response = client.post(reverse("core:import_upload", args=["estates"]),
                           {"file": upload("t.xlsx", template.content)}, follow=True)
    assert "导入成功" in response.content.decode()
    assert Estate.objects.filter(name="天中花园").exists()


def test_upload_rejects_wrong_extension(client, official):
    client.force_login(official)
    response = client.post(reverse("core:import_upload", args=["estates"]), {"file": upload("a.xls", b"x")})
    assert response.status_code == 400 and ".xlsx" in response.content.decode()


def test_anonymous_and_owner_cannot_import(client, role_user):
    from wuye.estates.tests.factories import OwnerFactory

    response = client.get(reverse("core:import_list"))
    assert response.status_code == 302
    owner_user = role_user("owner", owner=OwnerFactory())
    client.force_login(owner_user)
    assert client.get(reverse("core:import_list")).status_code == 403
    assert client.get(reverse("core:import_upload", args=["units"])).status_code == 403


def test_unknown_kind_404(client, official):
    client.force_login(official)
    assert client.get(reverse("core:import_upload", args=["nope"])).status_code == 404


# ---------------------------------------------------------------- API


def test_api_400_with_errors_then_201(client, official):
    client.force_login(official)
    bad = xlsx_bytes(EH, [["A", "411702001999", "x"]])
    response = client.post("/api/v1/imports/estates/", {"file": upload("e.xlsx", bad)})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"row": 2, "column": "区划代码", "message": "区划代码不存在：411702001999"}]
    good = xlsx_bytes(EH, [["A", "411702001000", "x"]])
    response = client.post("/api/v1/imports/estates/", {"file": upload("e.xlsx", good)})
    assert response.status_code == 201, response.content
    assert response.json()["created_count"] == 1 and response.json()["counts"] == {"estates": 1}
    jobs = client.get("/api/v1/imports/").json()
    assert [j["status"] for j in jobs] == ["succeeded", "failed"]


def test_api_token_auth_and_forbidden(client, role_user, official):
    from rest_framework.authtoken.models import Token

    from wuye.estates.tests.factories import OwnerFactory

    assert client.post("/api/v1/imports/estates/", {}).status_code in (401, 403)
    owner_user = role_user("owner", owner=OwnerFactory())
    client.force_login(owner_user)
    good = xlsx_bytes(EH, [["A", "411702001000", "x"]])
    assert client.post("/api/v1/imports/estates/", {"file": upload("e.xlsx", good)}).status_code == 403
    client.logout()
    token = Token.objects.create(user=official)
    response = client.post("/api/v1/imports/estates/", {"file": upload("e.xlsx", good)},
                           HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 201


def test_example_id_in_template_is_valid():
    spec = get_spec("units")
    example = next(c.example for c in spec.columns if c.key == "identity")
    assert ric.is_valid(example)


def test_error_row_numbers_when_the_sheet_starts_below_row_one(official):
    """Blank rows (and a blank first column) above the table must not shift reported row numbers."""
    wb = Workbook()
    ws = wb.active
    for col, header in enumerate(EH, start=2):
        ws.cell(row=3, column=col, value=header)
    for col, value in enumerate(["A", "411702001000", "x"], start=2):
        ws.cell(row=4, column=col, value=value)
    for col, value in enumerate(["B", "999999999999", "y"], start=2):
        ws.cell(row=6, column=col, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    result = run_import(spec=get_spec("estates"), user=official, fileobj=io.BytesIO(buf.getvalue()))
    assert [(e.row, e.column) for e in result.errors] == [(6, "区划代码")]
    assert Estate.objects.count() == 0
