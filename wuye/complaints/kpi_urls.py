"""工单绩效 pages, mounted at /kpi/."""
from django.urls import path

from wuye.complaints import kpi_views

app_name = "kpi"

urlpatterns = [
    path("", kpi_views.index, name="index"),
    path("export.xlsx", kpi_views.export, name="export"),
]
