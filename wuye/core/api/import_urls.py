from django.urls import path

from wuye.core.api.import_views import ImportJobListView, ImportUploadView

urlpatterns = [
    path("", ImportJobListView.as_view(), name="import-list"),
    path("<str:kind>/", ImportUploadView.as_view(), name="import-upload"),
]
