"""The street's supervision of an owners' committee decision (000 §十四). Pure: no ORM, no settings.

"业主委员会做出违反法律法规……的决定，街道（乡镇）应当责令限期整改，拒不整改的依法依规撤销其决定，并公告业主。"

An order is either a correction order (责令限期整改) or a revocation (撤销). A correction order runs

    ordered --respond--> responded --accept--> accepted          (corrected; closed)
                                   --reject--> ordered           (report not accepted; respond again)
    ordered / responded --revoke--> revoked                      (拒不整改: the street revokes the decision)

and a revocation order is born ``revoked``. ``accepted`` and ``revoked`` are final.
"""
from __future__ import annotations

ORDERED = "ordered"
RESPONDED = "responded"
ACCEPTED = "accepted"
REVOKED = "revoked"

CORRECTION = "correction"
REVOCATION = "revocation"

RESPOND = "respond"
ACCEPT = "accept"
REJECT = "reject"
REVOKE = "revoke"

TRANSITIONS: dict[tuple[str, str], str] = {
    (ORDERED, RESPOND): RESPONDED,
    (RESPONDED, ACCEPT): ACCEPTED,
    (RESPONDED, REJECT): ORDERED,
    (ORDERED, REVOKE): REVOKED,
    (RESPONDED, REVOKE): REVOKED,
}
FINAL = frozenset({ACCEPTED, REVOKED})
OPEN = frozenset({ORDERED, RESPONDED})

# Who takes each action: the committee answers, the street decides.
COMMITTEE_ACTIONS = frozenset({RESPOND})
STREET_ACTIONS = frozenset({ACCEPT, REJECT, REVOKE})

STATUS_LABELS = {ORDERED: "待整改", RESPONDED: "已报告整改情况", ACCEPTED: "整改已验收", REVOKED: "决定已撤销"}
ACTION_LABELS = {RESPOND: "报告整改情况", ACCEPT: "验收通过", REJECT: "退回重新整改", REVOKE: "撤销决定"}


class TransitionError(ValueError):
    """An action the order's current status does not allow; the message is for the user."""


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        label = STATUS_LABELS.get(status, status)
        what = ACTION_LABELS.get(action, action)
        if status in FINAL:
            raise TransitionError(f"督办已结束（{label}），不能再“{what}”。") from None
        raise TransitionError(f"当前状态（{label}）不能“{what}”。") from None


def allowed_actions(status: str) -> list[str]:
    return [action for (s, action) in TRANSITIONS if s == status]


# ---------------------------------------------------------------- money and limits


def yuan_to_fen(value) -> int:
    """An amount in yuan (str, int or Decimal, at most 2 decimal places, not negative) as integer fen."""
    from decimal import Decimal, InvalidOperation

    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise ValueError(f"金额格式不正确：{value}") from None
    if not amount.is_finite():
        raise ValueError(f"金额格式不正确：{value}")
    if amount < 0:
        raise ValueError("金额不能为负数。")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"金额最多保留两位小数（到分）：{value}")
    return int(fen)


def fen_to_yuan(fen: int) -> str:
    """Integer fen shown as yuan with two decimals and thousands separators: 1234567 → '12,345.67'."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def deadline_level(due, today, *, warn_days: int = 0) -> str | None:
    """'overdue' once ``today`` is past ``due``; 'warning' within ``warn_days`` before it; else None."""
    if due is None:
        return None
    if today > due:
        return "overdue"
    if (due - today).days <= warn_days:
        return "warning"
    return None
