"""/api/v1/kpi/: 工单绩效."""
from django.urls import path

from wuye.complaints.api.kpi_views import KpiView

urlpatterns = [
    path("", KpiView.as_view(), name="kpi"),
]
