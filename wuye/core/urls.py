from django.urls import path

from wuye.core import import_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/<str:kind>/", import_views.import_upload, name="import_upload"),
    path("imports/<str:kind>/template.xlsx", import_views.import_template, name="import_template"),
    path("imports/job/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("files/<str:label>/<int:pk>/<str:field>/", views.file_download, name="file"),
]
