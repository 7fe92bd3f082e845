from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "wuye.complaints"
    label = "complaints"
    verbose_name = _("投诉与工单")

    def ready(self) -> None:
        # Catalog edits and publications drop the cached catalogs (wuye.core.cache).
        from django.db.models.signals import post_delete, post_save

        from wuye.complaints.models import CatalogEntry, CatalogVersion
        from wuye.core.cache import bump

        def changed(**kwargs):
            bump("catalog")

        for model in (CatalogVersion, CatalogEntry):
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"catalog-cache-{model.__name__}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"catalog-cache-del-{model.__name__}")
