"""REST API of the committee's own records and the street's supervision.

Reads are scoped with ``visible_to`` (officials by region, committee members by estate, owners only
what is published to them; anything else 404). Writes are action endpoints that call
``wuye.governance.services.supervision`` (403 without the right, 400 with the reason when a rule
refuses; nothing is half written).

- ``/committee-meetings/``: POST a new meeting with its agenda; ``request`` (≥ 1/3 of members),
  ``schedule``, ``hold``, ``cancel``, ``motions`` (vote a matter), ``minutes``, ``post-decisions``;
- ``/committee-motions/``: decisions with each member's vote; ``order`` (street: correct or revoke);
- ``/seals/``, ``/seal-uses/``: the seal register and its append-only use log (``use``, ``void``);
- ``/committee-publications/``: annual accounts in integer fen; POST saves the draft, ``publish``;
- ``/supervision-orders/``: orders with their events; ``respond``, ``accept``, ``reject``, ``revoke``;
- (notices to the owners are messaging's ``/notices/``, wuye.messaging.api).
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
from wuye.governance.choices import BallotChoice, SealKind, SupervisionKind
from wuye.governance.models import (
    AnnualPublication,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    Decision,
    MeetingAttendance,
    Motion,
    MotionVote,
    Seal,
    SealUse,
    SupervisionEvent,
    SupervisionOrder,
)
from wuye.governance.services import supervision as services


def _file_url(obj, field: str) -> str:
    from wuye.core.files import file_url

    return file_url(obj, field)


def _visible(model, user, pk, label: str):
    obj = model.objects.visible_to(user).filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise NotFound(_("%(l)s不存在或不在您的可见范围内。") % {"l": label})
    return obj


def _members(committee, ids) -> list:
    """Committee members by id; ids of another committee are left to the service to refuse by name."""
    found = {m.pk: m for m in CommitteeMember.objects.filter(committee=committee, pk__in=list(ids))}
    missing = [i for i in ids if i not in found]
    if missing:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("不是本组织的委员：%(ids)s") % {"ids": ", ".join(map(str, missing))})
    return [found[i] for i in ids]


# ---------------------------------------------------------------- serializers


class AttendanceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = MeetingAttendance
        fields = ["member", "name", "signed_at"]


class MotionVoteSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = MotionVote
        fields = ["member", "name", "choice"]


class MotionSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    votes = MotionVoteSerializer(many=True, read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)

    class Meta:
        model = Motion
        fields = ["id", "estate", "committee", "meeting", "meeting_title", "number", "title", "text", "status",
                  "status_display", "members_total", "yes", "no", "abstain", "decided_at", "revoked_at", "revoked_by",
                  "votes"]


class MeetingSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    agenda_notice_short = serializers.BooleanField(read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)
    requested_by = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    has_minutes = serializers.SerializerMethodField()
    minutes_url = serializers.SerializerMethodField(help_text="会议记录下载地址（按可见范围）")

    class Meta:
        model = CommitteeMeeting
        fields = ["id", "estate", "committee", "kind", "status", "status_display", "title", "requested_on",
                  "request_reason", "requested_by", "hold_by", "scheduled_for", "place", "agenda", "agenda_posted_at",
                  "agenda_notice_days", "agenda_notice_short", "held_at", "members_total", "present_count",
                  "attendance", "has_minutes", "minutes_url", "minutes_sha256", "decisions_due_on", "decisions_posted_at",
                  "posted_days_late", "notice", "cancel_reason", "created_at"]

    def get_has_minutes(self, obj) -> bool:
        return bool(obj.minutes)

    def get_minutes_url(self, obj) -> str:
        return _file_url(obj, "minutes")


class MeetingCreateSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    scheduled_for = serializers.DateTimeField()
    agenda = serializers.CharField()
    place = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class MeetingScheduleSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    scheduled_for = serializers.DateTimeField()
    agenda = serializers.CharField()
    place = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class MeetingRequestSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    requesters = serializers.ListField(child=serializers.IntegerField(), help_text="提议委员的 ID（三分之一以上）")
    reason = serializers.CharField()
    title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class MeetingHoldSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()
    present = serializers.ListField(child=serializers.IntegerField(), help_text="出席委员的 ID")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class VoteInSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="表决委员 ID")
    choice = serializers.ChoiceField(choices=BallotChoice.choices)
    cast_by = serializers.IntegerField(required=False, allow_null=True, default=None,
                                       help_text="实际投票人（与 member 不同即为委托代理，将被拒绝，GR 38）")


class MotionDecideSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, default="", allow_blank=True)
    votes = VoteInSerializer(many=True)


class MinutesSerializer(serializers.Serializer):
    minutes = DocumentUploadField(help_text="会议记录扫描件")
    signed_by = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                      help_text="已签字的出席委员 ID")


class OrderCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SupervisionKind.choices)
    reason = serializers.CharField(help_text="违反的规定及事实")
    deadline = serializers.DateField(required=False, allow_null=True, default=None, help_text="整改期限（责令整改必填）")
    sms = serializers.BooleanField(required=False, default=False, help_text="同时短信通知业主")


class SealSerializer(serializers.ModelSerializer):
    # Plain strings here: each ``kind`` enum is described once, on the input serializer (schema enum names).
    kind = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Seal
        fields = ["id", "estate", "committee", "kind", "kind_display", "name", "custodian_name", "custodian_member",
                  "custodian_since", "retired_on"]


class SealCreateSerializer(serializers.Serializer):
    estate = serializers.IntegerField()
    committee = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=SealKind.choices)
    name = serializers.CharField(max_length=120)
    custodian_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="",
                                           help_text="保管人姓名；指定 custodian_member 时可省略")
    custodian_member = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                help_text="保管委员（在任委员 id）：其离任时发出移交预警")


class CustodianSerializer(serializers.Serializer):
    custodian_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="",
                                           help_text="新保管人姓名；指定 custodian_member 时可省略")
    custodian_member = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                help_text="新保管委员（在任委员 id）")
    reason = serializers.CharField(max_length=300)


class SealUseSerializer(serializers.ModelSerializer):
    motion_status = serializers.CharField(source="motion.status", read_only=True, default=None)
    is_voided = serializers.SerializerMethodField()

    class Meta:
        model = SealUse
        fields = ["id", "estate", "seal", "used_on", "document_title", "purpose", "copies", "motion", "motion_status",
                  "decision", "used_by", "custodian_name", "voids", "void_reason", "is_voided", "recorded_at"]

    def get_is_voided(self, obj) -> bool:
        return hasattr(obj, "voided_by")


class SealUseCreateSerializer(serializers.Serializer):
    used_on = serializers.DateField()
    document_title = serializers.CharField(max_length=200)
    purpose = serializers.CharField(max_length=300)
    used_by = serializers.CharField(max_length=50)
    copies = serializers.IntegerField(min_value=1, default=1)
    motion = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="业委会决定 ID（业委会印章）")
    decision = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        help_text="业主共同决定 ID（业主大会印章）")


class PublicationSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    attachment_url = serializers.SerializerMethodField(help_text="附件下载地址（按可见范围）")

    def get_attachment_url(self, obj) -> str:
        return _file_url(obj, "attachment")

    class Meta:
        model = AnnualPublication
        fields = ["id", "estate", "committee", "year", "due_on", "common_revenue_fen", "fund_use_fen", "expenses_fen",
                  "details", "attachment_url", "attachment_sha256", "status", "status_display", "published_at", "notice"]


class PublicationSaveSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    year = serializers.IntegerField()
    common_revenue_fen = serializers.IntegerField(min_value=0, help_text="共有部分经营收益（分）")
    fund_use_fen = serializers.IntegerField(min_value=0, help_text="维修资金使用（分）")
    expenses_fen = serializers.IntegerField(min_value=0, help_text="工作经费开支（分）")
    details = serializers.CharField(required=False, default="", allow_blank=True)


class PublishSerializer(serializers.Serializer):
    sms = serializers.BooleanField(required=False, default=False)


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = SupervisionEvent
        fields = ["at", "actor", "action", "from_status", "to_status", "note", "notice"]


class OrderSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="correction 责令限期整改 / revocation 撤销决定")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    motion_title = serializers.CharField(source="motion.title", read_only=True)
    events = EventSerializer(many=True, read_only=True)
    report_document_url = serializers.SerializerMethodField(help_text="整改报告附件下载地址（按可见范围）")

    def get_report_document_url(self, obj) -> str:
        return _file_url(obj, "report_document")

    class Meta:
        model = SupervisionOrder
        fields = ["id", "estate", "committee", "motion", "motion_title", "kind", "kind_display", "status",
                  "status_display", "reason", "deadline", "ordered_at", "issuer", "report", "report_document_url", "report_document_sha256",
                  "responded_at", "closed_at", "conclusion", "events"]


class RespondSerializer(serializers.Serializer):
    report = serializers.CharField()
    document = DocumentUploadField(required=False, allow_null=True, default=None)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, default="", allow_blank=True)


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField()
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


# ---------------------------------------------------------------- viewsets


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    model = None
    related: tuple = ()
    prefetch: tuple = ()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.visible_to(self.request.user).select_related(*self.related).prefetch_related(
            *self.prefetch)

    def _call(self, fn, **kwargs):
        """Run a service as the request's user; its PermissionDenied and ValidationError become
        403 and 400 in the API's exception handler (wuye.core.api.exceptions)."""
        return fn(actor=self.request.user, **kwargs)


