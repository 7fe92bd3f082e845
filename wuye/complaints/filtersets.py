"""Filters of the officials' work-order list."""
from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuye.complaints.choices import Channel, SupervisionLevel, Urgency, WorkOrderStatus
from wuye.complaints.models import WorkOrder
from wuye.core.filtersets import RegionPrefixFilter, ScopedFilterSet

SELECT = {"class": "form-select form-select-sm"}
INPUT = {"class": "form-control form-control-sm"}


class WorkOrderFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=WorkOrderStatus.choices,
                                         widget=forms.Select(attrs=SELECT))
    category = django_filters.CharFilter(label=_("事项分类"), field_name="category__code",
                                         widget=forms.Select(attrs=SELECT))
    channel = django_filters.ChoiceFilter(label=_("来源渠道"), choices=Channel.choices, widget=forms.Select(attrs=SELECT))
    urgency = django_filters.ChoiceFilter(label=_("紧急程度"), choices=Urgency.choices, widget=forms.Select(attrs=SELECT))
    supervision = django_filters.ChoiceFilter(label=_("督办"), choices=SupervisionLevel.choices,
                                              widget=forms.Select(attrs=SELECT))
    overdue = django_filters.BooleanFilter(label=_("超期"), method="filter_overdue",
                                           widget=forms.Select(attrs=SELECT, choices=[("", "—"), ("true", "是"),
                                                                                       ("false", "否")]))
    region = RegionPrefixFilter(label=_("区域"), field_name="region__code", widget=forms.Select(attrs=SELECT))
    received_from = django_filters.DateFilter(label=_("受理日期起"), field_name="received_at", lookup_expr="date__gte",
                                              widget=forms.DateInput(attrs={**INPUT, "type": "date"}))
    received_to = django_filters.DateFilter(label=_("受理日期止"), field_name="received_at", lookup_expr="date__lte",
                                            widget=forms.DateInput(attrs={**INPUT, "type": "date"}))

    class Meta:
        model = WorkOrder
        fields = ["status", "category", "channel", "urgency", "supervision", "overdue", "region",
                  "received_from", "received_to"]

    def __init__(self, *args, category_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["category"].widget.choices = [("", "---------"), *category_choices]

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        overdue = WorkOrder.objects.overdue(timezone.now()).values("pk")
        return qs.filter(pk__in=overdue) if value else qs.exclude(pk__in=overdue)
