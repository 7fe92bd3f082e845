from __future__ import annotations

from rest_framework import serializers

from wuye.core.api.viewsets import ScopedModelSerializer
from wuye.core.validators import mask_id_number, mask_phone
from wuye.enterprises.models import Enterprise, EnterpriseStaff, ServiceContract, StaffCertificate

VOID_READ_ONLY = ["is_voided", "voided_at", "voided_by", "void_reason", "created_at", "updated_at"]


class EnterpriseSerializer(ScopedModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code", "legal_representative", "registered_address", "region", "region_name",
                  "phone", "complaint_phone", "status", "is_state_owned", "established_on", *VOID_READ_ONLY]
        read_only_fields = ["status"]


class EnterpriseStaffSerializer(ScopedModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = EnterpriseStaff
        fields = ["id", "enterprise", "enterprise_name", "name", "id_number", "phone", "position",
                  "is_project_manager", "is_party_member", *VOID_READ_ONLY]
        extra_kwargs = {
            "id_number": {"help_text": "输出时脱敏（前6位+后4位）"},
            "phone": {"help_text": "输出时脱敏（前3位+后4位）"},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["id_number"] = mask_id_number(instance.id_number)
        data["phone"] = mask_phone(instance.phone)
        return data


class StaffCertificateSerializer(ScopedModelSerializer):
    class Meta:
        model = StaffCertificate
        fields = ["id", "staff", "kind", "number", "issued_by", "valid_until", "created_at", "updated_at"]


class ServiceContractSerializer(ScopedModelSerializer):
    estate_name = serializers.CharField(source="estate.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    fee_standard_fen = serializers.IntegerField(
        min_value=1, help_text="收费标准，单位：分/㎡·月（整数，避免小数误差）",
        error_messages={"min_value": "收费标准必须大于 0。"},
    )

    class Meta:
        model = ServiceContract
        fields = ["id", "estate", "estate_name", "enterprise", "enterprise_name", "kind", "start_date", "end_date",
                  "fee_standard_fen", "status", "filing_status", "filing_number", "filed_at", "project_manager",
                  "tender_reference", *VOID_READ_ONLY]
        read_only_fields = ["filing_status"]
