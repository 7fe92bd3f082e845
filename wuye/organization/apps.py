from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "wuye.organization"
    label = "organization"
    verbose_name = _("党建与双包")
