from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "wuye.complaints"
    label = "complaints"
    verbose_name = _("投诉与工单")

    def ready(self) -> None:
        # Catalog edits and publications drop the cached catalogs (wuye.core.cache).
        from wuye.complaints.models import CatalogEntry, CatalogVersion
        from wuye.core.cache import watch

        watch("catalog", CatalogVersion, CatalogEntry)
