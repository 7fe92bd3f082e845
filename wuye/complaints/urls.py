from django.urls import path

from wuye.complaints import views

app_name = "complaints"

urlpatterns = [
    path("orders/", views.work_order_list, name="workorder_list"),
    path("orders/manual/", views.work_order_list, {"queue": "manual"}, name="manual_queue"),
    path("orders/export.xlsx", views.work_order_export, name="workorder_export"),
    path("orders/<int:pk>/", views.work_order_detail, name="workorder_detail"),
    path("orders/<int:pk>/action/<slug:action>/", views.work_order_action, name="workorder_action"),
    path("orders/<int:pk>/mediation/", views.mediation_create, name="mediation_create"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("whistle/", views.whistle_page, name="whistle"),
    path("catalog/", views.catalog_page, name="catalog"),
    path("catalog/new/", views.catalog_version_create, name="catalog_version_create"),
    path("catalog/v/<int:pk>/", views.catalog_page, name="catalog_version"),
    path("catalog/v/<int:pk>/publish/", views.catalog_publish, name="catalog_publish"),
    path("catalog/entry/<int:pk>/", views.catalog_entry_edit, name="catalog_entry"),
    path("mediation/", views.mediation_list, name="mediation_list"),
    path("mediation/<int:pk>/", views.mediation_detail, name="mediation_detail"),
    path("mediation/<int:pk>/session/", views.mediation_session, name="mediation_session"),
    path("mediation/<int:pk>/conclude/", views.mediation_conclude, name="mediation_conclude"),
]
