from wuye.estates.api import views


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("estates", views.EstateViewSet, basename="estate")
    router.register("buildings", views.BuildingViewSet, basename="building")
    router.register("units", views.UnitViewSet, basename="unit")
    router.register("owners", views.OwnerViewSet, basename="owner")
    router.register("ownerships", views.OwnershipViewSet, basename="ownership")
    router.register("management-area-filings", views.ManagementAreaFilingViewSet, basename="management-area-filing")
