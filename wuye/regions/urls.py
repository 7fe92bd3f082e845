from wuye.regions.resources import RESOURCES

app_name = "regions"

urlpatterns = []
for resource in RESOURCES:
    urlpatterns += resource.urls()
