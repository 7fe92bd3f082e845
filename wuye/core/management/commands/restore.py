"""Restore the database and the uploaded files from an archive of ``manage.py backup``.

    python manage.py restore FILE [--yes] [--no-media] [--no-safety-backup]

Everything in the archive is checked before anything changes; the current state is first backed up
to WUYE_BACKUP_DIR (unless --no-safety-backup). Stop the application servers and workers first: a
restore replaces every table. Afterwards the database is migrated to this code and the cache cleared.
"""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from wuye.core.backup import BackupError, describe, describe_counts, read_manifest, restore_backup


class Command(BaseCommand):
    help = "从备份归档恢复数据库和附件（先校验归档，并自动备份当前数据）"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="manage.py backup 生成的 .tar.gz 文件")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
        parser.add_argument("--no-media", action="store_true", help="只恢复数据库，保留现有附件")
        parser.add_argument("--no-safety-backup", action="store_true", help="恢复前不备份当前数据")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="不询问；未加 --yes 时不恢复")

    def handle(self, *args, **opts):
        try:
            manifest = read_manifest(opts["archive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"将恢复：{describe(manifest)}")
        self.stdout.write("当前数据库的全部数据将被替换。请先停止应用服务器和后台任务。")
        if not opts["yes"]:
            if not opts["interactive"]:
                raise CommandError("未加 --yes，未做任何改动。")
            if input("输入 yes 确认恢复：").strip().lower() != "yes":
                raise CommandError("已取消，未做任何改动。")
        try:
            result = restore_backup(opts["archive"], include_media=not opts["no_media"],
                                    safety_backup=not opts["no_safety_backup"])
        except BackupError as exc:
            raise CommandError(f"{exc}（未做任何改动）") from None
        if result.safety_backup:
            self.stdout.write(f"恢复前的数据已备份到 {result.safety_backup}")
        counts = describe_counts(result.counts)
        self.stdout.write(self.style.SUCCESS(f"已恢复。现有：{counts}；附件 {result.media_files} 个。"))
