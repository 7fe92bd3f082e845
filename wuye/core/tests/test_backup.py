"""Backups and restores (wuye.core.backup, manage.py backup/restore): a round trip on the database
in use (SQLite or PostgreSQL), and every bad archive refused before anything changes."""
from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from wuye.core import backup
from wuye.estates.models import Estate
from wuye.estates.tests.factories import EstateFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WUYE_BACKUP_DIR = tmp_path / "backups"
    if connection.vendor == "postgresql" and not (shutil.which("pg_dump") and shutil.which("psql")):
        pytest.skip("PostgreSQL client tools (pg_dump, pg_restore, psql) are not installed")


def _media(name: str, content: bytes) -> Path:
    from django.conf import settings

    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def _rewrite(src: Path, dst: Path, *, manifest=None, member: str | None = None, content: bytes | None = None) -> Path:
    """A copy of an archive with its manifest edited, or one member's bytes replaced."""
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz") as tout:
        for info in tin:
            data = tin.extractfile(info).read()
            if info.name == backup.MANIFEST and manifest is not None:
                m = json.loads(data)
                manifest(m)
                data = json.dumps(m).encode()
            elif info.name == member:
                data = content
            info.size = len(data)
            tout.addfile(info, io.BytesIO(data))
    return dst


def test_round_trip_restores_rows_and_files_and_keeps_a_safety_backup():
    kept = EstateFactory(name="备份前的小区")
    evidence = _media("complaints/2026/12/evidence.jpg", b"\xff\xd8 photo")
    made = backup.create_backup(note="测试")
    assert made.path.parent == backup.backup_dir() and made.path.name.startswith(f"wuye-{connection.vendor}-")
    assert made.manifest["counts"]["estates.Estate"] == 1 and made.manifest["media_files"] == 1

    # Everything changes after the backup: a row edited, one added, a file gone, another new.
    Estate.objects.filter(pk=kept.pk).update(name="改过的名字")
    EstateFactory(name="备份后新增")
    evidence.unlink()
    _media("later.txt", b"after")

    result = backup.restore_backup(made.path)

    assert list(Estate.objects.values_list("name", flat=True)) == ["备份前的小区"]
    assert evidence.read_bytes() == b"\xff\xd8 photo"
    assert not (evidence.parents[3] / "later.txt").exists()
    assert result.counts["estates.Estate"] == 1 and result.media_files == 1
    # The state just before the restore is itself an archive: it holds the edits made after.
    before = backup.read_manifest(result.safety_backup)
    assert before["counts"]["estates.Estate"] == 2 and before["media_files"] == 1
    # The restored database is usable at once: writes go on with fresh ids.
    assert EstateFactory(name="恢复后新增").pk > kept.pk


def test_corrupted_archive_is_refused_and_nothing_changes(tmp_path):
    EstateFactory(name="原样")
    made = backup.create_backup()
    EstateFactory(name="之后")
    database = made.manifest["database"]
    bad = _rewrite(made.path, tmp_path / "bad.tar.gz", member=database, content=b"not the database")
    with pytest.raises(backup.BackupError, match="校验失败"):
        backup.restore_backup(bad)
    assert sorted(Estate.objects.values_list("name", flat=True)) == ["之后", "原样"]
    assert [p.name for p in backup.backup_dir().iterdir()] == [made.path.name]  # no safety backup either


@pytest.mark.parametrize("edit, message", [
    (lambda m: m["migrations"].update(estates="9999_from_the_future"), "更新版本的程序"),
    (lambda m: m.update(vendor="oracle"), "无法直接恢复"),
    (lambda m: m.update(version=99), "不受支持"),
    (lambda m: m.update(format="something-else"), "不是本平台的备份文件"),
    (lambda m: m["sha256"].pop(m["database"]), "缺少数据库文件"),
])
def test_archives_that_cannot_be_restored_here_say_why(tmp_path, edit, message):
    EstateFactory(name="原样")
    made = backup.create_backup(include_media=False)
    EstateFactory(name="之后")
    bad = _rewrite(made.path, tmp_path / "edited.tar.gz", manifest=edit)
    with pytest.raises(backup.BackupError, match=message):
        backup.restore_backup(bad)
    assert Estate.objects.count() == 2


def test_files_that_are_not_archives(tmp_path):
    with pytest.raises(backup.BackupError, match="不存在"):
        backup.read_manifest(tmp_path / "missing.tar.gz")
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"PK\x03\x04 an xlsx perhaps")
    with pytest.raises(backup.BackupError, match="已损坏"):
        backup.read_manifest(junk)
    plain = tmp_path / "plain.tar.gz"
    with tarfile.open(plain, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("hello.txt"), io.BytesIO(b""))
    with pytest.raises(backup.BackupError, match="manifest"):
        backup.read_manifest(plain)


