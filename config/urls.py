from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("", include("wuye.core.urls")),
    path("accounts/", include("wuye.accounts.urls")),
    path("regions/", include("wuye.regions.urls")),
    path("estates/", include("wuye.estates.urls")),
    path("enterprises/", include("wuye.enterprises.urls")),
    path("organization/", include("wuye.organization.urls")),
    path("policy/", include("wuye.policy.urls")),
    path("complaints/", include("wuye.complaints.urls")),
    path("kpi/", include("wuye.complaints.kpi_urls")),
    path("public/", include("wuye.complaints.public_urls")),
    path("open311/v2/", include("wuye.complaints.open311.urls")),
    path("governance/", include("wuye.governance.urls")),
    path("vote/", include("wuye.governance.urls.public")),
    path("messaging/", include("wuye.messaging.urls")),
    path("calendar/", include("wuye.workcalendar.urls")),
    path("api/v1/", include("wuye.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin site's own login form would skip the throttle and the authenticator code: it sends
    # people to the platform's login page instead (?next= kept, so they come back to /admin/).
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
