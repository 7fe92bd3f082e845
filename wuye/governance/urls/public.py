"""Owners' voting pages and the public receipt check (no official login)."""
from django.urls import path

from wuye.governance.views import vote

app_name = "vote"
urlpatterns = [
    path("", vote.login_phone, name="login"),
    path("code/", vote.login_code, name="code"),
    path("decisions/", vote.decision_list, name="decisions"),
    path("decisions/<int:pk>/", vote.decision_vote, name="decision"),
    path("decisions/<int:pk>/receipt/<int:ballot>/", vote.receipt, name="receipt"),
    path("verify/", vote.verify, name="verify"),
]
