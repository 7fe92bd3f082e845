"""Audited writes: create, update and void leave before/after in the audit log."""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from wuye.core.models import AuditEntry
from wuye.core.services import record_create, record_update, record_void, snapshot
from wuye.estates.models import Estate
from wuye.estates.tests.factories import EstateFactory

pytestmark = pytest.mark.django_db


def entries(obj):
    ct = ContentType.objects.get_for_model(obj)
    return list(AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).order_by("id"))


def test_record_create_audits_the_new_values(role_user, street):
    actor = role_user("street_office", region=street)
    estate = record_create(actor=actor, instance=Estate(name="建业森林半岛", region=street, address="人民街1号"))
    [entry] = entries(estate)
    assert entry.action == "create" and entry.actor == actor
    assert entry.before is None
    assert entry.after["name"] == "建业森林半岛" and entry.after["region"] == street.code
    assert entry.region_code == street.code
    assert "created_at" not in entry.after


def test_record_create_validates_before_saving(street):
    with pytest.raises(ValidationError) as exc:
        record_create(actor=None, instance=Estate(name="", region=street, address="x"))
    assert "name" in exc.value.message_dict
    assert not AuditEntry.objects.exists()


def test_record_update_audits_only_the_changed_fields(role_user, street):
    actor = role_user("street_office", region=street)
    estate = EstateFactory(address="旧地址1号")
    record_update(actor=actor, instance=estate, data={"address": "新地址2号", "name": estate.name}, reason="门牌调整")
    [entry] = entries(estate)
    assert entry.action == "update"
    assert entry.before == {"address": "旧地址1号"} and entry.after == {"address": "新地址2号"}
    assert entry.reason == "门牌调整"
    assert entry.changes == [("address", "旧地址1号", "新地址2号")]
    estate.refresh_from_db()
    assert estate.address == "新地址2号"


def test_update_with_unchanged_data_writes_no_entry():
    estate = EstateFactory()
    record_update(actor=None, instance=estate, data={"address": estate.address, "name": estate.name})
    assert entries(estate) == []


def test_invalid_update_saves_nothing():
    estate = EstateFactory(address="原地址")
    with pytest.raises(ValidationError):
        record_update(actor=None, instance=estate, data={"address": "新地址", "total_building_area": -5})
    estate.refresh_from_db()
    assert estate.address == "原地址"
    assert entries(estate) == []


def test_void_requires_a_reason():
    estate = EstateFactory()
    for reason in ("", "   ", None):
        with pytest.raises(ValidationError) as exc:
            record_void(actor=None, instance=estate, reason=reason)
        assert "作废必须填写原因" in str(exc.value)
    estate.refresh_from_db()
    assert not estate.is_voided


def test_void_is_audited_and_a_voided_record_cannot_be_updated_or_voided_again(role_user, street):
    actor = role_user("street_office", region=street)
    estate = EstateFactory()
    record_void(actor=actor, instance=estate, reason="重复录入")
    estate.refresh_from_db()
    assert estate.is_voided and estate.voided_by == actor and estate.void_reason == "重复录入"
    [entry] = entries(estate)
    assert entry.action == "void" and entry.reason == "重复录入"
    assert entry.before == {"is_voided": False} and entry.after == {"is_voided": True}
    with pytest.raises(ValidationError) as exc:
        record_update(actor=actor, instance=estate, data={"address": "改不了"})
    assert "已作废的记录不能修改" in str(exc.value)
    with pytest.raises(ValidationError):
        record_void(actor=actor, instance=estate, reason="再次作废")
    assert len(entries(estate)) == 1


def test_voided_name_can_be_reused(street):
    old = EstateFactory(region=street, name="同名小区")
    record_void(actor=None, instance=old, reason="录错")
    record_create(actor=None, instance=Estate(name="同名小区", region=street, address="x"))
    assert Estate.objects.filter(name="同名小区").count() == 2


def test_snapshot_is_json_safe():
    estate = EstateFactory()
    data = snapshot(estate)
    assert data["total_building_area"] == "50000.00"
    assert data["region"] == "411702001000"


def test_detail_page_shows_who_changed_what(role_user, street, client):
    actor = role_user("street_office", region=street)
    actor.display_name = "王主任"
    actor.save()
    estate = record_create(actor=actor, instance=Estate(name="天中花园", region=street, address="解放路1号"))
    record_update(actor=actor, instance=estate, data={"address": "解放路88号"}, reason="门牌调整")
    client.force_login(actor)
    html = client.get(reverse("estates:estate_detail", args=[estate.pk])).content.decode()
    log = html[html.index('data-testid="audit-log"'):]
    assert "王主任" in log
    assert "解放路1号" in log and "解放路88号" in log
    assert "地址" in log  # the field's label, not its column name
    assert "门牌调整" in log
    assert "新增" in log or "创建" in log
