from django.urls import path

from wuye.policy import views

app_name = "policy"

urlpatterns = [path("", views.profile, name="profile")]
