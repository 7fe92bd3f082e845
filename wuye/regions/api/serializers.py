from __future__ import annotations

from rest_framework import serializers

from wuye.core.api.viewsets import ScopedModelSerializer
from wuye.regions.models import Department, Region


class RegionSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    prefix = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "level_display", "parent", "full_name", "is_generated", "prefix"]
        read_only_fields = fields


class DepartmentSerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "region", "region_name", "kind", "kind_display", "name", "phone", "duties",
                  "created_at", "updated_at"]
