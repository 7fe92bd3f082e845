"""Backups and restores of the whole platform: the database and the uploaded files, in one archive.

An archive (``wuye-<vendor>-<YYYYmmdd-HHMMSS>.tar.gz``) holds

- ``manifest.json``: format and version, when and from which database it was taken, the last
  migration of every app, row counts of a few key tables, and the SHA-256 of every member;
- the database: ``database.sqlite3`` (SQLite's online backup API, a consistent copy while the
  platform runs) or ``database.pgdump`` (``pg_dump --format=custom``);
- ``media/``: every uploaded file (attachments, evidence, imports).

A restore checks everything before it changes anything: the manifest, every checksum, the
database vendor, and that the archive is not newer than the code (a migration it names must exist
here). Then it replaces the database all at once — SQLite by renaming a checked copy over the
file, PostgreSQL in one transaction — swaps the media folder, runs ``migrate`` (an older backup is
brought up to the code) and clears the cache (cached entries are keyed by revisions that the
restored sequences count again). Before that it takes a backup of the current state, unless told
not to, so a restore can itself be undone.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "wuye-backup"
VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
# Row counts recorded in the manifest and printed after a restore: a quick check that it is the
# data one expected.
COUNTED = ("regions.Region", "estates.Estate", "estates.Unit", "estates.Owner", "enterprises.Enterprise",
           "complaints.WorkOrder", "accounts.User")


class BackupError(Exception):
    """A backup or restore that cannot be done; nothing was changed."""


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict
    removed: list[Path] = field(default_factory=list)  # older archives pruned by ``keep``


@dataclass
class RestoreResult:
    manifest: dict
    safety_backup: Path | None
    counts: dict[str, int]
    media_files: int


# ---------------------------------------------------------------- helpers


def backup_dir() -> Path:
    return Path(settings.WUYE_BACKUP_DIR)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in DB_MEMBER:
        raise BackupError(_("不支持备份该类型的数据库：%(v)s") % {"v": connection.vendor})
    return connection.vendor


def _migrations() -> dict[str, str]:
    """The last applied migration of every app (by name order, as Django numbers them)."""
    from django.db.migrations.recorder import MigrationRecorder

    last: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        if name > last.get(app, ""):
            last[app] = name
    return last


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _pg_env_args() -> tuple[dict, list[str]]:
    """Environment and connection arguments for pg_dump/pg_restore/psql from Django's settings."""
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, args


def _run(command: list[str], *, env: dict, stdin=None, what: str) -> None:
    try:
        done = subprocess.run(command, env=env, stdin=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise BackupError(_("找不到 %(c)s：请安装 PostgreSQL 客户端（Debian: postgresql-client），"
                            "其版本不低于数据库服务器。") % {"c": command[0]}) from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(_("%(what)s失败：%(m)s") % {"what": what, "m": " / ".join(message[-3:]) or done.returncode})


# ---------------------------------------------------------------- backup


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)  # consistent even while others write
        finally:
            dest.close()
        return
    env, args = _pg_env_args()
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "--file", str(target),
          "--dbname", connection.settings_dict["NAME"]], env=env, what=_("导出数据库（pg_dump）"))


