from wuye.messaging.api.views import register  # noqa: F401
