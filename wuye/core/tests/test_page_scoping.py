"""Pages outside the generic Resource set answer 404 to users outside their scope."""
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from wuye.core.importing import get_spec, run_import
from wuye.estates.tests.factories import EstateFactory, OwnershipFactory


@pytest.mark.django_db
def test_classify_page_out_of_scope_is_404(client, role_user, street, other_street):
    estate = EstateFactory(region=street)
    client.force_login(role_user("street_office", region=other_street))
    assert client.get(reverse("estates:estate_classify", args=[estate.pk])).status_code == 404
    client.force_login(role_user("owner", owner=OwnershipFactory(unit__building__estate=estate).owner))
    assert client.get(reverse("estates:estate_classify", args=[estate.pk])).status_code == 403


@pytest.mark.django_db
def test_import_job_of_another_region_is_404(client, role_user, street, other_street):
    official = role_user("street_office", region=street)
    wb = Workbook()
    wb.active.append(["小区名称", "区划代码", "地址"])
    wb.active.append(["导入小区", street.code, "人民街1号"])
    buf = io.BytesIO()
    wb.save(buf)
    job = run_import(spec=get_spec("estates"), user=official, fileobj=io.BytesIO(buf.getvalue())).job
    client.force_login(official)
    assert client.get(reverse("core:import_detail", args=[job.pk])).status_code == 200
    client.force_login(role_user("street_office", region=other_street))
    assert client.get(reverse("core:import_detail", args=[job.pk])).status_code == 404
    assert client.get("/api/v1/imports/").json() == []