@extend_schema_view(list=extend_schema(description="业委会会议（可见范围内；业主仅见决定已公告的会议）。"),
                    retrieve=extend_schema(description="会议详情；超出可见范围返回 404。"))
class CommitteeMeetingViewSet(_Scoped):
    """业委会会议。"""

    model = CommitteeMeeting
    queryset = CommitteeMeeting.objects.all()
    serializer_class = MeetingSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    related = ("committee",)
    prefetch = ("attendance__member", "requested_by")
    filterset_fields = ["committee", "estate", "status", "kind"]
    ordering_fields = ("created_at", "scheduled_for", "held_at", "status", "id", "title")

    def _meeting_response(self, meeting, code=status.HTTP_200_OK):
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data, status=code)

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer},
                   description="公告一次委员会会议的议程（应提前 7 日，不足时 agenda_notice_short=true）。")
    def create(self, request):
        d = validated(MeetingCreateSerializer, request.data)
        committee = _visible(Committee, request.user, d.pop("committee"), _("组织"))
        meeting = self._call(services.meeting_schedule, committee=committee, **d)
        return self._meeting_response(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=MeetingRequestSerializer, responses={201: MeetingSerializer},
                   description="三分之一以上委员提议召开会议（GR 37），应在 7 日内召开。")
    @action(detail=False, methods=["post"], url_path="request", filter_backends=[], pagination_class=None)
    def request_meeting(self, request):
        d = validated(MeetingRequestSerializer, request.data)
        committee = _visible(Committee, request.user, d["committee"], _("组织"))
        meeting = self._call(services.meeting_request, committee=committee, reason=d["reason"], title=d["title"],
                             requesters=_members(committee, d["requesters"]))
        return self._meeting_response(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=MeetingScheduleSerializer, responses=MeetingSerializer, description="为委员提议的会议公告议程。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def schedule(self, request, pk=None):
        meeting = self.get_object()
        d = validated(MeetingScheduleSerializer, request.data)
        return self._meeting_response(self._call(services.meeting_schedule, meeting=meeting, **d))

    @extend_schema(request=MeetingHoldSerializer, responses=MeetingSerializer,
                   description="登记召开及出席委员；出席未过在任委员半数的，会议状态为“出席不足半数”，不能作出决定。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def hold(self, request, pk=None):
        meeting = self.get_object()
        d = validated(MeetingHoldSerializer, request.data)
        return self._meeting_response(self._call(services.meeting_hold, meeting=meeting, held_at=d["held_at"],
                                                 present=_members(meeting.committee, d["present"])))

    @extend_schema(request=ReasonSerializer, responses=MeetingSerializer, description="取消尚未召开的会议。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request, pk=None):
        meeting = self.get_object()
        d = validated(ReasonSerializer, request.data)
        return self._meeting_response(self._call(services.meeting_cancel, meeting=meeting, reason=d["reason"]))

    @extend_schema(request=MotionDecideSerializer, responses={201: MotionSerializer},
                   description="表决一项事项：须全体委员过半数同意；缺席委员的表决、委托代理（cast_by 不是本人）一律拒绝（GR 38）。")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def motions(self, request, pk=None):
        meeting = self.get_object()
        d = validated(MotionDecideSerializer, request.data)
        votes = [services.VoteInput(v["member"], v["choice"], v["cast_by"]) for v in d["votes"]]
        motion = self._call(services.motion_decide, meeting=meeting, title=d["title"], text=d["text"], votes=votes)
        return Response(MotionSerializer(motion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": MinutesSerializer}, responses=MeetingSerializer,
                   description="上传会议记录并登记签字的出席委员。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def minutes(self, request, pk=None):
        meeting = self.get_object()
        d = validated(MinutesSerializer, request.data)
        return self._meeting_response(self._call(services.meeting_record_minutes, meeting=meeting,
                                                 minutes=d["minutes"], signed_by=d["signed_by"]))

    @extend_schema(request=None, responses=MeetingSerializer,
                   description="向业主公告会议决定（须全体出席委员签字；应在会后 3 日内，逾期记录逾期天数）。")
    @action(detail=True, methods=["post"], url_path="post-decisions", filter_backends=[])
    def post_decisions(self, request, pk=None):
        meeting = self.get_object()
        self._call(services.meeting_post_decisions, meeting=meeting)
        return self._meeting_response(meeting)


@extend_schema_view(list=extend_schema(description="业委会决定及各委员表决（业主仅见已公告的）。"),
                    retrieve=extend_schema(description="决定详情；超出可见范围返回 404。"))
class MotionViewSet(_Scoped):
    """业委会决定。"""

    model = Motion
    queryset = Motion.objects.all()
    serializer_class = MotionSerializer
    related = ("meeting",)
    prefetch = ("votes__member",)
    filterset_fields = ["committee", "meeting", "status"]
    ordering_fields = ("decided_at", "number", "status", "id", "title")

    @extend_schema(request=OrderCreateSerializer, responses={201: OrderSerializer},
                   description="街道责令限期整改（kind=correction，须 deadline）或撤销（kind=revocation）该决定，并向业主公告。")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def order(self, request, pk=None):
        motion = self.get_object()
        d = validated(OrderCreateSerializer, request.data)
        order = self._call(services.supervision_order, motion=motion, **d)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(description="印章及保管人（业委会委员、主管部门）。"),
                    retrieve=extend_schema(description="印章详情；超出可见范围返回 404。"))
class SealViewSet(_Scoped):
    """印章。"""

    model = Seal
    queryset = Seal.objects.all()
    serializer_class = SealSerializer
    filterset_fields = ["estate", "committee", "kind"]
    ordering_fields = ("id", "kind", "name", "custodian_since")

    @extend_schema(request=SealCreateSerializer, responses={201: SealSerializer}, description="登记印章及其保管人。")
    def create(self, request):
        from wuye.estates.models import Estate

        d = validated(SealCreateSerializer, request.data)
        estate = _visible(Estate, request.user, d["estate"], _("小区"))
        committee = _visible(Committee, request.user, d["committee"], _("组织")) if d["committee"] else None
        member = _visible(CommitteeMember, request.user, d["custodian_member"], _("保管委员")) \
            if d["custodian_member"] else None
        seal = self._call(services.seal_register, estate=estate, committee=committee, kind=d["kind"], name=d["name"],
                          custodian_name=d["custodian_name"], custodian_member=member)
        return Response(SealSerializer(seal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SealUseCreateSerializer, responses={201: SealUseSerializer},
                   description="用印登记：业委会印章须有通过的业委会决定，业主大会印章须有最终通过的业主共同决定（GR 41），否则拒绝。")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def use(self, request, pk=None):
        seal = self.get_object()
        d = validated(SealUseCreateSerializer, request.data)
        motion = _visible(Motion, request.user, d.pop("motion"), _("业委会决定")) if d.get("motion") else None
        decision = _visible(Decision, request.user, d.pop("decision"), _("共同决定")) if d.get("decision") else None
        d.pop("motion", None), d.pop("decision", None)
        use = self._call(services.seal_use_record, seal=seal, motion=motion, decision=decision, **d)
        return Response(SealUseSerializer(use).data, status=status.HTTP_201_CREATED)


    @extend_schema(request=CustodianSerializer, responses=SealSerializer, description="更换保管人（须说明原因）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def custodian(self, request, pk=None):
        seal = self.get_object()
        d = validated(CustodianSerializer, request.data)
        member_id = d.pop("custodian_member")
        member = _visible(CommitteeMember, request.user, member_id, _("保管委员")) if member_id else None
        return Response(SealSerializer(self._call(services.seal_change_custodian, seal=seal, custodian_member=member,
                                                  **d)).data)

    @extend_schema(request=ReasonSerializer, responses=SealSerializer, description="停用印章（用印登记保留）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def retire(self, request, pk=None):
        seal = self.get_object()
        d = validated(ReasonSerializer, request.data)
        return Response(SealSerializer(self._call(services.seal_retire, seal=seal, reason=d["reason"])).data)


@extend_schema_view(list=extend_schema(description="用印登记簿（只增不改）。"),
                    retrieve=extend_schema(description="用印登记详情；超出可见范围返回 404。"))
class SealUseViewSet(_Scoped):
    """用印登记。"""

    model = SealUse
    queryset = SealUse.objects.all()
    serializer_class = SealUseSerializer
    related = ("motion", "voided_by")
    filterset_fields = ["seal", "motion", "decision"]
    ordering_fields = ("recorded_at", "used_on", "id")

    @extend_schema(request=ReasonSerializer, responses={201: SealUseSerializer},
                   description="作废一条用印登记：另写一条作废登记（原登记保留）。")
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def void(self, request, pk=None):
        use = self.get_object()
        d = validated(ReasonSerializer, request.data)
        entry = self._call(services.seal_use_void, use=use, reason=d["reason"])
        return Response(SealUseSerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(description="年度收支公布（金额单位：分；业主仅见已公布的）。"),
                    retrieve=extend_schema(description="详情；超出可见范围返回 404。"))
class PublicationViewSet(_Scoped):
    """年度收支公布。"""

    model = AnnualPublication
    queryset = AnnualPublication.objects.all()
    serializer_class = PublicationSerializer
    filterset_fields = ["committee", "estate", "year", "status"]
    ordering_fields = ("year", "due_on", "published_at", "id")

    @extend_schema(request=PublicationSaveSerializer, responses={201: PublicationSerializer},
                   description="保存某年度收支草稿（新建或修改；已公布的不能修改）。")
    def create(self, request):
        d = validated(PublicationSaveSerializer, request.data)
        committee = _visible(Committee, request.user, d.pop("committee"), _("组织"))
        pub = self._call(services.publication_save, committee=committee, **d)
        return Response(PublicationSerializer(pub).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PublishSerializer, responses=PublicationSerializer, description="向业主公布（生成业主公告）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def publish(self, request, pk=None):
        pub = self.get_object()
        d = validated(PublishSerializer, request.data)
        pub = self._call(services.publication_publish, publication=pub, sms=d["sms"])
        return Response(PublicationSerializer(pub).data)


@extend_schema_view(list=extend_schema(description="街道对业委会决定的督办（责令整改、撤销）及其记录。"),
                    retrieve=extend_schema(description="督办详情；超出可见范围返回 404。"))
class SupervisionOrderViewSet(_Scoped):
    """业委会决定督办。"""

    model = SupervisionOrder
    queryset = SupervisionOrder.objects.all()
    serializer_class = OrderSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    related = ("motion",)
    prefetch = ("events__actor",)
    filterset_fields = ["committee", "estate", "status", "kind", "motion"]
    ordering_fields = ("ordered_at", "deadline", "status", "id")

    def _done(self, order):
        return Response(OrderSerializer(self.get_queryset().get(pk=order.pk)).data)

    @extend_schema(request={"application/json": RespondSerializer, "multipart/form-data": RespondSerializer},
                   responses=OrderSerializer, description="业委会报告整改情况。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def respond(self, request, pk=None):
        order = self.get_object()
        d = validated(RespondSerializer, request.data)
        return self._done(self._call(services.supervision_respond, order=order, report=d["report"],
                                     document=d["document"]))

    @extend_schema(request=AcceptSerializer, responses=OrderSerializer, description="街道验收通过（向业主公告）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        order = self.get_object()
        d = validated(AcceptSerializer, request.data)
        return self._done(self._call(services.supervision_accept, order=order, note=d["note"]))

    @extend_schema(request=RejectSerializer, responses=OrderSerializer, description="街道退回重新整改（可另定期限）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request, pk=None):
        order = self.get_object()
        d = validated(RejectSerializer, request.data)
        return self._done(self._call(services.supervision_reject, order=order, note=d["note"], deadline=d["deadline"]))

    @extend_schema(request=ReasonSerializer, responses=OrderSerializer,
                   description="拒不整改的，街道撤销该决定（决定处处标为已撤销，并向业主公告）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def revoke(self, request, pk=None):
        order = self.get_object()
        d = validated(ReasonSerializer, request.data)
        return self._done(self._call(services.supervision_revoke, order=order, reason=d["reason"]))


def register(router) -> None:
    router.register("committee-meetings", CommitteeMeetingViewSet, basename="committee-meeting")
    router.register("committee-motions", MotionViewSet, basename="committee-motion")
    router.register("seals", SealViewSet, basename="seal")
    router.register("seal-uses", SealUseViewSet, basename="seal-use")
    router.register("committee-publications", PublicationViewSet, basename="committee-publication")
    router.register("supervision-orders", SupervisionOrderViewSet, basename="supervision-order")
