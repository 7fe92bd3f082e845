"""Writes shared by every app: create, update and void an official record, each audited.

App services call these after applying their own rules, so that every change by a person
lands in the audit log with before/after, inside one transaction, or not at all.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.core.choices import AuditAction
from wuye.core.events import announce, model_fact
from wuye.core.models import AuditEntry

SKIP_FIELDS = {"created_at", "updated_at"}
# Never copied into the audit log: a password hash there could be read and attacked offline.
# Password changes are audited by name only (wuye.accounts.services).
SECRET_FIELDS = {"password"}


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of a row, JSON-safe (foreign keys as ids)."""
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in SKIP_FIELDS or f.name in SECRET_FIELDS:
            continue
        data[f.name] = _json_value(getattr(obj, f.attname))
    return data


def region_code_of(obj: models.Model) -> str:
    try:
        return getattr(obj, "region_code", "") or ""
    except Exception:  # noqa: BLE001 - a missing relation must not stop the audit
        return ""


def audit_record(
    *, actor, action: str, obj: models.Model, before: dict | None = None, after: dict | None = None, reason: str = ""
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        region_code=region_code_of(obj)[:12],
        before=before,
        after=after,
        reason=reason[:500],
    )


def integrity_error_message(exc: IntegrityError, model: type[models.Model]) -> str:
    """A clear message for a constraint the database refused (a race the Python check missed)."""
    text = str(exc)
    for constraint in model._meta.constraints:
        if constraint.name in text:
            return str(constraint.get_violation_error_message())
    return _("数据与已有记录冲突，未保存：%(detail)s") % {"detail": text.splitlines()[0][:200]}


def save_checked(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """full_clean then save; a constraint the database still refuses becomes a ValidationError."""
    instance.full_clean(exclude=exclude)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(integrity_error_message(exc, type(instance))) from None


@transaction.atomic
def record_create(*, actor, instance: models.Model, reason: str = "") -> models.Model:
    """Validate, save and audit a new official record."""
    save_checked(instance)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=instance, after=snapshot(instance), reason=reason)
    return instance


@transaction.atomic
def record_update(*, actor, instance: models.Model, data: dict[str, Any], reason: str = "") -> models.Model:
    """Apply ``data`` to a locked copy of the row, validate, save and audit the difference."""
    model = type(instance)
    locked = model._base_manager.select_for_update().get(pk=instance.pk)
    if getattr(locked, "is_voided", False):
        raise ValidationError(_("已作废的记录不能修改。"))
    before = snapshot(locked)
    for key, value in data.items():
        setattr(locked, key, value)
    save_checked(locked)
    after = snapshot(locked)
    if after != before:
        changed = {k for k in after if after[k] != before.get(k)}
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=locked,
            before={k: before.get(k) for k in changed}, after={k: after[k] for k in changed}, reason=reason,
        )
        announce(model_fact(locked, "updated"), instance=locked, changed=changed)
    instance.__dict__.update(locked.__dict__)
    return locked


@transaction.atomic
def record_void(*, actor, instance: models.Model, reason: str) -> models.Model:
    """Void an official record with a reason; it stays in the database and in its history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("作废必须填写原因。")})
    model = type(instance)
    locked = model._base_manager.select_for_update().get(pk=instance.pk)
    if locked.is_voided:
        raise ValidationError(_("该记录已作废。"))
    locked.is_voided = True
    locked.voided_at = timezone.now()
    locked.voided_by = actor if getattr(actor, "pk", None) else None
    locked.void_reason = reason[:500]
    locked.save(update_fields=["is_voided", "voided_at", "voided_by", "void_reason", "updated_at"])
    audit_record(
        actor=actor, action=AuditAction.VOID, obj=locked,
        before={"is_voided": False}, after={"is_voided": True}, reason=reason,
    )
    announce(model_fact(locked, "voided"), instance=locked)
    instance.__dict__.update(locked.__dict__)
    return locked
