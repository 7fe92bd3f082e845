"""Seed working-day calendar years from the holidays package (idempotent)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wuye.workcalendar.services import calendar_seed_year


class Command(BaseCommand):
    help = "按 holidays 包推算并写入工作日历（不覆盖国务院通知导入和人工更正的日期，不改动已确认年度）"

    def add_arguments(self, parser):
        parser.add_argument("--years", nargs="+", type=int, help="年度，默认今年和明年")

    def handle(self, *args, years=None, **options):
        if not years:
            today = timezone.localdate()
            years = [today.year, today.year + 1]
        for year in years:
            try:
                r = calendar_seed_year(year=year)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
            if r.skipped_reason:
                self.stdout.write(f"{year}: {r.skipped_reason}")
            else:
                self.stdout.write(f"{year}: 新增 {r.created}，更新 {r.updated}，删除 {r.deleted}，"
                                  f"保留（国务院通知/人工更正）{r.kept}")
