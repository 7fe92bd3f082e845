from __future__ import annotations

from rest_framework import serializers

from wuye.accounts.choices import Role
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


class AccountSerializer(serializers.ModelSerializer):
    """An account as its managers see it (account management, 账号管理)."""

    roles = serializers.SerializerMethodField()

    class Meta:
        from wuye.accounts.models import User

        model = User
        fields = ["id", "username", "display_name", "phone", "is_active", "is_system", "must_change_password",
                  "last_login", "date_joined", "roles"]
        read_only_fields = fields

    def get_roles(self, obj) -> list[dict]:
        rows = obj.role_assignments.select_related("region", "department", "enterprise", "estate", "owner")
        return RoleAssignmentSerializer(rows.order_by("-is_active", "role"), many=True).data


class AccountRoleInputSerializer(serializers.Serializer):
    """Documents the request body; the page's form (wuye.accounts.forms) validates it."""

    role = serializers.ChoiceField(choices=Role.choices, help_text="账号管理可授予：平台管理员（仅平台管理员）、"
                                   "市住建局、区县住建局、街道物业办、社区物管员、职能部门、企业人员；本级及以下、本辖区内")
    region = serializers.CharField(required=False, help_text="12 位区划代码（职能部门角色不填）")
    department = serializers.IntegerField(required=False, help_text="部门 ID（仅职能部门角色）")
    enterprise = serializers.CharField(required=False, help_text="企业统一社会信用代码（仅企业人员角色）")


class AccountCreateInputSerializer(AccountRoleInputSerializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    phone = serializers.CharField(required=False)
    is_system = serializers.BooleanField(required=False, default=False,
                                         help_text="系统账号：返回 API Token（token），没有密码，不能登录网页")


class AccountCreatedSerializer(AccountSerializer):
    temporary_password = serializers.CharField(required=False, help_text="个人账号的临时密码：只在此返回一次，本人首次登录后须修改")
    token = serializers.CharField(required=False, help_text="系统账号的 API Token：只在此返回一次")

    class Meta(AccountSerializer.Meta):
        fields = [*AccountSerializer.Meta.fields, "temporary_password", "token"]
        read_only_fields = fields


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class EndRoleInputSerializer(ReasonInputSerializer):
    assignment = serializers.IntegerField(help_text="角色分配 ID")


class TemporaryPasswordSerializer(serializers.Serializer):
    temporary_password = serializers.CharField()
