"""Pages of committee records and supervision: who sees what, forms that call the services, 404 outside scope."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wuye.estates.models import Estate
from wuye.estates.tests.factories import OwnershipFactory
from wuye.governance.choices import MeetingStatus, MotionStatus, SupervisionKind, SupervisionStatus
from wuye.governance.models import (
    AnnualPublication,
    CommitteeMeeting,
    Motion,
    SealUse,
    SupervisionOrder,
)
from wuye.governance.services import supervision as svc
from wuye.governance.tests.factories_supervision import (
    committee_seal,
    committee_with_members,
    held_meeting,
    posted_motion,
)
from wuye.messaging.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(street, other_street, role_user):
    committee, members = committee_with_members(5, region=street)
    owner = OwnershipFactory(unit__building__estate=committee.estate).owner
    other_committee, _m = committee_with_members(5, region=other_street)
    return {
        "committee": committee, "members": members,
        "official": role_user("street_office", region=street),
        "member": role_user("committee_member", estate=committee.estate),
        "owner": role_user("owner", owner=owner),
        "outsider_official": role_user("street_office", region=other_street),
        "outsider_member": role_user("committee_member", estate=other_committee.estate),
        "outsider_owner": role_user("owner", owner=OwnershipFactory(unit__building__estate=other_committee.estate).owner),
    }


def test_supervision_index_for_officials_only(client, world):
    committee, members = world["committee"], world["members"]
    motion = posted_motion(committee, members)
    svc.supervision_order(actor=world["official"], motion=motion, kind=SupervisionKind.CORRECTION, reason="违规",
                          deadline=timezone.localdate() + dt.timedelta(days=5))
    client.force_login(world["official"])
    page = client.get(reverse("governance:supervision_index")).content.decode()
    assert motion.title in page and "待处理的督办" in page
    client.force_login(world["outsider_official"])
    assert motion.title not in client.get(reverse("governance:supervision_index")).content.decode()
    client.force_login(world["member"])
    assert client.get(reverse("governance:supervision_index")).status_code == 403


def test_out_of_scope_users_get_404(client, world):
    committee, members = world["committee"], world["members"]
    motion = posted_motion(committee, members)
    order = svc.supervision_order(actor=world["official"], motion=motion, kind=SupervisionKind.CORRECTION,
                                  reason="违规", deadline=timezone.localdate() + dt.timedelta(days=5))
    seal = committee_seal(committee, members)
    use = svc.seal_use_record(actor=None, seal=seal, used_on=timezone.localdate(), document_title="合同",
                              purpose="签约", used_by="李四", motion=svc.motion_decide(
                                  actor=None, meeting=held_meeting(committee, members), title="签约",
                                  votes=[svc.VoteInput(m, "yes") for m in members]))
    pub = svc.publication_save(actor=None, committee=committee, year=2025, common_revenue_fen=1, fund_use_fen=2,
                               expenses_fen=3)
    notice = Notice.objects.get(subject=f"governance.supervision_order:{order.pk}")
    urls = [
        reverse("governance:committee_records", args=[committee.pk]),
        reverse("governance:seal_list", args=[committee.pk]),
        reverse("governance:publication_list", args=[committee.pk]),
        reverse("governance:meeting_detail", args=[motion.meeting_id]),
        reverse("governance:order_detail", args=[order.pk]),
        reverse("governance:owner_notice_detail", args=[notice.pk]),
        reverse("governance:seal_use_create", args=[seal.pk]),
    ]
    posts = [
        reverse("governance:motion_order", args=[motion.pk]),
        reverse("governance:order_respond", args=[order.pk]),
        reverse("governance:order_decide", args=[order.pk]),
        reverse("governance:seal_use_void", args=[use.pk]),
        reverse("governance:publication_publish", args=[pub.pk]),
        reverse("governance:meeting_action", args=[motion.meeting_id, "post"]),
    ]
    client.force_login(world["official"])
    for url in urls[:-1]:
        assert client.get(url).status_code == 200, url
    for who in ("outsider_official", "outsider_member", "outsider_owner"):
        client.force_login(world[who])
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
        for url in posts:
            assert client.post(url, {}).status_code == 404, (who, url)
    assert SealUse.objects.count() == 1 and SupervisionOrder.objects.get().status == SupervisionStatus.ORDERED


def test_owner_sees_posted_decisions_published_accounts_and_notices_only(client, world):
    committee, members = world["committee"], world["members"]
    posted = posted_motion(committee, members, title="已公告的决定")
    unposted = held_meeting(committee, members, title="尚未公告的会议")
    svc.publication_save(actor=None, committee=committee, year=2024, common_revenue_fen=100, fund_use_fen=0,
                         expenses_fen=0)
    pub = svc.publication_save(actor=None, committee=committee, year=2025, common_revenue_fen=123456, fund_use_fen=0,
                               expenses_fen=0)
    svc.publication_publish(actor=None, publication=pub)
    client.force_login(world["owner"])
    hub = client.get(reverse("governance:committee_records", args=[committee.pk])).content.decode()
    assert posted.meeting.title in hub and "尚未公告的会议" not in hub
    assert client.get(reverse("governance:meeting_detail", args=[unposted.pk])).status_code == 404
    pubs = client.get(reverse("governance:publication_list", args=[committee.pk])).content.decode()
    assert "1,234.56" in pubs and "2024" not in pubs.split("publications")[1].split("</table>")[0]
    assert client.get(reverse("governance:seal_list", args=[committee.pk])).status_code == 403
    notices = client.get(reverse("governance:owner_notices")).content.decode()
    assert "会议决定公告" in notices and "年度收支公布" in notices
    # The owner cannot record anything.
    assert client.post(reverse("governance:meeting_create", args=[committee.pk]), {}).status_code == 403


def test_committee_member_records_a_meeting_through_the_pages(client, world):
    committee, members = world["committee"], world["members"]
    client.force_login(world["member"])
    when = timezone.localtime() + dt.timedelta(days=3)
    response = client.post(reverse("governance:meeting_create", args=[committee.pk]), {
        "title": "三月会议", "scheduled_for": when.strftime("%Y-%m-%dT%H:%M"), "place": "活动室", "agenda": "1. 财务"})
    meeting = CommitteeMeeting.objects.get()
    assert response.status_code == 302 and meeting.agenda_notice_short
    page = client.get(response.url).content.decode()
    assert "不足7天" in page
    held = (timezone.localtime() - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("governance:meeting_action", args=[meeting.pk, "hold"]),
                {"hold-held_at": held, "hold-present": [m.pk for m in members[:4]]})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.present_count == 4
    # A proxy for the absent member refuses the whole motion, with the reason on the page.
    data = {"motion-title": "维修路灯", **{f"motion-vote_{m.pk}": "yes" for m in members[:4]},
            "motion-proxy_for": members[4].pk, "motion-proxy_by": members[0].pk, "motion-proxy_choice": "yes"}
    page = client.post(reverse("governance:meeting_action", args=[meeting.pk, "motion"]), data).content.decode()
    assert "不得委托他人表决" in page and not Motion.objects.exists()
    data = {k: v for k, v in data.items() if "proxy" not in k}
    assert client.post(reverse("governance:meeting_action", args=[meeting.pk, "motion"]), data).status_code == 302
    assert Motion.objects.get().status == MotionStatus.PASSED
    # Minutes that are really a program are refused on the page, by content (wuye.core.uploads).
    page = client.post(reverse("governance:meeting_action", args=[meeting.pk, "minutes"]), {
        "minutes-minutes": SimpleUploadedFile("m.pdf", b"MZ\x90\x00 program"),
        "minutes-signed_by": [m.pk for m in members[:4]]}).content.decode()
    assert "类型不受支持" in page
    meeting.refresh_from_db()
    assert not meeting.minutes
    client.post(reverse("governance:meeting_action", args=[meeting.pk, "minutes"]), {
        "minutes-minutes": SimpleUploadedFile("m.pdf", b"%PDF minutes"),
        "minutes-signed_by": [m.pk for m in members[:4]]})
    client.post(reverse("governance:meeting_action", args=[meeting.pk, "post"]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.POSTED and Notice.objects.filter(
        subject=f"governance.meeting:{meeting.pk}").exists()


def test_publication_form_takes_yuan_and_stores_fen(client, world):
    committee = world["committee"]
    client.force_login(world["member"])
    url = reverse("governance:publication_list", args=[committee.pk])
    page = client.post(url, {"year": 2025, "common_revenue": "1.234", "fund_use": "0", "expenses": "-3"})
    assert "两位小数" in page.content.decode() and "负数" in page.content.decode()
    assert not AnnualPublication.objects.exists()
    assert client.post(url, {"year": 2025, "common_revenue": "86,400.50", "fund_use": "12000",
                             "expenses": "3500.05"}).status_code == 302
    pub = AnnualPublication.objects.get()
    assert (pub.common_revenue_fen, pub.fund_use_fen, pub.expenses_fen) == (8640050, 1200000, 350005)


def test_seal_use_without_decision_shows_the_error(client, world):
    committee, members = world["committee"], world["members"]
    seal = committee_seal(committee, members)
    client.force_login(world["member"])
    page = client.post(reverse("governance:seal_use_create", args=[seal.pk]), {
        "used_on": timezone.localdate().isoformat(), "document_title": "合同", "purpose": "签约", "copies": 1,
        "used_by": "李四"}).content.decode()
    assert "须有业委会会议决定作为依据" in page and not SealUse.objects.exists()


def test_seal_custodian_change_and_retire_through_the_page(client, world):
    committee, members = world["committee"], world["members"]
    seal = committee_seal(committee, members)
    client.force_login(world["member"])
    page = client.get(reverse("governance:seal_list", args=[committee.pk])).content.decode()
    assert "更换保管人" in page
    client.post(reverse("governance:seal_action", args=[seal.pk, "custodian"]),
                {"custodian-custodian_name": "赵六", "custodian-reason": "工作调整"})
    seal.refresh_from_db()
    assert seal.custodian_name == "赵六"
    client.force_login(world["outsider_official"])
    assert client.post(reverse("governance:seal_action", args=[seal.pk, "retire"]),
                       {"retire-reason": "x"}).status_code == 404
    client.force_login(world["member"])
    client.post(reverse("governance:seal_action", args=[seal.pk, "retire"]), {"retire-reason": "换届移交"})
    seal.refresh_from_db()
    assert seal.retired_on


def test_motion_preview_counts_without_writing(client, world):
    committee, members = world["committee"], world["members"]
    meeting = held_meeting(committee, members, present=members[:4])
    client.force_login(world["member"])
    url = reverse("governance:meeting_action", args=[meeting.pk, "preview"])
    two = {f"motion-vote_{m.pk}": "yes" for m in members[:2]}
    assert "未达全体委员过半数" in client.post(url, two).content.decode()
    three = {f"motion-vote_{m.pk}": "yes" for m in members[:3]}
    assert "将通过" in client.post(url, three).content.decode()
    proxy = {**three, "motion-proxy_for": members[4].pk, "motion-proxy_by": members[0].pk}
    assert "不得委托" in client.post(url, proxy).content.decode()
    assert not Motion.objects.exists()
    client.force_login(world["owner"])
    assert client.post(url, three).status_code == 404


def test_community_liaison_reads_the_index_but_cannot_order(client, world, community, role_user):
    committee, members = world["committee"], world["members"]
    Estate.objects.filter(pk=committee.estate_id).update(region=community)  # the estate lies in the community
    motion = posted_motion(committee, members)
    liaison = role_user("community_liaison", region=community)
    client.force_login(liaison)
    index = client.get(reverse("governance:supervision_index"))
    assert index.status_code == 200 and "业委会监督" in index.content.decode()
    page = client.get(reverse("governance:meeting_detail", args=[motion.meeting_id]))
    assert page.status_code == 200 and motion.title in page.content.decode()
    assert "下达并公告业主" not in page.content.decode()
    assert client.post(reverse("governance:motion_order", args=[motion.pk]),
                       {f"order-{motion.pk}-kind": "revocation", f"order-{motion.pk}-reason": "x"}).status_code == 403
    assert not SupervisionOrder.objects.exists()


def test_minutes_and_attachments_download_within_scope_only(client, world):
    committee, members = world["committee"], world["members"]
    motion = posted_motion(committee, members)
    pub = svc.publication_save(actor=None, committee=committee, year=2025, common_revenue_fen=1, fund_use_fen=0,
                               expenses_fen=0, attachment=SimpleUploadedFile("mx.xlsx", b"PK accounts"))
    client.force_login(world["member"])
    page = client.get(reverse("governance:meeting_detail", args=[motion.meeting_id])).content.decode()
    link = page.split('data-testid="minutes-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    minutes = client.get(link)
    assert minutes.status_code == 200 and b"".join(minutes.streaming_content)
    from wuye.core.files import file_url

    pubs = client.get(reverse("governance:publication_list", args=[committee.pk])).content.decode()
    assert file_url(pub, "attachment") in pubs
    attachment = client.get(file_url(pub, "attachment"))
    assert attachment.status_code == 200 and b"".join(attachment.streaming_content) == b"PK accounts"
    client.force_login(world["owner"])  # the draft's attachment is not the owner's to read yet
    assert client.get(file_url(pub, "attachment")).status_code == 404
    assert client.get(link).status_code == 200  # the posted meeting's minutes are
    client.force_login(world["outsider_official"])
    assert client.get(link).status_code == 404


def test_seal_custodian_chosen_among_members_on_the_page_and_followed(client, world):
    """The seals page offers the members in office as custodians; when the one chosen leaves, the
    street sees the handover alert, and choosing another member on the page settles it."""
    from wuye.governance.choices import AlertKind
    from wuye.governance.models import GovernanceAlert, Seal

    committee, members = world["committee"], world["members"]
    url = reverse("governance:seal_list", args=[committee.pk])
    client.force_login(world["member"])
    page = client.get(url).content.decode()
    assert all(m.name in page for m in members)  # the choice of custodian
    client.post(url, {"seal-kind": "committee", "seal-name": "业委会印章", "seal-custodian_member": members[1].pk})
    seal = Seal.objects.get(committee=committee)
    assert seal.custodian_member == members[1] and seal.custodian_name == members[1].name
    client.force_login(world["official"])
    client.post(reverse("governance:committee_member_end", args=[committee.pk, members[1].pk]),
                {"until": timezone.localdate().isoformat(), "reason": "resigned"})
    assert "印章保管人已离任" in client.get(reverse("governance:committee_list")).content.decode()
    client.force_login(world["member"])
    client.post(reverse("governance:seal_action", args=[seal.pk, "custodian"]),
                {"custodian-custodian_member": members[2].pk, "custodian-reason": "原保管人辞职，移交"})
    seal.refresh_from_db()
    assert seal.custodian_member == members[2]
    assert not GovernanceAlert.objects.filter(kind=AlertKind.SEAL_CUSTODIAN, resolved_at__isnull=True).exists()
