from wuye.organization.api import views


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("party-organizations", views.PartyOrganizationViewSet, basename="party-organization")
    router.register("cross-appointments", views.CrossAppointmentViewSet, basename="cross-appointment")
    router.register("official-assignments", views.OfficialAssignmentViewSet, basename="official-assignment")
