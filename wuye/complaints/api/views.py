"""REST API of work orders: scoped reads, intake (channel "api"), one endpoint per lifecycle action.

Intake by systems (12345 platform, grid system …) authenticates with a system user's Token. The
receiving region of an order is, in this order: the ``region`` sent (it must be in the user's
scope); the estate or street found in the address/text within the user's region; the nearest
estate to lat/long; and otherwise the user's own official region — its *default receiving region*
(a system account set up with a 街道物业办 role on the receiving street). So an address nobody
can resolve still yields an order, never an error.
"""
from __future__ import annotations

from decimal import Decimal

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from wuye.accounts.selectors import primary_region, user_scope
from wuye.complaints import services
from wuye.complaints.api import serializers as s
from wuye.complaints.choices import Channel, WorkOrderStatus
from wuye.complaints.choices import WorkOrderAction as A
from wuye.complaints.models import CatalogEntry, CatalogVersion, ExtensionRequest, WorkOrder
from wuye.complaints.permissions import can_act
from wuye.regions.choices import RegionLevel
from wuye.regions.models import Department, Region

# ---------------------------------------------------------------- intake helpers (API and Open311)

NEAR_DEGREES = Decimal("0.005")  # ~500 m: an estate this close to lat/long is taken as the place


def receiving_region(user) -> Region | None:
    """The user's default receiving region: the lowest official region it holds (a street, ideally)."""
    from wuye.accounts.selectors import role_assignments

    regions = [a.region for a in role_assignments(user) if a.region_id]
    if regions:
        return max(regions, key=lambda r: r.level)
    return primary_region(user)


def intake_place(*, user, region_code: str = "", text: str = "", latitude=None, longitude=None):
    """(region, estate) for a new order; raises ValidationError only for a region outside the user's scope."""
    from wuye.complaints.selectors import resolve_address
    from wuye.estates.models import Estate

    scope = user_scope(user)
    if region_code:
        region = Region.objects.filter(code=region_code.ljust(12, "0")).first()
        if region is None or not scope.covers_region(region.code):
            raise ValidationError({"region": _("区划不存在或不在您的管辖范围内：%(c)s") % {"c": region_code}})
        return region, None
    home = receiving_region(user)
    if home is None and not scope.everything:
        raise ValidationError({"region": _("该账号没有管辖区划，无法确定受理街道，请联系管理员配置。")})
    within = home if home is not None and home.level <= RegionLevel.STREET else (home.parent if home else None)
    found = resolve_address(text=text, within=within)
    if found.estate is not None:
        return found.estate.region, found.estate
    if found.region is not None:
        return found.region, None
    if latitude is not None and longitude is not None:
        estates = Estate.objects.filter(
            is_voided=False, latitude__range=(latitude - NEAR_DEGREES, latitude + NEAR_DEGREES),
            longitude__range=(longitude - NEAR_DEGREES, longitude + NEAR_DEGREES))
        if within is not None:
            estates = estates.filter(region__code__startswith=within.prefix)
        nearest = min(estates.select_related("region")[:200],
                      key=lambda e: (e.latitude - latitude) ** 2 + (e.longitude - longitude) ** 2, default=None)
        if nearest is not None:
            return nearest.region, nearest
    if home is None:
        raise ValidationError({"address": _("无法确定诉求所属街道：请填写小区名称或街道，或指定受理街道。")})
    return home, None


def submit_for(*, user, channel: str, data: dict) -> tuple[WorkOrder, bool]:
    """Intake for an authenticated system or official; returns (order, duplicate)."""
    started = timezone.now()
    text = " ".join([data.get("address", ""), data.get("title", ""), data.get("body", "")])
    region, estate = intake_place(user=user, region_code=data.pop("region", ""), text=text,
                                  latitude=data.get("latitude"), longitude=data.get("longitude"))
    category = data.pop("category", "") or None
    order = services.work_order_submit(actor=user, channel=channel, region=region, estate=estate,
                                       category_code=category, **data)
    return order, order.created_at < started


def submitted_payload(order: WorkOrder, duplicate: bool) -> dict:
    if hasattr(order, "intake_lead"):  # just written by intake
        lead_department = order.intake_lead
    else:
        lead = next((a for a in order.assignments.select_related("department") if a.role == "lead" and a.is_current),
                    None)
        lead_department = lead.department if lead else None
    return {
        # WorkOrderStatus(...).label translates one label; get_status_display() translates them all.
        "id": order.pk, "number": order.number, "status": order.status,
        "status_display": WorkOrderStatus(order.status).label,
        "category": order.category.code if order.category_id else None,
        "category_name": order.category.name if order.category_id else None,
        "department": lead_department.name if lead_department else None, "deadline_at": order.deadline_at,
        "region": order.region_id, "duplicate": duplicate,
    }


# ---------------------------------------------------------------- filters


class WorkOrderFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=WorkOrderStatus.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    category = django_filters.CharFilter(field_name="category__code", label="事项分类代码")
    region = django_filters.CharFilter(method="filter_region", label="区划代码（含下级）")
    received_after = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="gte")
    received_before = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="lt")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="已超办理时限")
    number = django_filters.CharFilter(field_name="number")
    external_number = django_filters.CharFilter(field_name="external_number")

    class Meta:
        model = WorkOrder
        fields = ["status", "channel", "kind", "urgency", "estate", "supervision"]

    def filter_region(self, qs, name, value):
        region = Region.objects.filter(code=value.ljust(12, "0")).first()
        return qs.filter(region__code__startswith=region.prefix) if region else qs.none()

    def filter_overdue(self, qs, name, value):
        overdue = WorkOrder.objects.overdue(timezone.now()).values("pk")
        return qs.filter(pk__in=overdue) if value else qs.exclude(pk__in=overdue)


# ---------------------------------------------------------------- work orders

ACTION_NAMES = ["classify", "dispatch", "acknowledge", "return", "reply", "review", "callback", "archive", "merge",
                "request-extension", "decide-extension", "supervise", "check-in"]
ACTIONS_DOC = """执行一个工单操作（action）。所需字段：
classify：category；dispatch：lead、assists、final；acknowledge：无；return：reason_code、reason；
reply：reply；review：approve、reason（退回必填）；callback：satisfaction、resolved、handler_at_fault、reason；
archive：无；merge：into、reason；request-extension：working_days、reason；decide-extension：approve、request、reason；
supervise：reason（未超期为催办，超期为督办）；check-in：无。
无权执行返回 403；工单不在可见范围返回 404；当前状态不允许返回 400 并说明原因。"""


