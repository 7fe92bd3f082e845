"""Writes on owners' joint decisions: open (freeze the roll), cast a ballot, close, finalise.

Ballots are append-only and hash-chained: each ballot's hash covers the previous ballot's hash
and its own fields, so a row changed behind the platform's back is found by ``verify_chain``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.choices import AuditAction
from wuye.core.services import audit_record, snapshot
from wuye.estates.choices import DeliveryStatus
from wuye.estates.models import Estate, Ownership, Unit
from wuye.governance.choices import BallotChannel, BallotChoice, DecisionStatus, OrganiserKind
from wuye.governance.models import Ballot, Decision, RollEntry
from wuye.governance.rules import ballot as rules

GENESIS = "0" * 64
DEVELOPER_UNIT_STATUSES = (DeliveryStatus.UNSOLD, DeliveryStatus.SOLD_UNDELIVERED)
ALREADY_VOTED = "已投票，不能重复投票或修改"


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


# ---------------------------------------------------------------- roll


def registry_units(estate: Estate) -> list[rules.Unit]:
    """The estate's units as the tally rules see them (R1.5 area, R1.6 owners/nominee/developer)."""
    units = list(Unit.objects.filter(estate=estate, is_voided=False).select_related("building").order_by("pk"))
    ownerships: dict[int, list[Ownership]] = {}
    for o in Ownership.objects.filter(unit__in=units, is_voided=False).select_related("owner").order_by("pk"):
        ownerships.setdefault(o.unit_id, []).append(o)
    out = []
    for unit in units:
        area = unit.area
        if area is None:
            raise ValidationError(_("房屋 %(u)s 没有面积（登记、实测、合同面积均为空），不能生成表决名册。") % {"u": unit})
        titles = ownerships.get(unit.pk, [])
        nominee = next((str(o.owner_id) for o in titles if o.is_nominee), None)
        developer = unit.delivery_status in DEVELOPER_UNIT_STATUSES or any(o.owner.is_developer for o in titles)
        out.append(rules.Unit(id=str(unit.pk), area=area, owners=tuple(str(o.owner_id) for o in titles),
                              nominee=nominee, developer=developer))
    return out


def roll_of(decision: Decision) -> rules.Roll:
    """The frozen roll of a decision, rebuilt from its RollEntry rows."""
    entries = list(decision.roll.all())
    places = max((max(0, -e.area.normalize().as_tuple().exponent) for e in entries), default=0)
    scale = 10 ** places
    voters, speaker, co_owners, total = {}, {}, {}, 0
    for e in entries:
        area = int(e.area * scale)
        total += area
        voters[e.voter_key] = rules.Voter(e.voter_key, area, list(e.units))
        for s in e.speakers:
            speaker[s] = e.voter_key
        for c in e.co_owners:
            co_owners[c] = e.voter_key
    return rules.Roll(voters, speaker, co_owners, total, scale)


@transaction.atomic
def decision_open(*, actor, estate: Estate, matter: int, title: str, closes_at: dt.datetime, organiser: str,
                  now: dt.datetime | None = None) -> Decision:
    """Open voting: freeze the roll from today's registry. Later registry changes do not touch it."""
    now = _now(now)
    errors = {}
    if matter not in rules.MATTERS:
        errors["matter"] = _("表决事项应为 1–9。")
    if organiser not in OrganiserKind.values:
        errors["organiser"] = _("未知的组织者：%(o)s") % {"o": organiser}
    if not (title or "").strip():
        errors["title"] = _("议题不能为空。")
    if closes_at <= now:
        errors["closes_at"] = _("截止时间必须晚于开始时间。")
    if errors:
        raise ValidationError(errors)
    units = registry_units(estate)
    try:
        roll = rules.build_roll(units)
    except rules.RollError as exc:
        raise ValidationError(str(exc)) from None
    decision = Decision.objects.create(estate=estate, matter=matter, title=title.strip(), organiser=organiser,
                                       opened_at=now, closes_at=closes_at, status=DecisionStatus.OPEN)
    labels = {str(u.pk): str(u) for u in Unit.objects.filter(estate=estate).select_related("building")}
    speakers: dict[str, list[str]] = {}
    for person, key in roll.speaker.items():
        speakers.setdefault(key, []).append(person)
    co_owners: dict[str, list[str]] = {}
    for person, key in roll.co_owners.items():
        co_owners.setdefault(key, []).append(person)
    entries = []
    for key, voter in roll.voters.items():
        entries.append(RollEntry(
            decision=decision, voter_key=key, area=Decimal(voter.area) / roll.scale, persons=1,
            units=[int(u) for u in voter.units], unit_labels=[labels.get(u, u) for u in voter.units],
            owner_id=int(key) if key.isdigit() else None, is_developer=key == rules.DEVELOPER,
            speakers=sorted(set(speakers.get(key, [])) | {key}), co_owners=sorted(co_owners.get(key, [])),
        ))
    RollEntry.objects.bulk_create(entries)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=decision, after=snapshot(decision),
                 reason=_("开始表决，冻结表决名册（%(n)d 人）") % {"n": len(entries)})
    return decision


