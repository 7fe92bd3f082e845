"""REST API of joint decisions: scoped reads, organiser actions, ballots, roll entries, receipt check.

- ``/decisions/``: list/detail (scoped); POST creates a draft (organiser); actions ``open``,
  ``close``, ``finalize``, ``void`` (POST), ``turnout`` and ``result`` (GET). No yes/no counts
  before close: ``result`` answers 404 until the preliminary result is published.
- ``/decision-ballots/``: POST JSON ``{decision, choice}`` casts the authenticated owner's own
  e-ballot; POST multipart ``{decision, channel: paper|proxy, voter, choice, scanned_ballot |
  proxy_document}`` is the organiser entering a paper ballot or a written proxy. Reads are scoped
  (an owner sees only their own ballot); a ballot's choice is shown only once the result is published.
- ``/decision-roll-entries/``: the frozen roll (an owner sees only their own entry).
- ``/decisions/verify-receipt/``: public (no login), throttled: is a receipt in the chain, intact?
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from wuye.core.api.viewsets import ScopedReadOnlyViewSet, validated
from wuye.core.uploads import DocumentUploadField
from wuye.governance.choices import BallotChannel, BallotChoice, OrganiserKind
from wuye.governance.models import Ballot, Decision, RollEntry
from wuye.governance.rules.ballot import MATTERS
from wuye.governance.selectors import decisions as selectors
from wuye.governance.services import decisions as services

# ---------------------------------------------------------------- serializers


class DecisionSerializer(serializers.ModelSerializer):
    estate_name = serializers.CharField(source="estate.name", read_only=True)
    matter_name = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    result = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "estate", "estate_name", "matter", "matter_name", "title", "organiser", "status",
                  "status_display", "opened_at", "closes_at", "objection_until", "published_at", "chain_head",
                  "result", "created_at"]

    def get_matter_name(self, obj) -> str:
        return MATTERS.get(obj.matter, "")

    def get_result(self, obj) -> dict | None:
        return selectors.published_result(obj.result) if obj.result_published else None


class DecisionCreateSerializer(serializers.Serializer):
    estate = serializers.IntegerField()
    matter = serializers.ChoiceField(choices=sorted(MATTERS.items()))
    title = serializers.CharField(max_length=200)
    organiser = serializers.ChoiceField(choices=OrganiserKind.choices)
    closes_at = serializers.DateTimeField()
    notice_text = serializers.CharField(required=False, allow_blank=True, default="")
    open_now = serializers.BooleanField(required=False, default=False)


class DecisionVoidSerializer(serializers.Serializer):
    _required = gettext_lazy("作废须填写原因。")
    reason = serializers.CharField(help_text="作废原因（必填）", max_length=300, error_messages={
        "required": _required, "blank": _required, "null": _required, "invalid": gettext_lazy("作废原因须为文字。")})


class TurnoutSerializer(serializers.Serializer):
    total_area = serializers.DecimalField(max_digits=16, decimal_places=4)
    total_persons = serializers.IntegerField()
    participating_area = serializers.DecimalField(max_digits=16, decimal_places=4)
    participating_persons = serializers.IntegerField()
    area_percent = serializers.FloatField()
    persons_percent = serializers.FloatField()
    quorum_area_met = serializers.BooleanField()
    quorum_persons_met = serializers.BooleanField()
    by_channel = serializers.DictField(child=serializers.IntegerField())


class ResultRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()
    rule = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)
    kind = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    outcome_text = serializers.CharField()
    threshold = serializers.CharField()
    rows = ResultRowSerializer(many=True)
    failed = serializers.ListField(child=serializers.CharField())
    raw = serializers.DictField(help_text="tally_decision 的完整 JSON（分数精确表示）")
    chain_head = serializers.CharField()
    chain_problems = serializers.ListField(child=serializers.CharField())


class BallotSerializer(serializers.ModelSerializer):
    choice = serializers.SerializerMethodField()
    receipt_code = serializers.SerializerMethodField()
    voter_key = serializers.CharField(source="roll_entry.voter_key", read_only=True)

    class Meta:
        model = Ballot
        fields = ["id", "decision", "sequence", "cast_at", "channel", "voter_key", "cast_as", "choice",
                  "receipt_code", "hash", "previous_hash"]

    def get_choice(self, obj) -> str | None:
        """Only once the result is public (Decision.choices_public), or the voter's own ballot."""
        request = self.context.get("request")
        if obj.decision.choices_public:
            return obj.choice
        if request and obj.cast_as in selectors.owner_ids_of(request.user):
            return obj.choice
        return None

    def get_receipt_code(self, obj) -> str | None:
        """The voter's own receipt only: the public check takes the receipt from the voter."""
        request = self.context.get("request")
        return obj.receipt_code if request and obj.cast_as in selectors.owner_ids_of(request.user) else None


