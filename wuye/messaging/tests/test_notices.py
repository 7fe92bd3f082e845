"""The owners' notice board: one messaging.Notice for decisions' meeting notices and the committee's and
the street's notices, shown side by side to the estate's owners only; a published notice never changes."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.estates.tests.factories import OwnershipFactory
from wuye.governance.services import supervision as svc
from wuye.governance.services.decisions import decision_draft_create
from wuye.governance.tests.factories_supervision import committee_with_members, posted_motion
from wuye.messaging import notices
from wuye.messaging.models import Notice
from wuye.messaging.services import notice_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(street, other_street, role_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    committee, members = committee_with_members(5, region=street)
    estate = committee.estate
    decision = decision_draft_create(
        actor=None, estate=estate, matter=4, title="续聘物业服务企业", organiser="committee",
        closes_at=timezone.now() + dt.timedelta(days=20), notice_text="定于下月表决续聘事项。",
        notice_attachment=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"))
    motion = posted_motion(committee, members)
    official = role_user("street_office", region=street)
    order = svc.supervision_order(actor=official, motion=motion, kind="correction", reason="未经业主大会决定",
                                  deadline=timezone.localdate() + dt.timedelta(days=10))
    other_committee, _m = committee_with_members(5, region=other_street)
    return {
        "estate": estate, "committee": committee, "decision": decision, "order": order,
        "decision_notice": Notice.objects.get(subject=f"governance.decision:{decision.pk}"),
        "order_notice": Notice.objects.get(subject=f"governance.supervision_order:{order.pk}"),
        "owner": role_user("owner", owner=OwnershipFactory(unit__building__estate=estate).owner),
        "outsider": role_user("owner", owner=OwnershipFactory(unit__building__estate=other_committee.estate).owner),
    }


def test_owner_reads_decision_and_supervision_notices_side_by_side(client, board):
    client.force_login(board["owner"])
    page = client.get(reverse("governance:owner_notices")).content.decode()
    decision_notice, order_notice = board["decision_notice"], board["order_notice"]
    assert decision_notice.title in page and order_notice.title in page
    # Each with its source, publisher and (for the decision) the attachment through the scoped download.
    assert "业主共同决定" in page and "街道监督公告" in page and "业委会会议决定" in page
    assert order_notice.publisher in page and order_notice.publisher == board["order"].issuer
    assert reverse("core:file", args=["messaging.notice", decision_notice.pk, "attachment"]) in page
    # Newest first.
    assert page.index(order_notice.title) < page.index(decision_notice.title)
    detail = client.get(reverse("governance:owner_notice_detail", args=[decision_notice.pk])).content.decode()
    assert "定于下月表决续聘事项" in detail and "业主共同决定" in detail
    download = client.get(reverse("core:file", args=["messaging.notice", decision_notice.pk, "attachment"]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 plan"


def test_owner_elsewhere_sees_none_of_them(client, board):
    client.force_login(board["outsider"])
    page = client.get(reverse("governance:owner_notices")).content.decode()
    assert board["decision_notice"].title not in page and board["order_notice"].title not in page
    for notice in (board["decision_notice"], board["order_notice"]):
        assert client.get(reverse("governance:owner_notice_detail", args=[notice.pk])).status_code == 404
        assert client.get(reverse("core:file", args=["messaging.notice", notice.pk, "attachment"])).status_code == 404


def test_notices_api_lists_both_for_the_owner_and_filters_by_kind(board):
    api = APIClient()
    api.force_authenticate(board["owner"])
    rows = api.get("/api/v1/notices/").json()["results"]
    subjects = {r["subject"] for r in rows}
    assert {board["decision_notice"].subject, board["order_notice"].subject} <= subjects
    only = api.get("/api/v1/notices/", {"kind": "governance.supervision_order"}).json()["results"]
    assert [r["id"] for r in only] == [board["order_notice"].pk] and only[0]["source_label"] == "街道监督公告"
    with_file = api.get(f"/api/v1/notices/{board['decision_notice'].pk}/").json()
    assert with_file["attachment_url"].endswith(
        reverse("core:file", args=["messaging.notice", board["decision_notice"].pk, "attachment"]))
    assert api.post("/api/v1/notices/", {}).status_code == 405
    api.force_authenticate(board["outsider"])
    assert api.get("/api/v1/notices/").json()["count"] == 0
    assert api.get(f"/api/v1/notices/{board['order_notice'].pk}/").status_code == 404


def test_a_published_notice_cannot_be_changed(board):
    notice = board["order_notice"]
    notice.title = "改过的标题"
    with pytest.raises(ValueError, match="公告一经发布不能修改"):
        notice.save()
    notice.refresh_from_db()
    assert notice.title != "改过的标题"


def test_unknown_subject_kind_falls_back_to_notice(board):
    notice = notice_publish(actor=None, estate=board["estate"], subject="elsewhere.thing:1", title="停水通知")
    assert notice.source_label == "公告" and notices.subject_label("governance.meeting:3") == "业委会会议决定"
    with pytest.raises(ValueError):
        notices.register_subject_kind("bad:kind", "x")


def test_sms_to_owners_stays_an_option(board, django_capture_on_commit_callbacks):
    from wuye.estates.models import Owner
    from wuye.messaging.models import SmsMessage

    phones = set(Owner.objects.filter(ownerships__estate=board["estate"]).exclude(phone="")
                 .values_list("phone", flat=True))
    assert phones
    with django_capture_on_commit_callbacks(execute=True):
        notice_publish(actor=None, estate=board["estate"], subject="governance.committee:1", title="停电通知",
                       publisher=board["committee"].name, sms=True)
    texts = SmsMessage.objects.filter(body__startswith=f"【{board['committee'].name}】停电通知")
    assert set(texts.values_list("phone", flat=True)) == phones