@extend_schema_view(
    list=extend_schema(description="工单列表：仅含可见范围内的工单；诉求人姓名、电话对非承办人员脱敏。"),
    retrieve=extend_schema(description="工单详情：超出可见范围返回 404。"),
)
class WorkOrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """工单。"""

    queryset = WorkOrder.objects.all()
    serializer_class = s.WorkOrderSerializer
    filterset_class = WorkOrderFilterSet
    search_fields = ("number", "external_number", "title", "address")
    ordering_fields = ("received_at", "deadline_at", "number", "status", "updated_at")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorkOrder.objects.none()
        return (WorkOrder.objects.visible_to(self.request.user)
                .select_related("region", "estate", "category").prefetch_related("assignments__department"))

    @extend_schema(request=s.WorkOrderSubmitSerializer,
                   responses={201: s.WorkOrderSubmittedSerializer, 200: s.WorkOrderSubmittedSerializer},
                   description="受理（渠道“系统接口”）：自动分类、派单、计算办理时限。重复提交（同一诉求人同一内容）"
                               "返回 200 及此前的工单；地址无法识别时进入本账号的默认受理区划；未知分类代码进入人工分类队列。")
    def create(self, request, *args, **kwargs):
        body = s.WorkOrderSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order, duplicate = submit_for(user=request.user, channel=Channel.API, data=dict(body.validated_data))
        return Response(submitted_payload(order, duplicate),
                        status=status.HTTP_200_OK if duplicate else status.HTTP_201_CREATED)

    @extend_schema(responses=s.WorkOrderEventSerializer(many=True), description="流转记录（时间顺序）。")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request, pk=None):
        order = self.get_object()
        rows = order.events.select_related("actor", "department")
        return Response(s.WorkOrderEventSerializer(rows, many=True).data)

    @extend_schema(
        request=s.WorkOrderActionSerializer, responses=s.WorkOrderSerializer, description=ACTIONS_DOC,
        parameters=[OpenApiParameter("action_name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=ACTION_NAMES,
                                     description="操作")],
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_name>[a-z-]+)", url_name="act",
            filter_backends=[])
    def act(self, request, pk=None, action_name=None):
        handler = getattr(self, "_do_" + (action_name or "").replace("-", "_"), None)
        if action_name not in ACTION_NAMES or handler is None:
            raise NotFound(_("未知的工单操作：%(a)s") % {"a": action_name})
        order = self.get_object()
        body = s.WorkOrderActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        handler(order, body.validated_data)
        order = self.get_queryset().get(pk=order.pk)
        return Response(s.WorkOrderSerializer(order, context=self.get_serializer_context()).data)

    # --- one method per action: the right first (403), then required fields and the service (400)

    def _require(self, order, action_name: str) -> None:
        if not can_act(self.request.user, order, action_name):
            raise PermissionDenied(_("您无权对该工单执行“%(a)s”。") % {"a": A(action_name).label})

    @staticmethod
    def _need(data: dict, *names: str) -> None:
        missing = {n: [_("该操作必须填写此项。")] for n in names if data.get(n) in (None, "")}
        if missing:
            raise ValidationError(missing)

    def _do_classify(self, order, d):
        self._require(order, A.CLASSIFY)
        self._need(d, "category")
        services.work_order_classify(actor=self.request.user, order=order, category_code=d["category"],
                                     reason=d["reason"])

    def _do_dispatch(self, order, d):
        self._require(order, A.RULE_FINALLY if d["final"] else A.DISPATCH)
        self._need(d, "lead")
        ids = [d["lead"], *d.get("assists", [])]
        departments = Department.objects.in_bulk(ids)
        unknown = [i for i in ids if i not in departments]
        if unknown:
            raise ValidationError({"lead": _("部门不存在：%(ids)s") % {"ids": ", ".join(map(str, unknown))}})
        services.work_order_dispatch(actor=self.request.user, order=order, lead=departments[d["lead"]],
                                     assists=[departments[i] for i in d.get("assists", [])], final=d["final"],
                                     reason=d["reason"])

    def _do_acknowledge(self, order, d):
        self._require(order, A.ACKNOWLEDGE)
        services.work_order_acknowledge(actor=self.request.user, order=order)

    def _do_return(self, order, d):
        self._require(order, A.RETURN)
        self._need(d, "reason_code")
        services.work_order_return(actor=self.request.user, order=order, reason_code=d["reason_code"],
                                   reason=d["reason"])

    def _do_reply(self, order, d):
        self._require(order, A.REPLY)
        services.work_order_reply(actor=self.request.user, order=order, reply=d.get("reply", ""))

    def _do_review(self, order, d):
        self._need(d, "approve")
        self._require(order, A.APPROVE_REPLY if d["approve"] else A.REJECT_REPLY)
        services.work_order_review(actor=self.request.user, order=order, approve=d["approve"], reason=d["reason"])

    def _do_callback(self, order, d):
        self._require(order, A.CALLBACK)
        self._need(d, "satisfaction")
        services.work_order_callback(actor=self.request.user, order=order, satisfaction=d["satisfaction"],
                                     resolved=d["resolved"], handler_at_fault=d["handler_at_fault"], note=d["reason"])

    def _do_archive(self, order, d):
        self._require(order, A.ARCHIVE)
        services.work_order_archive(actor=self.request.user, order=order)

    def _do_merge(self, order, d):
        self._require(order, A.MERGE)
        self._need(d, "into")
        ref = d["into"].strip()
        visible = WorkOrder.objects.visible_to(self.request.user)
        into = visible.filter(Q(number=ref) | Q(pk=int(ref)) if ref.isdigit() else Q(number=ref)).first()
        if into is None:
            raise ValidationError({"into": _("目标工单不存在：%(n)s") % {"n": ref}})
        services.work_order_merge(actor=self.request.user, order=order, into=into, reason=d["reason"])

    def _do_request_extension(self, order, d):
        self._require(order, A.REQUEST_EXTENSION)
        self._need(d, "working_days", "reason")
        services.work_order_request_extension(actor=self.request.user, order=order, working_days=d["working_days"],
                                              reason=d["reason"])

    def _do_decide_extension(self, order, d):
        self._need(d, "approve")
        self._require(order, A.APPROVE_EXTENSION if d["approve"] else A.REJECT_EXTENSION)
        pending = ExtensionRequest.objects.filter(order=order)
        pending = pending.filter(pk=d["request"]) if d.get("request") else pending.filter(status="pending")
        request = pending.first()
        if request is None:
            raise ValidationError({"request": _("没有待审批的延期申请。")})
        services.work_order_decide_extension(actor=self.request.user, request=request, approve=d["approve"],
                                             note=d["reason"])

    def _do_supervise(self, order, d):
        self._require(order, A.SUPERVISE)
        services.work_order_supervise(actor=self.request.user, order=order, reason=d["reason"])

    def _do_check_in(self, order, d):
        self._require(order, A.CHECK_IN)
        services.work_order_check_in(actor=self.request.user, order=order)


# ---------------------------------------------------------------- catalog


def catalog_visible_to(user):
    """Entries of the catalogs in force in the cities the user works in (public reference data there)."""
    scope = user_scope(user)
    active = CatalogEntry.objects.filter(version__is_active=True)
    if scope.everything:
        return active
    cities = {p[:4] for p in scope.region_prefixes if len(p) >= 4}
    provinces = {p for p in scope.region_prefixes if len(p) < 4}
    if not cities and not provinces:
        return active.none()
    q = Q()
    for prefix in cities | provinces:
        q |= Q(version__region__code__startswith=prefix)
    for code in cities:  # first use in a city creates version 1 from the seed
        city = Region.objects.filter(code=code.ljust(12, "0")).first()
        if city is not None and not CatalogVersion.objects.filter(region=city, is_active=True).exists():
            services.catalog_ensure(city=city)
    return active.filter(q)


@extend_schema_view(
    list=extend_schema(description="现行职责清单事项（本人所在城市）。"),
    retrieve=extend_schema(description="职责清单事项详情；其他城市的返回 404。"),
)
class CatalogEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """职责清单（现行版本）。"""

    queryset = CatalogEntry.objects.all()
    serializer_class = s.CatalogEntrySerializer
    filterset_fields = ("code", "department_kind", "level")
    search_fields = ("code", "name", "description")
    ordering_fields = ("code", "name", "level")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CatalogEntry.objects.none()
        return catalog_visible_to(self.request.user).select_related("version").order_by("version__region_id", "code")

