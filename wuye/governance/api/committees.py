"""REST API of the owners' assembly and committees: scoped reads and action endpoints over the services.

- ``/owners-assemblies/``: list/detail (with the 筹备组 and its members); POST applies (owners' written
  application); actions ``form-group``, ``publish-roll``, ``documents`` (multipart, a new version),
  ``publish-drafts``, ``schedule-meeting``, ``first-meeting`` (platform decisions on matters 1–3).
- ``/assembly-documents/``: the versions of the rules of procedure and the management statute.
- ``/committees/``: 业委会/物管会; POST records an election (业委会) or a formation (物管会); actions ``file``,
  ``add-member``, ``dissolve``. ``status`` is read-only: only services and the sweep change it.
- ``/committee-members/`` (action ``end``), ``/membership-changes/`` (action ``file``), ``/governance-alerts/``.

Owners read names, posts, terms and filing status only; alerts are for officials and the committee.
"""
from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from wuye.core.api.viewsets import validated
from wuye.core.uploads import DocumentUploadField
from wuye.governance.choices import (
    CommitteeKind,
    DocumentKind,
    DocumentStage,
    MemberEndReason,
    MemberKind,
    MemberPosition,
    PrepMemberKind,
)
from wuye.governance.models import (
    AssemblyDocument,
    Committee,
    CommitteeMember,
    Decision,
    GovernanceAlert,
    MembershipChange,
    OwnersAssembly,
    PreparatoryGroupMember,
)
from wuye.governance.rules.committee import MemberSpec, PrepMember
from wuye.governance.services import assemblies as asvc
from wuye.governance.services import committees as csvc

# ---------------------------------------------------------------- serializers


class PrepMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = PreparatoryGroupMember
        fields = ["id", "name", "kind", "is_leader"]


class PreparatoryGroupSerializer(serializers.Serializer):
    formed_on = serializers.DateField()
    convene_due_on = serializers.DateField()
    member_list_published_on = serializers.DateField(allow_null=True)
    roll_published_on = serializers.DateField(allow_null=True)
    roll_total_persons = serializers.SerializerMethodField()
    roll_total_area = serializers.SerializerMethodField()
    roll_sha256 = serializers.CharField()
    drafts_published_on = serializers.DateField(allow_null=True)
    members = PrepMemberSerializer(many=True)

    def get_roll_total_persons(self, obj) -> int | None:
        return (obj.roll or {}).get("total_persons")

    def get_roll_total_area(self, obj) -> str | None:
        return (obj.roll or {}).get("total_area")


class OwnersAssemblySerializer(serializers.ModelSerializer):
    estate_name = serializers.CharField(source="estate.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    preparatory_group = serializers.SerializerMethodField()

    class Meta:
        model = OwnersAssembly
        fields = ["id", "estate", "estate_name", "status", "status_display", "applied_on", "delivered_area",
                  "total_area", "formation_due_on", "meeting_planned_on", "first_meeting_on", "rules_decision",
                  "statute_decision", "election_decision", "offline_result", "offline_note", "established_on",
                  "ended_on", "end_reason", "preparatory_group"]
        read_only_fields = fields

    @extend_schema(responses=PreparatoryGroupSerializer(allow_null=True))
    def get_preparatory_group(self, obj) -> dict | None:
        group = getattr(obj, "preparatory_group", None)
        return PreparatoryGroupSerializer(group).data if group else None


class AssemblyApplySerializer(serializers.Serializer):
    estate = serializers.IntegerField()
    applied_on = serializers.DateField()
    applicants = serializers.ListField(child=serializers.IntegerField(), min_length=1, help_text="申请业主的 ID")


class PrepMemberInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=PrepMemberKind.choices)
    is_leader = serializers.BooleanField(default=False)
    owner = serializers.IntegerField(required=False, allow_null=True)


class GroupFormSerializer(serializers.Serializer):
    formed_on = serializers.DateField()
    member_list_published_on = serializers.DateField(required=False, allow_null=True)
    members = PrepMemberInputSerializer(many=True)


class DateSerializer(serializers.Serializer):
    on = serializers.DateField()


