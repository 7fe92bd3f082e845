from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wuye.core.filtersets import ScopedFilterSet
from wuye.core.tables import Column
from wuye.core.views import Related, Resource
from wuye.estates.filtersets import RegionPrefixFilter
from wuye.organization import forms
from wuye.organization.models import CrossAppointment, OfficialAssignment, PartyOrganization


class PartyOrganizationFilterSet(ScopedFilterSet):
    region = RegionPrefixFilter(field_name="region__code", label=_("区划代码"))

    class Meta:
        model = PartyOrganization
        fields = ["region", "kind", "estate", "enterprise"]


class OfficialAssignmentFilterSet(ScopedFilterSet):
    region = RegionPrefixFilter(field_name="region__code", label=_("区划代码"))

    class Meta:
        model = OfficialAssignment
        fields = ["region", "kind", "team_role"]


party_organization = Resource(
    model=PartyOrganization, app="organization",
    columns=[Column("name", link=True), Column("kind"), Column("region__name", _("社区/街道")),
             Column("estate__name", _("小区")), Column("secretary"), Column("member_count")],
    form_class=forms.PartyOrganizationForm, filterset_class=PartyOrganizationFilterSet,
    search_fields=("name", "secretary"), select_related=("region", "estate"), preset_fields=("estate", "enterprise"),
    related=[Related(_("交叉任职"), lambda o, u: CrossAppointment.objects.visible_to(u).filter(party_organization=o, is_voided=False),
                     [Column("person_name", link=True), Column("party_position"), Column("body"), Column("body_position")],
                     "organization:crossappointment", "party_organization")],
)

cross_appointment = Resource(
    model=CrossAppointment, app="organization",
    columns=[Column("person_name", link=True), Column("party_organization__name", _("党组织")), Column("party_position"),
             Column("body"), Column("body_position"), Column("since")],
    form_class=forms.CrossAppointmentForm, search_fields=("person_name", "party_organization__name"),
    select_related=("party_organization",), preset_fields=("party_organization",),
)

official_assignment = Resource(
    model=OfficialAssignment, app="organization",
    columns=[Column("person_name", link=True), Column("kind"), Column("region__name", _("包联片区")),
             Column("department__name", _("所在单位")), Column("team_role"),
             Column("estates", _("包联小区"), accessor=lambda a: "、".join(e.name for e in a.estates.all()))],
    form_class=forms.OfficialAssignmentForm, filterset_class=OfficialAssignmentFilterSet,
    search_fields=("person_name",), select_related=("region", "department"), prefetch_related=("estates",),
)

RESOURCES = [party_organization, cross_appointment, official_assignment]
