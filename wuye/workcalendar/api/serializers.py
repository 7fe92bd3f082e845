from __future__ import annotations

from rest_framework import serializers

from wuye.workcalendar.choices import YearStatus
from wuye.workcalendar.models import CalendarDay


class CalendarDaySerializer(serializers.ModelSerializer):
    source_display = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = CalendarDay
        fields = ["id", "date", "is_workday", "name", "source", "source_display", "updated_at"]
        read_only_fields = fields


class DayCorrectSerializer(serializers.Serializer):
    date = serializers.DateField()
    is_workday = serializers.BooleanField(help_text="true：上班（工作日）；false：休息")
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                   help_text="更正依据")


class DayCorrectResultSerializer(serializers.Serializer):
    date = serializers.DateField()
    is_workday = serializers.BooleanField()
    stored = CalendarDaySerializer(allow_null=True, help_text="保存的日历日；与默认规则相同且无需保存时为 null")


class YearStatusSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=YearStatus.choices)
    confirmed = serializers.BooleanField()
    stored = serializers.BooleanField(help_text="是否已写入数据库（否则按 holidays 包临时推算）")
    source_note = serializers.CharField()
    warning = serializers.CharField(help_text="未确认年度的提示，已确认时为空")
    editable = serializers.BooleanField(help_text="当前用户能否修改日历")


class YearConfirmSerializer(serializers.Serializer):
    source_note = serializers.CharField(max_length=300, help_text="依据：国务院办公厅通知的名称或文号")


class YearImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV 或 .xlsx：日期、是否工作日（是/否）、名称")
    source_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    confirm = serializers.BooleanField(required=False, default=False, help_text="导入后确认本年度")


class YearImportResultSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    stored = serializers.IntegerField(help_text="保存的日期数（与默认规则不同）")
    default_rule_rows = serializers.IntegerField(help_text="与默认规则相同而未保存的行数")
    removed = serializers.IntegerField(help_text="删除的旧记录数")


class SeedResultSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()
    kept = serializers.IntegerField(help_text="保留的国务院通知/人工更正日期数")
    skipped_reason = serializers.CharField()


class DeadlineSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    working_days = serializers.IntegerField(allow_null=True)
    hours = serializers.IntegerField(allow_null=True)
    deadline = serializers.DateTimeField(help_text="期限（北京时间）")
    confirmed = serializers.BooleanField(help_text="计算涉及的年度是否均已确认")
    warnings = serializers.ListField(child=serializers.CharField(), help_text="未确认年度的提示")
    years = YearStatusSerializer(many=True)
