"""Writes on the registry of estates."""
from __future__ import annotations

from django.db import transaction

from wuye.core.services import record_create, record_update
from wuye.estates.models import Estate, EstateClassificationRecord, Owner, Ownership, Unit


@transaction.atomic
def estate_classify(*, actor, estate: Estate, classification: str, effective_date, reason: str = "") -> EstateClassificationRecord:
    """Record an A/B/C classification (002 §三(二)); the estate's current class follows the newest record."""
    locked = Estate.objects.select_for_update().get(pk=estate.pk)
    record = EstateClassificationRecord(
        estate=locked, classification=classification, effective_date=effective_date, reason=reason, decided_by=actor
    )
    record_create(actor=actor, instance=record)
    newest = locked.classification_history.order_by("-effective_date", "-id").first()
    if newest and newest.classification != locked.classification:
        record_update(actor=actor, instance=locked, data={"classification": newest.classification},
                      reason=f"分类记录 {newest.effective_date}")
    estate.classification = newest.classification if newest else estate.classification
    return record


@transaction.atomic
def owner_create(*, actor, owner: Owner, unit: Unit, is_nominee: bool = False) -> Owner:
    """Register an owner together with the unit they own (an owner without a unit is in no one's scope)."""
    record_create(actor=actor, instance=owner)
    record_create(actor=actor, instance=Ownership(unit=unit, owner=owner, estate_id=unit.estate_id, is_nominee=is_nominee))
    return owner
