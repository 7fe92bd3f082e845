"""The official working-day calendar: the days that differ from Monday-to-Friday, per year."""
from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuye.core.models import TimeStampedModel
from wuye.core.querysets import ScopedQuerySet
from wuye.workcalendar.choices import DaySource
from wuye.workcalendar.rules.workdays import default_is_workday


def new_revision() -> str:
    return uuid.uuid4().hex


class CalendarQuerySet(ScopedQuerySet):
    """The calendar is national: every logged-in user reads all of it."""

    def visible_to(self, user):
        return self.all() if getattr(user, "is_authenticated", False) else self.none()

    def editable_by(self, user):
        from wuye.workcalendar.permissions import can_edit_calendar

        return self.all() if can_edit_calendar(user) else self.none()


class CalendarYear(TimeStampedModel):
    """One year of the calendar: whether officials confirmed it against the State Council notice.

    An unconfirmed year is computed from the ``holidays`` package's rule and every deadline in it
    carries a warning. ``revision`` changes with every write to the year's days, so each process
    knows when its cached copy is stale (a random token, so a rolled-back write cannot be mistaken
    for a later one).
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    confirmed = models.BooleanField(_("已确认"), default=False)
    source_note = models.CharField(_("依据"), max_length=300, blank=True,
                                   help_text=_("如：国务院办公厅关于2026年部分节假日安排的通知"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    revision = models.CharField(_("版本"), max_length=32, default=new_revision, editable=False)

    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1950) & models.Q(year__lte=2200),
                                   name="workcalendar_year_range",
                                   violation_error_message=_("年度应在 1950–2200 之间。")),
        ]

    def __str__(self) -> str:
        return f"{self.year}年工作日历"


class CalendarDay(TimeStampedModel):
    """A day on which the official calendar differs from Monday-to-Friday work, weekend rest.

    A weekday holiday (国庆节 Thursday 2026-10-01) or an adjusted working weekend (调休上班
    Saturday 2026-10-10). A manual or official correction back to the default rule is kept too,
    so that seeding from the package never undoes it.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    name = models.CharField(_("名称"), max_length=50, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=DaySource.choices, default=DaySource.PACKAGE)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("日历日")
        verbose_name_plural = _("日历日")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("上班") if self.is_workday else _("休息")
        return f"{self.date:%Y-%m-%d} {kind} {self.name}".strip()

    def clean(self) -> None:
        if (self.date is not None and self.is_workday is not None and self.source == DaySource.PACKAGE
                and self.is_workday == default_is_workday(self.date)):
            raise ValidationError(_("与默认规则（周一至周五上班、周六周日休息）相同的日期无需保存。"))
