from django.urls import path

from wuye.accounts.api.views import MeView, PingView

urlpatterns: list = [
    path("me/", MeView.as_view(), name="api-me"),
    path("ping/", PingView.as_view(), name="api-ping"),
]
