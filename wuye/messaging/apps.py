from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wuye.messaging"
    verbose_name = _("短信与通知")

    def ready(self) -> None:
        from wuye.core import files
        from wuye.messaging.models import Notice

        files.register(Notice, "attachment")
