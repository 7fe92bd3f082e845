"""The estate pages as a street official uses them: create, validate, classify, list, export."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wuye.core.models import AuditEntry
from wuye.core.services import record_void
from wuye.estates.models import Estate, EstateClassificationRecord, Unit
from wuye.estates.tests.factories import BuildingFactory, EstateFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(role_user, street, client):
    user = role_user("street_office", region=street)
    client.force_login(user)
    return user


def estate_data(region, **over):
    data = {
        "name": "天中花园", "aliases": "天中小区", "region": region.code, "address": "驿城区人民街18号",
        "estate_type": "commercial", "management_mode": "none", "total_building_area": "86000.50",
        "developer_name": "", "built_year": "2012", "delivered_at": "2013-06-01", "longitude": "", "latitude": "",
    }
    data.update(over)
    return data


def errors_of(response):
    return response.context["form"].errors


def test_street_official_creates_an_estate(official, street, client):
    response = client.post(reverse("estates:estate_add"), estate_data(street))
    estate = Estate.objects.get(name="天中花园")
    assert response.status_code == 302
    assert response["Location"] == reverse("estates:estate_detail", args=[estate.pk])
    assert estate.region == street and str(estate.total_building_area) == "86000.50"
    entry = AuditEntry.objects.get(object_id=str(estate.pk), content_type__model="estate")
    assert entry.action == "create" and entry.actor == official
    detail = client.get(response["Location"]).content.decode()
    assert "已保存" in detail and "驿城区人民街18号" in detail


def test_creating_an_estate_in_another_street_is_refused(official, other_street, client):
    response = client.post(reverse("estates:estate_add"), estate_data(other_street))
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert "region" in errors_of(response)
    assert not Estate.objects.filter(name="天中花园").exists()
    assert not AuditEntry.objects.exists()


def test_a_district_region_is_not_offered_for_an_estate(role_user, client):
    from wuye.regions.models import Region

    user = role_user("district_bureau", region=Region.objects.get(code="411702000000"))
    client.force_login(user)
    response = client.post(reverse("estates:estate_add"), estate_data(Region.objects.get(code="411702000000")))
    assert "region" in errors_of(response)
    assert not Estate.objects.filter(name="天中花园").exists()


def test_duplicate_estate_name_in_a_region_gives_a_chinese_error(official, street, client):
    EstateFactory(region=street, name="天中花园")
    response = client.post(reverse("estates:estate_add"), estate_data(street))
    assert response.status_code == 200
    errors = errors_of(response)
    assert "name" in errors
    assert "天中花园" in errors["name"][0] and "已有" in errors["name"][0]
    assert Estate.objects.filter(name="天中花园").count() == 1


def test_same_name_in_another_street_is_fine(official, street, client):
    from wuye.regions.models import Region

    EstateFactory(region=Region.objects.get(code="411702002000"), name="天中花园")
    response = client.post(reverse("estates:estate_add"), estate_data(street))
    assert response.status_code == 302


@pytest.mark.parametrize("area", ["0", "-1", "0.00"])
def test_zero_or_negative_estate_area_is_refused(official, street, client, area):
    response = client.post(reverse("estates:estate_add"), estate_data(street, total_building_area=area))
    assert "面积必须大于 0" in errors_of(response)["total_building_area"][0]
    assert not Estate.objects.exists()


@pytest.mark.parametrize("field", ["registry_area", "survey_area", "contract_area"])
def test_zero_or_negative_unit_area_is_refused(official, client, field):
    building = BuildingFactory()
    data = {"building": building.pk, "entrance": "1", "number": "101", "usage": "residential",
            "delivery_status": "delivered", field: "-3"}
    response = client.post(reverse("estates:unit_add"), data)
    assert "面积必须大于 0" in errors_of(response)[field][0]
    assert not Unit.objects.exists()


def test_duplicate_unit_number_in_a_building_names_the_field(official, client):
    unit = UnitFactory(entrance="2", number="1201")
    data = {"building": unit.building_id, "entrance": "2", "number": "1201", "usage": "residential",
            "delivery_status": "delivered", "registry_area": "98.00"}
    response = client.post(reverse("estates:unit_add"), data)
    assert response.status_code == 200
    errors = errors_of(response)
    assert "number" in errors, errors
    assert "1201" in errors["number"][0]
    assert Unit.objects.filter(building=unit.building).count() == 1
    # Same number under another entrance is another unit.
    data["entrance"] = "3"
    assert client.post(reverse("estates:unit_add"), data).status_code == 302


def test_unit_created_from_building_page_takes_the_estate_of_the_building(official, client):
    building = BuildingFactory()
    form_page = client.get(reverse("estates:unit_add") + f"?building={building.pk}")
    assert f'value="{building.pk}" selected' in form_page.content.decode()
    client.post(reverse("estates:unit_add"), {"building": building.pk, "number": "301", "usage": "residential",
                                              "delivery_status": "delivered"})
    assert Unit.objects.get(number="301").estate_id == building.estate_id


def test_duplicate_building_number_names_the_field(official, client):
    building = BuildingFactory(number="5号楼")
    response = client.post(reverse("estates:building_add"), {"estate": building.estate_id, "number": "5号楼", "floors": "6"})
    assert "number" in errors_of(response)
    assert "5号楼" in errors_of(response)["number"][0]


def test_classify_records_history_and_updates_the_class(official, client):
    estate = EstateFactory()
    url = reverse("estates:estate_classify", args=[estate.pk])
    assert "调整分类" in client.get(url).content.decode()
    response = client.post(url, {"classification": "B", "effective_date": "2025-03-01", "reason": "单位自管"})
    assert response.status_code == 302
    estate.refresh_from_db()
    assert estate.classification == "B"
    client.post(url, {"classification": "A", "effective_date": "2025-06-01", "reason": "引入物业"})
    # An older decision entered later does not override the newest one.
    client.post(url, {"classification": "C", "effective_date": "2024-01-01", "reason": "补录"})
    estate.refresh_from_db()
    assert estate.classification == "A"
    history = list(EstateClassificationRecord.objects.filter(estate=estate).values_list("classification", flat=True))
    assert history == ["A", "B", "C"]
    assert all(r.decided_by == official for r in EstateClassificationRecord.objects.filter(estate=estate))
    page = client.get(url).content.decode()
    assert "单位自管" in page and "引入物业" in page
    assert AuditEntry.objects.filter(object_id=str(estate.pk), content_type__model="estate", action="update").count() == 2


def test_classify_rejects_missing_date(official, client):
    estate = EstateFactory()
    response = client.post(reverse("estates:estate_classify", args=[estate.pk]), {"classification": "B"})
    assert response.status_code == 200
    assert "effective_date" in response.context["form"].errors
    assert not EstateClassificationRecord.objects.exists()


def _names(response):
    return {obj.name for obj, _url, _cells in response.context["rows"]}


def test_list_search_filters_and_voided_toggle(official, street, client):
    from wuye.regions.models import Region

    EstateFactory(region=street, name="锦绣花园", aliases="锦绣苑", estate_type="commercial")
    EstateFactory(region=street, name="人民街单位宿舍", estate_type="unit_dormitory" if False else "commercial",
                  classification="B")
    EstateFactory(region=street, name="锦江小区", address="人民街锦江路1号", classification="A")
    gone = EstateFactory(region=street, name="锦城旧小区")
    record_void(actor=official, instance=gone, reason="已拆迁")
    url = reverse("estates:estate_list")

    assert _names(client.get(url, {"q": "锦"})) == {"锦绣花园", "锦江小区"}
    assert _names(client.get(url, {"q": "锦绣苑"})) == {"锦绣花园"}  # aliases are searched
    assert _names(client.get(url, {"q": "锦江路"})) == {"锦江小区"}  # addresses too
    assert _names(client.get(url, {"classification": "A"})) == {"锦江小区"}
    assert _names(client.get(url, {"q": "锦", "voided": "1"})) == {"锦绣花园", "锦江小区", "锦城旧小区"}
    assert _names(client.get(url, {"region": street.code})) == {"锦绣花园", "人民街单位宿舍", "锦江小区"}
    assert _names(client.get(url, {"region": Region.objects.get(code="411702002000").code})) == set()
    # Sorting by a column.
    rows = client.get(url, {"sort": "-name"}).context["rows"]
    names = [o.name for o, _u, _c in rows]
    assert names == sorted(names, reverse=True)


def test_excel_export_has_the_filtered_rows(official, street, client):
    EstateFactory(region=street, name="锦绣花园", address="人民街1号")
    EstateFactory(region=street, name="锦江小区", address="人民街2号")
    EstateFactory(region=street, name="其他小区")
    response = client.get(reverse("estates:estate_export"), {"q": "锦"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("小区名称", "社区/街道", "地址")
    body = sorted(rows[1:])
    assert [r[0] for r in body] == ["锦江小区", "锦绣花园"]
    assert {r[1] for r in body} == {"人民街街道"}
    assert {r[6] for r in body} == {50000}  # area stays a number


def test_export_respects_scope(role_user, street, other_street, client):
    EstateFactory(region=other_street, name="外地小区")
    EstateFactory(region=street, name="本地小区")
    client.force_login(role_user("street_office", region=street))
    wb = load_workbook(io.BytesIO(client.get(reverse("estates:estate_export")).content))
    assert [r[0] for r in wb.active.iter_rows(min_row=2, values_only=True)] == ["本地小区"]


def test_htmx_request_gets_only_the_table(official, street, client):
    EstateFactory(region=street, name="锦绣花园")
    url = reverse("estates:estate_list")
    full = client.get(url, {"q": "锦"}).content.decode()
    partial = client.get(url, {"q": "锦"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in full and "<html" not in partial
    assert "<table" in partial and "锦绣花园" in partial
    assert 'name="q"' not in partial


def test_pages_are_in_chinese(official, client):
    html = client.get(reverse("estates:estate_list")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "小区" in html and "导出 Excel" in html and "新增" in html