def test_a_database_only_backup_leaves_the_files_alone():
    EstateFactory(name="原样")
    made = backup.create_backup(include_media=False)
    later = _media("later.txt", b"after")
    EstateFactory(name="之后")
    backup.restore_backup(made.path, safety_backup=False)
    assert Estate.objects.count() == 1
    assert later.read_bytes() == b"after"
    assert not backup.backup_dir().joinpath("x").exists() and len(list(backup.backup_dir().iterdir())) == 1


def test_keep_prunes_the_oldest_archives(tmp_path):
    import os

    folder = backup.backup_dir()
    folder.mkdir(parents=True)
    for n in range(3):
        old = folder / f"wuye-sqlite-2026010{n}-000000.tar.gz"
        old.write_bytes(b"old")
        os.utime(old, (1_700_000_000 + n, 1_700_000_000 + n))
    (folder / "notes.txt").write_text("not an archive")
    made = backup.create_backup(include_media=False, keep=2)
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.path.name, "wuye-sqlite-20260102-000000.tar.gz",
                                                               "notes.txt"])
    assert [p.name for p in made.removed] == ["wuye-sqlite-20260101-000000.tar.gz", "wuye-sqlite-20260100-000000.tar.gz"]


def test_commands_back_up_list_and_restore(tmp_path):
    EstateFactory(name="原样")
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "x.tar.gz"), "--note", "升级前", stdout=out)
    assert "已备份到" in out.getvalue() and "小区 1" in out.getvalue()
    with pytest.raises(CommandError, match="不会覆盖"):
        call_command("backup", "--output", str(tmp_path / "x.tar.gz"))
    call_command("backup", stdout=io.StringIO())
    listing = io.StringIO()
    call_command("backup", "--list", stdout=listing)
    assert "wuye-" in listing.getvalue() and "小区 1" in listing.getvalue()

    EstateFactory(name="之后")
    with pytest.raises(CommandError, match="未加 --yes"):
        call_command("restore", str(tmp_path / "x.tar.gz"), "--noinput", stdout=io.StringIO())
    assert Estate.objects.count() == 2
    with pytest.raises(CommandError, match="不存在"):
        call_command("restore", str(tmp_path / "nope.tar.gz"), "--yes", stdout=io.StringIO())
    done = io.StringIO()
    call_command("restore", str(tmp_path / "x.tar.gz"), "--yes", stdout=done)
    assert "已恢复" in done.getvalue() and "恢复前的数据已备份到" in done.getvalue()
    assert list(Estate.objects.values_list("name", flat=True)) == ["原样"]


def test_the_daily_task_writes_into_the_backup_folder(settings):
    pytest.importorskip("celery")
    from wuye.core.tasks import backup_task

    settings.WUYE_BACKUP_KEEP = 1
    settings.WUYE_BACKUP_DIR.mkdir(parents=True)
    older = settings.WUYE_BACKUP_DIR / "wuye-sqlite-20260101-000000.tar.gz"
    older.write_bytes(b"old")
    import os

    os.utime(older, (1_700_000_000, 1_700_000_000))
    made = Path(backup_task())  # the task's body, as a worker runs it
    assert made.parent == settings.WUYE_BACKUP_DIR and backup.read_manifest(made)["vendor"] == connection.vendor
    assert list(settings.WUYE_BACKUP_DIR.iterdir()) == [made]  # WUYE_BACKUP_KEEP = 1


def test_postgresql_restore_is_all_or_nothing_when_a_server_still_holds_a_table(settings):
    """A running server's open transaction holds a lock: the restore gives up after the lock timeout,
    says so, and the database is as it was (one transaction)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's restore runs in one psql transaction; SQLite's is a file rename")
    import psycopg

    settings.WUYE_RESTORE_LOCK_TIMEOUT = 1
    EstateFactory(name="原样")
    made = backup.create_backup(include_media=False)
    EstateFactory(name="之后")
    db = connection.settings_dict
    holder = psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
                             password=db["PASSWORD"] or None, dbname=db["NAME"])
    try:
        holder.execute(f"SELECT 1 FROM {Estate._meta.db_table} LIMIT 1")  # ACCESS SHARE until the end
        with pytest.raises(backup.BackupError, match="lock timeout|锁"):
            backup.restore_backup(made.path, safety_backup=False)
    finally:
        holder.rollback()
        holder.close()
    assert sorted(Estate.objects.values_list("name", flat=True)) == ["之后", "原样"]
