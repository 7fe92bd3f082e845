"""Decisions on the database: the frozen roll, ballots, the tally, the hash chain (domain-rules §1, §9)."""
from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from wuye.estates.choices import DeliveryStatus
from wuye.estates.tests.factories import (
    BuildingFactory,
    OwnerFactory,
    OwnershipFactory,
    UnitFactory,
)
from wuye.governance.choices import BallotChannel, DecisionStatus, OrganiserKind
from wuye.governance.models import Ballot, RollEntry
from wuye.governance.rules.ballot import DEVELOPER
from wuye.governance.services import decisions as services


def build_community_a():
    """Community A of domain-rules §9: 10 units, 1000 m², 8 persons."""
    building = BuildingFactory()
    units = {}
    for n, area in enumerate([100, 100, 80, 120, 90, 110, 100, 100, 100, 100], start=1):
        units[f"U{n}"] = UnitFactory(building=building, number=f"U{n}", registry_area=Decimal(area))
    people = {name: OwnerFactory(name=name) for name in ("Zhang", "Li", "Wang", "Chen", "Zhao", "Sun", "Zhou", "Wu")}
    people["Dev"] = OwnerFactory(name="Dev", is_developer=True)
    for unit, name in [("U1", "Zhang"), ("U2", "Zhang"), ("U4", "Chen"), ("U5", "Zhao"), ("U6", "Sun"),
                       ("U7", "Zhou"), ("U8", "Wu")]:
        OwnershipFactory(unit=units[unit], owner=people[name])
    OwnershipFactory(unit=units["U3"], owner=people["Li"], is_nominee=True)
    OwnershipFactory(unit=units["U3"], owner=people["Wang"])
    units["U9"].delivery_status = DeliveryStatus.UNSOLD  # no ownership: the developer holds it
    units["U9"].save()
    units["U10"].delivery_status = DeliveryStatus.SOLD_UNDELIVERED
    units["U10"].save()
    OwnershipFactory(unit=units["U10"], owner=people["Dev"])
    return {"estate": building.estate, "units": units, "people": people}


@pytest.fixture
def community_a(db):
    """Community A of domain-rules §9: 10 units, 1000 m², 8 persons."""
    return build_community_a()


def key(a, name: str) -> str:
    return str(a["people"][name].pk)


def open_decision(a, actor=None, matter=4):
    return services.decision_open(actor=actor, estate=a["estate"], matter=matter, title="选聘物业服务企业",
                                  closes_at=timezone.now() + dt.timedelta(hours=1), organiser=OrganiserKind.COMMITTEE)


def cast(decision, voter, choice="yes", channel=BallotChannel.ELECTRONIC, **files):
    return services.ballot_cast(actor=None, decision=decision, voter_key=voter, choice=choice, channel=channel, **files)


def close(decision):
    return services.decision_close(actor=None, decision=decision, now=decision.closes_at + dt.timedelta(seconds=1))


@pytest.mark.django_db
def test_opening_freezes_the_roll(community_a):
    a = community_a
    decision = open_decision(a)
    roll = {e.voter_key: e for e in RollEntry.objects.filter(decision=decision)}
    assert len(roll) == 8  # TP = 8
    assert sum(e.area for e in roll.values()) == Decimal(1000)  # TA = 1000
    assert roll[key(a, "Zhang")].area == Decimal(200)
    assert roll[key(a, "Li")].area == Decimal(80) and key(a, "Wang") not in roll
    assert roll[DEVELOPER].area == Decimal(200) and roll[DEVELOPER].is_developer
    # Later registry changes do not touch the frozen roll.
    a["units"]["U1"].registry_area = Decimal("150")
    a["units"]["U1"].save()
    OwnershipFactory(unit=UnitFactory(building=a["units"]["U1"].building, number="U11"))
    assert RollEntry.objects.filter(decision=decision).count() == 8
    assert RollEntry.objects.get(decision=decision, voter_key=key(a, "Zhang")).area == Decimal(200)
    entry = RollEntry.objects.get(decision=decision, voter_key=key(a, "Zhang"))
    entry.area = Decimal(1)
    with pytest.raises(ValueError):
        entry.save()


@pytest.mark.django_db
def test_casting_and_closing_gives_the_section_9_example_1_result(community_a):
    a = community_a
    decision = open_decision(a, matter=4)
    for name in ("Zhang", "Chen", "Sun", "Zhou"):
        cast(decision, key(a, name), "yes")
    for name in ("Li", "Zhao"):
        cast(decision, key(a, name), "no")
    with pytest.raises(ValidationError, match="已投票，不能重复投票或修改"):
        cast(decision, key(a, "Zhang"), "no")
    close(decision)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PRELIMINARY
    r = decision.result
    assert (r["outcome"], r["total_area"], r["total_persons"]) == ("PASSED", "1000", 8)
    assert (r["participating_area"], r["participating_persons"], r["agreeing_area"], r["agreeing_persons"]) == (
        "700", 6, "530", 4)
    assert decision.objection_until == decision.closes_at + dt.timedelta(seconds=1, days=7)
    assert Ballot.objects.filter(decision=decision).count() == 6
    with pytest.raises(ValidationError, match="已截止"):
        cast(decision, key(a, "Wu"), "yes")
    with pytest.raises(ValidationError, match="异议期未满"):
        services.decision_finalize(actor=None, decision=decision, now=decision.objection_until - dt.timedelta(1))
    services.decision_finalize(actor=None, decision=decision, now=decision.objection_until)
    assert decision.status == DecisionStatus.FINAL and decision.published_at == decision.objection_until


