"""Platform admin's command: remove a user's authenticator device (a lost or replaced phone).

    python manage.py totp_reset <username> [--by <admin username>] [--reason "…"]

The user then logs in with the password alone and may set up two-factor login again on the profile
page. The reset is audited on the user: by the admin named with --by, else as the command line.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from wuye.accounts.models import User
from wuye.accounts.totp import totp_reset


class Command(BaseCommand):
    help = "重置（删除）某个用户的两步验证动态口令设备，该用户之后仅凭密码登录，可重新设置"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--by", default="", help="执行重置的平台管理员用户名（记入审计）")
        parser.add_argument("--reason", default="", help="重置原因（记入审计），如“手机丢失”")

    def handle(self, *args, **opts):
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"没有用户名为 {opts['username']} 的用户。")
        actor = None
        if opts["by"]:
            actor = User.objects.filter(username=opts["by"], is_active=True).first()
            if actor is None:
                raise CommandError(f"没有用户名为 {opts['by']} 的有效用户。")
        try:
            done = totp_reset(actor=actor, user=user, reason=opts["reason"])
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        if done:
            self.stdout.write(f"已重置用户 {user.username}（{user}）的两步验证：动态口令设备已删除，"
                              "该用户现在仅凭密码登录，可在“我的账号”页重新设置。已记入审计。")
        else:
            self.stdout.write(f"用户 {user.username}（{user}）未设置两步验证，无需重置。")
