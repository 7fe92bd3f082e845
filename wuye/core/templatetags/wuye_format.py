"""Values as people read them on the audit card: 是/否 for booleans, — for nothing."""
from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def audit_value(value):
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if value is None or value == "":
        return "—"
    return value
