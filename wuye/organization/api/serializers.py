from __future__ import annotations

from rest_framework import serializers

from wuye.core.api.viewsets import ScopedModelSerializer
from wuye.organization.models import CrossAppointment, OfficialAssignment, PartyOrganization

VOID_READ_ONLY = ["is_voided", "voided_at", "voided_by", "void_reason", "created_at", "updated_at"]


class PartyOrganizationSerializer(ScopedModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = PartyOrganization
        fields = ["id", "region", "region_name", "kind", "name", "estate", "enterprise", "secretary", "member_count",
                  "founded_on", *VOID_READ_ONLY]


class CrossAppointmentSerializer(ScopedModelSerializer):
    class Meta:
        model = CrossAppointment
        fields = ["id", "party_organization", "person_name", "party_position", "body", "body_position", "since",
                  "until", *VOID_READ_ONLY]


class OfficialAssignmentSerializer(ScopedModelSerializer):
    user = serializers.PrimaryKeyRelatedField(read_only=True, help_text="关联的平台账号（只读）")

    class Meta:
        model = OfficialAssignment
        fields = ["id", "kind", "region", "estates", "user", "person_name", "phone", "department", "team_role",
                  "since", "until", *VOID_READ_ONLY]
