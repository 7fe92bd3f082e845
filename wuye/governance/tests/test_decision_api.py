"""The owners' decisions API: create, the open → close → finalize actions, turnout and result, void,
the public receipt check, ballots and the roll, each read and action scoped to the user."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.governance.choices import BallotChannel, DecisionStatus, OrganiserKind
from wuye.governance.models import Ballot, Decision, RollEntry
from wuye.governance.services import decisions as services
from wuye.governance.tests.factories import estate_with_owners

pytestmark = pytest.mark.django_db

ALREADY_VOTED = "已投票，不能重复投票或修改"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world(street, other_street, role_user):
    """Estate A (5 owners) in the official's street, estate B (3 owners) in another city's street."""
    estate, owners = estate_with_owners(5, region=street)
    other_estate, other_owners = estate_with_owners(3, region=other_street)
    return {
        "estate": estate, "owners": owners, "other_estate": other_estate, "other_owners": other_owners,
        "official": api(role_user("street_office", region=street)),
        "outsider": api(role_user("street_office", region=other_street)),
        "owner": api(role_user("owner", owner=owners[0])),
        "owner2": api(role_user("owner", owner=owners[1])),
        "other_owner": api(role_user("owner", owner=other_owners[0])),
    }


def draft(estate, title="选聘物业服务企业", matter=4):
    return services.decision_draft_create(actor=None, estate=estate, matter=matter, title=title,
                                          closes_at=timezone.now() + dt.timedelta(days=3),
                                          organiser=OrganiserKind.STREET)


def opened(estate, title="选聘物业服务企业", matter=4):
    return services.decision_open(actor=None, estate=estate, matter=matter, title=title,
                                  closes_at=timezone.now() + dt.timedelta(days=3), organiser=OrganiserKind.STREET)


def deadline_passes(decision) -> None:
    """The voting deadline is now behind us (the API's actions take the real clock)."""
    Decision.objects.filter(pk=decision.pk).update(closes_at=timezone.now())


def objection_window_ends(decision) -> None:
    Decision.objects.filter(pk=decision.pk).update(objection_until=timezone.now())


def vote(client, decision, choice="yes"):
    return client.post(reverse("decision-ballot-list"), {"decision": decision.pk, "choice": choice}, format="json")


def status_of(decision) -> str:
    return Decision.objects.values_list("status", flat=True).get(pk=decision.pk)


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# ---------------------------------------------------------------- create


def test_street_official_creates_a_draft_and_may_open_it_at_once(world):
    estate, official = world["estate"], world["official"]
    closes = timezone.now() + dt.timedelta(days=5)
    r = official.post(reverse("decision-list"), {
        "estate": estate.pk, "matter": 4, "title": " 选聘物业服务企业 ", "organiser": "street",
        "closes_at": closes.isoformat()}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "draft" and body["organiser"] == "street" and body["estate"] == estate.pk
    assert body["estate_name"] == estate.name and body["matter_name"] == "选聘和解聘物业服务企业或者其他管理人"
    assert body["result"] is None and body["opened_at"] is None
    row = Decision.objects.get(pk=body["id"])
    assert (row.title, row.matter, row.status, row.estate_id) == ("选聘物业服务企业", 4, DecisionStatus.DRAFT, estate.pk)
    assert not RollEntry.objects.filter(decision=row).exists()  # a draft has no roll yet

    r = official.post(reverse("decision-list"), {
        "estate": estate.pk, "matter": 5, "title": "使用维修资金", "organiser": "street",
        "closes_at": closes.isoformat(), "open_now": True}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "open" and r.json()["opened_at"] is not None
    assert RollEntry.objects.filter(decision_id=r.json()["id"]).count() == 5  # the roll is frozen on opening


def test_create_refuses_bad_input_and_names_the_field(world):
    estate, official = world["estate"], world["official"]
    good = {"estate": estate.pk, "matter": 4, "title": "选聘物业服务企业", "organiser": "street",
            "closes_at": (timezone.now() + dt.timedelta(days=3)).isoformat()}
    url = reverse("decision-list")
    r = official.post(url, {**good, "matter": 10}, format="json")
    assert r.status_code == 400 and set(r.json()) == {"matter"}  # the serializer: only matters 1–9
    r = official.post(url, {**good, "closes_at": (timezone.now() - dt.timedelta(hours=1)).isoformat()}, format="json")
    assert r.status_code == 400 and r.json() == {"closes_at": ["截止时间必须晚于开始时间。"]}  # the service
    r = official.post(url, {**good, "title": "   "}, format="json")
    assert r.status_code == 400 and set(r.json()) == {"title"}
    r = official.post(url, {k: v for k, v in good.items() if k != "organiser"}, format="json")
    assert r.status_code == 400 and set(r.json()) == {"organiser"}
    # A street official may not organise in the committee's name; an owner may not organise at all.
    r = official.post(url, {**good, "organiser": "committee"}, format="json")
    assert r.status_code == 403 and "不是该小区的组织者" in str(r.json())
    assert world["owner"].post(url, good, format="json").status_code == 403
    # An estate outside the user's scope does not exist for them.
    r = world["outsider"].post(url, {**good, "organiser": "street"}, format="json")
    assert r.status_code == 404
    assert not Decision.objects.exists()


# ---------------------------------------------------------------- lifecycle


def test_open_close_finalize_through_the_actions(world):
    official = world["official"]
    r = official.post(reverse("decision-list"), {
        "estate": world["estate"].pk, "matter": 4, "title": "选聘物业服务企业", "organiser": "street",
        "closes_at": (timezone.now() + dt.timedelta(days=3)).isoformat()}, format="json")
    decision = Decision.objects.get(pk=r.json()["id"])
    r = official.post(reverse("decision-open", args=[decision.pk]))
    assert r.status_code == 200 and r.json()["status"] == "open" and r.json()["opened_at"]
    for name in ("owner", "owner2"):
        assert vote(world[name], decision).status_code == 201
    deadline_passes(decision)
    r = official.post(reverse("decision-close", args=[decision.pk]))
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "preliminary" and r.json()["objection_until"]
    assert r.json()["result"]["outcome"] == "QUORUM_FAILED"  # 2 of 5 owners took part: below 2/3
    r = official.post(reverse("decision-finalize", args=[decision.pk]))
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["异议期未满，不能确定最终结果。"]}
    assert status_of(decision) == DecisionStatus.PRELIMINARY
    objection_window_ends(decision)
    r = official.post(reverse("decision-finalize", args=[decision.pk]))
    assert r.status_code == 200 and r.json()["status"] == "final" and r.json()["published_at"]
    assert status_of(decision) == DecisionStatus.FINAL


def test_an_action_in_the_wrong_state_is_a_400_and_changes_nothing(world):
    official = world["official"]
    d = draft(world["estate"])
    r = official.post(reverse("decision-close", args=[d.pk]))
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["只有表决中的决定可以截止统计。"]}
    r = official.post(reverse("decision-finalize", args=[d.pk]))
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["只有处于异议期的决定可以确定最终结果。"]}
    assert status_of(d) == DecisionStatus.DRAFT

    o = opened(world["estate"], title="使用维修资金", matter=5)
    r = official.post(reverse("decision-open", args=[o.pk]))
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["只有草稿状态的决定可以开始表决。"]}
    r = official.post(reverse("decision-close", args=[o.pk]))  # before the deadline
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["表决截止时间未到，不能提前统计。"]}
    assert status_of(o) == DecisionStatus.OPEN

    deadline_passes(o)
    services.decision_close(actor=None, decision=o)
    objection_window_ends(o)
    services.decision_finalize(actor=None, decision=o)
    r = official.post(reverse("decision-void", args=[o.pk]), {"reason": "名册有误"}, format="json")
    assert r.status_code == 400 and "不能作废" in r.json()["non_field_errors"][0]
    assert status_of(o) == DecisionStatus.FINAL


