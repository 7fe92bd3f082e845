"""Writes on policy profiles: every change audited, the whole form saved or nothing."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core.choices import AuditAction
from wuye.core.services import audit_record
from wuye.policy.models import PolicyValue
from wuye.policy.permissions import can_edit_profile
from wuye.policy.rules.parameters import ParameterError, check_consistency, get_definition
from wuye.policy.selectors import resolved_values
from wuye.regions.models import Region

INHERIT = object()


@transaction.atomic
def policy_profile_update(*, actor, region: Region, values: dict[str, Any], note: str = "") -> list[PolicyValue]:
    """Set (or, with INHERIT, remove) overrides on a region's profile.

    ``values`` maps parameter keys to raw input or INHERIT. Raises ValidationError with one message
    per bad parameter; nothing is saved unless every value is valid.
    """
    if not can_edit_profile(actor, region):
        raise PermissionDenied(_("您没有修改该区划政策参数的权限。"))
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Any] = {}
    for key, raw in values.items():
        try:
            definition = get_definition(key)
            parsed[key] = INHERIT if raw is INHERIT else definition.parse(raw)
        except ParameterError as exc:
            errors.setdefault(key, []).append(str(exc))
    if errors:
        raise ValidationError(errors)
    changed = []
    existing = {pv.key: pv for pv in PolicyValue.objects.select_for_update().filter(region=region, key__in=parsed)}
    for key, value in parsed.items():
        current = existing.get(key)
        if value is INHERIT:
            if current is not None:
                before = {"value": current.value}
                current_pk = current.pk
                audit_record(actor=actor, action=AuditAction.VOID, obj=current, before=before, after=None,
                             reason=note or _("恢复继承上级/国家默认值"))
                PolicyValue.objects.filter(pk=current_pk).delete()
            continue
        if current is None:
            pv = PolicyValue.objects.create(region=region, key=key, value=value, note=note, updated_by=actor)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=pv, after={"key": key, "value": value}, reason=note)
            changed.append(pv)
        elif current.value != value:
            before = {"value": current.value}
            current.value, current.note, current.updated_by = value, note or current.note, actor
            current.save()
            audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, before=before, after={"value": value}, reason=note)
            changed.append(current)
    problems = check_consistency(resolved_values(region))
    # Regions below that set their own values inherit the rest from here: they must stay consistent too.
    below = (
        PolicyValue.objects.filter(region__code__startswith=region.prefix).exclude(region=region)
        .values_list("region_id", flat=True).distinct()
    )
    for code in sorted(set(below)):
        for problem in check_consistency(resolved_values(code)):
            child = Region.objects.get(code=code)
            problems.append(_("下级“%(r)s”：%(p)s") % {"r": child.full_name or child.name, "p": problem})
    if problems:
        raise ValidationError({"__all__": problems})
    return changed
