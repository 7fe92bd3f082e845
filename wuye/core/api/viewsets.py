"""The shared base of every registry API: scoped reads, audited writes, void instead of delete.

* Reads start from ``Model.objects.visible_to(user)``: an object outside the user's scope answers 404.
* Lists hide voided rows unless ``?voided=1``.
* Writes go through a service (``record_create``/``record_update`` by default) inside one
  transaction, then ``ensure_editable`` checks the saved row lies in the user's edit scope
  (403 and rollback otherwise).
* ``POST {id}/void/`` voids with a reason (no DELETE: official records are never deleted);
  ``GET {id}/audit/`` lists the object's audit trail.
* Every foreign key a client sends must point at an object the user may see, else 400 “对象不存在”.
"""
from __future__ import annotations

import copy
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.core.models import AuditEntry
from wuye.core.querysets import ScopedQuerySet
from wuye.core.services import record_create, record_update, record_void
from wuye.core.views import ensure_editable

VOID_FIELDS = ("is_voided", "voided_at", "voided_by", "void_reason")
# Never sortable: ordering by a masked value would leak it.
UNSORTABLE = {"id_number", "phone"}


def is_voidable(model: type[models.Model]) -> bool:
    return any(f.name == "is_voided" for f in model._meta.fields)


# --- serializers -----------------------------------------------------------------------------


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key whose choices are the rows the requesting user may see (and not voided)."""

    default_error_messages = {
        "does_not_exist": _("对象不存在"),
        "incorrect_type": _("对象不存在"),
    }

    def get_queryset(self):
        qs = super().get_queryset()
        request = self.context.get("request")
        if isinstance(qs, ScopedQuerySet):
            if request is None:
                return qs.none()
            qs = qs.model.objects.visible_to(request.user)
            if is_voidable(qs.model):
                qs = qs.filter(is_voided=False)
        return qs


class ScopedModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose related fields are scoped, and whose void fields are read-only.

    Uniqueness and model rules are checked once, by ``full_clean`` inside the audited service,
    so DRF's own unique-together validators are switched off.
    """

    serializer_related_field = ScopedPrimaryKeyRelatedField

    def get_fields(self):
        fields = super().get_fields()
        for name in VOID_FIELDS:
            if name in fields:
                fields[name].read_only = True
        return fields

    def get_validators(self):
        return []


class InputSerializer(serializers.Serializer):
    """A request-body serializer for a busy endpoint: its fields are copied shallowly per request.

    DRF deep-copies every declared field for each serializer instance, re-running each field's
    ``__init__`` (a third of intake's validation time). A shallow copy is enough when nothing
    changes a field after declaration — no ``self.fields[...]`` edits in ``__init__``; ``bind()``
    then sets name and parent on the copy only.
    """

    def get_fields(self):
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}


def validated(serializer_class, data) -> dict:
    """A request body checked by ``serializer_class``: its validated data, or a 400 with the errors."""
    body = serializer_class(data=data)
    body.is_valid(raise_exception=True)
    return body.validated_data


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(
        label=_("作废原因"), max_length=500, allow_blank=True, required=False,
    )


class AuditEntrySerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()
    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "actor_name", "action", "action_display", "object_repr", "before", "after", "reason"]
        read_only_fields = fields

    def get_actor_name(self, obj) -> str:
        return str(obj.actor) if obj.actor_id else ""


# --- viewsets --------------------------------------------------------------------------------


VOIDED_PARAM = OpenApiParameter(
    "voided", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
    description="传 1 时列表包含已作废记录（默认不含）。", enum=["1"],
)


@extend_schema_view(
    list=extend_schema(description="列表：仅含当前用户可见范围内的记录；默认不含已作废记录。", parameters=[VOIDED_PARAM]),
    retrieve=extend_schema(description="详情：超出可见范围的记录返回 404。"),
    create=extend_schema(description="新增：经审计服务保存；保存后的记录必须在本人可修改范围内，否则 403 并回滚。"),
    update=extend_schema(description="修改（全部字段）：可见但不可修改的记录返回 403。"),
    partial_update=extend_schema(description="修改（部分字段）：可见但不可修改的记录返回 403。"),
)
class ScopedModelViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """ModelViewSet without destroy: official records are voided, never deleted (DELETE answers 405)."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    # --- reads ---

    @property
    def model(self) -> type[models.Model]:
        return self.queryset.model

    @property
    def ordering_fields(self) -> list[str]:
        """?ordering= accepts the model's own columns (not computed or masked values)."""
        return [f.name for f in self.model._meta.concrete_fields if f.name not in UNSORTABLE]

    def scoped_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        qs = self.scoped_queryset()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        if self.action == "list" and is_voidable(self.model) and self.request.query_params.get("voided") != "1":
            qs = qs.filter(is_voided=False)
        if not qs.query.order_by and not self.model._meta.ordering:
            qs = qs.order_by("pk")
        return qs

    # --- writes ---

    def split_m2m(self, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        m2m_names = {f.name for f in self.model._meta.many_to_many}
        plain = {k: v for k, v in data.items() if k not in m2m_names}
        m2m = {k: v for k, v in data.items() if k in m2m_names}
        return plain, m2m

    def create_object(self, serializer) -> models.Model:
        """Build the instance from validated data and save it through the audited service."""
        plain, m2m = self.split_m2m(dict(serializer.validated_data))
        instance = self.model(**plain)
        record_create(actor=self.request.user, instance=instance)
        for name, value in m2m.items():
            getattr(instance, name).set(value)
        return instance

    def update_object(self, serializer, instance: models.Model) -> models.Model:
        plain, m2m = self.split_m2m(dict(serializer.validated_data))
        obj = record_update(actor=self.request.user, instance=instance, data=plain)
        for name, value in m2m.items():
            getattr(obj, name).set(value)
        return obj

    def check_editable(self, obj: models.Model) -> None:
        if not self.model.objects.editable_by(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied(_("您没有修改该记录的权限。"))

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            obj = self.create_object(serializer)
            ensure_editable(self.request.user, obj)
        serializer.instance = obj

    def perform_update(self, serializer) -> None:
        instance = serializer.instance
        self.check_editable(instance)
        with transaction.atomic():
            obj = self.update_object(serializer, instance)
            ensure_editable(self.request.user, obj)
        serializer.instance = obj

    def update(self, request, *args, **kwargs):
        # Visible but not editable: 403 before looking at the body.
        self.check_editable(self.get_object())
        return super().update(request, *args, **kwargs)

    # --- void and audit ---

    @extend_schema(
        request=VoidSerializer,
        description="作废：必须填写原因；记录保留在数据库和审计记录中（不提供删除）。",
    )
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        obj = self.get_object()
        if not is_voidable(self.model):
            from rest_framework.exceptions import MethodNotAllowed

            raise MethodNotAllowed(request.method)
        self.check_editable(obj)
        body = VoidSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = record_void(actor=request.user, instance=obj, reason=body.validated_data.get("reason", ""))
        obj = self.model._base_manager.get(pk=obj.pk)
        return Response(self.get_serializer(obj).data, status=status.HTTP_200_OK)

    @extend_schema(responses=AuditEntrySerializer(many=True), description="审计记录：该对象的全部变更（最新在前）。")
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def audit(self, request, pk=None):
        obj = self.get_object()
        ct = ContentType.objects.get_for_model(self.model, for_concrete_model=True)
        rows = AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
        return Response(AuditEntrySerializer(rows, many=True).data)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only reference data, still limited to ``visible_to(user)``."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        model = self.queryset.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        qs = model.objects.visible_to(self.request.user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs
