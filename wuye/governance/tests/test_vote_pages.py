"""Owners' vote pages, the public receipt check, officials' pages and the API, through the client."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.governance.choices import BallotChannel, DecisionStatus, OrganiserKind
from wuye.governance.models import Ballot
from wuye.governance.services import decisions as services
from wuye.governance.tests.test_services import build_community_a, key
from wuye.messaging.models import SmsMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def community_a(db):
    return build_community_a()


@pytest.fixture
def ctx(community_a, role_user, street, other_street):
    a = community_a
    decision = services.decision_open(actor=None, estate=a["estate"], matter=4, title="选聘物业服务企业",
                                      closes_at=timezone.now() + dt.timedelta(days=3),
                                      organiser=OrganiserKind.COMMITTEE)
    return {**a, "decision": decision,
            "member": role_user("committee_member", estate=a["estate"]),
            "street": role_user("street_office", region=street),
            "outsider": role_user("street_office", region=other_street),
            "zhang": role_user("owner", owner=a["people"]["Zhang"])}


def code_login(client, phone: str) -> None:
    assert client.post(reverse("vote:login"), {"phone": phone}).status_code == 302
    body = SmsMessage.objects.filter(phone=phone, purpose="login_code").latest("id").body
    code = re.search(r"\d{6}", body).group(0)
    response = client.post(reverse("vote:code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("vote:decisions")


def test_owner_votes_with_confirmation_gets_receipt_and_cannot_vote_twice(client, ctx):
    chen = ctx["people"]["Chen"]
    decision = ctx["decision"]
    code_login(client, chen.phone)
    listing = client.get(reverse("vote:decisions")).content.decode()
    assert "选聘物业服务企业" in listing and "去投票" in listing
    url = reverse("vote:decision", args=[decision.pk])
    confirm = client.post(url, {"choice": "yes"})
    assert confirm.status_code == 200 and "确认投票" in confirm.content.decode()
    assert not Ballot.objects.exists()  # nothing cast before confirmation
    done = client.post(url, {"choice": "yes", "confirm": "1"})
    ballot = Ballot.objects.get()
    assert done["Location"] == reverse("vote:receipt", args=[decision.pk, ballot.pk])
    page = client.get(done["Location"]).content.decode()
    assert ballot.receipt_code in page
    assert SmsMessage.objects.filter(phone=chen.phone, purpose="ballot_receipt", body__contains=ballot.receipt_code)
    again = client.post(url, {"choice": "no", "confirm": "1"})
    assert again.status_code == 409 and "已投票，不能重复投票或修改" in again.content.decode()
    assert Ballot.objects.count() == 1 and Ballot.objects.get().choice == "yes"


def test_co_owner_who_is_not_the_nominee_is_told_so(client, ctx):
    code_login(client, ctx["people"]["Wang"].phone)
    page = client.get(reverse("vote:decision", args=[ctx["decision"].pk])).content.decode()
    assert "不是共有人推选的表决人" in page
    response = client.post(reverse("vote:decision", args=[ctx["decision"].pk]), {"choice": "no", "confirm": "1"})
    assert response.status_code == 400 and not Ballot.objects.exists()


def test_public_receipt_check_shows_no_voter_nor_choice_and_is_rate_limited(client, ctx):
    decision = ctx["decision"]
    ballot = services.ballot_cast(actor=ctx["zhang"], decision=decision, voter_key=key(ctx, "Zhang"), choice="no",
                                  channel=BallotChannel.ELECTRONIC)
    page = client.post(reverse("vote:verify"), {"decision": decision.pk, "receipt": ballot.receipt_code.upper()})
    text = page.content.decode()
    assert "回执有效" in text and ballot.hash[:16] in text and decision.chain_head in text
    assert "Zhang" not in text and "反对" not in text
    unknown = client.post(reverse("vote:verify"), {"decision": decision.pk, "receipt": "abcdefabcdef"}).content.decode()
    assert "没有与此回执码对应" in unknown
    assert "没有编号为 999999" in client.post(reverse("vote:verify"), {"decision": 999999, "receipt": "x"}).content.decode()
    statuses = [client.post(reverse("vote:verify"), {"decision": decision.pk, "receipt": "x"}).status_code
                for _ in range(30)]
    assert statuses[-1] == 429


def test_officials_pages_are_scoped_and_show_no_running_result(client, ctx, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    decision = ctx["decision"]
    services.ballot_cast(actor=ctx["zhang"], decision=decision, voter_key=key(ctx, "Zhang"), choice="yes",
                         channel=BallotChannel.ELECTRONIC)
    client.force_login(ctx["outsider"])
    assert client.get(reverse("governance:decision_detail", args=[decision.pk])).status_code == 404
    assert client.get(reverse("governance:decision_turnout", args=[decision.pk])).status_code == 404
    assert "选聘物业服务企业" not in client.get(reverse("governance:decision_list")).content.decode()
    assert client.post(reverse("governance:decision_void", args=[decision.pk]), {"reason": "x"}).status_code == 404

    client.force_login(ctx["member"])
    assert "选聘物业服务企业" in client.get(reverse("governance:decision_list")).content.decode()
    page = client.get(reverse("governance:decision_detail", args=[decision.pk])).content.decode()
    assert "Zhang" in page and "录入纸质表决票" in page
    assert "同意" not in page.split('data-testid="ballots"')[1] and "同意" not in page.split('data-testid="turnout"')[1][:2000]
    turnout = client.get(reverse("governance:decision_turnout", args=[decision.pk])).content.decode()
    assert 'data-testid="turnout-persons">1<' in turnout and "200" in turnout and "同意" not in turnout
    # Proxy without its document: a clear error on the page, nothing counted.
    response = client.post(reverse("governance:decision_ballot_enter", args=[decision.pk]),
                           {"channel": "proxy", "voter": key(ctx, "Chen"), "choice": "yes"})
    assert response.status_code == 400 and "书面授权委托书" in response.content.decode()
    response = client.post(reverse("governance:decision_ballot_enter", args=[decision.pk]),
                           {"channel": "proxy", "voter": key(ctx, "Chen"), "choice": "yes",
                            "proxy_document": SimpleUploadedFile("proxy.pdf", b"%PDF proxy")})
    assert response.status_code == 302 and Ballot.objects.filter(decision=decision).count() == 2
    # The street office sees names; an owner sees only their own roll entry.
    client.force_login(ctx["zhang"])
    page = client.get(reverse("governance:decision_detail", args=[decision.pk])).content.decode()
    assert "Chen" not in page and "您已投票" in page
    assert client.post(reverse("governance:decision_close", args=[decision.pk])).status_code == 403


def test_paper_ballot_voter_is_found_by_name_or_unit_not_by_a_list_of_the_whole_roll(client, ctx, settings,
                                                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    decision = ctx["decision"]
    client.force_login(ctx["member"])
    url = reverse("governance:decision_voter_options", args=[decision.pk])
    options = client.get(url, {"voter": "Che"}).content.decode()
    assert f'value="{key(ctx, "Chen")}"' in options and "Zhang" not in options
    assert "U4" in client.get(url, {"voter": "U4"}).content.decode()  # by unit number
    page = client.get(reverse("governance:decision_detail", args=[decision.pk])).content.decode()
    assert 'list="voter-options"' in page and f'<option value="{key(ctx, "Zhao")}"' not in page  # no full list

    def enter(voter):
        return client.post(reverse("governance:decision_ballot_enter", args=[decision.pk]), {
            "channel": "paper", "voter": voter, "choice": "no", "scanned_ballot": SimpleUploadedFile("b.pdf", b"%PDF")})

    assert "没有尚未投票" in enter("无此人").content.decode()
    assert "有多名表决人" in enter("Zh").content.decode()  # Zhang, Zhao, Zhou
    assert enter("Zhao").status_code == 302  # one match by name
    assert Ballot.objects.get(decision=decision).roll_entry.voter_key == key(ctx, "Zhao")
    assert "Zhao" not in client.get(url, {"voter": "Zhao"}).content.decode()  # voted: no longer offered
    client.force_login(ctx["zhang"])
    assert client.get(url, {"voter": "Che"}).status_code == 403


def test_organiser_creates_a_draft_with_notice_opens_it_and_sees_the_warning(client, ctx):
    client.force_login(ctx["member"])
    response = client.post(reverse("governance:decision_create"), {
        "estate": ctx["estate"].pk, "matter": 5, "title": "使用维修资金维修屋面", "organiser": "committee",
        "closes_at": (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
        "notice_text": "定于本月表决"})
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = client.get(response["Location"]).content.decode()
    assert "草稿" in detail and "不足 15 日" in detail
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    later = (timezone.localtime() + dt.timedelta(days=25)).strftime("%Y-%m-%dT%H:%M")
    opened = client.post(reverse("governance:decision_open", args=[pk]), {"closes_at": later},
                         follow=True).content.decode()
    assert "已开始表决" in opened and "不足 15 日" in opened
    from wuye.governance.models import Decision

    assert timezone.localtime(Decision.objects.get(pk=pk).closes_at).strftime("%Y-%m-%dT%H:%M") == later
    client.force_login(ctx["outsider"])
    assert client.get(reverse("governance:decision_create")).status_code == 403


def test_result_page_shows_every_fraction_after_close(client, ctx):
    decision = ctx["decision"]
    for name in ("Zhang", "Chen", "Sun", "Zhou"):
        services.ballot_cast(actor=None, decision=decision, voter_key=key(ctx, name), choice="yes",
                             channel=BallotChannel.ELECTRONIC)
    for name in ("Li", "Zhao"):
        services.ballot_cast(actor=None, decision=decision, voter_key=key(ctx, name), choice="no",
                             channel=BallotChannel.ELECTRONIC)
    client.force_login(ctx["member"])
    assert "表决截止前不公布结果" in client.get(reverse("governance:decision_result", args=[decision.pk])).content.decode()
    services.decision_close(actor=ctx["member"], decision=decision, now=decision.closes_at)
    page = client.get(reverse("governance:decision_result", args=[decision.pk])).content.decode()
    for text in ("PASSED", "700 / 1000 ㎡", "6 / 8", "530 / 700 ㎡", "4 / 6", "2000/3", "&gt; 1/2 × 700 = 350 ㎡",
                 decision.chain_head):
        assert text in page, text
    audit = client.get(reverse("governance:decision_audit", args=[decision.pk])).content.decode()
    assert "哈希链完整" in audit


def test_api_ballots_roll_result_and_receipt(ctx, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    decision = ctx["decision"]
    owner = APIClient()
    owner.force_authenticate(ctx["zhang"])
    r = owner.post(reverse("decision-ballot-list"), {"decision": decision.pk, "choice": "yes"}, format="json")
    assert r.status_code == 201, r.content
    receipt = r.json()["receipt_code"]
    r = owner.post(reverse("decision-ballot-list"), {"decision": decision.pk, "choice": "no"}, format="json")
    assert r.status_code == 400 and "已投票，不能重复投票或修改" in str(r.json())
    r = owner.post(reverse("decision-ballot-list"), {"decision": decision.pk, "choice": "yes", "channel": "paper",
                                                     "voter": key(ctx, "Chen")}, format="json")
    assert r.status_code == 403 and "只能由本次表决的组织者录入" in str(r.json())  # the service's reason
    r = owner.post(reverse("decision-close", args=[decision.pk]))
    assert r.status_code == 403 and "只有该决定的组织者" in str(r.json())
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.OPEN
    assert [e["voter_key"] for e in owner.get(reverse("decision-roll-entry-list")).json()["results"]] == [
        key(ctx, "Zhang")]
    assert owner.get(reverse("decision-result", args=[decision.pk])).status_code == 404

    organiser = APIClient()
    organiser.force_authenticate(ctx["member"])
    r = organiser.post(reverse("decision-ballot-list"), {"decision": decision.pk, "choice": "no", "channel": "proxy",
                                                         "voter": key(ctx, "Chen")}, format="multipart")
    assert r.status_code == 400 and "书面授权委托书" in str(r.json())
    r = organiser.post(reverse("decision-ballot-list"), {
        "decision": decision.pk, "choice": "no", "channel": "paper", "voter": key(ctx, "Chen"),
        "scanned_ballot": SimpleUploadedFile("b.pdf", b"%PDF scan")}, format="multipart")
    assert r.status_code == 201, r.content
    rows = organiser.get(reverse("decision-ballot-list"), {"decision": decision.pk}).json()["results"]
    assert len(rows) == 2 and {row["choice"] for row in rows} == {None}  # no running result
    turnout = organiser.get(reverse("decision-turnout", args=[decision.pk])).json()
    assert turnout["participating_persons"] == 2 and "yes" not in str(turnout)
    assert organiser.post(reverse("decision-close", args=[decision.pk])).status_code == 400  # not yet due
    outsider = APIClient()
    outsider.force_authenticate(ctx["outsider"])
    assert outsider.post(reverse("decision-void", args=[decision.pk]), {"reason": "x"}).status_code == 404
    r = organiser.post(reverse("decision-void", args=[decision.pk]), {"reason": ""}, format="json")
    assert r.status_code == 400
    public = APIClient()
    r = public.post(reverse("decision-verify-receipt"), {"decision": decision.pk, "receipt": receipt}, format="json")
    assert r.status_code == 200 and r.json()["found"] and r.json()["sequence"] == 1 and "choice" not in r.json()
    assert not public.post(reverse("decision-verify-receipt"), {"decision": decision.pk, "receipt": "nope"},
                           format="json").json()["found"]


def test_outbox_is_for_officials_in_scope(client, ctx):
    from wuye.messaging.services import sms_send

    sms_send(phone=ctx["people"]["Chen"].phone, body="验证码 123456", purpose="login_code")
    client.force_login(ctx["street"])
    assert "验证码 123456" in client.get(reverse("messaging:outbox")).content.decode()
    client.force_login(ctx["outsider"])
    assert "验证码 123456" not in client.get(reverse("messaging:outbox")).content.decode()
    client.force_login(ctx["zhang"])
    assert client.get(reverse("messaging:outbox")).status_code == 403


def test_published_result_names_no_voter_of_a_ballot_not_counted(ctx):
    """The stored tally keeps who was not counted (for the audit); owners and the API see only why."""
    decision = ctx["decision"]
    services.decision_close(actor=ctx["member"], decision=decision, now=decision.closes_at)
    decision.refresh_from_db()
    result = {**decision.result, "not_counted": [{"voter": key(ctx, "Wang"), "reason": "co_owner_not_nominee",
                                                  "reason_text": "共有人未被推选"}]}
    type(decision).objects.filter(pk=decision.pk).update(result=result)
    owner = APIClient()
    owner.force_authenticate(ctx["zhang"])
    detail = owner.get(reverse("decision-detail", args=[decision.pk])).json()
    assert detail["result"]["not_counted"] == [{"reason": "co_owner_not_nominee", "reason_text": "共有人未被推选"}]
    raw = owner.get(reverse("decision-result", args=[decision.pk])).json()["raw"]
    assert raw["not_counted"] == [{"reason": "co_owner_not_nominee", "reason_text": "共有人未被推选"}]


def test_organiser_page_actions_show_the_services_refusal_and_their_result(client, ctx):
    decision = ctx["decision"]
    client.force_login(ctx["member"])
    closed = client.post(reverse("governance:decision_close", args=[decision.pk]), follow=True).content.decode()
    assert "表决截止时间未到，不能提前统计。" in closed and "初步结果已公布" not in closed
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.OPEN
    voided = client.post(reverse("governance:decision_void", args=[decision.pk]), {"reason": "通知有误"},
                         follow=True).content.decode()
    assert "已作废。" in voided
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.VOIDED


def test_the_ballots_table_grows_without_a_reload_and_shows_no_choice_while_open(client, ctx):
    decision = ctx["decision"]
    url = reverse("governance:decision_ballot_table", args=[decision.pk])
    client.force_login(ctx["member"])
    empty = client.get(url).content.decode()
    assert 'hx-trigger="every 5s"' in empty and url in empty and "Zhang" not in empty
    services.ballot_cast(actor=ctx["zhang"], decision=decision, voter_key=key(ctx, "Zhang"), choice="yes",
                         channel=BallotChannel.ELECTRONIC)
    one = client.get(url).content.decode()
    assert "Zhang" in one and one.count("<tr>") == 2  # the header and one ballot
    assert "同意" not in one and "意见" not in one  # no choices before the result is public
    page = client.get(reverse("governance:decision_detail", args=[decision.pk])).content.decode()
    assert 'id="ballots-block"' in page and "Zhang" in page
