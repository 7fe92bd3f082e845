"""Demo work orders: realistic 12345 requests for the demo city, taken through their lifecycle.

Each order goes through the real services (classification, routing, deadlines, events); then its
timestamps are moved back into the last 90 days so that lists, overdue marks and KPIs look lived-in.
Deterministic for a seed. Skipped when the city already has work orders.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wuye.accounts.models import User
from wuye.complaints import services
from wuye.complaints.choices import Channel
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import WorkOrder, WorkOrderEvent
from wuye.estates.models import Estate

MESSAGES = Path(__file__).resolve().parent.parent / "complaints" / "data" / "train_set.jsonl"
CHANNELS = [Channel.HOTLINE] * 6 + [Channel.WEB] * 3 + [Channel.OFFICIAL]
SURNAMES = "王李张刘陈杨赵黄周吴"


def generate_demo_orders(*, city: str, count: int = 200, seed: int = 42, focus_street: str | None = None) -> int:
    if WorkOrder.objects.filter(region__code__startswith=city).exists():
        return 0
    rng = random.Random(seed)
    admin = User.objects.filter(is_superuser=True).order_by("id").first()
    messages = [json.loads(line) for line in MESSAGES.read_text(encoding="utf-8").splitlines() if line.strip()]
    estates = list(Estate.objects.filter(region__code__startswith=city, is_voided=False).order_by("id"))
    focus = [e for e in estates if focus_street and e.region_id.startswith(focus_street[:9])]
    now = timezone.now()
    created = 0
    for i in range(count):
        # Half the orders in the focus street, so the demo street official has plenty to do.
        estate = rng.choice(focus) if focus and i % 2 == 0 else rng.choice(estates)
        msg = rng.choice(messages)
        with transaction.atomic():
            order = services.work_order_submit(
                actor=admin, channel=rng.choice(CHANNELS), title=msg["title"] or msg["body"][:20], body=msg["body"],
                estate=estate, region=estate.region, address=f"{estate.name}{rng.randint(1, 20)}号楼",
                complainant_name=rng.choice(SURNAMES) + rng.choice(["先生", "女士"]),
                complainant_phone=f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
                urgency="urgent" if rng.random() < 0.08 else "normal", dedupe=False,
            )
            _advance(order, admin=admin, rng=rng)
            _shift(order, days=rng.uniform(0, 90), now=now, rng=rng)
        created += 1
    services.sweep_timers()
    return created


def _advance(order: WorkOrder, *, admin, rng: random.Random) -> None:
    """Take an order a random distance along its lifecycle, as the people involved would."""
    order.refresh_from_db()
    if order.status != S.DISPATCHED:
        return
    roll = rng.random()
    if roll < 0.15:
        return  # waiting for 签收
    if roll < 0.22:
        services.work_order_return(actor=admin, order=order, reason_code=rng.choice(["wrong_function", "wrong_locality"]),
                                   reason="非本单位职责")
        return
    services.work_order_acknowledge(actor=admin, order=order)
    if roll < 0.40:
        return  # 办理中
    services.work_order_reply(actor=admin, order=order, reply="已现场核实并处理，已与诉求人沟通。")
    if roll < 0.48:
        return
    services.work_order_review(actor=admin, order=order, approve=True)
    if roll < 0.55:
        return  # 待回访
    satisfaction = rng.choices(["satisfied", "basically", "dissatisfied"], weights=[70, 20, 10])[0]
    services.work_order_callback(actor=admin, order=order, satisfaction=satisfaction,
                                 resolved=satisfaction != "dissatisfied", handler_at_fault=False)


def _shift(order: WorkOrder, *, days: float, now: dt.datetime, rng: random.Random | None = None) -> None:
    """Move the order into the past: it was received ``days`` + its handling time ago, and the
    handling steps happened over a few days, so durations and on-time rates look lived-in."""
    rng = rng or random.Random(order.pk)
    handling = dt.timedelta(days=rng.uniform(0.3, 8))
    start = dt.timedelta(days=days) + handling
    ack = start - min(handling, dt.timedelta(hours=rng.uniform(1, 30)))
    end = dt.timedelta(days=days)
    starts = ["received_at", "dispatched_at", "ack_deadline_at", "deadline_at"]
    WorkOrder.objects.filter(pk=order.pk).update(
        **{f: F(f) - start for f in starts}, acknowledged_at=F("acknowledged_at") - ack,
        replied_at=F("replied_at") - end, closed_at=F("closed_at") - end,
    )
    WorkOrderEvent.objects.filter(order=order, action__in=["submit", "classify", "queue_manual", "dispatch"]).update(
        at=F("at") - start)
    WorkOrderEvent.objects.filter(order=order, action__in=["acknowledge", "return"]).update(at=F("at") - ack)
    WorkOrderEvent.objects.exclude(action__in=["submit", "classify", "queue_manual", "dispatch", "acknowledge", "return"]
                                   ).filter(order=order).update(at=F("at") - end)
