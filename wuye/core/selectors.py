"""Reads for the home page."""
from __future__ import annotations

from django.db.models import Count, Q


def home_summary(user) -> dict:
    from wuye.accounts.selectors import primary_region, user_roles
    from wuye.enterprises.models import Enterprise, ServiceContract
    from wuye.estates.choices import ManagementMode
    from wuye.estates.models import Estate, Unit

    estates = Estate.objects.visible_to(user).filter(is_voided=False)
    stats = estates.aggregate(
        total=Count("id"),
        unmanaged=Count("id", filter=Q(management_mode=ManagementMode.NONE)),
        class_a=Count("id", filter=Q(classification="A")),
        class_b=Count("id", filter=Q(classification="B")),
        class_c=Count("id", filter=Q(classification="C")),
    )
    return {
        "region": primary_region(user),
        "roles": sorted(user_roles(user)),
        "estates": stats,
        "units": Unit.objects.visible_to(user).filter(is_voided=False).count(),
        "enterprises": Enterprise.objects.visible_to(user).filter(is_voided=False).count(),
        "active_contracts": ServiceContract.objects.visible_to(user).filter(status="active").count(),
    }


def audit_entries(obj, *, extra_labels: dict[str, str] | None = None, limit: int = 100) -> list:
    """The audit trail of ``obj``, newest first, each entry with ``labelled_changes``: officials
    read field labels (地址), not column names (address)."""
    from django.contrib.contenttypes.models import ContentType

    from wuye.core.models import AuditEntry

    model = type(obj)
    ct = ContentType.objects.get_for_model(model)
    entries = list(AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")[:limit])
    labels = {f.name: str(f.verbose_name) for f in model._meta.fields} | (extra_labels or {})
    for entry in entries:
        entry.labelled_changes = [(labels.get(k, k), b, a) for k, b, a in entry.changes]
    return entries
