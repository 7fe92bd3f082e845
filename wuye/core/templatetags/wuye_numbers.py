"""Numbers for people: counts with thousands separators in every language.

Django's ``intcomma`` follows the active locale, and its zh-hans format has no thousands
separator ("8061053"). Chinese statistics and finance group by three with commas (8,061,053),
as English does, so counts use that everywhere.
"""
from django import template

register = template.Library()


@register.filter
def thousands(value):
    """``8061053`` → ``8,061,053``; anything not a whole number is shown unchanged."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value
