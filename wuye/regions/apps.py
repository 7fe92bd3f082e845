from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "wuye.regions"
    label = "regions"
    verbose_name = _("行政区划")

    def ready(self) -> None:
        from wuye.core.cache import watch
        from wuye.regions.models import Department, Region

        # Street/community names for address resolution; departments for routing.
        watch("address", Region)
        watch("departments", Department)