# ---------------------------------------------------------------- ballots


def _file_digest(f) -> str:
    if not f:
        return ""
    h = hashlib.sha256()
    for chunk in f.chunks():
        h.update(chunk)
    f.seek(0)
    return h.hexdigest()


def ballot_payload(b: Ballot) -> str:
    """The canonical JSON of the fields a ballot's hash covers."""
    cast_at = b.cast_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    data = {
        "decision": b.decision_id, "sequence": b.sequence, "voter": b.roll_entry.voter_key, "cast_as": b.cast_as,
        "choice": b.choice, "channel": b.channel, "cast_at": cast_at, "cast_by": b.cast_by_id,
        "proxy_document_sha256": b.proxy_document_sha256, "scanned_ballot_sha256": b.scanned_ballot_sha256,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def ballot_hash(b: Ballot) -> str:
    return hashlib.sha256((b.previous_hash + ballot_payload(b)).encode()).hexdigest()


def receipt_for(hash_: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), hash_.encode(), hashlib.sha256).hexdigest()[:12]


@transaction.atomic
def ballot_cast(*, actor, decision: Decision, voter_key: str, choice: str, channel: str, proxy_document=None,
                scanned_ballot=None, now: dt.datetime | None = None) -> Ballot:
    """Record one voter's ballot. ``voter_key`` is the person speaking (an owner id, or the developer)."""
    now = _now(now)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.status == DecisionStatus.DRAFT or (locked.opened_at and now < locked.opened_at):
        raise ValidationError(_("表决尚未开始。"))
    if locked.status != DecisionStatus.OPEN or now >= locked.closes_at:
        raise ValidationError(_("表决已截止，不能再投票。"))
    if choice not in BallotChoice.values:
        raise ValidationError({"choice": _("表决意见应为同意、反对或弃权。")})
    if channel not in BallotChannel.values:
        raise ValidationError({"channel": _("未知的投票方式：%(c)s") % {"c": channel}})
    if channel == BallotChannel.PROXY and not proxy_document:
        raise ValidationError({"proxy_document": _("委托投票须上传书面授权委托书。")})
    if channel == BallotChannel.PAPER and not scanned_ballot:
        raise ValidationError({"scanned_ballot": _("纸质表决票须上传扫描件。")})
    voter_key = str(voter_key)
    entry = None
    for e in locked.roll.all():
        if voter_key in e.speakers:
            entry = e
            break
        if voter_key in e.co_owners:
            raise ValidationError(_("您是共有房屋的共有人，但不是共有人推选的表决人，不能投票。"))
    if entry is None:
        raise ValidationError(_("不在本次表决名册中，不能投票。"))
    if Ballot.objects.filter(decision=locked, roll_entry=entry).exists():
        raise ValidationError(ALREADY_VOTED)
    last = Ballot.objects.filter(decision=locked).order_by("-sequence").first()
    ballot = Ballot(
        decision=locked, roll_entry=entry, cast_as=voter_key, choice=choice, channel=channel, cast_at=now,
        cast_by=actor if getattr(actor, "pk", None) else None,
        proxy_document=proxy_document or None, proxy_document_sha256=_file_digest(proxy_document),
        scanned_ballot=scanned_ballot or None, scanned_ballot_sha256=_file_digest(scanned_ballot),
        sequence=(last.sequence + 1) if last else 1, previous_hash=last.hash if last else GENESIS,
    )
    ballot.hash = ballot_hash(ballot)
    ballot.receipt_code = receipt_for(ballot.hash)
    try:
        with transaction.atomic():
            ballot.save()
    except IntegrityError:
        raise ValidationError(ALREADY_VOTED) from None
    Decision.objects.filter(pk=locked.pk).update(chain_head=ballot.hash)
    decision.chain_head = ballot.hash
    return ballot


