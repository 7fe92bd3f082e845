from wuye.accounts.api.views import AccountViewSet, RoleAssignmentViewSet


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("role-assignments", RoleAssignmentViewSet, basename="role-assignment")
    router.register("accounts", AccountViewSet, basename="account")
