from django.urls import path

from wuye.estates import views
from wuye.estates.resources import RESOURCES

app_name = "estates"

urlpatterns = [path("estate/<int:pk>/classify/", views.estate_classify_view, name="estate_classify")]
for resource in RESOURCES:
    urlpatterns += resource.urls()
