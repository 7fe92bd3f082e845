"""What a notice is about: ``subject`` is "<kind>:<pk>" (e.g. "governance.supervision_order:7").

Each capability that publishes notices registers its subject kinds with a Chinese label (from its
AppConfig.ready), so the owners' notice board can show where a notice comes from without messaging
knowing the other apps' models.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DEFAULT_LABEL = _("公告")
_KINDS: dict[str, str] = {}


def register_subject_kind(kind: str, label: str) -> None:
    """Name a subject kind ("governance.meeting") for the notice board (its source label)."""
    if ":" in kind:
        raise ValueError(f"a subject kind has no ':' ({kind!r})")
    _KINDS[kind] = label


def subject_for(kind: str, pk: int | str) -> str:
    """The ``subject`` of a notice about record ``pk`` of ``kind``."""
    return f"{kind!s}:{pk}"


def subject_kind(subject: str) -> str:
    return (subject or "").partition(":")[0]


def subject_label(subject: str) -> str:
    """The registered label of the subject's kind; "公告" when the kind is unknown."""
    return _KINDS.get(subject_kind(subject), DEFAULT_LABEL)


def registered_kinds() -> dict[str, str]:
    return dict(_KINDS)
