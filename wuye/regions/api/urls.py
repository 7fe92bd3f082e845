from wuye.regions.api.views import DepartmentViewSet, RegionViewSet


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("regions", RegionViewSet, basename="region")
    router.register("departments", DepartmentViewSet, basename="department")
