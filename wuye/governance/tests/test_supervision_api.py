"""The committee supervision API: actions call the services (403/400/404 as the rules say), reads are scoped."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.estates.tests.factories import OwnershipFactory
from wuye.governance.models import CommitteeMeeting, Motion, SealUse, SupervisionOrder
from wuye.governance.tests.factories_supervision import (
    committee_seal,
    committee_with_members,
    posted_motion,
)

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world(street, other_street, role_user):
    committee, members = committee_with_members(5, region=street)
    return {
        "committee": committee, "members": members,
        "official": role_user("street_office", region=street),
        "member": api(role_user("committee_member", estate=committee.estate)),
        "owner": api(role_user("owner", owner=OwnershipFactory(unit__building__estate=committee.estate).owner)),
        "outsider": api(role_user("street_office", region=other_street)),
    }


def test_meeting_lifecycle_through_the_api(world):
    committee, members, client = world["committee"], world["members"], world["member"]
    ids = [m.pk for m in members]
    r = client.post("/api/v1/committee-meetings/request/", {"committee": committee.pk, "requesters": ids[:1],
                                                            "reason": "讨论停车"}, format="json")
    assert r.status_code == 400 and "三分之一" in str(r.json())
    r = client.post("/api/v1/committee-meetings/request/", {"committee": committee.pk, "requesters": ids[:2],
                                                            "reason": "讨论停车"}, format="json")
    assert r.status_code == 201, r.content
    meeting = r.json()["id"]
    start = timezone.now() + dt.timedelta(days=2)
    r = client.post(f"/api/v1/committee-meetings/{meeting}/schedule/", {
        "title": "临时会议", "scheduled_for": start.isoformat(), "agenda": "停车费"}, format="json")
    assert r.status_code == 200 and r.json()["agenda_notice_short"] is True
    r = client.post(f"/api/v1/committee-meetings/{meeting}/hold/", {
        "held_at": (timezone.now() - dt.timedelta(minutes=1)).isoformat(), "present": ids[:4]}, format="json")
    assert r.json()["status"] == "held" and r.json()["present_count"] == 4
    proxy = [{"member": i, "choice": "yes"} for i in ids[:4]] + [{"member": ids[4], "choice": "yes", "cast_by": ids[0]}]
    r = client.post(f"/api/v1/committee-meetings/{meeting}/motions/", {"title": "停车费标准", "votes": proxy},
                    format="json")
    assert r.status_code == 400 and "不得委托" in str(r.json()) and not Motion.objects.exists()
    r = client.post(f"/api/v1/committee-meetings/{meeting}/motions/", {"title": "停车费标准", "votes": proxy[:3]},
                    format="json")
    assert r.status_code == 201 and r.json()["status"] == "passed" and len(r.json()["votes"]) == 3
    r = client.post(f"/api/v1/committee-meetings/{meeting}/minutes/", {
        "minutes": SimpleUploadedFile("m.pdf", b"%PDF"), "signed_by": ids[:4]}, format="multipart")
    assert r.status_code == 200, r.content
    assert r.json()["has_minutes"] is True and r.json()["minutes_sha256"]
    r = client.post(f"/api/v1/committee-meetings/{meeting}/post-decisions/")
    assert r.json()["status"] == "posted" and r.json()["notice"]
    # The owner now reads the meeting and its decision, and the notice.
    r = world["owner"].get(f"/api/v1/committee-meetings/{meeting}/")
    assert r.status_code == 200 and r.json()["status"] == "posted" and r.json()["title"] == "临时会议"
    notices = world["owner"].get("/api/v1/notices/").json()
    assert notices["count"] == 1 and notices["results"][0]["source_label"] == "业委会会议决定"
    assert notices["results"][0]["subject"] == f"governance.meeting:{meeting}"
    # The street's official cannot record a meeting; the owner cannot either.
    r = api(world["official"]).post(f"/api/v1/committee-meetings/{meeting}/post-decisions/")
    assert r.status_code == 403 and "业委会" in str(r.json())
    assert world["owner"].post("/api/v1/committee-meetings/", {
        "committee": committee.pk, "title": "x", "scheduled_for": start.isoformat(), "agenda": "y"},
        format="json").status_code == 403


def test_correction_order_through_the_api(world):
    committee, members = world["committee"], world["members"]
    motion = posted_motion(committee, members)
    official = api(world["official"])
    url = f"/api/v1/committee-motions/{motion.pk}/order/"
    r = world["member"].post(url, {"kind": "revocation", "reason": "x"}, format="json")
    assert r.status_code == 403 and "街道" in str(r.json()) and not SupervisionOrder.objects.exists()
    assert world["outsider"].post(url, {"kind": "revocation", "reason": "x"}, format="json").status_code == 404
    r = official.post(url, {"kind": "correction", "reason": "违规"}, format="json")
    assert r.status_code == 400 and "deadline" in r.json()
    deadline = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    r = official.post(url, {"kind": "correction", "reason": "违规使用公共收益", "deadline": deadline}, format="json")
    assert r.status_code == 201, r.content
    order = r.json()["id"]
    assert world["member"].post(f"/api/v1/supervision-orders/{order}/accept/", {}, format="json").status_code == 403
    r = world["member"].post(f"/api/v1/supervision-orders/{order}/respond/", {"report": "已退回款项"}, format="json")
    assert r.json()["status"] == "responded"
    r = official.post(f"/api/v1/supervision-orders/{order}/revoke/", {"reason": "整改不到位"}, format="json")
    assert r.json()["status"] == "revoked" and [e["action"] for e in r.json()["events"]] == [
        "order", "respond", "revoke"]
    assert official.get(f"/api/v1/committee-motions/{motion.pk}/").json()["status"] == "revoked"
    assert world["owner"].get("/api/v1/supervision-orders/").json()["count"] == 0
    assert world["owner"].get(f"/api/v1/committee-motions/{motion.pk}/").json()["status"] == "revoked"


def test_seal_use_and_void_through_the_api(world):
    committee, members, client = world["committee"], world["members"], world["member"]
    seal = committee_seal(committee, members)
    body = {"used_on": timezone.localdate().isoformat(), "document_title": "合同", "purpose": "签约", "used_by": "李四"}
    r = client.post(f"/api/v1/seals/{seal.pk}/use/", body, format="json")
    assert r.status_code == 400 and "依据" in str(r.json()) and not SealUse.objects.exists()
    motion = posted_motion(committee, members)
    r = client.post(f"/api/v1/seals/{seal.pk}/use/", {**body, "motion": motion.pk}, format="json")
    assert r.status_code == 201
    use = r.json()["id"]
    assert client.patch(f"/api/v1/seal-uses/{use}/", {"purpose": "x"}, format="json").status_code == 405
    r = client.post(f"/api/v1/seal-uses/{use}/void/", {"reason": "登记错误"}, format="json")
    assert r.status_code == 201 and r.json()["voids"] == use
    assert client.get(f"/api/v1/seal-uses/{use}/").json()["is_voided"] is True
    assert world["owner"].get(f"/api/v1/seal-uses/{use}/").status_code == 404


def test_publication_through_the_api(world):
    committee, client = world["committee"], world["member"]
    r = client.post("/api/v1/committee-publications/", {"committee": committee.pk, "year": 2025,
                                                        "common_revenue_fen": -5, "fund_use_fen": 0,
                                                        "expenses_fen": 0}, format="json")
    assert r.status_code == 400
    r = client.post("/api/v1/committee-publications/", {"committee": committee.pk, "year": 2025,
                                                        "common_revenue_fen": 860050, "fund_use_fen": 0,
                                                        "expenses_fen": 12000}, format="json")
    assert r.status_code == 201 and r.json()["status"] == "draft"
    pub = r.json()["id"]
    assert world["owner"].get(f"/api/v1/committee-publications/{pub}/").status_code == 404
    assert client.post(f"/api/v1/committee-publications/{pub}/publish/", {}, format="json").json()["status"] == \
        "published"
    assert world["owner"].get(f"/api/v1/committee-publications/{pub}/").json()["common_revenue_fen"] == 860050
    assert world["outsider"].get(f"/api/v1/committee-publications/{pub}/").status_code == 404


def test_unknown_or_out_of_scope_references_are_404(world, street):
    other, _m = committee_with_members(5, region=street)
    outsider = world["outsider"]
    r = outsider.post("/api/v1/committee-meetings/", {"committee": world["committee"].pk, "title": "x",
                                                      "scheduled_for": timezone.now().isoformat(), "agenda": "y"},
                      format="json")
    assert r.status_code == 404
    assert not CommitteeMeeting.objects.exists() and not SupervisionOrder.objects.exists()


def test_seal_custodian_and_retire_through_the_api(world):
    committee, members, client = world["committee"], world["members"], world["member"]
    seal = committee_seal(committee, members)
    r = client.post(f"/api/v1/seals/{seal.pk}/custodian/", {"custodian_name": "赵六", "reason": "工作调整"},
                    format="json")
    assert r.status_code == 200 and r.json()["custodian_name"] == "赵六"
    assert world["owner"].post(f"/api/v1/seals/{seal.pk}/retire/", {"reason": "x"}, format="json").status_code == 404
    r = client.post(f"/api/v1/seals/{seal.pk}/retire/", {"reason": "换届移交"}, format="json")
    assert r.status_code == 200 and r.json()["retired_on"]


def test_minutes_url_is_the_scoped_download(world, role_user, other_street):
    from django.test import Client

    committee, members = world["committee"], world["members"]
    motion = posted_motion(committee, members)
    url = world["member"].get(f"/api/v1/committee-meetings/{motion.meeting_id}/").json()["minutes_url"]
    browser = Client()
    browser.force_login(role_user("committee_member", estate=committee.estate))
    assert url.startswith("/") and browser.get(url).status_code == 200
    browser.force_login(role_user("street_office", region=other_street))
    assert browser.get(url).status_code == 404


def test_a_seal_custodian_can_be_named_as_a_member_in_office_only(world):
    """A member named as custodian is followed (an alert when they leave); one who left is refused."""
    from wuye.governance.services.committees import committee_member_end

    committee, members, client = world["committee"], world["members"], world["member"]
    r = client.post("/api/v1/seals/", {"estate": committee.estate_id, "committee": committee.pk, "kind": "committee",
                                       "name": "业委会印章", "custodian_member": members[2].pk}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["custodian_member"] == members[2].pk and r.json()["custodian_name"] == members[2].name
    seal = r.json()["id"]
    committee_member_end(actor=world["official"], member=members[3], until=timezone.localdate(), reason="resigned")
    r = client.post(f"/api/v1/seals/{seal}/custodian/", {"custodian_member": members[3].pk, "reason": "移交"},
                    format="json")
    assert r.status_code == 400 and "已不在任" in str(r.json()), r.json()
    r = client.post(f"/api/v1/seals/{seal}/custodian/", {"reason": "移交"}, format="json")
    assert r.status_code == 400 and "保管人" in str(r.json()), r.json()  # neither a member nor a name
    r = client.post(f"/api/v1/seals/{seal}/custodian/", {"custodian_member": members[4].pk, "reason": "移交"},
                    format="json")
    assert r.status_code == 200 and r.json()["custodian_member"] == members[4].pk
