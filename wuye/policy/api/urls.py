from wuye.policy.api.views import PolicyViewSet


def register(router) -> None:
    """Register this app's viewsets on the /api/v1/ router (no list: profile and parameter actions)."""
    router.register("policy", PolicyViewSet, basename="policy")
