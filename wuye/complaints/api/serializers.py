"""Work orders over REST: reads with the complainant masked, intake input, action input."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wuye.complaints.choices import (
    Channel,
    ClassificationSource,
    RequestKind,
    ReturnReason,
    Satisfaction,
    SupervisionLevel,
    Urgency,
    WorkOrderAction,
    WorkOrderStatus,
)
from wuye.complaints.models import CatalogEntry, WorkOrder, WorkOrderEvent
from wuye.complaints.permissions import can_see_complainant
from wuye.core.api.viewsets import InputSerializer
from wuye.core.validators import mask_phone
from wuye.regions.choices import DepartmentKind

_ENUM_FIELDS: dict[str, type] = {}


def enum_field(choices, **kwargs) -> serializers.ChoiceField:
    """A ChoiceField with its own named enum component: other apps' "kind"/"status" enums do not collide."""
    blank = bool(kwargs.get("allow_blank"))
    schema = {"type": "string", "enum": [*choices.values, *([""] if blank else [])],
              "description": "；".join(f"{v}：{label}" for v, label in choices.choices)}
    name = f"Complaints{choices.__name__}{'OrBlank' if blank else ''}Enum"
    cls = _ENUM_FIELDS.get(name)
    if cls is None:
        cls = _ENUM_FIELDS[name] = extend_schema_field(schema, component_name=name)(
            type(f"{choices.__name__}Field", (serializers.ChoiceField,), {}))
    return cls(choices=choices.choices, **kwargs)


def mask_name(value: str) -> str:
    """张三丰 → 张**: the surname is enough to address the person, not to identify them."""
    return value[:1] + "*" * (len(value) - 1) if value else ""


