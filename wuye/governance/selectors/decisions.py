"""How other capabilities read owners' joint decisions: the one interface for "did the owners decide X".

Fund use (matter 5), hiring or dismissing an enterprise (matter 4), the first assembly's rules (1, 2) and
electing the committee (3) all ask the same question through ``require_passed``.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wuye.governance.choices import DecisionStatus
from wuye.governance.models import Decision
from wuye.governance.rules.ballot import MATTERS, PASSED



def decision_passed(decision: Decision) -> bool:
    """True when the decision's result is final (objection window over) and the outcome is PASSED."""
    return decision.status == DecisionStatus.FINAL and (decision.result or {}).get("outcome") == PASSED


def require_passed(decision: Decision | None, *, estate, matters: tuple[int, ...] | list[int]) -> Decision:
    """The decision, if it is a final PASSED decision of ``estate`` on one of ``matters``; else a clear error."""
    if decision is None:
        raise ValidationError(_("需要业主共同决定的依据。"))
    if decision.estate_id != getattr(estate, "pk", estate):
        raise ValidationError(_("所引用的共同决定不属于本小区。"))
    if decision.matter not in matters:
        wanted = "、".join(MATTERS[m] for m in matters)
        raise ValidationError(_("所引用的共同决定事项不符：需要“%(w)s”。") % {"w": wanted})
    if not decision_passed(decision):
        raise ValidationError(_("所引用的共同决定尚未通过或结果尚未最终确定（%(s)s）。")
                              % {"s": decision.get_status_display()})
    return decision


def passed_decisions(*, estate, matter: int):
    """Final, passed decisions of an estate on one matter, newest first."""
    return (Decision.objects.filter(estate=estate, matter=matter, status=DecisionStatus.FINAL,
                                    result__outcome=PASSED).order_by("-published_at"))
