from __future__ import annotations

from rest_framework import serializers

from wuye.core.api.viewsets import ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from wuye.core.validators import mask_id_number, mask_phone
from wuye.estates.choices import AreaSource, Classification
from wuye.estates.models import (
    Building,
    Estate,
    EstateClassificationRecord,
    ManagementAreaFiling,
    Owner,
    Ownership,
    Unit,
)

VOID_READ_ONLY = ["is_voided", "voided_at", "voided_by", "void_reason", "created_at", "updated_at"]


class EstateSerializer(ScopedModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Estate
        fields = ["id", "name", "aliases", "region", "region_name", "address", "estate_type", "management_mode",
                  "classification", "total_building_area", "developer_name", "built_year", "delivered_at",
                  "longitude", "latitude", *VOID_READ_ONLY]
        read_only_fields = ["classification"]


class EstateClassifySerializer(serializers.ModelSerializer):
    class Meta:
        model = EstateClassificationRecord
        fields = ["id", "estate", "classification", "effective_date", "reason", "decided_by", "created_at"]
        read_only_fields = ["id", "estate", "decided_by", "created_at"]

    classification = serializers.ChoiceField(choices=Classification.choices)


class BuildingSerializer(ScopedModelSerializer):
    estate_name = serializers.CharField(source="estate.name", read_only=True)

    class Meta:
        model = Building
        fields = ["id", "estate", "estate_name", "number", "floors", "has_elevator", *VOID_READ_ONLY]


class UnitSerializer(ScopedModelSerializer):
    estate = serializers.PrimaryKeyRelatedField(read_only=True)
    area = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True, allow_null=True,
                                    help_text="计算面积：登记面积，否则实测面积，否则合同面积")
    area_source = serializers.ChoiceField(choices=AreaSource.choices, read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "building", "estate", "entrance", "number", "floor", "usage", "registry_area", "survey_area",
                  "contract_area", "area", "area_source", "delivery_status", *VOID_READ_ONLY]

    def validate(self, attrs):
        building = attrs.get("building")
        if building is not None:
            attrs["estate"] = building.estate
        return attrs


class OwnerSerializer(ScopedModelSerializer):
    unit = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.all(), write_only=True, required=False,
        help_text="新增业主时可同时登记其名下房屋（创建产权关系），否则新业主不在任何辖区范围内",
    )

    class Meta:
        model = Owner
        fields = ["id", "kind", "name", "id_number", "credit_code", "phone", "is_developer", "unit", *VOID_READ_ONLY]
        extra_kwargs = {
            "id_number": {"help_text": "输出时脱敏（前6位+后4位）"},
            "phone": {"help_text": "输出时脱敏（前3位+后4位）"},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["id_number"] = mask_id_number(instance.id_number)
        data["phone"] = mask_phone(instance.phone)
        return data


class OwnershipSerializer(ScopedModelSerializer):
    estate = serializers.PrimaryKeyRelatedField(read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)

    class Meta:
        model = Ownership
        fields = ["id", "unit", "owner", "owner_name", "estate", "is_nominee", "since", "certificate_number",
                  *VOID_READ_ONLY]

    def validate(self, attrs):
        unit = attrs.get("unit")
        if unit is not None:
            attrs["estate"] = unit.estate
        return attrs


class ManagementAreaFilingSerializer(ScopedModelSerializer):
    class Meta:
        model = ManagementAreaFiling
        fields = ["id", "estate", "filing_number", "area", "boundary", "status", "filed_at", *VOID_READ_ONLY]
        read_only_fields = ["status"]
