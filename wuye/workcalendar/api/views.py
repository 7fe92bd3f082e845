"""The working-day calendar over the API: read days and year status, compute deadlines; the city
housing bureau corrects, imports and confirms (403 for everyone else)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from wuye.workcalendar.api.serializers import (
    CalendarDaySerializer,
    DayCorrectResultSerializer,
    DayCorrectSerializer,
    DeadlineSerializer,
    SeedResultSerializer,
    YearConfirmSerializer,
    YearImportResultSerializer,
    YearImportSerializer,
    YearStatusSerializer,
)
from wuye.workcalendar.models import CalendarDay
from wuye.workcalendar.permissions import can_edit_calendar
from wuye.workcalendar.rules.workdays import CalendarError
from wuye.workcalendar.selectors import YearInfo, deadline, deadline_in_hours, year_status
from wuye.workcalendar.services import (
    ScheduleImportError,
    calendar_day_correct,
    calendar_import_year,
    calendar_seed_year,
    calendar_year_confirm,
)

MIN_YEAR, MAX_YEAR = 2000, 2100

YEAR_PARAM = OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.QUERY, required=False,
                              description="年度（默认今年）")
YEAR_PATH = OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description="年度，如 2026")


def _check_year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"year": [_("年度应为整数，如 2026。")]}) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": [_("年度应在 %(a)d–%(b)d 之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}]})
    return year


def _require_editor(request) -> None:
    if not can_edit_calendar(request.user):
        raise PermissionDenied(_("只有市住建局和平台管理员可以修改工作日历。"))


def year_data(info: YearInfo, user) -> dict:
    return {"year": info.year, "status": info.status, "confirmed": info.confirmed, "stored": info.stored,
            "source_note": info.source_note, "warning": info.warning, "editable": can_edit_calendar(user)}


class CalendarDayViewSet(viewsets.ReadOnlyModelViewSet):
    """工作日历中与默认规则（周一至周五上班）不同的日期。全国统一，登录用户均可查看。"""

    serializer_class = CalendarDaySerializer
    queryset = CalendarDay.objects.all()
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CalendarDay.objects.none()
        qs = CalendarDay.objects.visible_to(self.request.user).order_by("date")
        if self.action == "list":
            year = _check_year(self.request.query_params.get("year") or timezone.localdate().year)
            qs = qs.filter(date__year=year)
        return qs

    @extend_schema(parameters=[YEAR_PARAM], description="某年度已入库的日期（未入库的年度按 holidays 包推算，见 /calendar/years/{year}/）。")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DayCorrectSerializer, responses=DayCorrectResultSerializer,
                   description="更正某一天为上班或休息（市住建局、平台管理员）；其他用户 403。")
    @action(detail=False, methods=["post"])
    def correct(self, request):
        _require_editor(request)
        body = DayCorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        _check_year(d["date"].year)
        day = calendar_day_correct(actor=request.user, date=d["date"], is_workday=d["is_workday"], name=d["name"],
                                   reason=d["reason"])
        return Response({"date": d["date"], "is_workday": d["is_workday"],
                         "stored": CalendarDaySerializer(day).data if day else None})


class CalendarYearViewSet(viewsets.ViewSet):
    """工作日历年度：是否已按国务院办公厅通知确认。"""

    lookup_field = "year"
    lookup_value_regex = r"\d{4}"

    @extend_schema(parameters=[YEAR_PATH], responses=YearStatusSerializer,
                   description="年度状态：confirmed 已确认；package_fallback 按 holidays 包推算（附警告）；weekdays_only 仅按周一至周五。")
    def retrieve(self, request, year=None):
        info = year_status(_check_year(year))
        return Response(year_data(info, request.user))

    @extend_schema(parameters=[YEAR_PATH], request=YearConfirmSerializer, responses=YearStatusSerializer,
                   description="确认年度（市住建局、平台管理员）。")
    @action(detail=True, methods=["post"])
    def confirm(self, request, year=None):
        _require_editor(request)
        year = _check_year(year)
        body = YearConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        calendar_year_confirm(actor=request.user, year=year, source_note=body.validated_data["source_note"])
        return Response(year_data(year_status(year), request.user))

    @extend_schema(parameters=[YEAR_PATH], request={"multipart/form-data": YearImportSerializer},
                   responses={200: YearImportResultSerializer},
                   description="导入年度放假安排（替换该年度全部日期）；任何一行有误则不写入并返回 400 与逐行错误。")
    @action(detail=True, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_schedule(self, request, year=None):
        _require_editor(request)
        year = _check_year(year)
        body = YearImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        try:
            result = calendar_import_year(actor=request.user, year=year, fileobj=d["file"], filename=d["file"].name,
                                          source_note=d["source_note"], confirm=d["confirm"])
        except ScheduleImportError as exc:
            return Response({"file": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(vars(result))

    @extend_schema(parameters=[YEAR_PATH], request=None, responses=SeedResultSerializer,
                   description="按 holidays 包推算写入年度（不覆盖国务院通知/人工更正，不改动已确认年度）。")
    @action(detail=True, methods=["post"])
    def seed(self, request, year=None):
        _require_editor(request)
        r = calendar_seed_year(year=_check_year(year), actor=request.user)
        return Response({"year": r.year, "created": r.created, "updated": r.updated, "deleted": r.deleted,
                         "kept": r.kept, "skipped_reason": r.skipped_reason})


class CalendarViewSet(viewsets.ViewSet):
    """按工作日历计算期限。"""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATETIME, OpenApiParameter.QUERY, required=True,
                             description="起算时间（带时区，如 2026-09-30T10:00:00+08:00；派单时间）"),
            OpenApiParameter("working_days", OpenApiTypes.INT, OpenApiParameter.QUERY, required=False,
                             description="时限（工作日）：派单当日不计，期限为第 N 个工作日 23:59:59"),
            OpenApiParameter("hours", OpenApiTypes.INT, OpenApiParameter.QUERY, required=False,
                             description="时限（小时，仅计工作日的时间）；与 working_days 二选一"),
        ],
        responses=DeadlineSerializer,
        description="期限及涉及年度的状态；涉及未确认年度时 warnings 非空。",
    )
    @action(detail=False, methods=["get"])
    def deadline(self, request):
        params = request.query_params
        raw_start = (params.get("start") or "").strip()
        start = parse_datetime(raw_start.replace(" ", "+")) if raw_start else None
        errors: dict[str, list[str]] = {}
        if start is None:
            errors["start"] = [_("请提供起算时间 start（ISO 8601，带时区）。")]
        elif timezone.is_naive(start):
            start = timezone.make_aware(start)  # the server's zone: Asia/Shanghai
        days, hours = params.get("working_days"), params.get("hours")
        if (days is None) == (hours is None):
            errors["working_days"] = [_("请提供 working_days 或 hours 之一。")]
        if errors:
            raise ValidationError(errors)
        try:
            n = int(days if days is not None else hours)
        except ValueError:
            raise ValidationError({"working_days" if days is not None else "hours": [_("应为整数。")]}) from None
        if not 0 <= n <= 3650:
            raise ValidationError({"working_days" if days is not None else "hours": [_("应在 0–3650 之间。")]})
        if not MIN_YEAR <= start.year <= MAX_YEAR:
            raise ValidationError({"start": [_("起算时间超出范围。")]})
        try:
            result = deadline(start, n) if days is not None else deadline_in_hours(start, n)
        except CalendarError as exc:
            raise ValidationError({"start": [str(exc)]}) from None
        return Response({
            "start": start, "working_days": n if days is not None else None, "hours": n if hours is not None else None,
            "deadline": result.at, "confirmed": result.confirmed, "warnings": result.warnings,
            "years": [year_data(y, request.user) for y in result.years],
        })