class DraftsPublishSerializer(DateSerializer):
    candidates_note = serializers.CharField(max_length=4000, help_text="业主委员会候选人产生办法和选举办法")


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = DocumentUploadField()
    stage = serializers.ChoiceField(choices=DocumentStage.choices, default=DocumentStage.DRAFT)
    decision = serializers.IntegerField(required=False, allow_null=True,
                                        help_text="已通过版本：通过该版本的共同决定 ID（事项1或2）")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MemberInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=MemberKind.choices, default=MemberKind.OWNER)
    position = serializers.ChoiceField(choices=MemberPosition.choices, default=MemberPosition.MEMBER)
    owner = serializers.IntegerField(required=False, allow_null=True)
    is_party_member = serializers.BooleanField(default=False)

    def spec(self, d=None) -> MemberSpec:
        d = d or self.validated_data
        return MemberSpec(name=d["name"], kind=d["kind"], position=d["position"], owner_id=d.get("owner"),
                          is_party_member=d["is_party_member"])


class FirstMeetingSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    rules_decision = serializers.IntegerField()
    statute_decision = serializers.IntegerField()
    election_decision = serializers.IntegerField()
    committee_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    term_years = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    members = MemberInputSerializer(many=True)


class AssemblyDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssemblyDocument
        fields = ["id", "assembly", "estate", "kind", "version", "stage", "sha256", "decision", "note", "created_at"]
        read_only_fields = fields


class CommitteeMemberSerializer(serializers.ModelSerializer):
    """Public information of a member: no ID number, no phone."""

    class Meta:
        model = CommitteeMember
        fields = ["id", "committee", "name", "kind", "position", "is_party_member", "since", "until", "end_reason"]
        read_only_fields = fields


class CommitteeSerializer(serializers.ModelSerializer):
    estate_name = serializers.CharField(source="estate.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    current_members = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = ["id", "estate", "estate_name", "kind", "name", "status", "status_display", "seats",
                  "elected_on", "term_start", "term_end", "election_decision", "offline_result", "filing_due_on",
                  "filed_on", "filing_number", "dissolution_due_on", "ended_on", "end_reason", "predecessor",
                  "assembly", "current_members"]
        read_only_fields = fields

    @extend_schema(responses=CommitteeMemberSerializer(many=True))
    def get_current_members(self, obj) -> list:
        rows = getattr(obj, "current_list", None)
        if rows is None:
            rows = obj.members.filter(until__isnull=True)
        return CommitteeMemberSerializer(rows, many=True).data


class CommitteeElectSerializer(serializers.Serializer):
    estate = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CommitteeKind.choices, default=CommitteeKind.OWNERS_COMMITTEE)
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    elected_on = serializers.DateField()
    term_years = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    election_decision = serializers.IntegerField(required=False, allow_null=True,
                                                 help_text="业委会：已通过的“选举业委会”共同决定 ID")
    members = MemberInputSerializer(many=True)