class BallotCastSerializer(serializers.Serializer):
    decision = serializers.IntegerField()
    choice = serializers.ChoiceField(choices=BallotChoice.choices)
    channel = serializers.ChoiceField(choices=BallotChannel.choices, required=False, default=BallotChannel.ELECTRONIC,
                                      help_text="electronic（业主本人）；paper、proxy 由组织者录入")
    voter = serializers.CharField(required=False, allow_blank=True, help_text="纸质/委托：表决人标识（名册 voter_key）")
    scanned_ballot = DocumentUploadField(required=False, help_text="纸质表决票扫描件（paper 必填）")
    proxy_document = DocumentUploadField(required=False, help_text="书面授权委托书（proxy 必填）")


class BallotCastResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision = serializers.IntegerField()
    sequence = serializers.IntegerField()
    cast_at = serializers.DateTimeField()
    channel = serializers.CharField()
    receipt_code = serializers.CharField()


class RollEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = RollEntry
        fields = ["id", "decision", "voter_key", "area", "persons", "units", "unit_labels", "owner", "is_developer"]


class ReceiptQuerySerializer(serializers.Serializer):
    decision = serializers.IntegerField()
    receipt = serializers.CharField(max_length=20)


class ReceiptAnswerSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    message = serializers.CharField()
    decision = serializers.IntegerField(required=False)
    sequence = serializers.IntegerField(required=False)
    cast_at = serializers.DateTimeField(required=False)
    channel = serializers.CharField(required=False)
    hash_prefix = serializers.CharField(required=False)
    chain_intact = serializers.BooleanField(required=False)
    chain_head = serializers.CharField(required=False)


class ReceiptThrottle(SimpleRateThrottle):
    scope = "decision_receipt"
    rate = "30/min"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# ---------------------------------------------------------------- decisions


