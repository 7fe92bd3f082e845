def register(router) -> None:
    """Register the complaints viewsets on the /api/v1/ router."""
