from __future__ import annotations

from wuye.core.api.viewsets import ScopedModelViewSet
from wuye.enterprises import filtersets, services
from wuye.enterprises.api import serializers as s
from wuye.enterprises.models import Enterprise, EnterpriseStaff, ServiceContract, StaffCertificate


class EnterpriseViewSet(ScopedModelViewSet):
    """物业服务企业。"""

    queryset = Enterprise.objects.all()
    serializer_class = s.EnterpriseSerializer
    filterset_class = filtersets.EnterpriseFilterSet
    search_fields = ("name", "credit_code", "legal_representative")
    select_related = ("region",)


class EnterpriseStaffViewSet(ScopedModelViewSet):
    """企业人员：身份证号、手机号在输出中脱敏。"""

    queryset = EnterpriseStaff.objects.all()
    serializer_class = s.EnterpriseStaffSerializer
    filterset_class = filtersets.EnterpriseStaffFilterSet
    search_fields = ("name", "enterprise__name")
    select_related = ("enterprise",)


class StaffCertificateViewSet(ScopedModelViewSet):
    """从业证书。"""

    queryset = StaffCertificate.objects.all()
    serializer_class = s.StaffCertificateSerializer
    filterset_fields = ("staff", "kind")
    search_fields = ("number", "staff__name")
    select_related = ("staff",)
    void = None  # certificates are not voidable records


class ServiceContractViewSet(ScopedModelViewSet):
    """物业服务合同：同一小区同时至多一份履行中的合同。"""

    queryset = ServiceContract.objects.all()
    serializer_class = s.ServiceContractSerializer
    filterset_class = filtersets.ServiceContractFilterSet
    search_fields = ("estate__name", "enterprise__name", "filing_number")
    select_related = ("estate", "enterprise")

    def create_object(self, serializer):
        contract = ServiceContract(**serializer.validated_data)
        return services.service_contract_create(actor=self.request.user, contract=contract)

    def update_object(self, serializer, instance):
        return services.service_contract_update(actor=self.request.user, contract=instance,
                                                data=dict(serializer.validated_data))
