from django.urls import path

from wuye.accounts.api.views import MeView

urlpatterns: list = [
    path("me/", MeView.as_view(), name="api-me"),
]
