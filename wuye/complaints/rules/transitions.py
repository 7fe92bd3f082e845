"""The 12345 work-order lifecycle as a table. Pure: no ORM, no settings.

受理 → 分类 → 派单 (主办 + 协办) → 签收 or 退单 → 办理 → 答复 → 审核 → 回访 → 办结 → 归档,
with 退单 back to the dispatcher, 重办 on an unfounded reply or dissatisfaction caused by the
handler, and merging of duplicates. 延期, 催办, 督办 and 报到 are events that keep the status.
"""
from __future__ import annotations

from wuye.complaints.choices import WorkOrderAction as A
from wuye.complaints.choices import WorkOrderStatus as S


class TransitionError(ValueError):
    """An action that the order's current status does not allow; the message is for the user."""


# (status, action) -> new status
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.RECEIVED, A.CLASSIFY): S.CLASSIFIED,
    (S.RECEIVED, A.QUEUE_MANUAL): S.MANUAL_QUEUE,
    (S.MANUAL_QUEUE, A.CLASSIFY): S.CLASSIFIED,
    (S.CLASSIFIED, A.CLASSIFY): S.CLASSIFIED,
    (S.CLASSIFIED, A.DISPATCH): S.DISPATCHED,
    (S.DISPATCHED, A.ACKNOWLEDGE): S.HANDLING,
    (S.DISPATCHED, A.RETURN): S.RETURNED,
    (S.DISPATCHED, A.CLASSIFY): S.CLASSIFIED,  # re-categorising re-routes
    (S.RETURNED, A.CLASSIFY): S.CLASSIFIED,
    (S.RETURNED, A.DISPATCH): S.DISPATCHED,
    (S.RETURNED, A.RULE_FINALLY): S.DISPATCHED,  # the dispatcher rules finally: no further return
    (S.HANDLING, A.REPLY): S.REPLIED,
    (S.REPLIED, A.APPROVE_REPLY): S.REVIEWED,
    (S.REPLIED, A.REJECT_REPLY): S.HANDLING,
    (S.REVIEWED, A.CALLBACK): S.REVIEWED,  # the callback records satisfaction; close or redo follows
    (S.REVIEWED, A.CLOSE): S.CLOSED,
    (S.REVIEWED, A.REDO): S.HANDLING,
    (S.CLOSED, A.ARCHIVE): S.ARCHIVED,
}

# Actions that record an event but keep the status, and the statuses where they are allowed.
OPEN_FOR_HANDLING = {S.DISPATCHED, S.HANDLING}
IN_PLACE: dict[str, set[str]] = {
    A.REQUEST_EXTENSION: {S.HANDLING},
    A.APPROVE_EXTENSION: {S.HANDLING, S.REPLIED},
    A.REJECT_EXTENSION: {S.HANDLING, S.REPLIED},
    A.REMIND: OPEN_FOR_HANDLING,
    A.SUPERVISE: OPEN_FOR_HANDLING | {S.RETURNED, S.CLASSIFIED, S.MANUAL_QUEUE},
    A.CHECK_IN: {S.DISPATCHED, S.HANDLING},
    A.NOTE: set(S.values) - {S.MERGED},
}

# Any status before handling may be merged into another order.
MERGEABLE = {S.RECEIVED, S.MANUAL_QUEUE, S.CLASSIFIED, S.DISPATCHED, S.RETURNED}

TERMINAL = {S.ARCHIVED, S.MERGED}
OPEN_STATUSES = set(S.values) - {S.CLOSED, S.ARCHIVED, S.MERGED}
# Statuses during which the handling deadline runs.
RUNNING = {S.DISPATCHED, S.HANDLING, S.RETURNED}


def next_status(status: str, action: str) -> str:
    """The status after ``action``; raises TransitionError if the action is not allowed now."""
    if action == A.MERGE:
        if status in MERGEABLE:
            return S.MERGED
    elif (status, action) in TRANSITIONS:
        return TRANSITIONS[(status, action)]
    elif status in IN_PLACE.get(action, ()):
        return status
    raise TransitionError(
        f"工单当前状态为“{S(status).label}”，不能执行“{A(action).label}”。"
    )


def allowed_actions(status: str) -> list[str]:
    actions = [a for (s, a) in TRANSITIONS if s == status]
    actions += [a for a, statuses in IN_PLACE.items() if status in statuses]
    if status in MERGEABLE:
        actions.append(A.MERGE)
    return list(dict.fromkeys(actions))