class WorkOrderSerializer(serializers.ModelSerializer):
    """An order as the API returns it; name and phone are masked unless the user handles the order."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    estate_name = serializers.CharField(source="estate.name", read_only=True, allow_null=True, default=None)
    category = serializers.CharField(source="category.code", read_only=True, allow_null=True, default=None)
    category_name = serializers.CharField(source="category.name", read_only=True, allow_null=True, default=None)
    department = serializers.SerializerMethodField()
    complainant_masked = serializers.SerializerMethodField(help_text="诉求人信息是否已脱敏")
    channel = enum_field(Channel, read_only=True)
    kind = enum_field(RequestKind, read_only=True)
    urgency = enum_field(Urgency, read_only=True)
    status = enum_field(WorkOrderStatus, read_only=True)
    classification_source = enum_field(ClassificationSource, read_only=True, allow_blank=True)
    satisfaction = enum_field(Satisfaction, read_only=True, allow_blank=True)
    supervision = enum_field(SupervisionLevel, read_only=True)

    class Meta:
        model = WorkOrder
        fields = ["id", "number", "external_number", "channel", "channel_display", "kind", "urgency", "title", "body",
                  "address", "complainant_name", "complainant_phone", "complainant_masked", "region", "region_name",
                  "estate", "estate_name", "address_resolved", "status", "status_display", "category", "category_name",
                  "classification_source", "classification_confidence", "department", "received_at", "dispatched_at",
                  "ack_deadline_at", "acknowledged_at", "deadline_at", "replied_at", "reply", "closed_at",
                  "archived_at", "satisfaction", "resolved", "return_count", "redo_count", "final_ruling",
                  "supervision", "merged_into", "parent", "latitude", "longitude", "created_at", "updated_at"]
        read_only_fields = fields

    def _lead(self, obj):
        return next((a for a in obj.assignments.all() if a.role == "lead" and a.is_current), None)

    def get_department(self, obj) -> str | None:
        lead = self._lead(obj)
        return lead.department.name if lead else None

    def _masked(self, obj) -> bool:
        request = self.context.get("request")
        return not can_see_complainant(getattr(request, "user", None), obj)

    def get_complainant_masked(self, obj) -> bool:
        return self._masked(obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if data["complainant_masked"]:
            data["complainant_name"] = mask_name(instance.complainant_name)
            data["complainant_phone"] = mask_phone(instance.complainant_phone)
        return data


class WorkOrderSubmitSerializer(InputSerializer):
    """Intake through the API (channel "api"). Length and content are checked by the intake service."""

    title = serializers.CharField(label=_("标题"), required=False, allow_blank=True, default="", trim_whitespace=True)
    body = serializers.CharField(label=_("诉求内容"), allow_blank=True, trim_whitespace=True,
                                 error_messages={"required": _("请填写诉求内容。")})
    address = serializers.CharField(label=_("地址"), required=False, allow_blank=True, default="", max_length=300)
    complainant_name = serializers.CharField(label=_("诉求人"), required=False, allow_blank=True, default="", max_length=100)
    complainant_phone = serializers.CharField(label=_("联系电话"), required=False, allow_blank=True, default="",
                                              max_length=32)
    kind = enum_field(RequestKind, label=_("诉求类型"), default=RequestKind.COMPLAINT)
    urgency = enum_field(Urgency, label=_("紧急程度"), default=Urgency.NORMAL)
    external_number = serializers.CharField(label=_("外部工单编号"), required=False, allow_blank=True, default="",
                                            max_length=64)
    received_at = serializers.DateTimeField(label=_("受理时间"), required=False, allow_null=True, default=None)
    latitude = serializers.DecimalField(label=_("纬度"), max_digits=9, decimal_places=6, required=False, allow_null=True,
                                        default=None, min_value=-90, max_value=90)
    longitude = serializers.DecimalField(label=_("经度"), max_digits=9, decimal_places=6, required=False,
                                         allow_null=True, default=None, min_value=-180, max_value=180)
    category = serializers.CharField(label=_("事项分类代码"), required=False, allow_blank=True, default="", max_length=40,
                                     help_text="职责清单事项代码；不填则自动分类；未知代码进入人工分类队列")
    region = serializers.CharField(label=_("受理街道区划代码"), required=False, allow_blank=True, default="",
                                   max_length=12, help_text="不填时按地址识别，识别不到则为本账号的默认受理区划")


class WorkOrderSubmittedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    category = serializers.CharField(allow_null=True)
    category_name = serializers.CharField(allow_null=True)
    department = serializers.CharField(allow_null=True)
    deadline_at = serializers.DateTimeField(allow_null=True)
    region = serializers.CharField()
    duplicate = serializers.BooleanField(help_text="重复提交：已合并至此前的工单，返回的是该工单")


class WorkOrderActionSerializer(serializers.Serializer):
    """Input of every action; which fields an action needs is listed in the endpoint description."""

    category = serializers.CharField(required=False, max_length=40, help_text="classify：事项分类代码")
    lead = serializers.IntegerField(required=False, help_text="dispatch：主办部门 ID")
    assists = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="dispatch：协办部门 ID")
    final = serializers.BooleanField(required=False, default=False, help_text="dispatch：退单后终裁派单")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    reason_code = enum_field(ReturnReason, required=False, help_text="return：退单理由")
    reply = serializers.CharField(required=False, allow_blank=True, max_length=10000, help_text="reply：答复内容")
    approve = serializers.BooleanField(required=False, allow_null=True, default=None,
                                       help_text="review / decide-extension：通过或退回")
    satisfaction = enum_field(Satisfaction, required=False, help_text="callback：满意度")
    resolved = serializers.BooleanField(required=False, default=False, help_text="callback：问题已解决")
    handler_at_fault = serializers.BooleanField(required=False, default=False, help_text="callback：不满意系承办单位原因")
    into = serializers.CharField(required=False, max_length=32, help_text="merge：合并至的工单编号或 ID")
    working_days = serializers.IntegerField(required=False, help_text="request-extension：延长工作日")
    request = serializers.IntegerField(required=False, help_text="decide-extension：延期申请 ID（默认待审批的一条）")


class WorkOrderEventSerializer(serializers.ModelSerializer):
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    actor_name = serializers.SerializerMethodField()
    department_name = serializers.CharField(source="department.name", read_only=True, allow_null=True, default=None)
    action = enum_field(WorkOrderAction, read_only=True)
    from_status = enum_field(WorkOrderStatus, read_only=True, allow_blank=True)
    to_status = enum_field(WorkOrderStatus, read_only=True, allow_blank=True)

    class Meta:
        model = WorkOrderEvent
        fields = ["id", "at", "action", "action_display", "actor_name", "from_status", "to_status", "department",
                  "department_name", "reason", "data"]
        read_only_fields = fields

    def get_actor_name(self, obj) -> str:
        return str(obj.actor) if obj.actor_id else "系统"


class CatalogEntrySerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="version.region_id", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    department_kind_display = serializers.CharField(source="get_department_kind_display", read_only=True)
    department_kind = enum_field(DepartmentKind, read_only=True)
    supervisor_kind = enum_field(DepartmentKind, read_only=True, allow_blank=True)

    class Meta:
        model = CatalogEntry
        fields = ["id", "code", "name", "description", "department_kind", "department_kind_display", "level",
                  "supervisor_kind", "deadline_days", "urgent_deadline_days", "city", "version_number"]
        read_only_fields = fields
