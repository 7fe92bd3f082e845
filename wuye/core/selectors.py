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