def test_an_owner_reads_the_decision_but_may_not_act_on_it(world):
    d = draft(world["estate"])
    owner = world["owner"]
    assert owner.get(reverse("decision-detail", args=[d.pk])).status_code == 200
    for name in ("open", "close", "finalize"):
        r = owner.post(reverse(f"decision-{name}", args=[d.pk]))
        assert r.status_code == 403 and "只有该决定的组织者" in str(r.json()), name
    assert owner.post(reverse("decision-void", args=[d.pk]), {"reason": "x"}, format="json").status_code == 403
    assert status_of(d) == DecisionStatus.DRAFT


# ---------------------------------------------------------------- turnout and result


def test_turnout_and_result_at_each_stage(world):
    official, d = world["official"], opened(world["estate"])
    turnout_url, result_url = reverse("decision-turnout", args=[d.pk]), reverse("decision-result", args=[d.pk])
    t = official.get(turnout_url).json()
    assert (t["total_persons"], t["participating_persons"], t["area_percent"], t["by_channel"]) == (5, 0, 0.0, {})
    assert t["total_area"] == "447.5000"  # 5 units of 89.50 m²
    assert official.get(result_url).status_code == 404

    for name in ("owner", "owner2"):
        assert vote(world[name], d, "yes").status_code == 201
    services.ballot_cast(actor=None, decision=d, voter_key=str(world["owners"][2].pk), choice="no",
                         channel=BallotChannel.ELECTRONIC)
    t = official.get(turnout_url).json()
    assert t["participating_persons"] == 3 and t["persons_percent"] == 60.0 and t["by_channel"] == {"电子投票": 3}
    assert t["quorum_persons_met"] is False and "yes" not in str(t) and "agreeing" not in str(t)
    # While voting is open nobody sees a count: not the organiser, not a voter.
    r = official.get(result_url)
    assert r.status_code == 404 and "表决截止前不公布结果" in str(r.json())
    assert world["owner"].get(result_url).status_code == 404
    assert official.get(reverse("decision-detail", args=[d.pk])).json()["result"] is None

    deadline_passes(d)
    official.post(reverse("decision-close", args=[d.pk]))
    r = world["owner"].get(result_url)  # the preliminary result is public
    assert r.status_code == 200
    result = r.json()
    assert result["outcome"] == "QUORUM_FAILED" and result["chain_problems"] == []
    assert result["chain_head"] == Decision.objects.get(pk=d.pk).chain_head != ""
    assert result["raw"]["participating_persons"] == 3 and result["raw"]["agreeing_persons"] == 2
    assert "参与表决的人数" in result["failed"]
    assert world["owner"].get(reverse("decision-detail", args=[d.pk])).json()["result"]["outcome"] == "QUORUM_FAILED"

    objection_window_ends(d)
    official.post(reverse("decision-finalize", args=[d.pk]))
    r = world["owner"].get(result_url)
    assert r.status_code == 200 and r.json()["outcome"] == "QUORUM_FAILED"


