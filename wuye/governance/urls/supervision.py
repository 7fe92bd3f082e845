"""Pages of the committee's own records (meetings, seals, publications), the street's supervision
and the owners' notices."""
from django.urls import path

from wuye.governance.views import supervision as views
from wuye.messaging import views as messaging_views

urlpatterns = [
    path("supervision/", views.supervision_index, name="supervision_index"),
    path("committee-records/", views.committee_records_list, name="committee_records_list"),
    path("committee-records/<int:pk>/", views.committee_records, name="committee_records"),
    path("committee-records/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("committee-records/<int:pk>/meetings/request/", views.meeting_request, name="meeting_request"),
    path("committee-records/<int:pk>/seals/", views.seal_list, name="seal_list"),
    path("committee-records/<int:pk>/publications/", views.publication_list, name="publication_list"),
    path("committee-meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("committee-meetings/<int:pk>/<str:action>/", views.meeting_action, name="meeting_action"),
    path("committee-motions/<int:pk>/order/", views.motion_order, name="motion_order"),
    path("supervision-orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("supervision-orders/<int:pk>/respond/", views.order_respond, name="order_respond"),
    path("supervision-orders/<int:pk>/decide/", views.order_decide, name="order_decide"),
    path("seals/<int:pk>/use/", views.seal_use_create, name="seal_use_create"),
    path("seals/<int:pk>/<str:action>/", views.seal_action, name="seal_action"),
    path("seal-uses/<int:pk>/void/", views.seal_use_void, name="seal_use_void"),
    path("publications/<int:pk>/publish/", views.publication_publish, name="publication_publish"),
    # The owners' notice board lives in messaging (every notice: decisions, committee, supervision);
    # its address and names stay here, where the menu, committee pages and bookmarks point.
    path("notices/", messaging_views.notice_list, name="owner_notices"),
    path("notices/<int:pk>/", messaging_views.notice_detail, name="owner_notice_detail"),
]
