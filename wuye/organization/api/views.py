from __future__ import annotations

from wuye.core.api.viewsets import ScopedModelViewSet
from wuye.organization.api import serializers as s
from wuye.organization.models import CrossAppointment, OfficialAssignment, PartyOrganization
from wuye.organization.resources import OfficialAssignmentFilterSet, PartyOrganizationFilterSet


class PartyOrganizationViewSet(ScopedModelViewSet):
    """党组织（红色物业）。"""

    queryset = PartyOrganization.objects.all()
    serializer_class = s.PartyOrganizationSerializer
    filterset_class = PartyOrganizationFilterSet
    search_fields = ("name", "secretary")
    select_related = ("region", "estate")


class CrossAppointmentViewSet(ScopedModelViewSet):
    """交叉任职。"""

    queryset = CrossAppointment.objects.all()
    serializer_class = s.CrossAppointmentSerializer
    filterset_fields = ("party_organization", "body")
    search_fields = ("person_name", "party_organization__name")
    select_related = ("party_organization",)


class OfficialAssignmentViewSet(ScopedModelViewSet):
    """双包责任。"""

    queryset = OfficialAssignment.objects.all()
    serializer_class = s.OfficialAssignmentSerializer
    filterset_class = OfficialAssignmentFilterSet
    search_fields = ("person_name",)
    select_related = ("region", "department")
    prefetch_related = ("estates",)
