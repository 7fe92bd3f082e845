from __future__ import annotations

from rest_framework import serializers


class ResolvedParameterSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    kind = serializers.CharField(help_text="int / decimal / bool / choice / text")
    unit = serializers.CharField()
    value = serializers.JSONField(allow_null=True, help_text="现行取值（小数以字符串表示）")
    display = serializers.CharField()
    default = serializers.JSONField(allow_null=True, help_text="国家默认值")
    source_region = serializers.CharField(allow_null=True, help_text="取值来源区划代码；null 表示国家默认值")
    source_region_name = serializers.CharField(allow_null=True)
    overridden = serializers.BooleanField(help_text="本区划是否自行设置了该参数")
    note = serializers.CharField(help_text="本区划设置的依据/文号")


class PolicyProfileSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    editable = serializers.BooleanField(help_text="当前用户能否修改本区划的政策参数")
    parameters = ResolvedParameterSerializer(many=True)


class PolicyProfileUpdateSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        help_text="参数键 → 新取值；null 表示恢复继承上级/国家默认值",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class ParameterValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    region = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    display = serializers.CharField()
