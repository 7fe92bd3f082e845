"""Policy profiles over the API: read the parameters in force for a region, and override them."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from wuye.accounts.selectors import primary_region
from wuye.policy.api.serializers import (
    ParameterValueSerializer,
    PolicyProfileSerializer,
    PolicyProfileUpdateSerializer,
)
from wuye.policy.permissions import can_edit_profile
from wuye.policy.rules.parameters import ParameterError, get_definition
from wuye.policy.selectors import get_parameter, resolve_profile
from wuye.policy.services import INHERIT, policy_profile_update
from wuye.regions.models import Region

REGION_PARAM = OpenApiParameter(
    "region", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True, description="12位区划代码",
)


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _region_code(request) -> str:
    code = (request.query_params.get("region") or "").strip()
    if not code:
        raise ValidationError({"region": [_("请提供区划代码 ?region=（12位）。")]})
    return code


def readable_region(request) -> Region:
    """A region the user may see, or an ancestor of their own region (whose values they inherit)."""
    code = _region_code(request)
    region = Region.objects.visible_to(request.user).filter(code=code).first()
    if region is None:
        home = primary_region(request.user)
        if home and code in home.ancestor_codes():
            region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("区划不存在或不在您的管辖范围内。"))
    return region


def profile_data(user, region: Region) -> dict:
    params = []
    for item in resolve_profile(region):
        d = item.definition
        params.append({
            "key": d.key, "label": d.label, "group": d.group, "kind": d.kind, "unit": d.unit,
            "value": _json(item.value), "display": item.display, "default": _json(d.default),
            "source_region": item.source_region.code if item.source_region else None,
            "source_region_name": item.source_region.name if item.source_region else None,
            "overridden": item.own_value is not None,
            "note": item.own_value.note if item.own_value is not None else "",
        })
    return {"region": region.code, "region_name": region.name, "editable": can_edit_profile(user, region),
            "parameters": params}


class PolicyViewSet(viewsets.ViewSet):
    """政策参数：各级区划对国家默认值的覆盖。"""

    @extend_schema(methods=["GET"], parameters=[REGION_PARAM], responses=PolicyProfileSerializer,
                   description="区划的政策参数表：每个参数的现行取值、来源区划、本区划是否覆盖。")
    @extend_schema(methods=["PATCH"], parameters=[REGION_PARAM], request=PolicyProfileUpdateSerializer,
                   responses=PolicyProfileSerializer,
                   description="修改区划的政策参数（市、区县住建局）：values 中 null 表示恢复继承；全部有效才保存。")
    @action(detail=False, methods=["get", "patch"], url_path="profile")
    def profile(self, request):
        if request.method == "GET":
            return Response(profile_data(request.user, readable_region(request)))
        region = Region.objects.filter(code=_region_code(request)).first()
        if region is None:
            raise Http404(_("区划不存在。"))
        body = PolicyProfileUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = {k: (INHERIT if v is None else v) for k, v in body.validated_data["values"].items()}
        policy_profile_update(actor=request.user, region=region, values=values, note=body.validated_data["note"])
        return Response(profile_data(request.user, region))

    @extend_schema(parameters=[REGION_PARAM], responses=ParameterValueSerializer,
                   description="某一政策参数在区划的现行取值（就近上级覆盖，否则国家默认值）。")
    @action(detail=False, methods=["get"], url_path=r"parameters/(?P<key>[A-Za-z0-9_]+)")
    def parameter(self, request, key: str):
        try:
            definition = get_definition(key)
        except ParameterError as exc:
            raise Http404(str(exc)) from None
        region = readable_region(request)
        value = get_parameter(region, key)
        return Response({"key": key, "label": definition.label, "region": region.code,
                         "value": _json(value), "display": definition.display(value)})
