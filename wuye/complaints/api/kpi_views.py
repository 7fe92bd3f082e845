"""工单绩效 over the API: the same figures as the page, scoped to the caller's orders."""
from __future__ import annotations

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from wuye.complaints.kpi import GROUPS, Period, kpi_report, period_preset


def _rate(help_text: str):
    return serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, help_text=help_text)


class KpiRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="部门 ID、街道代码前 9 位或企业 ID；null 为未指定")
    label = serializers.CharField()
    received = serializers.IntegerField(help_text="受理数")
    dispatched = serializers.IntegerField(help_text="派单数")
    ack_on_time_rate = _rate("按时签收率")
    close_on_time_rate = _rate("按时办结率")
    return_rate = _rate("回退率")
    redo_rate = _rate("重办率")
    satisfaction_rate = _rate("满意率")
    resolution_rate = _rate("解决率")
    avg_handling_hours = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                                  help_text="平均办理时长（小时）")


class KpiReportSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=list(GROUPS))
    date_from = serializers.DateField()
    date_to = serializers.DateField(help_text="不含")
    rows = KpiRowSerializer(many=True)
    total = KpiRowSerializer()


class KpiView(APIView):
    """工单绩效：按承办部门、街道或物业企业统计一段期间内受理的工单（仅限调用者可见的工单）。"""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="kpi_report",
        parameters=[
            OpenApiParameter("group", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=list(GROUPS),
                             description="分组：department 承办部门 | street 街道 | enterprise 物业企业（默认 department）"),
            OpenApiParameter("from", OpenApiTypes.DATE, OpenApiParameter.QUERY, description="起始日期（含），默认本月 1 日"),
            OpenApiParameter("to", OpenApiTypes.DATE, OpenApiParameter.QUERY, description="截止日期（不含），默认下月 1 日"),
        ],
        responses=KpiReportSerializer,
    )
    def get(self, request):
        params = request.query_params
        group = params.get("group") or "department"
        if group not in GROUPS:
            raise ValidationError({"group": [_("分组只能是 department、street 或 enterprise。")]})
        period = period_preset("month")
        if params.get("from") or params.get("to"):
            start, end = parse_date(params.get("from") or ""), parse_date(params.get("to") or "")
            if start is None or end is None:
                raise ValidationError({"from": [_("请以 YYYY-MM-DD 格式同时给出 from 和 to。")]})
            if end <= start:
                raise ValidationError({"to": [_("截止日期须晚于起始日期。")]})
            period = Period(start, end)
        report = kpi_report(actor=request.user, group=group, period=period)
        data = {"group": group, "date_from": period.start, "date_to": period.end,
                "rows": [r.as_dict() for r in report.rows], "total": report.total.as_dict()}
        return Response(KpiReportSerializer(data).data)
