"""The lifecycle table: every allowed step, and the refusal of everything else."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wuye.complaints.choices import WorkOrderAction as A
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.rules.transitions import (
    MERGEABLE,
    TRANSITIONS,
    TransitionError,
    allowed_actions,
    next_status,
)

HAPPY_PATH = [
    (S.RECEIVED, A.CLASSIFY, S.CLASSIFIED),
    (S.CLASSIFIED, A.DISPATCH, S.DISPATCHED),
    (S.DISPATCHED, A.ACKNOWLEDGE, S.HANDLING),
    (S.HANDLING, A.REPLY, S.REPLIED),
    (S.REPLIED, A.APPROVE_REPLY, S.REVIEWED),
    (S.REVIEWED, A.CALLBACK, S.REVIEWED),
    (S.REVIEWED, A.CLOSE, S.CLOSED),
    (S.CLOSED, A.ARCHIVE, S.ARCHIVED),
]
BRANCHES = [
    (S.RECEIVED, A.QUEUE_MANUAL, S.MANUAL_QUEUE),
    (S.MANUAL_QUEUE, A.CLASSIFY, S.CLASSIFIED),
    (S.DISPATCHED, A.RETURN, S.RETURNED),
    (S.RETURNED, A.DISPATCH, S.DISPATCHED),
    (S.RETURNED, A.RULE_FINALLY, S.DISPATCHED),
    (S.DISPATCHED, A.CLASSIFY, S.CLASSIFIED),
    (S.REPLIED, A.REJECT_REPLY, S.HANDLING),
    (S.REVIEWED, A.REDO, S.HANDLING),
    (S.HANDLING, A.REQUEST_EXTENSION, S.HANDLING),
    (S.HANDLING, A.REMIND, S.HANDLING),
    (S.DISPATCHED, A.SUPERVISE, S.DISPATCHED),
    (S.DISPATCHED, A.CHECK_IN, S.DISPATCHED),
    (S.DISPATCHED, A.MERGE, S.MERGED),
    (S.RECEIVED, A.MERGE, S.MERGED),
]


@pytest.mark.parametrize(("status", "action", "expected"), HAPPY_PATH + BRANCHES)
def test_allowed_steps(status, action, expected):
    assert next_status(status, action) == expected
    assert action in allowed_actions(status)


@pytest.mark.parametrize(("status", "action"), [
    (S.RECEIVED, A.REPLY), (S.DISPATCHED, A.REPLY), (S.HANDLING, A.RETURN), (S.CLOSED, A.REPLY),
    (S.ARCHIVED, A.CLOSE), (S.MERGED, A.CLASSIFY), (S.HANDLING, A.MERGE), (S.REPLIED, A.ACKNOWLEDGE),
    (S.REVIEWED, A.ARCHIVE), (S.CLOSED, A.REDO),
])
def test_refused_steps_say_why_in_chinese(status, action):
    with pytest.raises(TransitionError) as exc:
        next_status(status, action)
    assert str(S(status).label) in str(exc.value) and str(A(action).label) in str(exc.value)


@given(st.sampled_from(S.values), st.sampled_from(A.values))
def test_every_pair_either_moves_to_a_known_status_or_refuses(status, action):
    try:
        new = next_status(status, action)
    except TransitionError:
        assert action not in allowed_actions(status)
    else:
        assert new in S.values
        assert action in allowed_actions(status)


def test_terminal_states_have_no_way_out_but_notes():
    assert allowed_actions(S.MERGED) == []
    assert set(allowed_actions(S.ARCHIVED)) == {A.NOTE}
    assert all(s not in MERGEABLE for s in (S.HANDLING, S.CLOSED))
    assert all(src != S.ARCHIVED for src, _a in TRANSITIONS)
