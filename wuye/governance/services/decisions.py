"""Writes on owners' joint decisions: draft, open (freeze the roll), cast a ballot, close, finalise, void.

Rights (``wuye.governance.selectors.decisions``): the organiser — the estate's committee members, or
the street office over the estate (for the street and the 筹备组 it leads) — opens, closes, finalises,
voids and enters paper and proxy ballots; an e-ballot is cast only by the voter themself (an owner on
the roll, through the ``speakers`` of their roll entry). ``actor=None`` is the platform itself
(management commands, the demo loader, the benchmark's set-up) and is not checked.

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
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.choices import AuditAction
from wuye.core.services import audit_record, snapshot
from wuye.estates.choices import DeliveryStatus
from wuye.estates.models import Estate, Ownership, Unit
from wuye.governance.choices import (
    BallotChannel,
    BallotChoice,
    DecisionStatus,
    NoticeSubject,
    OrganiserKind,
)
from wuye.governance.models import Ballot, Decision, RollEntry
from wuye.governance.rules import ballot as rules
from wuye.governance.selectors import decisions as selectors

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


def _require_organiser(actor, target, *, organiser: str | None = None) -> None:
    if actor is None:
        return
    if organiser is not None:
        if organiser not in selectors.organiser_kinds(actor, target):
            raise PermissionDenied(_("您不是该小区的组织者（业主委员会成员，或街道物业办），不能以“%(o)s”名义组织表决。")
                                   % {"o": OrganiserKind(organiser).label if organiser in OrganiserKind.values
                                      else organiser})
        return
    if not selectors.can_organise(actor, target):
        raise PermissionDenied(_("只有该决定的组织者（业主委员会成员，或管辖该小区的街道物业办）可以进行此操作。"))


def _check_fields(*, matter, title, closes_at, organiser, now) -> None:
    errors = {}
    if matter not in rules.MATTERS:
        errors["matter"] = _("表决事项应为 1–9。")
    if organiser not in OrganiserKind.values:
        errors["organiser"] = _("未知的组织者：%(o)s") % {"o": organiser}
    if not (title or "").strip():
        errors["title"] = _("议题不能为空。")
    if closes_at is None or closes_at <= now:
        errors["closes_at"] = _("截止时间必须晚于开始时间。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_draft_create(*, actor, estate: Estate, matter: int, title: str, closes_at: dt.datetime,
                          organiser: str, notice_text: str = "", notice_attachment=None,
                          now: dt.datetime | None = None) -> Decision:
    """A draft decision with its meeting notice (R1.12): published now, voting opens later."""
    from wuye.messaging.services import notice_publish

    now = _now(now)
    _check_fields(matter=matter, title=title, closes_at=closes_at, organiser=organiser, now=now)
    _require_organiser(actor, estate, organiser=organiser)
    decision = Decision.objects.create(estate=estate, matter=matter, title=title.strip(), organiser=organiser,
                                       closes_at=closes_at, status=DecisionStatus.DRAFT)
    if (notice_text or "").strip() or notice_attachment:
        notice_publish(actor=actor, estate=estate, subject=notice_subject(decision), title=decision.title,
                       body=notice_text or "", attachment=notice_attachment,
                       publisher=_notice_publisher(estate, organiser), now=now)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=decision, after=snapshot(decision),
                 reason=_("拟定表决事项（草稿），发布会议通知"))
    return decision


def _notice_publisher(estate: Estate, organiser: str) -> str:
    """Who the owners read as the notice's publisher: the estate's committee, or the organiser's title."""
    if organiser == OrganiserKind.COMMITTEE:
        from wuye.governance.models import Committee

        committee = Committee.objects.filter(estate=estate).live().order_by("-id").first()
        if committee is not None:
            return committee.name
    return str(OrganiserKind(organiser).label)


def notice_subject(decision: Decision) -> str:
    from wuye.messaging.notices import subject_for

    return subject_for(NoticeSubject.DECISION, decision.pk)


