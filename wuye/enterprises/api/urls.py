from wuye.enterprises.api import views


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
    router.register("enterprise-staff", views.EnterpriseStaffViewSet, basename="enterprise-staff")
    router.register("staff-certificates", views.StaffCertificateViewSet, basename="staff-certificate")
    router.register("service-contracts", views.ServiceContractViewSet, basename="service-contract")
