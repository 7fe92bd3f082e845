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
