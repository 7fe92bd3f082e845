"""The periodic timer job (embedded default: run it from cron or by hand; production: Celery beat)."""
from django.core.management.base import BaseCommand

from wuye.complaints.services import sweep_timers


class Command(BaseCommand):
    help = "工单定时任务：临期提醒、超时自动督办、逾期未报到升级"

    def handle(self, *args, **opts):
        counts = sweep_timers()
        self.stdout.write(
            f"临期提醒 {counts['due_soon']}，超时转督办 {counts['supervised']}，逾期未报到 {counts['check_in_overdue']}"
        )
