from wuye.complaints.api import views


def register(router) -> None:
    """Register the complaints viewsets on the /api/v1/ router."""
    router.register("work-orders", views.WorkOrderViewSet, basename="work-order")
    router.register("catalog", views.CatalogEntryViewSet, basename="catalog-entry")