@pytest.mark.django_db
def test_a_cast_ballot_cannot_be_changed(community_a):
    a = community_a
    decision = open_decision(a)
    ballot = cast(decision, key(a, "Zhang"), "yes")
    ballot.choice = "no"
    with pytest.raises(ValueError, match="已投票"):
        ballot.save()
    assert Ballot.objects.get(pk=ballot.pk).choice == "yes"


@pytest.mark.django_db
def test_who_may_vote(community_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = community_a
    decision = open_decision(a)
    with pytest.raises(ValidationError, match="不是共有人推选的表决人"):
        cast(decision, key(a, "Wang"))
    with pytest.raises(ValidationError, match="不在本次表决名册"):
        cast(decision, str(OwnerFactory().pk))
    with pytest.raises(ValidationError, match="授权委托书"):
        cast(decision, key(a, "Chen"), channel=BallotChannel.PROXY)
    with pytest.raises(ValidationError, match="扫描件"):
        cast(decision, key(a, "Chen"), channel=BallotChannel.PAPER)
    b = cast(decision, key(a, "Dev"), channel=BallotChannel.PROXY,
             proxy_document=SimpleUploadedFile("proxy.pdf", b"%PDF proxy"))
    assert b.roll_entry.voter_key == DEVELOPER and b.proxy_document_sha256
    with pytest.raises(ValidationError, match="已投票"):
        cast(decision, DEVELOPER)  # the developer's units are one person
    assert Ballot.objects.filter(decision=decision).count() == 1


@pytest.mark.django_db
def test_a_unit_without_area_is_refused_at_opening(community_a):
    a = community_a
    UnitFactory(building=a["units"]["U1"].building, number="B-909", registry_area=None)
    with pytest.raises(ValidationError, match="B-909"):
        open_decision(a)


@pytest.mark.django_db
def test_hash_chain_verifies_and_detects_a_tampered_ballot(community_a):
    a = community_a
    decision = open_decision(a)
    ballots = [cast(decision, key(a, name), "yes") for name in ("Zhang", "Chen", "Sun")]
    assert services.verify_chain(decision) == []
    assert services.verify_receipt(decision, ballots[1].receipt_code) == ballots[1]
    assert services.verify_receipt(decision, "000000000000") is None
    out = StringIO()
    call_command("audit_decision", str(decision.pk), stdout=out)
    assert "完整" in out.getvalue()

    Ballot.objects.filter(pk=ballots[1].pk).update(choice="no")
    problems = services.verify_chain(decision)
    assert len(problems) == 1 and "第 2 张" in problems[0]
    assert services.verify_receipt(decision, ballots[1].receipt_code) is None
    with pytest.raises(CommandError):
        call_command("audit_decision", str(decision.pk), stdout=StringIO())


@pytest.mark.django_db
def test_a_deleted_ballot_is_detected(community_a):
    a = community_a
    decision = open_decision(a)
    ballots = [cast(decision, key(a, name), "yes") for name in ("Zhang", "Chen")]
    Ballot.objects.filter(pk=ballots[-1].pk).delete()
    assert services.verify_chain(decision)


@pytest.mark.django_db(transaction=True)
def test_two_ballots_for_one_voter_at_once_give_exactly_one(community_a):
    a = community_a
    decision = open_decision(a)
    voter = key(a, "Zhang")
    barrier = threading.Barrier(2)
    results = []

    def click(choice):
        try:
            barrier.wait()
            cast(decision, voter, choice)
            results.append("ok")
        except ValidationError as exc:
            results.append(str(exc))
        except Exception as exc:  # noqa: BLE001
            results.append(f"error {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(c,)) for c in ("yes", "no")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert Ballot.objects.filter(decision=decision).count() == 1
    assert services.verify_chain(decision) == []


@pytest.mark.django_db
def test_scoping_of_decisions_rolls_and_ballots(community_a, role_user, street, other_street):
    from wuye.governance.models import Decision

    a = community_a
    decision = open_decision(a)
    cast(decision, key(a, "Zhang"), "yes")
    cast(decision, key(a, "Chen"), "no")
    official = role_user("street_office", region=street)
    member = role_user("committee_member", estate=a["estate"])
    zhang = role_user("owner", owner=a["people"]["Zhang"])
    outsider = role_user("street_office", region=other_street)
    for user in (official, member):
        assert list(Decision.objects.visible_to(user)) == [decision]
        assert RollEntry.objects.visible_to(user).count() == 8
        assert Ballot.objects.visible_to(user).count() == 2
    assert list(Decision.objects.visible_to(zhang)) == [decision]
    assert [e.voter_key for e in RollEntry.objects.visible_to(zhang)] == [key(a, "Zhang")]
    assert [b.cast_as for b in Ballot.objects.visible_to(zhang)] == [key(a, "Zhang")]
    assert not Decision.objects.visible_to(outsider).exists()
    assert not RollEntry.objects.visible_to(outsider).exists()
    assert not Ballot.objects.visible_to(outsider).exists()