def decision_notice(decision: Decision):
    """The first published meeting notice of a decision, or None."""
    from wuye.messaging.models import Notice

    return Notice.objects.filter(subject=notice_subject(decision)).order_by("published_at").first()


def notice_warning(decision: Decision, *, opens_at: dt.datetime | None = None) -> str:
    """A warning when voting opens less than ``meeting_notice_days`` after the notice (R1.12, PMR 14)."""
    from wuye.policy.selectors import get_parameter

    days = get_parameter(decision.estate.region, "meeting_notice_days")
    opens_at = opens_at or decision.opened_at or timezone.now()
    notice = decision_notice(decision)
    if notice is None:
        return _("未发布会议通知：业主大会会议应于 %(d)d 日前通知全体业主并告知居委会（物业管理条例第十四条）。") % {"d": days}
    earliest = notice.published_at + dt.timedelta(days=days)
    if opens_at < earliest:
        return _("会议通知于 %(n)s 发布，距开始表决不足 %(d)d 日（最早 %(e)s）；请确认已依规提前通知。") % {
            "n": timezone.localtime(notice.published_at).strftime("%Y-%m-%d %H:%M"), "d": days,
            "e": timezone.localtime(earliest).strftime("%Y-%m-%d %H:%M")}
    return ""


def _freeze_roll(decision: Decision) -> int:
    estate = decision.estate
    units = registry_units(estate)
    try:
        roll = rules.build_roll(units)
    except rules.RollError as exc:
        raise ValidationError(str(exc)) from None
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
    return len(entries)


@transaction.atomic
def decision_open(*, actor, estate: Estate, matter: int, title: str, closes_at: dt.datetime, organiser: str,
                  now: dt.datetime | None = None) -> Decision:
    """Open voting: freeze the roll from today's registry. Later registry changes do not touch it."""
    now = _now(now)
    _check_fields(matter=matter, title=title, closes_at=closes_at, organiser=organiser, now=now)
    _require_organiser(actor, estate, organiser=organiser)
    decision = Decision.objects.create(estate=estate, matter=matter, title=title.strip(), organiser=organiser,
                                       opened_at=now, closes_at=closes_at, status=DecisionStatus.OPEN)
    n = _freeze_roll(decision)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=decision, after=snapshot(decision),
                 reason=_("开始表决，冻结表决名册（%(n)d 人）") % {"n": n})
    return decision


@transaction.atomic
def decision_open_draft(*, actor, decision: Decision, closes_at: dt.datetime | None = None,
                        now: dt.datetime | None = None) -> Decision:
    """Open a draft for voting: freeze the roll now (the notice warning is ``notice_warning``)."""
    now = _now(now)
    locked = Decision.objects.select_for_update().select_related("estate").get(pk=decision.pk)
    _require_organiser(actor, locked)
    if locked.status != DecisionStatus.DRAFT:
        raise ValidationError(_("只有草稿状态的决定可以开始表决。"))
    closes_at = closes_at or locked.closes_at
    if closes_at <= now:
        raise ValidationError({"closes_at": _("截止时间必须晚于开始时间。")})
    locked.status = DecisionStatus.OPEN
    locked.opened_at = now
    locked.closes_at = closes_at
    locked.save(update_fields=["status", "opened_at", "closes_at", "updated_at"])
    n = _freeze_roll(locked)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, before={"status": DecisionStatus.DRAFT},
                 after={"status": DecisionStatus.OPEN, "opened_at": now.isoformat()},
                 reason=_("开始表决，冻结表决名册（%(n)d 人）") % {"n": n})
    decision.__dict__.update(locked.__dict__)
    return locked


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


