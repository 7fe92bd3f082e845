from django import template

from wuye.core.files import file_url as _file_url

register = template.Library()


@register.simple_tag
def file_url(obj, field: str) -> str:
    """``{% file_url document "file" %}``: the scoped download link of an uploaded document."""
    return _file_url(obj, field) if obj is not None else ""
