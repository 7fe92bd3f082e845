from wuye.enterprises.resources import RESOURCES

app_name = "enterprises"

urlpatterns = []
for resource in RESOURCES:
    urlpatterns += resource.urls()
