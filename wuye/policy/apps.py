from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "wuye.policy"
    label = "policy"
    verbose_name = _("政策参数")

    def ready(self) -> None:
        # Any change to a profile (service, admin, shell) drops every cached resolved profile.
        from django.db.models.signals import post_delete, post_save

        from wuye.core.cache import bump
        from wuye.policy.models import PolicyValue

        def changed(**kwargs):
            bump("policy")

        post_save.connect(changed, sender=PolicyValue, weak=False, dispatch_uid="policy-cache")
        post_delete.connect(changed, sender=PolicyValue, weak=False, dispatch_uid="policy-cache-del")
