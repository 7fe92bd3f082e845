"""Auditor's command: verify a decision's ballot hash chain.

    python manage.py audit_decision <id>
"""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from wuye.governance.models import Decision
from wuye.governance.services.decisions import verify_chain


class Command(BaseCommand):
    help = "核验一项共同决定的选票哈希链（选票是否被改动、删除或插入）"

    def add_arguments(self, parser):
        parser.add_argument("decision_id", type=int)

    def handle(self, *args, **opts):
        decision = Decision.objects.filter(pk=opts["decision_id"]).first()
        if decision is None:
            raise CommandError(f"没有编号为 {opts['decision_id']} 的共同决定。")
        count = decision.ballots.count()
        problems = verify_chain(decision)
        self.stdout.write(f"决定 #{decision.pk} {decision.title}：选票 {count} 张，链末端 {decision.chain_head or '（无）'}")
        if not problems:
            self.stdout.write("选票哈希链完整，未发现改动。")
            return
        for p in problems:
            self.stdout.write(f"问题：{p}")
        raise CommandError(f"发现 {len(problems)} 处问题。")