@extend_schema_view(
    list=extend_schema(description="共同决定列表（可见范围内）；结果仅在初步结果公布后返回。"),
    retrieve=extend_schema(description="共同决定详情；超出可见范围返回 404。"),
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """共同决定。"""

    queryset = Decision.objects.all()
    serializer_class = DecisionSerializer
    filterset_fields = ["estate", "matter", "status", "organiser"]
    search_fields = ("title",)
    ordering_fields = ("created_at", "closes_at", "opened_at", "status", "matter", "title", "id")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        return Decision.objects.visible_to(self.request.user).select_related("estate")

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionSerializer},
                   description="组织者拟定共同决定（草稿并发布会议通知）；open_now=true 时立即开始表决并冻结名册。")
    def create(self, request):
        from wuye.estates.models import Estate

        body = DecisionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        estate = Estate.objects.visible_to(request.user).filter(pk=d["estate"]).first()
        if estate is None:
            raise NotFound(_("小区不存在或不在您的可见范围内。"))
        with transaction.atomic():  # open_now: a decision that cannot open leaves no draft behind
            decision = services.decision_draft_create(
                actor=request.user, estate=estate, matter=d["matter"], title=d["title"], closes_at=d["closes_at"],
                organiser=d["organiser"], notice_text=d["notice_text"])
            if d["open_now"]:
                services.decision_open_draft(actor=request.user, decision=decision)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    def _run(self, fn, **kwargs):
        """Run a decision service on the scoped object (404 outside scope); the service's
        PermissionDenied and ValidationError become 403 and 400 in the API's exception handler."""
        decision = self.get_object()
        fn(actor=self.request.user, decision=decision, **kwargs)
        decision.refresh_from_db()
        return Response(DecisionSerializer(decision).data)

    @extend_schema(request=None, responses=DecisionSerializer, description="开始表决（草稿 → 表决中，冻结表决名册）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def open(self, request, pk=None):
        return self._run(services.decision_open_draft)

    @extend_schema(request=None, responses=DecisionSerializer, description="截止并统计，公布初步结果，进入异议期。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        return self._run(services.decision_close)

    @extend_schema(request=None, responses=DecisionSerializer, description="异议期满后确定最终结果。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def finalize(self, request, pk=None):
        return self._run(services.decision_finalize)

    @extend_schema(request=DecisionVoidSerializer, responses=DecisionSerializer, description="作废（最终结果前；须填写原因）。")
    @action(detail=True, methods=["post"], filter_backends=[])
    def void(self, request, pk=None):
        self.get_object()  # outside the scope: 404 before anything is said about the body
        return self._run(services.decision_void, reason=validated(DecisionVoidSerializer, request.data)["reason"])

    @extend_schema(responses=TurnoutSerializer, description="参与情况（面积与人数）；截止前不含同意/反对票数。")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def turnout(self, request, pk=None):
        return Response(TurnoutSerializer(selectors.decision_turnout(self.get_object())).data)

    @extend_schema(responses={200: ResultSerializer, 404: OpenApiResponse(description="结果尚未公布")},
                   description="表决结果及全部分数、门槛和未达到的项目；初步结果公布前返回 404。")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def result(self, request, pk=None):
        decision = self.get_object()
        if not decision.result_published:
            raise NotFound(_("表决截止前不公布结果。"))
        rows = selectors.result_rows(decision)
        return Response(ResultSerializer({**rows, "chain_head": decision.chain_head,
                                          "chain_problems": services.verify_chain(decision)}).data)

    @extend_schema(request=ReceiptQuerySerializer, responses=ReceiptAnswerSerializer, auth=[],
                   description="公开核验回执码（无需登录，限流）：选票是否完整记入选票链；不返回投票人和表决意见。")
    @action(detail=False, methods=["post"], url_path="verify-receipt", permission_classes=[AllowAny],
            throttle_classes=[ReceiptThrottle], authentication_classes=[], filter_backends=[], pagination_class=None)
    def verify_receipt(self, request):
        body = ReceiptQuerySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        answer = selectors.receipt_check(body.validated_data["decision"], body.validated_data["receipt"])
        answer.pop("title", None), answer.pop("estate", None), answer.pop("status", None), answer.pop("ballots", None)
        return Response(ReceiptAnswerSerializer(answer).data)


# ---------------------------------------------------------------- ballots


@extend_schema_view(
    list=extend_schema(description="选票（可见范围内；业主仅见本人选票）。表决意见在结果公布前不返回（本人除外）。"),
    retrieve=extend_schema(description="选票详情；超出可见范围返回 404。"),
)
class BallotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """选票（只增不改，哈希链）。"""

    queryset = Ballot.objects.all()
    serializer_class = BallotSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["decision", "channel"]
    ordering_fields = ("sequence", "cast_at", "id", "channel")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ballot.objects.none()
        return Ballot.objects.visible_to(self.request.user).select_related("decision", "roll_entry")

    @extend_schema(
        request={"application/json": BallotCastSerializer, "multipart/form-data": BallotCastSerializer},
        responses={201: BallotCastResultSerializer,
                   400: OpenApiResponse(description="已截止、已投票（已投票，不能重复投票或修改）、缺少扫描件或委托书等"),
                   403: OpenApiResponse(description="不是本人（电子票）或不是组织者（纸质/委托）")},
        description="投票。电子票：业主本人登录后提交 {decision, choice}；纸质票与书面委托：组织者以 multipart 提交 "
                    "{decision, channel, voter, choice, scanned_ballot|proxy_document}。每位表决人只能投一次。")
    def create(self, request):
        body = BallotCastSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        decision = Decision.objects.visible_to(request.user).filter(pk=d["decision"]).first()
        if decision is None:
            raise NotFound(_("共同决定不存在或不在您的可见范围内。"))
        channel = d["channel"]
        if channel == BallotChannel.ELECTRONIC:
            entry, person = selectors.roll_entry_for(request.user, decision)
            if entry is None:
                persons = sorted(selectors.owner_ids_of(request.user))
                if not persons:
                    raise PermissionDenied(_("电子投票只能由业主本人登录后投出，不能替他人投票。"))
                person = persons[0]
            voter = person
        else:
            voter = d.get("voter") or ""
        ballot = services.ballot_cast(actor=request.user, decision=decision, voter_key=voter, choice=d["choice"],
                                      channel=channel, scanned_ballot=d.get("scanned_ballot"),
                                      proxy_document=d.get("proxy_document"))
        return Response(BallotCastResultSerializer({
            "id": ballot.pk, "decision": decision.pk, "sequence": ballot.sequence, "cast_at": ballot.cast_at,
            "channel": ballot.channel, "receipt_code": ballot.receipt_code}).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(description="表决名册条目（开始表决时冻结）；业主仅见本人条目。"),
    retrieve=extend_schema(description="名册条目详情；超出可见范围返回 404。"),
)
class RollEntryViewSet(ScopedReadOnlyViewSet):
    """表决名册。"""

    queryset = RollEntry.objects.all()
    serializer_class = RollEntrySerializer
    filterset_fields = ["decision", "is_developer"]
    ordering_fields = ("id", "area", "voter_key")


def register(router) -> None:
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("decision-ballots", BallotViewSet, basename="decision-ballot")
    router.register("decision-roll-entries", RollEntryViewSet, basename="decision-roll-entry")
