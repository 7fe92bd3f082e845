import pytest
from django.urls import reverse

from wuye.core.models import AuditEntry
from wuye.estates.models import Owner, Ownership
from wuye.estates.tests.factories import UnitFactory


@pytest.mark.django_db
def test_street_official_registers_owner_with_unit(client, role_user, street):
    official = role_user("street_office", region=street)
    unit = UnitFactory()
    client.force_login(official)
    page = client.get(reverse("estates:unit_detail", args=[unit.pk]))
    assert f"/estates/owner/add/?unit={unit.pk}" in page.content.decode()
    resp = client.post(reverse("estates:owner_add") + f"?unit={unit.pk}", {
        "kind": "person", "name": "王芳", "id_number": "11010519491231002X", "phone": "13900000000",
        "unit": unit.pk, "is_nominee": "on",
    })
    assert resp.status_code == 302, resp.content.decode()[:2000]
    owner = Owner.objects.get(name="王芳")
    ownership = Ownership.objects.get(owner=owner)
    assert ownership.unit == unit and ownership.estate_id == unit.estate_id and ownership.is_nominee
    assert AuditEntry.objects.filter(object_id=str(owner.pk), action="create").exists()


@pytest.mark.django_db
def test_owner_needs_a_unit_in_scope(client, role_user, street, other_street):
    official = role_user("street_office", region=street)
    foreign_unit = UnitFactory(building__estate__region=other_street)
    client.force_login(official)
    resp = client.post(reverse("estates:owner_add") + f"?unit={foreign_unit.pk}", {
        "kind": "person", "name": "李四", "unit": foreign_unit.pk,
    })
    assert resp.status_code == 200
    assert "unit" in resp.context["form"].errors
    assert not Owner.objects.filter(name="李四").exists()
