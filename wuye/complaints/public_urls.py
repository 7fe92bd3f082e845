"""Public pages for owners, mounted at /public/: no login required."""
from django.urls import path

from wuye.complaints import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.submit, name="submit"),
    path("submitted/", public_views.submitted, name="submitted"),
    path("status/", public_views.status, name="status"),
    path("status/rate/", public_views.rate, name="rate"),
]
