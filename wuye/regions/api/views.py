from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from wuye.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from wuye.regions.api.serializers import DepartmentSerializer, RegionSerializer
from wuye.regions.models import Department, Region
from wuye.regions.resources import DepartmentFilterSet, RegionFilterSet


@extend_schema_view(
    list=extend_schema(description="行政区划（只读参考数据）：可按 ?parent=上级代码、?level=层级 筛选，仅含可见范围。"),
    retrieve=extend_schema(description="行政区划详情（12位区划代码）。"),
)
class RegionViewSet(ScopedReadOnlyViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    search_fields = ("name", "code")
    ordering_fields = ("code", "name", "level")
    select_related = ()


class DepartmentViewSet(ScopedModelViewSet):
    """职能部门。"""

    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    search_fields = ("name",)
    select_related = ("region",)
    void = None  # departments are not voidable records