def _require_may_cast(actor, decision: Decision, voter_key: str, channel: str) -> None:
    """E-ballots: only the voter themself. Paper and proxy ballots: only the organiser enters them."""
    if actor is None:
        return
    if channel == BallotChannel.ELECTRONIC:
        if voter_key not in selectors.owner_ids_of(actor):
            raise PermissionDenied(_("电子投票只能由业主本人登录后投出，不能替他人投票。"))
        return
    if not selectors.can_organise(actor, decision):
        raise PermissionDenied(_("纸质表决票和书面委托投票只能由本次表决的组织者录入。"))


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
    _require_may_cast(actor, locked, str(voter_key), channel)
    if choice not in BallotChoice.values:
        raise ValidationError({"choice": _("表决意见应为同意、反对或弃权。")})
    if channel not in BallotChannel.values:
        raise ValidationError({"channel": _("未知的投票方式：%(c)s") % {"c": channel}})
    if channel == BallotChannel.PROXY and not proxy_document:
        raise ValidationError({"proxy_document": _("委托投票须上传书面授权委托书。")})
    if channel == BallotChannel.PAPER and not scanned_ballot:
        raise ValidationError({"scanned_ballot": _("纸质表决票须上传扫描件。")})
    voter_key = str(voter_key)
    # Usually the speaker is the voter key itself (one query); else look through the roll (developer,
    # co-owners). A person who speaks for some entry is never also "only a co-owner" (build_roll).
    entry = RollEntry.objects.filter(decision=locked, voter_key=voter_key).first()
    for e in ([] if entry else locked.roll.all()):
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
    if channel == BallotChannel.ELECTRONIC:
        _send_receipt(ballot, locked)
    return ballot


def _send_receipt(ballot: Ballot, decision: Decision) -> None:
    """The e-ballot receipt by SMS too (on commit), to the phone of the person who cast it."""
    from wuye.estates.models import Owner
    from wuye.messaging.choices import SmsPurpose
    from wuye.messaging.services import sms_send

    phone = (Owner.objects.filter(pk=int(ballot.cast_as)).values_list("phone", flat=True).first()
             if ballot.cast_as.isdigit() else "")
    if phone:
        sms_send(phone=phone, purpose=SmsPurpose.BALLOT_RECEIPT,
                 body=_("【物业监管平台】您已对决定 %(d)d「%(t)s」投票，回执码 %(r)s。可在 /vote/verify/ 核验。")
                 % {"d": decision.pk, "t": decision.title[:30], "r": ballot.receipt_code})


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
    _require_organiser(actor, locked)
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
    locked = Decision.objects.select_for_update().select_related("estate").get(pk=decision.pk)
    _require_organiser(actor, locked)
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
    final = Decision.objects.get(pk=locked.pk)
    transaction.on_commit(lambda: selectors.notify_finalised(final), robust=True)
    return locked


VOIDABLE = (DecisionStatus.DRAFT, DecisionStatus.OPEN, DecisionStatus.CLOSED, DecisionStatus.PRELIMINARY)


@transaction.atomic
def decision_void(*, actor, decision: Decision, reason: str, now: dt.datetime | None = None) -> Decision:
    """Void a decision before its result is final (e.g. a flawed roll or notice); ballots stay as cast."""
    locked = Decision.objects.select_for_update().select_related("estate").get(pk=decision.pk)
    _require_organiser(actor, locked)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("作废须填写原因。")})
    if locked.status not in VOIDABLE:
        raise ValidationError(_("%(s)s的决定不能作废（最终结果公布后只能依法向人民法院请求撤销）。")
                              % {"s": locked.get_status_display()})
    before = locked.status
    locked.status = DecisionStatus.VOIDED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=AuditAction.VOID, obj=locked, before={"status": before},
                 after={"status": DecisionStatus.VOIDED}, reason=reason)
    decision.__dict__.update(locked.__dict__)
    return locked


def void_reason(decision: Decision) -> str:
    from django.contrib.contenttypes.models import ContentType

    from wuye.core.models import AuditEntry

    entry = (AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Decision),
                                       object_id=str(decision.pk), action=AuditAction.VOID).order_by("-at").first())
    return entry.reason if entry else ""


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


