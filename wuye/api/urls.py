"""The /api/v1/ root: one router, each app registers its viewsets in <app>/api/urls.py."""
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from wuye.accounts.api.urls import register as register_accounts
from wuye.complaints.api.urls import register as register_complaints
from wuye.enterprises.api.urls import register as register_enterprises
from wuye.estates.api.urls import register as register_estates
from wuye.governance.api.urls import register as register_governance
from wuye.messaging.api.urls import register as register_messaging
from wuye.organization.api.urls import register as register_organization
from wuye.policy.api.urls import register as register_policy
from wuye.regions.api.urls import register as register_regions
from wuye.workcalendar.api.urls import register as register_workcalendar

router = DefaultRouter()
for register in (register_regions, register_accounts, register_estates, register_enterprises,
                 register_organization, register_policy, register_workcalendar, register_complaints,
                 register_governance, register_messaging):
    register(router)

urlpatterns = [
    path("", include(router.urls)),
    path("", include("wuye.accounts.api.extra_urls")),
    path("imports/", include("wuye.core.api.import_urls")),
    path("kpi/", include("wuye.complaints.api.kpi_urls")),
]
