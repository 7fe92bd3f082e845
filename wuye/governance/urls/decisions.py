from django.urls import path

from wuye.governance.views import decisions as views

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/turnout/", views.decision_turnout, name="decision_turnout"),
    path("decisions/<int:pk>/ballot-table/", views.decision_ballot_table, name="decision_ballot_table"),
    path("decisions/<int:pk>/result/", views.decision_result, name="decision_result"),
    path("decisions/<int:pk>/audit/", views.decision_audit, name="decision_audit"),
    path("decisions/<int:pk>/open/", views.decision_open, name="decision_open"),
    path("decisions/<int:pk>/close/", views.decision_close, name="decision_close"),
    path("decisions/<int:pk>/finalize/", views.decision_finalize, name="decision_finalize"),
    path("decisions/<int:pk>/void/", views.decision_void, name="decision_void"),
    path("decisions/<int:pk>/ballots/", views.decision_ballot_enter, name="decision_ballot_enter"),
    path("decisions/<int:pk>/voters/", views.decision_voter_options, name="decision_voter_options"),
]
