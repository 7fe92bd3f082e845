from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wuye.accounts"
    label = "accounts"
    verbose_name = _("账户与角色")

    def ready(self) -> None:
        from wuye.accounts.models import RoleAssignment
        from wuye.core.cache import watch

        # Each request's scope is built from the user's role assignments (wuye.accounts.selectors).
        watch("roles", RoleAssignment)
