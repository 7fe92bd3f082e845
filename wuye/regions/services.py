"""Loading the real administrative tree (NBS 统计用区划代码) and community lists."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core.cache import bump_for
from wuye.regions.choices import RegionLevel
from wuye.regions.models import Region

MODOOD = "modood+Administrative-divisions-of-China/dist"


def pad(code: str) -> str:
    return code.ljust(12, "0")


@dataclass
class ImportCounts:
    created: dict[int, int] = field(default_factory=dict)
    updated: dict[int, int] = field(default_factory=dict)

    def add(self, level: int, created: bool) -> None:
        target = self.created if created else self.updated
        target[level] = target.get(level, 0) + 1


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def division_rows(*, prefix: str = "", data_dir: str | None = None) -> list[tuple[str, str, int, str | None]]:
    """(code12, name, level, parent_code12) for every province/city/county/township under ``prefix``."""
    base = Path(data_dir or settings.DIVISIONS_DATA_DIR) / MODOOD
    if not base.exists():
        raise FileNotFoundError(_("找不到区划数据目录：%(p)s") % {"p": base})
    rows = []
    names = {}
    for r in _read(base / "provinces.csv"):
        names[r["code"]] = r["name"]
        rows.append((pad(r["code"]), r["name"], RegionLevel.PROVINCE, None, r["name"]))
    for r in _read(base / "cities.csv"):
        names[r["code"]] = r["name"]
        rows.append((pad(r["code"]), r["name"], RegionLevel.CITY, pad(r["provinceCode"]), None))
    for r in _read(base / "areas.csv"):
        rows.append((pad(r["code"]), r["name"], RegionLevel.DISTRICT, pad(r["cityCode"]), None))
    for r in _read(base / "streets.csv"):
        rows.append((pad(r["code"]), r["name"], RegionLevel.STREET, pad(r["areaCode"]), None))
    out = []
    for code, name, level, parent, _full in rows:
        significant = code[: {1: 2, 2: 4, 3: 6, 4: 9}[level]]
        # Keep the node if it is under the prefix, or an ancestor of it.
        if not prefix or significant.startswith(prefix) or prefix.startswith(significant):
            out.append((code, name, level, parent))
    return out


@transaction.atomic
def regions_import(*, prefix: str = "", data_dir: str | None = None) -> ImportCounts:
    """Create or update the tree under ``prefix`` (e.g. "4117" for 驻马店市, "" for the country). Idempotent."""
    if prefix and not prefix.isdigit():
        raise ValidationError(_("区划代码只能包含数字：%(p)s") % {"p": prefix})
    rows = division_rows(prefix=prefix, data_dir=data_dir)
    if prefix and not any(code.startswith(prefix) and code[:len(prefix)] == prefix for code, *_ in rows):
        raise ValidationError(_("区划代码不存在：%(p)s") % {"p": prefix})
    rows.sort(key=lambda r: r[2])
    existing = {r.code: r for r in Region.objects.filter(code__in=[r[0] for r in rows])}
    by_code = {r[0]: r for r in rows}
    counts = ImportCounts()
    to_create, to_update = [], []
    for code, name, level, parent in rows:
        full = _full_name(code, by_code, existing)
        obj = existing.get(code)
        if obj is None:
            to_create.append(Region(code=code, name=name, level=level, parent_id=parent, full_name=full))
            counts.add(level, True)
        elif (obj.name, obj.level, obj.parent_id, obj.full_name) != (name, level, parent, full):
            obj.name, obj.level, obj.parent_id, obj.full_name = name, level, parent, full
            to_update.append(obj)
            counts.add(level, False)
    Region.objects.bulk_create(to_create, batch_size=2000)
    bump_for(Region)
    Region.objects.bulk_update(to_update, ["name", "level", "parent", "full_name"], batch_size=2000)
    return counts


def _full_name(code, by_code, existing) -> str:
    parts = []
    current = code
    while current:
        row = by_code.get(current)
        if row is None:
            obj = existing.get(current)
            if obj is None:
                break
            parts.append(obj.name)
            current = obj.parent_id
            continue
        name, parent = row[1], row[3]
        if name != "市辖区":
            parts.append(name)
        current = parent
    return "".join(reversed(parts))


@transaction.atomic
def communities_import_csv(*, content: str) -> int:
    """Communities (社区/村) from a CSV with columns code,name (12-digit codes under imported streets).

    All rows or none: an unknown street or a malformed code raises ValidationError naming the row.
    """
    reader = csv.DictReader(io.StringIO(content))
    errors = []
    regions = []
    streets = {r.code: r for r in Region.objects.filter(level=RegionLevel.STREET)}
    for i, row in enumerate(reader, start=2):
        code = (row.get("code") or row.get("代码") or "").strip()
        name = (row.get("name") or row.get("名称") or "").strip()
        if len(code) != 12 or not code.isdigit():
            errors.append(_("第%(row)d行：代码应为12位数字，收到“%(c)s”") % {"row": i, "c": code})
            continue
        street = streets.get(code[:9].ljust(12, "0"))
        if street is None:
            errors.append(_("第%(row)d行：所属街道/乡镇 %(s)s 不存在，请先导入区划") % {"row": i, "s": code[:9]})
            continue
        if not name:
            errors.append(_("第%(row)d行：名称为空") % {"row": i})
            continue
        regions.append(Region(code=code, name=name, level=RegionLevel.COMMUNITY, parent=street,
                              full_name=street.full_name + name))
    if errors:
        raise ValidationError(errors)
    existing = set(Region.objects.filter(code__in=[r.code for r in regions]).values_list("code", flat=True))
    new = [r for r in regions if r.code not in existing]
    Region.objects.bulk_create(new, batch_size=2000)
    for r in regions:
        if r.code in existing:
            Region.objects.filter(code=r.code).update(name=r.name, full_name=r.full_name, is_generated=False)
    bump_for(Region)
    return len(regions)
