"""FilterSet base: related-object filters take an id, never list the related table.

django-filter's default for a ForeignKey is a ModelChoiceFilter over the WHOLE related table:
its drop-down would show out-of-scope names, and "no such choice" versus "no rows" would tell
an outsider which ids exist. Here a foreign key filters by id with a plain number/text input.
"""
from __future__ import annotations

import django_filters
from django.db import models


class ScopedFilterSet(django_filters.FilterSet):
    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        if isinstance(field, models.ForeignKey | models.OneToOneField):
            target = field.target_field
            filter_class = django_filters.NumberFilter if isinstance(target, models.AutoField | models.BigAutoField | models.IntegerField) else django_filters.CharFilter
            return filter_class(field_name=field_name, lookup_expr=lookup_expr or "exact", label=field.verbose_name)
        return super().filter_for_field(field, field_name, lookup_expr)


def _regions_for_filter(request):
    from wuye.regions.models import Region

    qs = Region.objects.filter(level__in=(3, 4)).order_by("code")
    if request is None:  # schema generation
        return qs
    return qs.visible_to(request.user)


class RegionPrefixFilter(django_filters.ModelChoiceFilter):
    """Rows under a district or street (a choice among the user's own regions; the API takes the code).

    Matches the code's significant digits, so a district also finds its streets' and communities' rows.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", _regions_for_filter)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__startswith": value.prefix})
