from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.core.api.viewsets import ScopedModelViewSet
from wuye.core.services import record_create
from wuye.estates import filtersets
from wuye.estates.api import serializers as s
from wuye.estates.models import Building, Estate, ManagementAreaFiling, Owner, Ownership, Unit
from wuye.estates.services import estate_classify


class EstateViewSet(ScopedModelViewSet):
    """小区（住宅小区）。"""

    queryset = Estate.objects.all()
    serializer_class = s.EstateSerializer
    filterset_class = filtersets.EstateFilterSet
    search_fields = ("name", "aliases", "address")
    select_related = ("region",)

    @extend_schema(request=s.EstateClassifySerializer, responses={201: s.EstateClassifySerializer},
                   description="调整小区 A/B/C 分类：新增一条分类记录，小区当前分类随最新记录变化。")
    @action(detail=True, methods=["post"])
    def classify(self, request, pk=None):
        estate = self.get_object()
        self.check_editable(estate)
        body = s.EstateClassifySerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        record = estate_classify(actor=request.user, estate=estate, **body.validated_data)
        return Response(s.EstateClassifySerializer(record).data, status=status.HTTP_201_CREATED)


class BuildingViewSet(ScopedModelViewSet):
    """楼栋。"""

    queryset = Building.objects.all()
    serializer_class = s.BuildingSerializer
    filterset_class = filtersets.BuildingFilterSet
    search_fields = ("number", "estate__name")
    select_related = ("estate",)


class UnitViewSet(ScopedModelViewSet):
    """房屋（专有部分）。"""

    queryset = Unit.objects.all()
    serializer_class = s.UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    search_fields = ("number", "estate__name")
    select_related = ("estate", "building")


class OwnerViewSet(ScopedModelViewSet):
    """业主：身份证号、手机号在输出中脱敏。"""

    queryset = Owner.objects.all()
    serializer_class = s.OwnerSerializer
    filterset_class = filtersets.OwnerFilterSet
    search_fields = ("name",)

    def create_object(self, serializer):
        data = dict(serializer.validated_data)
        unit = data.pop("unit", None)
        with transaction.atomic():
            owner = Owner(**data)
            record_create(actor=self.request.user, instance=owner)
            if unit is not None:
                record_create(actor=self.request.user, instance=Ownership(unit=unit, owner=owner, estate=unit.estate))
        return owner

    def update_object(self, serializer, instance):
        serializer.validated_data.pop("unit", None)
        return super().update_object(serializer, instance)


class OwnershipViewSet(ScopedModelViewSet):
    """产权关系。"""

    queryset = Ownership.objects.all()
    serializer_class = s.OwnershipSerializer
    filterset_class = filtersets.OwnershipFilterSet
    search_fields = ("owner__name", "certificate_number")
    select_related = ("estate", "unit__building", "owner")


class ManagementAreaFilingViewSet(ScopedModelViewSet):
    """物业管理区域划定备案。"""

    queryset = ManagementAreaFiling.objects.all()
    serializer_class = s.ManagementAreaFilingSerializer
    filterset_class = filtersets.ManagementAreaFilingFilterSet
    search_fields = ("filing_number", "estate__name")
    select_related = ("estate",)
