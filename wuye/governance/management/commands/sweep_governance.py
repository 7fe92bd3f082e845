"""The periodic governance job (embedded default: run it from cron or by hand; production: Celery beat)."""
from django.core.management.base import BaseCommand

from wuye.governance.services.committees import sweep_governance


class Command(BaseCommand):
    help = "业主自治定时任务：筹备组/首次会议/备案时限、换届状态、委员资格自动终止、物管会解散、预警"

    def handle(self, *args, **opts):
        c = sweep_governance()
        self.stdout.write(
            f"委员资格自动终止 {c['memberships_ended']}，物管会解散 {c['pmc_dissolved']}，"
            f"换届状态变更 {c['states_moved']}，预警 新增 {c['alerts_raised']} / 更新 {c['alerts_updated']} / "
            f"解除 {c['alerts_resolved']}；业委会记录预警 新增 {c.get('supervision_alerts_raised', 0)} / "
            f"更新 {c.get('supervision_alerts_updated', 0)} / 解除 {c.get('supervision_alerts_resolved', 0)}"
        )
