from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "wuye.governance"
    label = "governance"
    verbose_name = _("业主自治")

    def ready(self) -> None:
        from wuye.core.events import subscribe
        from wuye.governance.services.committees import end_memberships_of_former_owners

        # GR 43: a committee member who stops owning a unit in the estate stops being a member at once
        # (the sweep catches any title change that bypassed these services, e.g. a bulk import).
        def ownership_changed(*, instance, changed=None, **kwargs):
            if changed is None or {"owner", "unit", "is_voided"} & set(changed):
                end_memberships_of_former_owners(estate_ids=[instance.estate_id])

        subscribe("estates.ownership.voided", ownership_changed)
        subscribe("estates.ownership.updated", ownership_changed)