# ---------------------------------------------------------------- close and finalise


def decision_tally(decision: Decision) -> rules.Tally:
    ballots = [rules.Ballot(voter=b.roll_entry.voter_key, choice=b.choice)
               for b in decision.ballots.select_related("roll_entry").order_by("sequence")]
    return rules.count(decision.matter, roll_of(decision), ballots)


@transaction.atomic
def decision_close(*, actor, decision: Decision, now: dt.datetime | None = None) -> Decision:
    """Close voting, tally the ballots and publish a preliminary result for the objection window."""
    from wuye.governance.management.commands.tally_decision import tally_dict
    from wuye.policy.selectors import get_parameter

    now = _now(now)
    locked = Decision.objects.select_for_update().select_related("estate__region").get(pk=decision.pk)
    if locked.status != DecisionStatus.OPEN:
        raise ValidationError(_("只有表决中的决定可以截止统计。"))
    if now < locked.closes_at:
        raise ValidationError(_("表决截止时间未到，不能提前统计。"))
    before = snapshot(locked)
    locked.result = tally_dict(locked.matter, decision_tally(locked))
    locked.status = DecisionStatus.PRELIMINARY
    days = get_parameter(locked.estate.region, "decision_objection_days")
    locked.objection_until = now + dt.timedelta(days=days)
    locked.save(update_fields=["result", "status", "objection_until", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked,
                 before={k: before[k] for k in ("status", "result", "objection_until")},
                 after={k: snapshot(locked)[k] for k in ("status", "result", "objection_until")},
                 reason=_("表决截止，公布初步结果"))
    decision.__dict__.update(locked.__dict__)
    return locked


@transaction.atomic
def decision_finalize(*, actor, decision: Decision, now: dt.datetime | None = None) -> Decision:
    """After the objection window the result becomes final and is published (CC 280 clock starts)."""
    now = _now(now)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.status != DecisionStatus.PRELIMINARY:
        raise ValidationError(_("只有处于异议期的决定可以确定最终结果。"))
    if locked.objection_until and now < locked.objection_until:
        raise ValidationError(_("异议期未满，不能确定最终结果。"))
    locked.status = DecisionStatus.FINAL
    locked.published_at = now
    locked.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, before={"status": DecisionStatus.PRELIMINARY},
                 after={"status": DecisionStatus.FINAL}, reason=_("异议期满，确定最终结果"))
    decision.__dict__.update(locked.__dict__)
    return locked


# ---------------------------------------------------------------- verification


def verify_chain(decision: Decision) -> list[str]:
    """Problems found in the decision's ballot chain; empty when every ballot is intact."""
    problems = []
    previous = GENESIS
    ballots = list(Ballot.objects.filter(decision_id=decision.pk).select_related("roll_entry").order_by("sequence"))
    for expected, b in enumerate(ballots, start=1):
        if b.sequence != expected:
            problems.append(_("第 %(e)d 张选票缺失（下一张序号为 %(s)d）。") % {"e": expected, "s": b.sequence})
        if b.previous_hash != previous:
            problems.append(_("第 %(s)d 张选票的前序哈希与上一张不符。") % {"s": b.sequence})
        if ballot_hash(b) != b.hash:
            problems.append(_("第 %(s)d 张选票的内容与其哈希不符（已被改动）。") % {"s": b.sequence})
        if receipt_for(b.hash) != b.receipt_code:
            problems.append(_("第 %(s)d 张选票的回执码不符。") % {"s": b.sequence})
        previous = b.hash
    head = Decision.objects.filter(pk=decision.pk).values_list("chain_head", flat=True).first() or ""
    if head != (ballots[-1].hash if ballots else ""):
        problems.append(_("决定记录的链末端哈希与最后一张选票不符（选票被删除或追加）。"))
    return problems


def verify_receipt(decision: Decision, receipt_code: str) -> Ballot | None:
    """The intact ballot a voter's receipt code refers to, or None."""
    code = (receipt_code or "").strip().lower()
    for b in Ballot.objects.filter(decision_id=decision.pk, receipt_code=code).select_related("roll_entry"):
        if ballot_hash(b) == b.hash and receipt_for(b.hash) == b.receipt_code:
            return b
    return None


