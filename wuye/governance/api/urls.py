from wuye.governance.api import committees, decisions


def register(router) -> None:
    """Register the governance viewsets on the /api/v1/ router, one module per area."""
    decisions.register(router)
    committees.register(router)
