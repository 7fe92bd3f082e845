from wuye.organization.resources import RESOURCES

app_name = "organization"

urlpatterns = []
for resource in RESOURCES:
    urlpatterns += resource.urls()