def create_backup(path: Path | str | None = None, *, include_media: bool = True, keep: int | None = None,
                  note: str = "") -> BackupResult:
    """Write an archive of the database and, unless ``include_media`` is False, the uploaded files.

    ``path`` defaults to a new file in ``settings.WUYE_BACKUP_DIR``; ``keep`` then prunes that
    folder to the newest ``keep`` archives. The archive appears only when complete (written under
    a temporary name and renamed).
    """
    vendor = _vendor()
    created = timezone.localtime()
    if path is None:
        folder = backup_dir()
        path = folder / f"wuye-{vendor}-{created:%Y%m%d-%H%M%S}.tar.gz"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise BackupError(_("备份文件已存在，不会覆盖：%(p)s") % {"p": path})
    media = _media_files() if include_media else []
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".wuye-backup-") as tmp:
        db_file = Path(tmp) / DB_MEMBER[vendor]
        _dump_database(vendor, db_file)
        checksums = {DB_MEMBER[vendor]: _sha256_file(db_file)}
        for f in media:
            checksums[MEDIA_PREFIX + f.relative_to(media_root).as_posix()] = _sha256_file(f)
        manifest = {
            "format": FORMAT, "version": VERSION, "created_at": created.isoformat(), "vendor": vendor,
            "database": DB_MEMBER[vendor], "migrations": _migrations(), "counts": _counts(),
            "media": include_media, "media_files": len(media), "note": note, "sha256": checksums,
        }
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(created.timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=DB_MEMBER[vendor])
            for f in media:
                tar.add(f, arcname=MEDIA_PREFIX + f.relative_to(media_root).as_posix())
        os.replace(partial, path)
    removed = prune(path.parent, keep) if keep else []
    return BackupResult(path=path, size=path.stat().st_size, manifest=manifest, removed=removed)


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` platform archives in ``folder``."""
    archives = sorted(folder.glob("wuye-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = archives[max(keep, 1):]
    for p in removed:
        p.unlink()
    return removed


# ---------------------------------------------------------------- reading and checking an archive


def read_manifest(path: Path | str) -> dict:
    """The archive's manifest, or BackupError saying what is wrong with the file."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("备份文件不存在：%(p)s") % {"p": path})
    try:
        with tarfile.open(path, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read().decode()) if member else None
    except KeyError:
        raise BackupError(_("不是本平台的备份文件（缺少 manifest.json）：%(p)s") % {"p": path}) from None
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise BackupError(_("备份文件已损坏或不是 .tar.gz 格式：%(e)s") % {"e": exc}) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("不是本平台的备份文件：%(p)s") % {"p": path})
    if manifest.get("version") != VERSION:
        raise BackupError(_("备份格式版本 %(v)s 不受支持（本程序读取版本 %(w)s）。") % {
            "v": manifest.get("version"), "w": VERSION})
    return manifest


def _check_migrations(manifest: dict) -> None:
    """The archive must not be newer than the code: every migration it names must exist here."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, name in manifest.get("migrations", {}).items() if (app, name) not in known)
    if unknown:
        raise BackupError(_("该备份来自更新版本的程序（本程序没有这些数据库迁移：%(m)s），请先升级程序再恢复。") % {
            "m": "、".join(unknown[:5])})


def _extract_checked(path: Path, manifest: dict, into: Path, *, include_media: bool) -> None:
    """Extract the database (and media) into ``into``, verifying every checksum."""
    expected: dict[str, str] = manifest.get("sha256") or {}
    wanted = {name for name in expected if include_media or not name.startswith(MEDIA_PREFIX)}
    if manifest.get("database") not in expected:
        raise BackupError(_("备份文件不完整：缺少数据库文件。"))
    try:
        with tarfile.open(path, "r:gz") as tar:
            seen = set()
            for member in tar:
                if member.name == MANIFEST or member.name not in wanted:
                    continue
                if not member.isfile():
                    raise BackupError(_("备份文件含有不允许的条目：%(n)s") % {"n": member.name})
                tar.extract(member, into, filter="data")  # no absolute paths, no "..", no links
                if _sha256_file(into / member.name) != expected[member.name]:
                    raise BackupError(_("备份文件校验失败（内容已损坏或被改动）：%(n)s") % {"n": member.name})
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(_("备份文件已损坏：%(e)s") % {"e": exc}) from None
    missing = sorted(wanted - seen)
    if missing:
        raise BackupError(_("备份文件不完整，缺少：%(n)s") % {"n": "、".join(missing[:5])})


# ---------------------------------------------------------------- restore


def _restore_sqlite(db_copy: Path) -> None:
    check = sqlite3.connect(db_copy)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(_("备份中的数据库无法打开：%(e)s") % {"e": exc}) from None
    finally:
        check.close()
    if result != "ok":
        raise BackupError(_("备份中的数据库未通过完整性检查：%(e)s") % {"e": result})
    target = Path(connection.settings_dict["NAME"])
    staged = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(db_copy, staged)
    # Fold the write-ahead log into the file and let go of it: a -wal file left beside the
    # replaced file would be replayed into it.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connections.close_all()
    os.replace(staged, target)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{target}{suffix}").unlink()


_DROP_ALL = """
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', r.sequencename);
  END LOOP;
END $$;
"""


def _restore_postgresql(dump: Path) -> None:
    """Drop every table and sequence, then load the dump — in one transaction: all or nothing."""
    env, args = _pg_env_args()
    name = connection.settings_dict["NAME"]
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "restore.sql"
        _run(["pg_restore", "--no-owner", "--no-privileges", "--file", str(script), str(dump)], env=env,
             what=_("读取数据库备份（pg_restore）"))
        with script.open("r+", encoding="utf-8") as fh:
            body = fh.read()
            fh.seek(0)
            # A server left running holds locks: fail after a while, with nothing changed, not hang.
            fh.write(f"SET lock_timeout = '{int(settings.WUYE_RESTORE_LOCK_TIMEOUT)}s';\n" + _DROP_ALL + body)
        connections.close_all()
        with script.open("rb") as fh:
            _run(["psql", "--quiet", "--no-psqlrc", "--single-transaction", "--set", "ON_ERROR_STOP=1", *args,
                  "--dbname", name], env=env, stdin=fh, what=_("恢复数据库（psql）"))


def _swap_media(extracted: Path) -> int:
    root = Path(settings.MEDIA_ROOT)
    new = extracted / MEDIA_PREFIX.rstrip("/")
    new.mkdir(exist_ok=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    staged = root.with_name(f".{root.name}.restoring")
    old = root.with_name(f".{root.name}.old")
    for p in (staged, old):
        shutil.rmtree(p, ignore_errors=True)
    shutil.copytree(new, staged)
    if root.exists():
        os.replace(root, old)
    os.replace(staged, root)
    shutil.rmtree(old, ignore_errors=True)
    return sum(1 for p in root.rglob("*") if p.is_file())


def restore_backup(path: Path | str, *, include_media: bool = True, safety_backup: bool = True) -> RestoreResult:
    """Replace the database (and the uploaded files) with the archive's; see the module docstring."""
    from django.core.cache import cache
    from django.core.management import call_command

    from wuye.core.cache import clear_local

    path = Path(path)
    manifest = read_manifest(path)
    vendor = _vendor()
    if manifest.get("vendor") != vendor:
        raise BackupError(_("该备份来自 %(a)s 数据库，当前数据库是 %(b)s，无法直接恢复。") % {
            "a": manifest.get("vendor"), "b": vendor})
    if include_media and not manifest.get("media"):
        include_media = False  # a database-only archive leaves the files as they are
    _check_migrations(manifest)
    with tempfile.TemporaryDirectory(prefix="wuye-restore-") as tmp:
        extracted = Path(tmp)
        _extract_checked(path, manifest, extracted, include_media=include_media)
        before = create_backup(backup_dir() / f"wuye-{vendor}-{timezone.localtime():%Y%m%d-%H%M%S}-before-restore.tar.gz",
                               note=_("恢复 %(p)s 之前自动备份") % {"p": path.name}).path if safety_backup else None
        db_file = extracted / manifest["database"]
        if vendor == "sqlite":
            _restore_sqlite(db_file)
        else:
            _restore_postgresql(db_file)
        media_files = _swap_media(extracted) if include_media else len(_media_files())
    call_command("migrate", interactive=False, verbosity=0)
    cache.clear()
    clear_local()
    return RestoreResult(manifest=manifest, safety_backup=before, counts=_counts(), media_files=media_files)


def describe_counts(counts: dict[str, int]) -> str:
    """``{"estates.Estate": 300, …}`` as "小区 300，…" (each model's name in the active language)."""
    from django.apps import apps

    def name(label: str) -> str:
        try:
            return str(apps.get_model(label)._meta.verbose_name)
        except LookupError:
            return label

    return _("，").join(f"{name(label)} {n:,}" for label, n in counts.items())


def describe(manifest: dict) -> str:
    """One paragraph for people: when, which database, how much."""
    created = dt.datetime.fromisoformat(manifest["created_at"])
    counts = describe_counts(manifest.get("counts", {}))
    return _("%(at)s 的 %(v)s 备份；%(c)s；附件 %(m)s 个") % {
        "at": f"{created:%Y-%m-%d %H:%M:%S}", "v": manifest.get("vendor"), "c": counts,
        "m": manifest.get("media_files", 0)}
