"""Back up the database and the uploaded files into one archive (see wuye.core.backup).

    python manage.py backup [--output FILE] [--no-media] [--keep N] [--note "…"]
    python manage.py backup --list

Without --output the archive goes to WUYE_BACKUP_DIR (var/backups/ by default). It can be taken
while the platform runs. Restore it with ``manage.py restore FILE``.
"""
from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wuye.core.backup import BackupError, backup_dir, create_backup, describe, read_manifest


class Command(BaseCommand):
    help = "备份数据库和上传的附件到一个归档文件（可在平台运行时执行）"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="归档文件路径（默认写入 WUYE_BACKUP_DIR，文件名含时间）")
        parser.add_argument("--no-media", action="store_true", help="只备份数据库，不含上传的附件")
        parser.add_argument("--keep", type=int, default=None,
                            help=f"只保留备份目录中最新的 N 个归档（默认不删除；定时任务用 {settings.WUYE_BACKUP_KEEP}）")
        parser.add_argument("--note", default="", help="备注，写入归档说明")
        parser.add_argument("--list", action="store_true", help="列出备份目录中的归档")

    def handle(self, *args, **opts):
        if opts["list"]:
            return self._list()
        if opts["keep"] is not None and opts["keep"] < 1:
            raise CommandError("--keep 至少为 1。")
        if opts["keep"] and opts["output"]:
            raise CommandError("--keep 只用于默认备份目录，不能与 --output 同用。")
        try:
            result = create_backup(opts["output"], include_media=not opts["no_media"], keep=opts["keep"],
                                   note=opts["note"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"已备份到 {result.path}（{result.size / 1048576:.1f} MB）"))
        self.stdout.write(describe(result.manifest))
        for p in result.removed:
            self.stdout.write(f"已删除较早的备份 {p.name}")

    def _list(self):
        folder = backup_dir()
        archives = sorted(folder.glob("wuye-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
        if not archives:
            self.stdout.write(f"{folder} 中没有备份。")
            return
        for p in archives:
            try:
                text = describe(read_manifest(p))
            except BackupError as exc:
                text = f"无法读取：{exc}"
            self.stdout.write(f"{p.name}  {p.stat().st_size / 1048576:.1f} MB  {text}")
