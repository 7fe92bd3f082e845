from wuye.governance.api import committees, decisions
from wuye.governance.api import supervision as supervision_api


def register(router) -> None:
    """Register the governance viewsets on the /api/v1/ router, one module per area."""
    decisions.register(router)
    supervision_api.register(router)
    committees.register(router)
