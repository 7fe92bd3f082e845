from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstatesConfig(AppConfig):
    name = "wuye.estates"
    label = "estates"
    verbose_name = _("小区登记")

    def ready(self) -> None:
        from wuye.core.cache import watch
        from wuye.estates.models import Estate

        # Address resolution reads a cached index of estate names (wuye.complaints.selectors).
        watch("address", Estate)