def test_a_decision_where_enough_owners_agree_passes(world):
    official, d = world["official"], opened(world["estate"])
    for owner in world["owners"][:4]:
        services.ballot_cast(actor=None, decision=d, voter_key=str(owner.pk), choice="yes",
                             channel=BallotChannel.ELECTRONIC)
    deadline_passes(d)
    r = official.post(reverse("decision-close", args=[d.pk]))
    assert r.status_code == 200 and r.json()["result"]["outcome"] == "PASSED"
    result = official.get(reverse("decision-result", args=[d.pk])).json()
    assert result["outcome"] == "PASSED" and result["failed"] == []
    assert all(row["met"] is True for row in result["rows"])


# ---------------------------------------------------------------- void


def test_void_needs_a_reason(world):
    official, d = world["official"], opened(world["estate"])
    url = reverse("decision-void", args=[d.pk])
    r = official.post(url, {}, format="json")
    assert r.status_code == 400 and r.json() == {"reason": ["作废须填写原因。"]}
    r = official.post(url, {"reason": "   "}, format="json")
    assert r.status_code == 400 and set(r.json()) == {"reason"}
    # Not text: refused, not stored as "None" or "['', '']".
    for not_text in (None, ["", ""], {"a": 1}):
        r = official.post(url, {"reason": not_text}, format="json")
        assert r.status_code == 400 and set(r.json()) == {"reason"}, (not_text, r.content)
    assert status_of(d) == DecisionStatus.OPEN
    r = official.post(url, {"reason": "会议通知有误"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "voided"
    assert services.void_reason(Decision.objects.get(pk=d.pk)) == "会议通知有误"


# ---------------------------------------------------------------- public receipt check


def test_verify_receipt_is_public_and_confirms_only_a_real_receipt(world):
    d = opened(world["estate"])
    receipt = vote(world["owner"], d, "no").json()["receipt_code"]
    public = api()  # no login
    url = reverse("decision-verify-receipt")
    r = public.post(url, {"decision": d.pk, "receipt": receipt}, format="json")
    assert r.status_code == 200
    answer = r.json()
    assert answer["found"] is True and answer["sequence"] == 1 and answer["chain_intact"] is True
    assert answer["channel"] == "电子投票" and answer["decision"] == d.pk
    assert not {"choice", "voter", "voter_key", "title", "estate"} & set(answer)  # nothing about who or how
    r = public.post(url, {"decision": d.pk, "receipt": "0123456789ab"}, format="json")
    assert r.status_code == 200 and r.json()["found"] is False and "sequence" not in r.json()
    other = opened(world["estate"], title="使用维修资金", matter=5)
    r = public.post(url, {"decision": other.pk, "receipt": receipt}, format="json")  # right code, wrong decision
    assert r.json()["found"] is False
    r = public.post(url, {"receipt": receipt}, format="json")
    assert r.status_code == 400 and set(r.json()) == {"decision"}


# ---------------------------------------------------------------- scoping


def test_reads_and_actions_are_scoped(world):
    here = opened(world["estate"])
    there = opened(world["other_estate"], title="外市小区的决定")
    url = reverse("decision-list")
    assert ids(world["official"].get(url)) == [here.pk]
    assert ids(world["outsider"].get(url)) == [there.pk]
    assert ids(world["owner"].get(url)) == [here.pk]
    assert ids(world["other_owner"].get(url)) == [there.pk]
    assert world["owner"].get(reverse("decision-detail", args=[there.pk])).status_code == 404

    outsider = world["outsider"]
    assert outsider.get(reverse("decision-detail", args=[here.pk])).status_code == 404
    assert outsider.get(reverse("decision-turnout", args=[here.pk])).status_code == 404
    for name in ("close", "finalize"):
        assert outsider.post(reverse(f"decision-{name}", args=[here.pk])).status_code == 404
    assert outsider.post(reverse("decision-void", args=[here.pk]), {"reason": "x"}, format="json").status_code == 404
    deadline_passes(here)
    assert outsider.post(reverse("decision-close", args=[here.pk])).status_code == 404  # even when it could close
    assert status_of(here) == DecisionStatus.OPEN
    d = draft(world["estate"], title="草稿")
    assert outsider.post(reverse("decision-open", args=[d.pk])).status_code == 404
    assert status_of(d) == DecisionStatus.DRAFT
    assert world["official"].get(url).json()["count"] == 2 and outsider.get(url).json()["count"] == 1


# ---------------------------------------------------------------- ballots


def test_ballot_list_is_scoped_and_hides_choices_until_the_result(world):
    d = opened(world["estate"])
    vote(world["owner"], d, "yes")
    vote(world["owner2"], d, "no")
    url = reverse("decision-ballot-list")
    mine = world["owner"].get(url).json()["results"]
    assert len(mine) == 1 and mine[0]["voter_key"] == str(world["owners"][0].pk)
    assert mine[0]["choice"] == "yes" and mine[0]["receipt_code"]  # the voter's own ballot, in full
    rows = world["official"].get(url, {"decision": d.pk}).json()["results"]
    assert [row["sequence"] for row in rows] == [1, 2]
    assert {row["choice"] for row in rows} == {None} and {row["receipt_code"] for row in rows} == {None}
    assert world["outsider"].get(url).json()["count"] == 0
    assert world["other_owner"].get(url).json()["count"] == 0
    assert api().get(url).status_code == 403  # not logged in
    theirs = Ballot.objects.get(decision=d, sequence=2)
    assert world["owner"].get(reverse("decision-ballot-detail", args=[theirs.pk])).status_code == 404

    deadline_passes(d)
    world["official"].post(reverse("decision-close", args=[d.pk]))
    rows = world["official"].get(url, {"decision": d.pk}).json()["results"]
    assert [row["choice"] for row in rows] == ["yes", "no"]  # published with the result
    assert {row["receipt_code"] for row in rows} == {None}  # receipts stay with the voters
    # Voided after the count: what was published stays shown, in the API as on the page.
    assert world["official"].post(reverse("decision-void", args=[d.pk]), {"reason": "名册有误"},
                                  format="json").status_code == 200
    rows = world["official"].get(url, {"decision": d.pk}).json()["results"]
    assert [row["choice"] for row in rows] == ["yes", "no"]


def test_who_may_cast_a_ballot(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    d = opened(world["estate"])
    url = reverse("decision-ballot-list")
    r = world["official"].post(url, {"decision": d.pk, "choice": "yes"}, format="json")
    assert r.status_code == 403 and "只能由业主本人" in str(r.json())  # an official has no e-ballot
    assert world["outsider"].post(url, {"decision": d.pk, "choice": "yes"}, format="json").status_code == 404
    assert world["other_owner"].post(url, {"decision": d.pk, "choice": "yes"}, format="json").status_code == 404
    r = world["owner"].post(url, {"decision": d.pk, "choice": "yes", "channel": "paper",
                                  "voter": str(world["owners"][3].pk)}, format="json")
    assert r.status_code == 403 and "只能由本次表决的组织者录入" in str(r.json())
    # A web page named .pdf is refused by its content (wuye.core.uploads), and no ballot is written.
    r = world["official"].post(url, {
        "decision": d.pk, "choice": "no", "channel": "paper", "voter": str(world["owners"][3].pk),
        "scanned_ballot": SimpleUploadedFile("b.pdf", b"<html><script>alert(1)</script>")}, format="multipart")
    assert r.status_code == 400 and "类型不受支持" in str(r.json()["scanned_ballot"])
    assert not Ballot.objects.exists()
    r = world["official"].post(url, {
        "decision": d.pk, "choice": "no", "channel": "paper", "voter": str(world["owners"][3].pk),
        "scanned_ballot": SimpleUploadedFile("b.pdf", b"%PDF scan")}, format="multipart")
    assert r.status_code == 201 and r.json()["channel"] == "paper" and r.json()["sequence"] == 1
    paper = Ballot.objects.get()
    assert paper.cast_as == str(world["owners"][3].pk) and paper.scanned_ballot_sha256 and paper.cast_by_id
    r = world["owner"].post(url, {"decision": d.pk, "choice": "maybe"}, format="json")
    assert r.status_code == 400 and set(r.json()) == {"choice"}
    r = world["owner"].post(url, {"decision": draft(world["estate"], title="草稿").pk, "choice": "yes"},
                            format="json")
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["表决尚未开始。"]}
    assert Ballot.objects.count() == 1


def test_a_second_ballot_by_the_same_voter_is_refused_and_not_counted(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    d = opened(world["estate"])
    assert vote(world["owner"], d, "yes").status_code == 201
    r = vote(world["owner"], d, "no")
    assert r.status_code == 400 and r.json() == {"non_field_errors": [ALREADY_VOTED]}
    # Nor may the organiser enter a paper ballot for someone who already voted online.
    r = world["official"].post(reverse("decision-ballot-list"), {
        "decision": d.pk, "choice": "no", "channel": "paper", "voter": str(world["owners"][0].pk),
        "scanned_ballot": SimpleUploadedFile("b.pdf", b"%PDF scan")}, format="multipart")
    assert r.status_code == 400 and r.json() == {"non_field_errors": [ALREADY_VOTED]}
    assert list(Ballot.objects.filter(decision=d).values_list("choice", flat=True)) == ["yes"]
    assert world["official"].get(reverse("decision-turnout", args=[d.pk])).json()["participating_persons"] == 1
    deadline_passes(d)
    result = world["official"].post(reverse("decision-close", args=[d.pk])).json()["result"]
    assert (result["participating_persons"], result["agreeing_persons"]) == (1, 1)


# ---------------------------------------------------------------- roll


def test_roll_entries_are_scoped(world):
    d = opened(world["estate"])
    opened(world["other_estate"], title="外市小区的决定")
    url = reverse("decision-roll-entry-list")
    mine = world["owner"].get(url).json()["results"]
    assert [(e["voter_key"], e["area"], e["owner"]) for e in mine] == [
        (str(world["owners"][0].pk), "89.5000", world["owners"][0].pk)]
    rows = world["official"].get(url, {"decision": d.pk}).json()
    assert rows["count"] == 5 and {e["decision"] for e in rows["results"]} == {d.pk}
    assert world["official"].get(url).json()["count"] == 5  # not the other city's roll
    assert world["outsider"].get(url).json()["count"] == 3
    neighbour = RollEntry.objects.get(decision=d, voter_key=str(world["owners"][1].pk))
    assert world["owner"].get(reverse("decision-roll-entry-detail", args=[neighbour.pk])).status_code == 404
    assert world["official"].get(reverse("decision-roll-entry-detail", args=[neighbour.pk])).status_code == 200


def test_a_decision_that_cannot_open_leaves_no_draft_behind(world):
    """open_now: when opening fails (a unit without an area cannot be on the roll), the draft, its
    audit entry and its notice are not kept either — a retry does not make a duplicate."""
    from wuye.core.models import AuditEntry
    from wuye.estates.models import Unit
    from wuye.messaging.models import Notice

    estate = world["estate"]
    Unit.objects.filter(pk=Unit.objects.filter(building__estate=estate).values("pk")[:1]).update(registry_area=None)
    decisions, audits, notices = Decision.objects.count(), AuditEntry.objects.count(), Notice.objects.count()
    r = world["official"].post(reverse("decision-list"), {
        "estate": estate.pk, "matter": 5, "title": "使用维修资金", "organiser": "street", "notice_text": "会议通知",
        "closes_at": (timezone.now() + dt.timedelta(days=3)).isoformat(), "open_now": True}, format="json")
    assert r.status_code == 400 and "面积" in r.content.decode()
    assert (Decision.objects.count(), AuditEntry.objects.count(), Notice.objects.count()) == (decisions, audits, notices)
