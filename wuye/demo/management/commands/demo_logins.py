"""Print the demo logins (read from the database) and the demo URL."""
from django.core.management.base import BaseCommand

from wuye.accounts.models import User
from wuye.demo.users import DEMO_LOGINS, DEMO_URL


def login_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    users = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])
             .prefetch_related("role_assignments")}
    for d in DEMO_LOGINS:
        user = users.get(d.username)
        if user is None:
            continue
        if user.is_superuser:
            role, scope = "平台管理员", "全部"
        else:
            assignments = [a for a in user.role_assignments.all() if a.is_active]
            role = "、".join(str(a.get_role_display()) for a in assignments) or d.label
            scope = "；".join(_scope(a) for a in assignments) or "（无）"
        rows.append((role, d.username, d.password, scope))
    return rows


def _scope(a) -> str:
    t = a.target
    if t is None:
        return ""
    if hasattr(t, "full_name") and t.full_name:
        return f"{t.full_name}（{t.code}）"
    return str(t)


class Command(BaseCommand):
    help = "列出演示账号（角色、用户名、密码、范围）"

    def handle(self, *args, **opts):
        from rich.console import Console
        from rich.table import Table

        rows = login_rows()
        console = Console(file=self.stdout, width=160)
        if not rows:
            console.print("还没有演示账号：请先运行 manage.py load_demo")
            return
        table = Table(title="演示账号 Demo logins")
        for col in ("角色", "用户名", "密码", "范围"):
            table.add_column(col)
        for row in rows:
            table.add_row(*row)
        console.print(table)
        console.print(f"打开 {DEMO_URL} 登录")
