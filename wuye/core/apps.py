from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wuye.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from wuye.core.cache import request_begin, request_end

        request_started.connect(request_begin, dispatch_uid="wuye-cache-request-begin")
        request_finished.connect(request_end, dispatch_uid="wuye-cache-request-end")
