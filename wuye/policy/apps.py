from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "wuye.policy"
    label = "policy"
    verbose_name = _("政策参数")

    def ready(self) -> None:
        # Any change to a profile (service, admin, shell) drops every cached resolved profile.
        from wuye.core.cache import watch
        from wuye.policy.models import PolicyValue

        watch("policy", PolicyValue)
