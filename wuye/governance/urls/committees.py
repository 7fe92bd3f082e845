"""Pages of the owners' assembly (业主大会) and committees (业委会/物管会)."""
from django.urls import path

from wuye.governance.views import committees as views

urlpatterns = [
    path("assemblies/", views.assembly_list, name="assembly_list"),
    path("assemblies/apply/", views.assembly_apply, name="assembly_apply"),
    path("assemblies/<int:pk>/", views.assembly_detail, name="assembly_detail"),
    path("assemblies/<int:pk>/roll/", views.assembly_roll, name="assembly_roll"),
    path("assemblies/<int:pk>/group/", views.assembly_group_form, name="assembly_group_form"),
    path("assemblies/<int:pk>/roll/publish/", views.assembly_roll_publish, name="assembly_roll_publish"),
    path("assemblies/<int:pk>/documents/", views.assembly_document_upload, name="assembly_document_upload"),
    path("assemblies/<int:pk>/drafts/publish/", views.assembly_drafts_publish, name="assembly_drafts_publish"),
    path("assemblies/<int:pk>/meeting/", views.assembly_meeting_schedule, name="assembly_meeting_schedule"),
    path("assemblies/<int:pk>/first-meeting/", views.assembly_first_meeting, name="assembly_first_meeting"),
    path("assemblies/<int:pk>/abandon/", views.assembly_abandon, name="assembly_abandon"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/new/", views.committee_create, name="committee_create"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/file/", views.committee_file, name="committee_file"),
    path("committees/<int:pk>/members/", views.committee_member_add, name="committee_member_add"),
    path("committees/<int:pk>/members/<int:member_pk>/end/", views.committee_member_end, name="committee_member_end"),
    path("committees/<int:pk>/changes/<int:change_pk>/file/", views.committee_change_file,
         name="committee_change_file"),
    path("committees/<int:pk>/dissolve/", views.committee_dissolve, name="committee_dissolve"),
]
