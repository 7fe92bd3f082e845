from wuye.core.forms import DateInput, ScopedModelForm
from wuye.organization.models import CrossAppointment, OfficialAssignment, PartyOrganization


class PartyOrganizationForm(ScopedModelForm):
    region_levels = (4, 5)

    class Meta:
        model = PartyOrganization
        fields = ["region", "kind", "name", "estate", "enterprise", "secretary", "member_count", "founded_on"]
        widgets = {"founded_on": DateInput()}


class CrossAppointmentForm(ScopedModelForm):
    class Meta:
        model = CrossAppointment
        fields = ["party_organization", "person_name", "party_position", "body", "body_position", "since", "until"]
        widgets = {"since": DateInput(), "until": DateInput()}


class OfficialAssignmentForm(ScopedModelForm):
    region_levels = (3, 4, 5)

    class Meta:
        model = OfficialAssignment
        fields = ["kind", "region", "estates", "person_name", "phone", "department", "user", "team_role", "since", "until"]
        widgets = {"since": DateInput(), "until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from wuye.accounts.models import User

        # Link only accounts of officials the user can see: people holding a role in the user's regions.
        from wuye.accounts.selectors import user_edit_scope

        scope = user_edit_scope(self.user) if self.user else None
        q = Q(pk__in=[])
        if scope is not None:
            if scope.everything:
                q = Q()
            for prefix in scope.region_prefixes:
                q |= Q(role_assignments__region__code__startswith=prefix) | Q(role_assignments__department__region__code__startswith=prefix)
        self.fields["user"].queryset = User.objects.filter(q).distinct()
        self.fields["user"].required = False

    def clean(self):
        data = super().clean()
        region, estates = data.get("region"), data.get("estates")
        if region and estates:
            outside = [e.name for e in estates if not e.region_id.startswith(region.prefix)]
            if outside:
                from django.core.exceptions import ValidationError

                raise ValidationError({"estates": f"以下小区不在包联片区“{region}”内：{'、'.join(outside)}"})
        return data