class FilingSerializer(serializers.Serializer):
    filed_on = serializers.DateField()
    filing_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class MemberAddSerializer(serializers.Serializer):
    member = MemberInputSerializer()
    since = serializers.DateField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MemberEndSerializer(serializers.Serializer):
    until = serializers.DateField()
    reason = serializers.ChoiceField(choices=MemberEndReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DissolveSerializer(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.CharField(max_length=300)


class MembershipChangeSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = MembershipChange
        fields = ["id", "committee", "member", "member_name", "kind", "occurred_on", "reason", "filing_due_on",
                  "filed_on", "automatic"]
        read_only_fields = fields


class GovernanceAlertSerializer(serializers.ModelSerializer):
    estate_name = serializers.CharField(source="estate.name", read_only=True)

    class Meta:
        model = GovernanceAlert
        fields = ["id", "estate", "estate_name", "committee", "assembly", "kind", "level", "due_on", "message",
                  "raised_at", "resolved_at"]
        read_only_fields = fields


# ---------------------------------------------------------------- helpers


def _estate(request, pk: int):
    from wuye.estates.models import Estate

    estate = Estate.objects.visible_to(request.user).filter(pk=pk, is_voided=False).first()
    if estate is None:
        raise NotFound(_("小区不存在或不在您的可见范围内。"))
    return estate


def _decision(request, pk: int | None):
    if pk is None:
        return None
    d = Decision.objects.visible_to(request.user).filter(pk=pk).first()
    if d is None:
        raise NotFound(_("共同决定不存在或不在您的可见范围内。"))
    return d


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = None
    related: tuple[str, ...] = ()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.visible_to(self.request.user).select_related(*self.related)


# ---------------------------------------------------------------- viewsets


@extend_schema_view(list=extend_schema(description="业主大会（可见范围内），含筹备组。"),
                    retrieve=extend_schema(description="业主大会详情；超出可见范围返回 404。"))
class OwnersAssemblyViewSet(_ReadOnly):
    """业主大会。"""

    model = OwnersAssembly
    queryset = OwnersAssembly.objects.all()
    related = ("estate", "preparatory_group")
    serializer_class = OwnersAssemblySerializer
    filterset_fields = ["estate", "status"]
    ordering_fields = ("applied_on", "status", "id")
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    def _done(self, assembly):
        assembly = self.get_queryset().get(pk=assembly.pk)
        return Response(OwnersAssemblySerializer(assembly).data)

    @extend_schema(request=AssemblyApplySerializer, responses={201: OwnersAssemblySerializer},
                   description="登记业主召开首次业主大会的书面申请（已交付面积须过半）。")
    def create(self, request):
        from wuye.estates.models import Owner

        d = validated(AssemblyApplySerializer, request.data)
        estate = _estate(request, d["estate"])
        owners = list(Owner.objects.filter(pk__in=d["applicants"]))
        a = asvc.assembly_apply(actor=request.user, estate=estate, applied_on=d["applied_on"], applicants=owners)
        return Response(OwnersAssemblySerializer(self.get_queryset().get(pk=a.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=GroupFormSerializer, responses=OwnersAssemblySerializer,
                   description="组建筹备组：人数单数，业主不少于一半，组长由街道代表担任。")
    @action(detail=True, methods=["post"], url_path="form-group", filter_backends=[])
    def form_group(self, request, pk=None):
        a = self.get_object()
        d = validated(GroupFormSerializer, request.data)
        members = [PrepMember(name=m["name"], kind=m["kind"], is_leader=m["is_leader"], owner_id=m.get("owner"))
                   for m in d["members"]]
        asvc.preparatory_group_form(actor=request.user, assembly=a, formed_on=d["formed_on"], members=members,
                                    member_list_published_on=d.get("member_list_published_on"))
        return self._done(a)

    def _group(self, a):
        group = getattr(a, "preparatory_group", None)
        if group is None:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("尚未组建筹备组。"))
        return group

    @extend_schema(request=DateSerializer, responses=OwnersAssemblySerializer,
                   description="从不动产登记信息生成并公示业主名册（身份、人数、面积）。")
    @action(detail=True, methods=["post"], url_path="publish-roll", filter_backends=[])
    def publish_roll(self, request, pk=None):
        a = self.get_object()
        d = validated(DateSerializer, request.data)
        asvc.preparatory_group_publish_roll(actor=request.user, group=self._group(a), published_on=d["on"])
        return self._done(a)

    @extend_schema(request={"multipart/form-data": DocumentUploadSerializer}, responses=AssemblyDocumentSerializer,
                   description="上传议事规则或管理规约的新版本（草案，或引用已通过共同决定的修订版；不覆盖旧版本）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def documents(self, request, pk=None):
        a = self.get_object()
        d = validated(DocumentUploadSerializer, request.data)
        doc = asvc.assembly_document_add(actor=request.user, assembly=a, kind=d["kind"], file=d["file"],
                                         stage=d["stage"], decision=_decision(request, d.get("decision")),
                                         note=d["note"])
        return Response(AssemblyDocumentSerializer(doc).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DraftsPublishSerializer, responses=OwnersAssemblySerializer,
                   description="公示议事规则和管理规约草案，及业主委员会候选人产生办法和选举办法（GR 10）。")
    @action(detail=True, methods=["post"], url_path="publish-drafts", filter_backends=[])
    def publish_drafts(self, request, pk=None):
        a = self.get_object()
        d = validated(DraftsPublishSerializer, request.data)
        asvc.preparatory_group_publish_drafts(actor=request.user, group=self._group(a), published_on=d["on"],
                                              candidates_note=d["candidates_note"])
        return self._done(a)

    @extend_schema(request=DateSerializer, responses=OwnersAssemblySerializer, description="安排首次业主大会会议日期。")
    @action(detail=True, methods=["post"], url_path="schedule-meeting", filter_backends=[])
    def schedule_meeting(self, request, pk=None):
        a = self.get_object()
        d = validated(DateSerializer, request.data)
        asvc.assembly_schedule_meeting(actor=request.user, assembly=a, meeting_on=d["on"])
        return self._done(a)

    @extend_schema(request=FirstMeetingSerializer, responses=OwnersAssemblySerializer,
                   description="登记首次会议结果（平台上已通过的事项1、2、3共同决定），选举业委会，业主大会成立。")
    @action(detail=True, methods=["post"], url_path="first-meeting", filter_backends=[])
    def first_meeting(self, request, pk=None):
        a = self.get_object()
        d = validated(FirstMeetingSerializer, request.data)
        members = [MemberInputSerializer().spec(m) for m in d["members"]]
        asvc.assembly_record_first_meeting(
            actor=request.user, assembly=a, held_on=d["held_on"], committee_members=members,
            rules_decision=_decision(request, d["rules_decision"]),
            statute_decision=_decision(request, d["statute_decision"]),
            election_decision=_decision(request, d["election_decision"]), term_years=d.get("term_years"),
            committee_name=d["committee_name"])
        return self._done(a)


@extend_schema_view(list=extend_schema(description="议事规则/管理规约各版本。"),
                    retrieve=extend_schema(description="版本详情；超出可见范围返回 404。"))
class AssemblyDocumentViewSet(_ReadOnly):
    """议事规则/管理规约版本。"""

    model = AssemblyDocument
    queryset = AssemblyDocument.objects.all()
    serializer_class = AssemblyDocumentSerializer
    filterset_fields = ["assembly", "kind", "stage"]


@extend_schema_view(list=extend_schema(description="业委会/物管会（可见范围内）。"),
                    retrieve=extend_schema(description="详情；超出可见范围返回 404。"))
class CommitteeViewSet(_ReadOnly):
    """业委会/物管会。"""

    model = Committee
    queryset = Committee.objects.all()
    related = ("estate",)
    serializer_class = CommitteeSerializer
    filterset_fields = ["estate", "kind", "status"]
    ordering_fields = ("elected_on", "term_end", "status", "id")

    def get_queryset(self):
        from django.db.models import Prefetch

        return super().get_queryset().prefetch_related(Prefetch(
            "members", queryset=CommitteeMember.objects.filter(until__isnull=True), to_attr="current_list"))

    def _done(self, committee, code=status.HTTP_200_OK):
        return Response(CommitteeSerializer(self.get_queryset().get(pk=committee.pk)).data, status=code)

    @extend_schema(request=CommitteeElectSerializer, responses={201: CommitteeSerializer},
                   description="登记业委会选举结果（须引用已通过的事项3共同决定），或由街道组建物管会。")
    def create(self, request):
        d = validated(CommitteeElectSerializer, request.data)
        estate = _estate(request, d["estate"])
        members = [MemberInputSerializer().spec(m) for m in d["members"]]
        c = csvc.committee_elect(actor=request.user, estate=estate, kind=d["kind"], name=d["name"],
                                 elected_on=d["elected_on"], term_years=d.get("term_years"), members=members,
                                 election_decision=_decision(request, d.get("election_decision")))
        return self._done(c, status.HTTP_201_CREATED)

    @extend_schema(request=FilingSerializer, responses=CommitteeSerializer, description="业委会备案（选举后30日内）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def file(self, request, pk=None):
        c = self.get_object()
        d = validated(FilingSerializer, request.data)
        csvc.committee_file(actor=request.user, committee=c, filed_on=d["filed_on"], filing_number=d["filing_number"])
        return self._done(c)

    @extend_schema(request=MemberAddSerializer, responses=CommitteeSerializer, description="增补委员（30日内报备）。")
    @action(detail=True, methods=["post"], url_path="add-member", filter_backends=[])
    def add_member(self, request, pk=None):
        c = self.get_object()
        d = validated(MemberAddSerializer, request.data)
        csvc.committee_member_add(actor=request.user, committee=c, member=MemberInputSerializer().spec(d["member"]),
                                  since=d["since"], reason=d["reason"])
        return self._done(c)

    @extend_schema(request=DissolveSerializer, responses=CommitteeSerializer, description="解散/终止。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def dissolve(self, request, pk=None):
        c = self.get_object()
        d = validated(DissolveSerializer, request.data)
        csvc.committee_dissolve(actor=request.user, committee=c, on=d["on"], reason=d["reason"])
        return self._done(c)


@extend_schema_view(list=extend_schema(description="委员（含已离任）；不含身份证号、电话。"),
                    retrieve=extend_schema(description="委员详情；超出可见范围返回 404。"))
class CommitteeMemberViewSet(_ReadOnly):
    """委员。"""

    model = CommitteeMember
    queryset = CommitteeMember.objects.all()
    serializer_class = CommitteeMemberSerializer
    filterset_fields = ["committee", "position", "is_party_member"]

    @extend_schema(request=MemberEndSerializer, responses=CommitteeMemberSerializer, description="登记委员离任。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def end(self, request, pk=None):
        m = self.get_object()
        d = validated(MemberEndSerializer, request.data)
        m = csvc.committee_member_end(actor=request.user, member=m, until=d["until"], reason=d["reason"],
                                      note=d["note"])
        return Response(CommitteeMemberSerializer(m).data)


@extend_schema_view(list=extend_schema(description="委员变更及备案。"),
                    retrieve=extend_schema(description="变更详情；超出可见范围返回 404。"))
class MembershipChangeViewSet(_ReadOnly):
    """委员变更。"""

    model = MembershipChange
    queryset = MembershipChange.objects.all()
    related = ("member",)
    serializer_class = MembershipChangeSerializer
    filterset_fields = ["committee", "kind", "automatic"]

    @extend_schema(request=DateSerializer, responses=MembershipChangeSerializer, description="委员变更报备。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def file(self, request, pk=None):
        ch = self.get_object()
        d = validated(DateSerializer, request.data)
        ch = csvc.membership_change_file(actor=request.user, change=ch, filed_on=d["on"])
        return Response(MembershipChangeSerializer(ch).data)


@extend_schema_view(list=extend_schema(description="业主自治预警（官员及本小区组织可见；?open=1 仅未解除）。"),
                    retrieve=extend_schema(description="预警详情；超出可见范围返回 404。"))
class GovernanceAlertViewSet(_ReadOnly):
    """业主自治预警。"""

    model = GovernanceAlert
    queryset = GovernanceAlert.objects.all()
    related = ("estate",)
    serializer_class = GovernanceAlertSerializer
    filterset_fields = ["estate", "committee", "assembly", "kind", "level"]

    def get_queryset(self):
        qs = super().get_queryset()
        if not getattr(self, "swagger_fake_view", False) and self.request.query_params.get("open") == "1":
            qs = qs.filter(resolved_at__isnull=True)
        return qs


def register(router) -> None:
    router.register("owners-assemblies", OwnersAssemblyViewSet, basename="owners-assembly")
    router.register("assembly-documents", AssemblyDocumentViewSet, basename="assembly-document")
    router.register("committees", CommitteeViewSet, basename="committee")
    router.register("committee-members", CommitteeMemberViewSet, basename="committee-member")
    router.register("membership-changes", MembershipChangeViewSet, basename="membership-change")
    router.register("governance-alerts", GovernanceAlertViewSet, basename="governance-alert")
