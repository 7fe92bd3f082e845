"""Who may organise a decision, enter paper and proxy ballots, cast an e-ballot, void; drafts and notices."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wuye.estates.tests.factories import EstateFactory
from wuye.governance.choices import BallotChannel, DecisionStatus, OrganiserKind
from wuye.governance.models import Ballot
from wuye.governance.selectors import decisions as selectors
from wuye.governance.services import decisions as services
from wuye.governance.tests.test_services import build_community_a, key

pytestmark = pytest.mark.django_db


@pytest.fixture
def community_a(db):
    return build_community_a()


def _open(a, actor, organiser=OrganiserKind.COMMITTEE, matter=4):
    return services.decision_open(actor=actor, estate=a["estate"], matter=matter, title="选聘物业服务企业",
                                  closes_at=timezone.now() + dt.timedelta(hours=1), organiser=organiser)


@pytest.fixture
def people(community_a, role_user, street, other_street):
    a = community_a
    return {
        "member": role_user("committee_member", estate=a["estate"]),
        "street": role_user("street_office", region=street),
        "outsider": role_user("street_office", region=other_street),
        "other_member": role_user("committee_member", estate=EstateFactory(region=street)),
        "zhang": role_user("owner", owner=a["people"]["Zhang"]),
        "wang": role_user("owner", owner=a["people"]["Wang"]),
    }


def test_who_may_open(community_a, people):
    a = community_a
    with pytest.raises(PermissionDenied, match="不是该小区的组织者"):
        _open(a, people["outsider"], OrganiserKind.STREET)
    with pytest.raises(PermissionDenied):
        _open(a, people["other_member"])  # a committee member of another estate
    with pytest.raises(PermissionDenied):
        _open(a, people["member"], OrganiserKind.STREET)  # a committee member is not the street
    with pytest.raises(PermissionDenied):
        _open(a, people["zhang"])  # an owner is not the organiser
    assert _open(a, people["member"]).status == DecisionStatus.OPEN
    assert _open(a, people["street"], OrganiserKind.PREPARATORY_GROUP).status == DecisionStatus.OPEN


def test_close_finalise_void_only_by_the_organiser(community_a, people):
    a = community_a
    decision = _open(a, people["member"])
    later = decision.closes_at + dt.timedelta(seconds=1)
    for user in (people["outsider"], people["other_member"], people["zhang"]):
        with pytest.raises(PermissionDenied):
            services.decision_close(actor=user, decision=decision, now=later)
        with pytest.raises(PermissionDenied):
            services.decision_void(actor=user, decision=decision, reason="x")
    services.decision_close(actor=people["member"], decision=decision, now=later)
    with pytest.raises(PermissionDenied):
        services.decision_finalize(actor=people["outsider"], decision=decision, now=decision.objection_until)
    # The street supervises: it may also act on a committee's decision.
    services.decision_finalize(actor=people["street"], decision=decision, now=decision.objection_until)
    assert decision.status == DecisionStatus.FINAL


def test_owner_casts_only_their_own_e_ballot(community_a, people):
    a = community_a
    decision = _open(a, people["member"])
    with pytest.raises(PermissionDenied, match="不能替他人投票"):
        services.ballot_cast(actor=people["zhang"], decision=decision, voter_key=key(a, "Chen"), choice="yes",
                             channel=BallotChannel.ELECTRONIC)
    with pytest.raises(ValidationError, match="不是共有人推选的表决人"):
        services.ballot_cast(actor=people["wang"], decision=decision, voter_key=key(a, "Wang"), choice="no",
                             channel=BallotChannel.ELECTRONIC)
    ballot = services.ballot_cast(actor=people["zhang"], decision=decision, voter_key=key(a, "Zhang"), choice="yes",
                                  channel=BallotChannel.ELECTRONIC)
    assert ballot.cast_by == people["zhang"] and ballot.roll_entry.area == 200
    assert Ballot.objects.filter(decision=decision).count() == 1


def test_paper_and_proxy_only_by_the_organiser_with_their_document(community_a, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = community_a
    decision = _open(a, people["member"])
    scan = SimpleUploadedFile("ballot.pdf", b"%PDF paper ballot")
    with pytest.raises(PermissionDenied, match="组织者"):
        services.ballot_cast(actor=people["zhang"], decision=decision, voter_key=key(a, "Zhang"), choice="yes",
                             channel=BallotChannel.PAPER, scanned_ballot=scan)
    with pytest.raises(PermissionDenied):
        services.ballot_cast(actor=people["outsider"], decision=decision, voter_key=key(a, "Chen"), choice="yes",
                             channel=BallotChannel.PAPER, scanned_ballot=scan)
    with pytest.raises(ValidationError, match="书面授权委托书"):
        services.ballot_cast(actor=people["member"], decision=decision, voter_key=key(a, "Chen"), choice="yes",
                             channel=BallotChannel.PROXY)
    b = services.ballot_cast(actor=people["member"], decision=decision, voter_key=key(a, "Chen"), choice="no",
                             channel=BallotChannel.PAPER, scanned_ballot=scan)
    assert b.scanned_ballot_sha256 and b.cast_by == people["member"]
    assert Ballot.objects.filter(decision=decision).count() == 1


def test_ballot_after_close_is_refused(community_a, people):
    a = community_a
    decision = _open(a, people["member"])
    services.decision_close(actor=people["member"], decision=decision, now=decision.closes_at)
    with pytest.raises(ValidationError, match="已截止"):
        services.ballot_cast(actor=people["zhang"], decision=decision, voter_key=key(a, "Zhang"), choice="yes",
                             channel=BallotChannel.ELECTRONIC)
    assert not Ballot.objects.filter(decision=decision).exists()


def test_void_needs_a_reason_and_is_refused_after_final(community_a, people):
    from wuye.core.models import AuditEntry

    a = community_a
    decision = _open(a, people["member"])
    with pytest.raises(ValidationError, match="原因"):
        services.decision_void(actor=people["member"], decision=decision, reason="  ")
    services.decision_void(actor=people["member"], decision=decision, reason="表决名册遗漏3号楼")
    assert decision.status == DecisionStatus.VOIDED
    assert services.void_reason(decision) == "表决名册遗漏3号楼"
    assert AuditEntry.objects.filter(object_id=str(decision.pk), action="void", actor=people["member"]).exists()
    with pytest.raises(ValidationError, match="已截止"):
        services.ballot_cast(actor=people["zhang"], decision=decision, voter_key=key(a, "Zhang"), choice="yes",
                             channel=BallotChannel.ELECTRONIC)
    final = _open(a, people["member"])
    services.decision_close(actor=None, decision=final, now=final.closes_at)
    services.decision_finalize(actor=None, decision=final, now=final.objection_until)
    with pytest.raises(ValidationError, match="不能作废"):
        services.decision_void(actor=people["member"], decision=final, reason="迟到的异议")


def test_draft_with_notice_then_open_warns_when_notice_is_short(community_a, people):
    a = community_a
    now = timezone.now()
    draft = services.decision_draft_create(
        actor=people["member"], estate=a["estate"], matter=5, title="使用维修资金更换电梯",
        closes_at=now + dt.timedelta(days=30), organiser=OrganiserKind.COMMITTEE,
        notice_text="定于下月表决更换2号楼电梯", now=now)
    assert draft.status == DecisionStatus.DRAFT and not draft.roll.exists()
    assert services.decision_notice(draft).body == "定于下月表决更换2号楼电梯"
    assert "不足 15 日" in services.notice_warning(draft, opens_at=now + dt.timedelta(days=3))
    assert services.notice_warning(draft, opens_at=now + dt.timedelta(days=15)) == ""
    with pytest.raises(PermissionDenied):
        services.decision_open_draft(actor=people["outsider"], decision=draft, now=now + dt.timedelta(days=16))
    services.decision_open_draft(actor=people["member"], decision=draft, now=now + dt.timedelta(days=16))
    assert draft.status == DecisionStatus.OPEN and draft.roll.count() == 8
    with pytest.raises(ValidationError, match="草稿"):
        services.decision_open_draft(actor=people["member"], decision=draft, now=now + dt.timedelta(days=17))


def test_finalised_subscribers_run_on_commit_for_their_matter(community_a, people,
                                                             django_capture_on_commit_callbacks):
    a = community_a
    seen = []

    def fund_use(decision):
        seen.append((decision.pk, decision.status, selectors.decision_passed(decision)))

    selectors.on_decision_finalised(5, fund_use)
    try:
        other = _open(a, people["member"], matter=4)
        fund = _open(a, people["member"], matter=5)
        for d in (other, fund):
            for name in ("Zhang", "Chen", "Sun", "Zhou", "Wu", "Li"):
                services.ballot_cast(actor=None, decision=d, voter_key=key(a, name), choice="yes",
                                     channel=BallotChannel.ELECTRONIC)
            services.decision_close(actor=None, decision=d, now=d.closes_at)
            with django_capture_on_commit_callbacks(execute=True):
                services.decision_finalize(actor=people["member"], decision=d, now=d.objection_until)
        assert seen == [(fund.pk, DecisionStatus.FINAL, True)]
        assert selectors.require_passed(fund, estate=a["estate"], matters=(5,)) == fund
    finally:
        selectors.off_decision_finalised(5, fund_use)
