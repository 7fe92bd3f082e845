from __future__ import annotations

from rest_framework import serializers

from wuye.accounts.models import RoleAssignment


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    target_name = serializers.SerializerMethodField()

    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "role_display", "region", "department", "enterprise", "estate", "owner",
                  "target_name", "is_active", "created_at"]
        read_only_fields = fields

    def get_target_name(self, obj) -> str:
        target = obj.target
        return str(target) if target is not None else ""


class ScopeSerializer(serializers.Serializer):
    everything = serializers.BooleanField()
    region_prefixes = serializers.ListField(child=serializers.CharField())
    estate_ids = serializers.ListField(child=serializers.IntegerField())
    enterprise_ids = serializers.ListField(child=serializers.IntegerField())
    department_ids = serializers.ListField(child=serializers.IntegerField())
    owner_ids = serializers.ListField(child=serializers.IntegerField())

    def to_representation(self, scope):
        return {
            "everything": scope.everything,
            "region_prefixes": list(scope.region_prefixes),
            "estate_ids": sorted(scope.estate_ids),
            "enterprise_ids": sorted(scope.enterprise_ids),
            "department_ids": sorted(scope.department_ids),
            "owner_ids": sorted(scope.owner_ids),
        }


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    is_superuser = serializers.BooleanField()
    is_system = serializers.BooleanField()
    roles = serializers.ListField(child=serializers.CharField(), help_text="角色代码列表")
    assignments = RoleAssignmentSerializer(many=True)
    scope = ScopeSerializer(help_text="可查看范围")
    edit_scope = ScopeSerializer(help_text="可修改范围")
