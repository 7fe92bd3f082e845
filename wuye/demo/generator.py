"""Deterministic demo data for one city or province: the same seed gives the same data.

Region codes and names down to street/town level are the real NBS division data (imported with
``regions_import``); communities (社区/村) are generated under real streets, coded street + 3 digits
and named with the "（生成）" marker. Everything below is generated with ``random.Random(seed)``
and written with ``bulk_create`` in chunks, so city scale (400,000 units) takes a few minutes.

Every generator run is recorded in ``GeneratorRun`` with the id ranges it created; ``reset=True``
removes exactly those rows (and nothing else) before generating again.
"""
from __future__ import annotations

import datetime as dt
import math
import random
from bisect import bisect
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from django.core.management.color import no_style
from django.db import IntegrityError, connections, transaction
from django.db.models import Max, Q
from django.utils import timezone
from stdnum.cn import ric, uscc

from wuye.accounts.models import RoleAssignment
from wuye.demo import names as N
from wuye.demo.models import GeneratorRun
from wuye.enterprises.choices import (
    CertificateKind,
    ContractFilingStatus,
    ContractKind,
    ContractStatus,
    EnterpriseStatus,
    StaffPosition,
)
from wuye.enterprises.models import Enterprise, EnterpriseStaff, ServiceContract, StaffCertificate
from wuye.estates.choices import (
    Classification,
    DeliveryStatus,
    EstateType,
    FilingStatus,
    ManagementMode,
    OwnerKind,
    UnitUsage,
)
from wuye.estates.models import (
    Building,
    Estate,
    EstateClassificationRecord,
    ManagementAreaFiling,
    Owner,
    Ownership,
    Unit,
)
from wuye.organization.choices import AppointedBody, AssignmentKind, PartyOrgKind, TeamRole
from wuye.organization.models import CrossAppointment, OfficialAssignment, PartyOrganization
from wuye.regions.choices import DepartmentKind, RegionLevel
from wuye.regions.models import Department, Region
from wuye.regions.services import regions_import

# (estates, enterprises, units) per scale (SPEC §3).
SCALES = {
    "demo": (300, 80, 30_000),
    "city": (2_000, 600, 400_000),
    "province": (40_000, 12_000, 8_000_000),
}
MARKER = "（生成）"
BATCH = 1000
CHUNK_UNITS = 8000
TODAY = dt.date(2025, 6, 30)  # fixed, so that generated dates do not depend on the day of the run

# District-level departments: (kind, name suffix). 区 gets 公安分局, 县 gets 公安局.
DISTRICT_DEPARTMENTS = [
    (DepartmentKind.HOUSING, "住房和城乡建设局"),
    (DepartmentKind.URBAN_MANAGEMENT, "城市管理局"),
    (DepartmentKind.MARKET_REGULATION, "市场监督管理局"),
    (DepartmentKind.FIRE, "消防救援大队"),
    (DepartmentKind.PUBLIC_SECURITY, None),
    (DepartmentKind.DEVELOPMENT_REFORM, "发展和改革委员会"),
    (DepartmentKind.HEALTH, "卫生健康委员会"),
    (DepartmentKind.CIVIL_AFFAIRS, "民政局"),
    (DepartmentKind.JUSTICE, "司法局"),
    (DepartmentKind.PETITIONS, "信访局"),
    (DepartmentKind.NATURAL_RESOURCES, "自然资源局"),
    (DepartmentKind.REAL_ESTATE_REGISTRATION, "不动产登记中心"),
]
CITY_DEPARTMENTS = [
    (DepartmentKind.HOUSING, "住房和城乡建设局"),
    (DepartmentKind.URBAN_MANAGEMENT, "城市管理局"),
    (DepartmentKind.MARKET_REGULATION, "市场监督管理局"),
    (DepartmentKind.FIRE, "消防救援支队"),
    (DepartmentKind.PUBLIC_SECURITY, "公安局"),
    (DepartmentKind.DEVELOPMENT_REFORM, "发展和改革委员会"),
    (DepartmentKind.ECOLOGY, "生态环境局"),
    (DepartmentKind.CIVIL_AIR_DEFENCE, "人民防空办公室"),
    (DepartmentKind.UTILITY, "供水有限公司"),
]
# Tracked models in the order their rows must be removed.
TRACKED = [
    ("organization.CrossAppointment", CrossAppointment),
    ("organization.OfficialAssignment", OfficialAssignment),
    ("organization.PartyOrganization", PartyOrganization),
    ("estates.ManagementAreaFiling", ManagementAreaFiling),
    ("estates.EstateClassificationRecord", EstateClassificationRecord),
    ("enterprises.ServiceContract", ServiceContract),
    ("enterprises.StaffCertificate", StaffCertificate),
    ("enterprises.EnterpriseStaff", EnterpriseStaff),
    ("estates.Ownership", Ownership),
    ("estates.Owner", Owner),
    ("estates.Unit", Unit),
    ("estates.Building", Building),
    ("estates.Estate", Estate),
    ("enterprises.Enterprise", Enterprise),
    ("regions.Department", Department),
]


VOIDABLE = ("id", "created_at", "updated_at", "is_voided", "voided_at", "voided_by", "void_reason")
UNIT_FIELDS = (*VOIDABLE, "building", "estate", "entrance", "number", "floor", "usage", "registry_area", "survey_area",
               "contract_area", "delivery_status")
OWNER_FIELDS = (*VOIDABLE, "kind", "name", "id_number", "credit_code", "phone", "is_developer")
OWNERSHIP_FIELDS = (*VOIDABLE, "unit", "owner", "estate", "is_nominee", "since", "certificate_number")


class GeneratorError(Exception):
    """The generator refuses to run (data exists, unknown prefix …); the message says why."""


@dataclass
class GeneratorConfig:
    prefix: str
    seed: int = 42
    scale: str = "demo"
    estates: int | None = None
    enterprises: int | None = None
    units: int | None = None
    reset: bool = False
    progress: bool = True
    districts: list[str] | None = None  # limit estates to these district codes (6 digits), e.g. tests
    focus_street: str | None = None  # a 12-digit street code that gets several managed estates
    focus_estates: int = 8

    def sizes(self) -> tuple[int, int, int]:
        e, n, u = SCALES[self.scale]
        return self.estates or e, self.enterprises or n, self.units or u


@dataclass
class Result:
    run: GeneratorRun
    counts: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- identifiers


def org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714) with its check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    c = 11 - total % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


def credit_code(rng: random.Random, area: str, kind: str = "91") -> str:
    """统一社会信用代码: registration-authority kind + 6-digit area + organisation code + check."""
    base = kind + area[:6] + org_code(rng)
    return base + uscc.calc_check_digit(base)


_LOC: dict[str, list[tuple[str, str, int, int]]] = {}


def _loc_entries(province: str) -> list[tuple[str, str, int, int]]:
    """(code, county, valid_from, valid_to) of every county code of a province in stdnum's cn/loc database."""
    if province not in _LOC:
        from stdnum import numdb

        db, out = numdb.get("cn/loc"), []
        for i in range(10000):
            code = f"{province}{i:04d}"
            info = {k: v for _part, props in db.info(code) for k, v in props.items()}
            for county in info.get("county", "").split(","):
                if not county:
                    continue
                start, end = 0, 9999
                if county.startswith("["):
                    span, county = county[1:].split("]")
                    a, b = span.split("-")
                    start, end = int(a or 0), int(b or 9999)
                out.append((code, county, start, end))
        _LOC[province] = out
    return _LOC[province]


_AREA_CACHE: dict[tuple[str, int], str] = {}


def birth_area(area: str, year: int) -> str:
    """The 6-digit address code a person born in ``year`` in ``area`` got: codes change (驻马店 was 4128xx before 2000)."""
    key = (area[:6], year)
    if key not in _AREA_CACHE:
        entries = _loc_entries(area[:2])
        own = [e for e in entries if e[0] == area[:6]]
        valid = [e for e in entries if e[2] <= year <= e[3]]
        found = next((e[0] for e in own if e[2] <= year <= e[3]), None)
        if found is None and own:
            found = next((e[0] for e in valid if e[1] == own[0][1]), None)
            if found is None:
                start = min(e[2] for e in own)
                found = _predecessor(entries, valid, area, start)
        if found is None:
            city = [e for e in entries if e[0][:4] == area[:4]]
            found = next((e[0] for e in city if e[2] <= year <= e[3]), None)
            if found is None and city:
                found = _predecessor(entries, valid, area, min(e[2] for e in city))
        _AREA_CACHE[key] = found or (valid[0][0] if valid else area[:6])
    return _AREA_CACHE[key]


def _predecessor(entries, valid, area: str, start: int) -> str | None:
    """A code of the predecessor unit: same county names under another prefix (驻马店地区 4128 → 驻马店市 4117)."""
    names = {e[1] for e in entries if e[0][:4] == area[:4]}
    prefixes = {e[0][:4] for e in entries if e[1] in names and e[0][:4] != area[:4]}
    ranked = [e for e in valid if e[0][:4] in prefixes] or [e for e in valid if start - 1 <= e[3] <= start]
    return ranked[0][0] if ranked else None


def id_number(rng: random.Random, area: str, *, born_from: int = 1950, born_to: int = 2000, male: bool | None = None) -> str:
    birth = dt.date(born_from, 1, 1) + dt.timedelta(days=rng.randrange((born_to - born_from) * 365))
    area = birth_area(area, birth.year)
    seq = rng.randrange(0, 500) * 2 + (1 if (male if male is not None else rng.random() < 0.5) else 0)
    base = f"{area[:6]}{birth:%Y%m%d}{seq:03d}"
    return base + ric.calc_check_digit(base + "0")


def mobile(rng: random.Random) -> str:
    return rng.choice(("13", "15", "18", "17", "19")) + "".join(rng.choice("0123456789") for _ in range(9))


def short_name(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


# ---------------------------------------------------------------- the generator


class Generator:
    def __init__(self, config: GeneratorConfig):
        self.cfg = config
        self.rng = random.Random(config.seed)
        self.ranges: dict[str, list[int]] = {}
        self.counts: dict[str, int] = {}
        self.community_codes: list[str] = []
        self.person_ids: set[str] = set()
        self.next_ids: dict = {}
        self.fast_models: set = set()

    # -- bookkeeping
    def _save(self, label: str, model, objs: list) -> list:
        if not objs:
            return objs
        model.objects.bulk_create(objs, batch_size=BATCH)
        ids = [o.pk for o in objs]
        if None in ids:  # backends that cannot return ids from bulk inserts
            raise GeneratorError("数据库不支持批量插入返回主键（SQLite 需 3.35 以上）")
        lo, hi = min(ids), max(ids)
        r = self.ranges.get(label)
        self.ranges[label] = [min(lo, r[0]), max(hi, r[1])] if r else [lo, hi]
        self.counts[label] = self.counts.get(label, 0) + len(objs)
        return objs

    def _next_id(self, model) -> int:
        """Primary keys for the tuple-inserted tables, allocated in order after the current maximum."""
        nxt = self.next_ids.get(model)
        if nxt is None:
            nxt = (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.next_ids[model] = nxt + 1
        return nxt

    def _fast(self, label: str, model, attnames: tuple, rows: list[tuple]) -> None:
        """INSERT plain tuples with executemany: bulk_create's per-value compilation is too slow for 400,000 rows."""
        if not rows:
            return
        conn = connections[model._base_manager.db]
        qn = conn.ops.quote_name
        cols = ", ".join(qn(model._meta.get_field(a).column) for a in attnames)
        sql = f"INSERT INTO {qn(model._meta.db_table)} ({cols}) VALUES ({', '.join(['%s'] * len(attnames))})"
        with conn.cursor() as cursor:
            for i in range(0, len(rows), 5000):
                cursor.executemany(sql, rows[i:i + 5000])
        lo, hi = rows[0][0], rows[-1][0]
        r = self.ranges.get(label)
        self.ranges[label] = [min(lo, r[0]), max(hi, r[1])] if r else [lo, hi]
        self.counts[label] = self.counts.get(label, 0) + len(rows)
        self.fast_models.add(model)

    def _reset_sequences(self) -> None:
        if not self.fast_models:
            return
        conn = connections[Unit._base_manager.db]
        sqls = conn.ops.sequence_reset_sql(no_style(), list(self.fast_models))
        with conn.cursor() as cursor:
            for sql in sqls:
                cursor.execute(sql)

    def _city_name(self, estate: Estate) -> str:
        code = estate.region_id[:4].ljust(12, "0")
        city = self.region_by_code.get(code)
        return city.name if city else ""

    def person_name(self) -> str:
        s = self.rng.choices(N.SURNAMES, cum_weights=self._surname_cum)[0]
        if self.rng.random() < 0.7:
            return s + self.rng.choice(N.GIVEN_TWO)
        return s + self.rng.choice(N.GIVEN_CHARS)

    def person_id(self, area: str, **kw) -> str:
        while True:
            value = id_number(self.rng, area, **kw)
            if value not in self.person_ids:
                self.person_ids.add(value)
                return value

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        days = max(0, (end - start).days)
        return start + dt.timedelta(days=self.rng.randint(0, days))

    # -- entry point
    def run(self) -> Result:
        cfg = self.cfg
        if cfg.scale not in SCALES:
            raise GeneratorError(f"未知规模：{cfg.scale}（可选 {'、'.join(SCALES)}）")
        if not cfg.prefix.isdigit() or len(cfg.prefix) not in (2, 4):
            raise GeneratorError("区划前缀应为2位省级或4位市级代码，如 41 或 4117")
        self._surname_cum = list(accumulate(N.SURNAME_WEIGHTS))
        ops = connections[Unit._base_manager.db].ops
        self.now = ops.adapt_datetimefield_value(timezone.now())
        self.adapt_date = ops.adapt_datefield_value
        n_estates, n_enterprises, n_units = cfg.sizes()
        if n_estates < 1 or n_enterprises < 1 or n_units < n_estates:
            raise GeneratorError("小区数、企业数须至少为1，房屋数不少于小区数")
        progress_cm = self._progress() if cfg.progress else nullcontext(None)
        with progress_cm as progress:
            self.progress = progress
            try:
                with transaction.atomic():
                    existing = overlapping_runs(cfg.prefix)
                    if existing.exists():
                        if not cfg.reset:
                            raise GeneratorError(
                                f"区划 {cfg.prefix} 已有生成的演示数据（{existing.count()} 次生成记录）；"
                                "如需重新生成请加 --reset（只删除生成的数据）"
                            )
                        self._task("清除旧的生成数据", 1)
                        for run in existing:
                            delete_run(run)
                        self._advance(1)
                    self._task("导入区划", 1)
                    regions_import(prefix=cfg.prefix)
                    self._advance(1)
                    self._load_regions()
                    self._communities()
                    self._departments()
                    self._enterprises(n_enterprises)
                    self._estates(n_estates, n_units)
                    self._official_patches()
                    self._reset_sequences()
                    run = GeneratorRun.objects.create(
                        prefix=cfg.prefix, scale=cfg.scale, seed=cfg.seed, id_ranges=self.ranges,
                        community_codes=self.community_codes, counts=self.counts,
                    )
            except IntegrityError as exc:
                raise GeneratorError(f"写入失败（可能有其他数据引用了要删除的演示数据）：{exc}") from exc
        return Result(run=run, counts=self.counts)

    # -- progress
    def _progress(self):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())

    def _task(self, description: str, total: int) -> None:
        if self.progress is not None:
            self._current = self.progress.add_task(description, total=total)

    def _advance(self, n: int) -> None:
        if self.progress is not None:
            self.progress.advance(self._current, n)

    # -- regions
    def _load_regions(self) -> None:
        p = self.cfg.prefix
        regions = list(Region.objects.filter(code__startswith=p, level__lte=RegionLevel.STREET).order_by("code"))
        self.region_by_code = {r.code: r for r in regions}
        self.cities = [r for r in regions if r.level == RegionLevel.CITY]
        self.districts = [r for r in regions if r.level == RegionLevel.DISTRICT]
        self.streets_of: dict[str, list[Region]] = {}
        for r in regions:
            if r.level == RegionLevel.STREET:
                self.streets_of.setdefault(r.parent_id, []).append(r)
        self.districts = [d for d in self.districts if self.streets_of.get(d.code)]
        if not self.districts:
            raise GeneratorError(f"区划 {p} 下没有区县/街道数据")
        self.estate_districts = self.districts
        if self.cfg.districts:
            self.estate_districts = [d for d in self.districts if d.code[:6] in self.cfg.districts]
            if not self.estate_districts:
                raise GeneratorError(f"指定的区县不在 {p} 内：{','.join(self.cfg.districts)}")
        province = Region.objects.filter(code=p[:2].ljust(12, "0")).first()
        self.province_short = short_name(province.name) if province else ""

    def city_of(self, region: Region) -> Region | None:
        return self.region_by_code.get(region.code[:4].ljust(12, "0")) or Region.objects.filter(
            code=region.code[:4].ljust(12, "0")).first()

    @staticmethod
    def district_weight(d: Region) -> float:
        if d.code[4] == "7":
            return 2.5  # 开发区/高新区
        if d.name.endswith("区") and d.code[4] == "0":
            return 6.0  # 市辖区: the urban core
        if d.name.endswith("市"):
            return 1.5
        return 1.0

    @staticmethod
    def street_weight(s: Region) -> float:
        if s.name.endswith("街道"):
            return 5.0
        if s.name.endswith("镇"):
            return 1.0
        if s.name.endswith("乡"):
            return 0.25
        return 0.8

    # -- communities
    def _communities(self) -> None:
        streets = [s for d in self.districts for s in self.streets_of[d.code]]
        self._task("生成社区/村（生成）", len(streets))
        existing = set(
            Region.objects.filter(code__startswith=self.cfg.prefix, level=RegionLevel.COMMUNITY).values_list("code", flat=True)
        )
        self.communities_of: dict[str, list[Region]] = {}
        new = []
        for street in streets:
            if street.name.endswith("街道"):
                n_comm, n_vill = self.rng.randint(4, 8), 0
            elif street.name.endswith("镇"):
                n_comm, n_vill = self.rng.randint(1, 2), self.rng.randint(1, 3)
            else:
                n_comm, n_vill = 0, self.rng.randint(1, 3)
            used, items = set(), []
            seq = 1
            for _ in range(n_comm):
                for _try in range(20):
                    word = self.rng.choice(N.ROADS if self.rng.random() < 0.5 else N.COMMUNITY_WORDS)
                    if word not in used:
                        break
                used.add(word)
                while f"{street.code[:9]}{seq:03d}" in existing:
                    seq += 1
                items.append((f"{street.code[:9]}{seq:03d}", f"{word}社区{MARKER}"))
                seq += 1
            seq = 200
            for _ in range(n_vill):
                for _try in range(20):
                    word = self.rng.choice(N.SURNAMES[:40]) + self.rng.choice(N.VILLAGE_PARTS)
                    if word not in used:
                        break
                used.add(word)
                while f"{street.code[:9]}{seq:03d}" in existing:
                    seq += 1
                items.append((f"{street.code[:9]}{seq:03d}", f"{word}村{MARKER}"))
                seq += 1
            regions = [
                Region(code=code, name=name, level=RegionLevel.COMMUNITY, parent_id=street.code,
                       full_name=street.full_name + name, is_generated=True)
                for code, name in items
            ]
            new.extend(regions)
            self.communities_of[street.code] = regions
            self._advance(1)
        Region.objects.bulk_create(new, batch_size=BATCH)
        self.community_codes = [r.code for r in new]
        self.counts["regions.Region(社区/村)"] = len(new)

    # -- departments
    def _departments(self) -> None:
        existing = {(d.region_id, d.kind, d.name): d for d in Department.objects.filter(region__code__startswith=self.cfg.prefix)}
        new: list[Department] = []
        self.dept: dict[tuple[str, str], Department] = {}

        def add(region: Region, kind: str, name: str) -> None:
            key = (region.code, kind, name)
            obj = existing.get(key)
            if obj is None:
                obj = Department(region=region, kind=kind, name=name, phone=self._landline(region), duties="")
                new.append(obj)
                existing[key] = obj
            self.dept.setdefault((region.code, kind), obj)

        for city in self.cities:
            for kind, suffix in CITY_DEPARTMENTS:
                add(city, kind, city.name + suffix)
        for d in self.districts:
            for kind, suffix in DISTRICT_DEPARTMENTS:
                if suffix is None:
                    suffix = "公安分局" if d.name.endswith("区") else "公安局"
                add(d, kind, d.name + suffix)
            for s in self.streets_of[d.code]:
                office = "物业管理办公室" if s.name.endswith("街道") else "物业管理服务站"
                add(s, DepartmentKind.STREET_OFFICE, s.name + office)
        self._save("regions.Department", Department, new)

    def _landline(self, region: Region) -> str:
        if region.code.startswith("4117"):
            return f"0396-{self.rng.randint(2000000, 3999999)}"
        return mobile(self.rng)

    # -- enterprises
    def _enterprises(self, n: int) -> None:
        self._task("生成物业服务企业", n)
        rng = self.rng
        weights = list(accumulate(self.district_weight(d) for d in self.districts))
        n_state = max(2, round(n * 0.06)) if n >= 4 else 1
        names: set[str] = set(Enterprise.objects.values_list("name", flat=True))
        codes: set[str] = set(Enterprise.objects.values_list("credit_code", flat=True))
        ents: list[Enterprise] = []
        for i in range(n):
            district = self.districts[bisect(weights, rng.random() * weights[-1])]
            city = self.city_of(district)
            city_short = short_name(city.name) if city else ""
            state = i < n_state
            for attempt in range(200):
                if state:
                    place = district.name if rng.random() < 0.6 else (city.name if city else district.name)
                    word = rng.choice(("城投", "城发", "国投", "建投", "安居", "城建", "国资"))
                    name = f"{place}{word}物业服务有限公司" if attempt < 20 else f"{place}{word}{attempt}号物业服务有限公司"
                else:
                    word = rng.choice(N.COMPANY_WORDS)
                    if rng.random() < 0.5:
                        word += rng.choice(N.COMPANY_WORDS)
                    suffix = rng.choices([s for s, _ in N.COMPANY_SUFFIXES], weights=[w for _, w in N.COMPANY_SUFFIXES])[0]
                    place = city_short if rng.random() < 0.8 else self.province_short
                    name = f"{place}{word}{suffix}"
                if name not in names:
                    break
            names.add(name)
            while True:
                code = credit_code(rng, district.code)
                if code not in codes:
                    codes.add(code)
                    break
            status = EnterpriseStatus.OPERATING
            if not state:
                r = rng.random()
                status = EnterpriseStatus.SUSPENDED if r < 0.03 else EnterpriseStatus.DEREGISTERED if r < 0.05 else status
            ents.append(Enterprise(
                name=name, credit_code=code, legal_representative=self.person_name(),
                registered_address=f"{district.full_name}{rng.choice(N.ROADS)}{rng.randint(1, 999)}号",
                region=district, phone=self._landline(district), complaint_phone=self._landline(district),
                status=status, is_state_owned=state,
                established_on=dt.date(1998, 1, 1) + dt.timedelta(days=rng.randrange(365 * 24)),
            ))
            self._advance(1)
        self._save("enterprises.Enterprise", Enterprise, ents)
        # Staff and certificates.
        staff: list[EnterpriseStaff] = []
        for e in ents:
            area = e.region_id
            people = [(StaffPosition.LEGAL_REP, e.legal_representative, False)]
            people += [(StaffPosition.MANAGER, self.person_name(), True) for _ in range(rng.randint(1, 3))]
            people += [(StaffPosition.ENGINEER, self.person_name(), False)]
            people += [(rng.choice((StaffPosition.SECURITY, StaffPosition.CLEANING, StaffPosition.CUSTOMER_SERVICE)),
                        self.person_name(), False) for _ in range(rng.randint(0, 3))]
            for position, name, pm in people:
                staff.append(EnterpriseStaff(
                    enterprise=e, name=name, id_number=self.person_id(area, born_from=1962, born_to=2000),
                    phone=mobile(rng), position=position, is_project_manager=pm, is_party_member=rng.random() < 0.3,
                ))
        self._save("enterprises.EnterpriseStaff", EnterpriseStaff, staff)
        certs = []
        for s in staff:
            kind = {StaffPosition.MANAGER: CertificateKind.PROJECT_MANAGER, StaffPosition.ENGINEER: CertificateKind.ELECTRICIAN}.get(s.position)
            if kind is None and s.position == StaffPosition.SECURITY and rng.random() < 0.5:
                kind = CertificateKind.FIRE_CONTROL
            if kind is None:
                continue
            city = self.city_of(s.enterprise.region)
            issuer = {CertificateKind.PROJECT_MANAGER: f"{self.province_short}物业管理协会",
                      CertificateKind.ELECTRICIAN: f"{city.name if city else ''}应急管理局",
                      CertificateKind.FIRE_CONTROL: f"{self.province_short}消防救援总队"}[kind]
            certs.append(StaffCertificate(
                staff=s, kind=kind, number=f"{kind[:2].upper()}{rng.randint(2016, 2024)}{rng.randint(0, 999999):06d}",
                issued_by=issuer, valid_until=self.date_between(dt.date(2025, 1, 1), dt.date(2030, 12, 31)),
            ))
        self._save("enterprises.StaffCertificate", StaffCertificate, certs)
        operating = [e for e in ents if e.status == EnterpriseStatus.OPERATING]
        self.private_by_district: dict[str, list[Enterprise]] = {}
        self.state_by_district: dict[str, list[Enterprise]] = {}
        for e in operating:
            target = self.state_by_district if e.is_state_owned else self.private_by_district
            target.setdefault(e.region_id, []).append(e)
        self.private_all = [e for e in operating if not e.is_state_owned] or operating
        self.state_all = [e for e in operating if e.is_state_owned] or operating
        self.managers: dict[int, list[EnterpriseStaff]] = {}
        for s in staff:
            if s.is_project_manager:
                self.managers.setdefault(s.enterprise_id, []).append(s)
        self.street_office_staff: dict[str, list[str]] = {}

    # -- estates
    def _plan_estates(self, n: int, n_units: int) -> list[dict]:
        rng = self.rng
        dw = list(accumulate(self.district_weight(d) for d in self.estate_districts))
        sw = {d.code: list(accumulate(self.street_weight(s) for s in self.streets_of[d.code])) for d in self.estate_districts}
        focus = self.cfg.focus_street
        focus_region = self.region_by_code.get(focus) if focus else None
        plans = []
        for i in range(n):
            if focus_region is not None and i < min(self.cfg.focus_estates, n):
                street = focus_region
            else:
                d = self.estate_districts[bisect(dw, rng.random() * dw[-1])]
                street = self.streets_of[d.code][bisect(sw[d.code], rng.random() * sw[d.code][-1])]
            t = rng.choices(
                [EstateType.COMMERCIAL, EstateType.OLD, EstateType.AFFORDABLE, EstateType.RESETTLEMENT, EstateType.EMPLOYER],
                weights=[60, 20, 6, 8, 6])[0]
            if focus_region is not None and i < min(6, n):
                t = EstateType.COMMERCIAL
            comms = self.communities_of.get(street.code) or []
            region = rng.choice(comms) if comms and rng.random() < 0.85 else street
            weight = rng.lognormvariate(0, 0.5) * {EstateType.COMMERCIAL: 1.3, EstateType.OLD: 0.5,
                                                   EstateType.EMPLOYER: 0.4}.get(t, 1.0)
            plans.append({"street": street, "region": region, "type": t, "weight": weight, "focus": i < 6 and focus_region is not None})
        total_w = sum(p["weight"] for p in plans)
        min_units = max(1, min(12, n_units // n))
        for p in plans:
            p["units"] = max(min_units, int(n_units * p["weight"] / total_w))
        diff = n_units - sum(p["units"] for p in plans)
        i = 0
        while diff != 0:
            p = plans[i % n]
            if diff > 0:
                p["units"] += 1
                diff -= 1
            elif p["units"] > min_units:
                p["units"] -= 1
                diff += 1
            i += 1
        return plans

    def _estate_name(self, t: str, region: Region, used_global: set, used_region: set) -> str:
        rng = self.rng
        for attempt in range(40):
            if t == EstateType.EMPLOYER:
                name = rng.choice(N.EMPLOYERS) + rng.choice(("家属院", "家属院", "宿舍", "生活区"))
            elif t == EstateType.OLD:
                name = rng.choice((rng.choice(N.ROADS), rng.choice(N.ESTATE_WORDS))) + rng.choice(("小区", "小区", "新村", "社区小区"))
            elif t == EstateType.AFFORDABLE:
                name = rng.choice(N.ESTATE_WORDS) + rng.choice(("公租房小区", "廉租房小区", "保障房小区", "人才公寓"))
            elif t == EstateType.RESETTLEMENT:
                name = rng.choice(N.SURNAMES[:40]) + rng.choice(N.VILLAGE_PARTS) + rng.choice(("安置小区", "安置房", "新社区"))
            elif rng.random() < 0.15:
                name = f"{rng.choice(N.BRANDS)}·{rng.choice(N.BRAND_PRODUCTS)}"
            else:
                word = rng.choice(N.ESTATE_WORDS)
                suffix = rng.choices([s for s, _ in N.ESTATE_SUFFIXES], weights=[w for _, w in N.ESTATE_SUFFIXES])[0]
                name = word + suffix
            if attempt >= 20:
                name += rng.choice(("二期", "三期", "四期", "东区", "西区", "南区", "北区"))
            if attempt >= 30:
                name = f"{name}{attempt}号院"
            if name not in used_global or (attempt >= 10 and name not in used_region):
                return name
        return f"{name}{rng.randint(100, 999)}"

    def _estates(self, n: int, n_units: int) -> None:
        plans = self._plan_estates(n, n_units)
        self._task("生成小区、楼栋、房屋与业主", n_units)
        used_global: set[str] = set()
        used_region: dict[str, set[str]] = {}
        for r_code, name in Estate.objects.filter(region__code__startswith=self.cfg.prefix, is_voided=False).values_list("region_id", "name"):
            used_global.add(name)
            used_region.setdefault(r_code, set()).add(name)
        for p in plans:
            ur = used_region.setdefault(p["region"].code, set())
            p["name"] = self._estate_name(p["type"], p["region"], used_global, ur)
            used_global.add(p["name"])
            ur.add(p["name"])
        self.dev_owners: dict[str, Owner] = {}
        self.estates_by_street: dict[str, list[Estate]] = {}
        chunk: list[dict] = []
        size = 0
        for p in plans:
            chunk.append(p)
            size += p["units"]
            if size >= CHUNK_UNITS:
                self._estate_chunk(chunk)
                chunk, size = [], 0
        if chunk:
            self._estate_chunk(chunk)

    def _mode(self, t: str) -> str:
        M = ManagementMode
        table = {
            EstateType.EMPLOYER: ([M.SELF_MANAGED, M.NONE, M.PROFESSIONAL], [60, 25, 15]),
            EstateType.OLD: ([M.NONE, M.COMMUNITY, M.PROFESSIONAL, M.STATE_TRUSTEESHIP], [35, 20, 25, 20]),
            EstateType.COMMERCIAL: ([M.PROFESSIONAL, M.SELF_MANAGED, M.NONE], [92, 4, 4]),
            EstateType.AFFORDABLE: ([M.STATE_TRUSTEESHIP, M.PROFESSIONAL, M.NONE], [60, 35, 5]),
            EstateType.RESETTLEMENT: ([M.PROFESSIONAL, M.STATE_TRUSTEESHIP, M.COMMUNITY, M.NONE], [50, 25, 15, 10]),
        }
        modes, weights = table[t]
        return self.rng.choices(modes, weights=weights)[0]

    def _estate_chunk(self, plans: list[dict]) -> None:
        rng = self.rng
        years = {EstateType.COMMERCIAL: (2005, 2023), EstateType.OLD: (1980, 2000), EstateType.AFFORDABLE: (2010, 2020),
                 EstateType.RESETTLEMENT: (2012, 2022), EstateType.EMPLOYER: (1975, 1998)}
        mean_area = {EstateType.COMMERCIAL: 115, EstateType.OLD: 68, EstateType.AFFORDABLE: 55,
                     EstateType.RESETTLEMENT: 92, EstateType.EMPLOYER: 72}
        estates: list[Estate] = []
        specs = []
        for p in plans:
            t = p["type"]
            mode = ManagementMode.PROFESSIONAL if p["focus"] else self._mode(t)
            built = rng.randint(*years[t])
            delivered = dt.date(built + 1, 1, 1) + dt.timedelta(days=rng.randrange(300))
            n = p["units"]
            nb = max(1, min(n, 30, max(4, round(n / rng.uniform(25, 70)))))
            if t in (EstateType.OLD, EstateType.EMPLOYER):
                nb = max(1, min(nb, n, 12))
            # Buildings: split units, choose floors/entrances/units per floor.
            cuts = sorted(rng.sample(range(1, n), nb - 1)) if nb > 1 else []
            sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
            high = t == EstateType.COMMERCIAL and built >= 2008
            bspecs = []
            mean = mean_area[t]
            total_area = 0.0
            for bi, bn in enumerate(sizes, start=1):
                per_floor = rng.choice((2, 2, 2, 3, 4)) if high else 2
                floor_cap = rng.randint(11, 33) if high else rng.randint(5, 7)
                entrances = min(4, max(1, math.ceil(bn / (floor_cap * per_floor))))
                per_floor = max(per_floor, math.ceil(bn / (entrances * 34)))
                ent_size = math.ceil(bn / entrances)
                floors = math.ceil(ent_size / per_floor)
                b_mean = max(35.0, rng.gauss(mean, mean * 0.15))
                units = []
                for k in range(bn):
                    e, j = divmod(k, ent_size)
                    floor, pos = divmod(j, per_floor)
                    floor += 1
                    area = round(max(28.0, rng.gauss(b_mean, b_mean * 0.12)), 2)
                    total_area += area
                    r = rng.random()
                    a = Decimal(f"{area:.2f}")
                    if r < 0.82:
                        areas = (a, None, Decimal(f"{area * rng.uniform(1.0, 1.04):.2f}") if r < 0.4 else None)
                    elif r < 0.91:
                        areas = (None, a, None)
                    else:
                        areas = (None, None, a)
                    usage = UnitUsage.COMMERCIAL if (floor == 1 and t == EstateType.COMMERCIAL and rng.random() < 0.1) else UnitUsage.RESIDENTIAL
                    units.append((f"{e + 1}单元" if entrances > 1 or rng.random() < 0.5 else "", f"{floor}{pos + 1:02d}", floor, usage, areas))
                bspecs.append((f"{bi}号楼", floors, floors >= 8, units))
            developer = ""
            if t in (EstateType.COMMERCIAL, EstateType.RESETTLEMENT, EstateType.AFFORDABLE):
                city = self.city_of(p["street"])
                developer = (f"{rng.choice(N.BRANDS)}地产集团有限公司" if "·" in p["name"]
                             else f"{short_name(city.name) if city else ''}{rng.choice(N.COMPANY_WORDS)}{rng.choice(N.DEVELOPER_SUFFIXES)}")
            holding = t == EstateType.COMMERCIAL and built >= 2017 and rng.random() < 0.5
            district = self.region_by_code[p["street"].code[:6].ljust(12, "0")]
            estate = Estate(
                name=p["name"], region=p["region"],
                address=f"{district.name}{rng.choice(N.ROADS)}{rng.randint(1, 400)}号",
                estate_type=t, management_mode=mode, classification=self._class_of(mode),
                total_building_area=Decimal(f"{total_area * rng.uniform(1.12, 1.25):.2f}"),
                developer_name=developer, built_year=built, delivered_at=delivered,
            )
            estates.append(estate)
            specs.append((p, estate, bspecs, holding, district))
        self._save("estates.Estate", Estate, estates)
        for p, estate, *_ in specs:
            self.estates_by_street.setdefault(p["street"].code, []).append(estate)
        # Classification history.
        records = []
        for _p, e, *_ in specs:
            eff = self.date_between(dt.date(2022, 3, 1), dt.date(2024, 12, 31))
            if rng.random() < 0.2:
                old = rng.choice([c for c in Classification.values if c != e.classification])
                records.append(EstateClassificationRecord(
                    estate=e, classification=old, effective_date=eff - dt.timedelta(days=rng.randint(300, 900)),
                    reason="年度分类认定"))
                reason = "管理方式变更后重新认定"
            else:
                reason = "年度分类认定"
            records.append(EstateClassificationRecord(estate=e, classification=e.classification, effective_date=eff, reason=reason))
        self._save("estates.EstateClassificationRecord", EstateClassificationRecord, records)
        # Buildings.
        buildings = []
        for _p, e, bspecs, *_ in specs:
            for number, floors, elevator, _units in bspecs:
                buildings.append(Building(estate=e, number=number, floors=floors, has_elevator=elevator))
        self._save("estates.Building", Building, buildings)
        # Units, person owners and ownerships: the bulk of the rows, inserted as plain tuples.
        now = self.now
        adapt_date = self.adapt_date
        unit_rows, unit_meta = [], []  # meta: (unit_id, estate, district, status, has_registry)
        bi = 0
        for _p, e, bspecs, holding, district in specs:
            for *_b, uspecs in bspecs:
                b = buildings[bi]
                bi += 1
                for entrance, number, floor, usage, (ra, sa, ca) in uspecs:
                    status = DeliveryStatus.DELIVERED
                    if holding:
                        r = rng.random()
                        status = DeliveryStatus.UNSOLD if r < 0.05 else DeliveryStatus.SOLD_UNDELIVERED if r < 0.08 else status
                    uid = self._next_id(Unit)
                    unit_rows.append((uid, now, now, False, None, None, "", b.pk, e.pk, entrance, number, floor,
                                      str(usage), ra, sa, ca, str(status)))
                    unit_meta.append((uid, e, district, status, ra is not None))
        self._fast("estates.Unit", Unit, UNIT_FIELDS, unit_rows)
        # Developer owners for held units.
        new_devs = []
        for _p, e, _b, holding, district in specs:
            if holding and e.developer_name not in self.dev_owners:
                o = Owner(pk=self._next_id(Owner), kind=OwnerKind.ORGANIZATION, name=e.developer_name, credit_code=credit_code(rng, district.code),
                          phone=self._landline(district), is_developer=True)
                self.dev_owners[e.developer_name] = o
                new_devs.append(o)
        self._save("estates.Owner", Owner, new_devs)
        self.fast_models.add(Owner)
        owner_rows, ship_rows = [], []
        recent: dict[int, list[int]] = {}
        districts = self.districts
        person = str(OwnerKind.PERSON)
        cert_prefix = self.province_short[:1]
        for uid, e, district, status, has_registry in unit_meta:
            if status != DeliveryStatus.DELIVERED:
                dev = self.dev_owners[e.developer_name]
                ship_rows.append((self._next_id(Ownership), now, now, False, None, None, "", uid, dev.pk, e.pk, False,
                                  adapt_date(e.delivered_at), ""))
                continue
            since = self.date_between(e.delivered_at, TODAY) if e.delivered_at and e.delivered_at < TODAY else TODAY
            cert = ""
            if has_registry:
                cert = f"{cert_prefix}（{since.year}）{self._city_name(e)}不动产权第{rng.randint(1, 9999999):07d}号"
            since_db = adapt_date(since)
            pool = recent.setdefault(e.pk, [])
            if pool and rng.random() < 0.03:
                ship_rows.append((self._next_id(Ownership), now, now, False, None, None, "", uid, rng.choice(pool), e.pk,
                                  False, since_db, cert))
                continue
            area = district.code if rng.random() < 0.9 else rng.choice(districts).code
            male = rng.random() < 0.5
            oid = self._next_id(Owner)
            owner_rows.append((oid, now, now, False, None, None, "", person, self.person_name(),
                               self.person_id(area, male=male), "", mobile(rng), False))
            pool.append(oid)
            if rng.random() < 0.05:
                oid2 = self._next_id(Owner)
                owner_rows.append((oid2, now, now, False, None, None, "", person, self.person_name(),
                                   self.person_id(area, male=not male), "", mobile(rng), False))
                first = rng.random() < 0.5
                ship_rows.append((self._next_id(Ownership), now, now, False, None, None, "", uid, oid, e.pk, first, since_db, cert))
                ship_rows.append((self._next_id(Ownership), now, now, False, None, None, "", uid, oid2, e.pk, not first, since_db, cert))
            else:
                ship_rows.append((self._next_id(Ownership), now, now, False, None, None, "", uid, oid, e.pk, False, since_db, cert))
        self._fast("estates.Owner", Owner, OWNER_FIELDS, owner_rows)
        self._fast("estates.Ownership", Ownership, OWNERSHIP_FIELDS, ship_rows)
        units = unit_rows
        self._contracts(specs)
        self._party(specs)
        self._estate_teams(specs)
        self._advance(len(units))

    @staticmethod
    def _class_of(mode: str) -> str:
        if mode in (ManagementMode.PROFESSIONAL, ManagementMode.STATE_TRUSTEESHIP):
            return Classification.A
        if mode == ManagementMode.NONE:
            return Classification.C
        return Classification.B

    def _pick_enterprise(self, district_code: str, state: bool, exclude: Enterprise | None = None) -> Enterprise:
        rng = self.rng
        local = (self.state_by_district if state else self.private_by_district).get(district_code) or []
        pool = local if local and rng.random() < 0.7 else (self.state_all if state else self.private_all)
        choice = rng.choice(pool)
        if exclude is not None and choice.pk == exclude.pk and len(pool) > 1:
            choice = pool[(pool.index(choice) + 1) % len(pool)]
        return choice

    def _contracts(self, specs) -> None:
        rng = self.rng
        contracts, filings = [], []
        fee_range = {EstateType.COMMERCIAL: (120, 350), EstateType.OLD: (50, 120), EstateType.AFFORDABLE: (60, 150),
                     EstateType.RESETTLEMENT: (60, 150), EstateType.EMPLOYER: (50, 100)}
        for _p, e, _b, _h, district in specs:
            if e.management_mode not in (ManagementMode.PROFESSIONAL, ManagementMode.STATE_TRUSTEESHIP):
                continue
            state = e.management_mode == ManagementMode.STATE_TRUSTEESHIP
            ent = self._pick_enterprise(district.code, state)
            if state:
                kind = ContractKind.TRUSTEESHIP
                start = self.date_between(dt.date(2020, 1, 1), dt.date(2024, 12, 31))
                end = start.replace(year=start.year + 3) if start.month != 2 or start.day != 29 else dt.date(start.year + 3, 3, 1)
            elif e.built_year >= 2016 and rng.random() < 0.6:
                kind, start, end = ContractKind.PRELIMINARY, e.delivered_at, None
            else:
                kind = ContractKind.ASSEMBLY_HIRED
                start = self.date_between(max(e.delivered_at, dt.date(2021, 1, 1)), dt.date(2025, 3, 31))
                end = dt.date(start.year + rng.choice((3, 3, 5)), start.month, min(start.day, 28))
            dshort = district.name[:2]
            if (kind != ContractKind.PRELIMINARY and e.delivered_at and (start - e.delivered_at).days > 400
                    and rng.random() < 0.35):
                old_ent = self._pick_enterprise(district.code, False, exclude=ent)
                contracts.append(self._contract(e, old_ent, ContractKind.PRELIMINARY, e.delivered_at,
                                                start - dt.timedelta(days=1), ContractStatus.ENDED, fee_range, dshort))
            contracts.append(self._contract(e, ent, kind, start, end, ContractStatus.ACTIVE, fee_range, dshort))
            if rng.random() < 0.4:
                filed = rng.random() < 0.8
                filings.append(ManagementAreaFiling(
                    estate=e, filing_number=f"{dshort}物区备〔{start.year}〕{rng.randint(1, 300):03d}号" if filed else "",
                    area=Decimal(f"{float(e.total_building_area) / rng.uniform(1.8, 3.2):.2f}"),
                    boundary="东至{}，西至{}，南至{}，北至{}".format(*rng.sample(N.ROADS, 4)),
                    status=FilingStatus.FILED if filed else FilingStatus.PENDING,
                    filed_at=self.date_between(start, min(TODAY, start + dt.timedelta(days=180))) if filed else None,
                ))
        self._save("enterprises.ServiceContract", ServiceContract, contracts)
        self._save("estates.ManagementAreaFiling", ManagementAreaFiling, filings)

    def _contract(self, e, ent, kind, start, end, status, fee_range, dshort) -> ServiceContract:
        rng = self.rng
        r = rng.random()
        if status == ContractStatus.ENDED:
            r = 0.0 if rng.random() < 0.8 else 0.9
        filing = (ContractFilingStatus.FILED if r < 0.7 else ContractFilingStatus.PENDING if r < 0.8
                  else ContractFilingStatus.UNFILED if r < 0.95 else ContractFilingStatus.REJECTED)
        filed_at = self.date_between(start, start + dt.timedelta(days=60)) if filing == ContractFilingStatus.FILED else None
        managers = self.managers.get(ent.pk) or []
        return ServiceContract(
            estate=e, enterprise=ent, kind=kind, start_date=start, end_date=end,
            fee_standard_fen=rng.randint(*fee_range[e.estate_type]), status=status, filing_status=filing,
            filing_number=f"{dshort}住建物备〔{start.year}〕{rng.randint(1, 999):04d}号" if filed_at else "",
            filed_at=filed_at, project_manager=rng.choice(managers) if managers else None,
            tender_reference=(f"ZMDWY-{start.year}-{rng.randint(1, 999):03d}" if kind == ContractKind.ASSEMBLY_HIRED else ""),
        )

    def _party(self, specs) -> None:
        rng = self.rng
        orgs, appointments = [], []
        if not getattr(self, "_community_orgs_done", False):
            self._community_orgs_done = True
            for comms in self.communities_of.values():
                for c in comms:
                    base = c.name.replace(MARKER, "")
                    orgs.append(PartyOrganization(
                        region=c, kind=PartyOrgKind.COMMUNITY, name=f"{base}{'党委' if base.endswith('社区') else '党支部'}",
                        secretary=self.person_name(), member_count=rng.randint(30, 200),
                        founded_on=dt.date(rng.randint(1990, 2015), rng.randint(1, 12), 1)))
        for _p, e, *_ in specs:
            managed = e.management_mode in (ManagementMode.PROFESSIONAL, ManagementMode.STATE_TRUSTEESHIP)
            if rng.random() < (0.35 if managed else 0.15):
                org = PartyOrganization(
                    region=e.region, kind=PartyOrgKind.ESTATE_BRANCH, name=f"{e.name}党支部", estate=e,
                    secretary=self.person_name(), member_count=rng.randint(3, 45),
                    founded_on=self.date_between(dt.date(2018, 1, 1), dt.date(2024, 12, 31)))
                orgs.append(org)
        self._save("organization.PartyOrganization", PartyOrganization, orgs)
        for org in orgs:
            if org.kind != PartyOrgKind.ESTATE_BRANCH:
                continue
            if rng.random() < 0.6:
                appointments.append(CrossAppointment(
                    party_organization=org, person_name=org.secretary, party_position="支部书记",
                    body=rng.choice((AppointedBody.OWNERS_COMMITTEE, AppointedBody.PROPERTY_MANAGEMENT_COMMITTEE)),
                    body_position=rng.choice(("主任", "副主任", "委员")), since=org.founded_on))
            if rng.random() < 0.4:
                appointments.append(CrossAppointment(
                    party_organization=org, person_name=self.person_name(), party_position="支部委员",
                    body=AppointedBody.ENTERPRISE, body_position="项目经理", since=org.founded_on))
        self._save("organization.CrossAppointment", CrossAppointment, appointments)

    def _estate_teams(self, specs) -> None:
        """驻小区工作队: street/community staff assigned to a few estates each (双包)."""
        rng = self.rng
        by_street: dict[str, list[Estate]] = {}
        for p, e, *_ in specs:
            if rng.random() < 0.45:
                by_street.setdefault(p["street"].code, []).append(e)
        teams, links = [], []
        for street_code, estates in by_street.items():
            dept = self.dept.get((street_code, DepartmentKind.STREET_OFFICE))
            while estates:
                take = rng.randint(1, 3)
                group, estates = estates[:take], estates[take:]
                region = group[0].region if all(g.region_id == group[0].region_id for g in group) else self.region_by_code[street_code]
                team = OfficialAssignment(
                    kind=AssignmentKind.ESTATE_TEAM, region=region, person_name=self.person_name(), phone=mobile(rng),
                    department=dept, team_role=TeamRole.LEADER, since=self.date_between(dt.date(2022, 1, 1), dt.date(2024, 6, 30)))
                teams.append(team)
                links.append((team, group))
        self._save("organization.OfficialAssignment", OfficialAssignment, teams)
        through = OfficialAssignment.estates.through
        through.objects.bulk_create(
            [through(officialassignment_id=t.pk, estate_id=e.pk) for t, group in links for e in group], batch_size=BATCH)

    def _official_patches(self) -> None:
        """部门包片区: district departments' staff each responsible for one street."""
        rng = self.rng
        items = []
        for d in self.districts:
            depts = [self.dept[(d.code, k)] for k in (DepartmentKind.HOUSING, DepartmentKind.URBAN_MANAGEMENT,
                                                      DepartmentKind.MARKET_REGULATION) if (d.code, k) in self.dept]
            for s in self.streets_of[d.code]:
                items.append(OfficialAssignment(
                    kind=AssignmentKind.PATCH, region=s, person_name=self.person_name(), phone=mobile(rng),
                    department=rng.choice(depts), team_role=TeamRole.LEADER,
                    since=self.date_between(dt.date(2022, 1, 1), dt.date(2024, 6, 30))))
        self._save("organization.OfficialAssignment", OfficialAssignment, items)


# ---------------------------------------------------------------- runs and reset


def overlapping_runs(prefix: str):
    """Generator runs whose prefix covers or is covered by ``prefix`` (41 and 4117 overlap)."""
    return GeneratorRun.objects.filter(
        Q(prefix__startswith=prefix) | Q(prefix__in=[prefix[:n] for n in range(2, len(prefix) + 1)])
    )


@transaction.atomic
def delete_run(run: GeneratorRun) -> None:
    """Remove exactly the rows one generator run created (and role assignments pointing at them)."""
    ranges = run.id_ranges or {}

    def qs(label, model):
        lo, hi = ranges[label]
        return model._base_manager.filter(pk__gte=lo, pk__lte=hi)

    targets = Q()
    for label, fk in (("estates.Estate", "estate_id"), ("estates.Owner", "owner_id"),
                      ("enterprises.Enterprise", "enterprise_id"), ("regions.Department", "department_id")):
        if label in ranges:
            lo, hi = ranges[label]
            targets |= Q(**{f"{fk}__gte": lo, f"{fk}__lte": hi})
    if run.community_codes:
        targets |= Q(region_id__in=run.community_codes)
    if targets:
        RoleAssignment.objects.filter(targets).delete()
    if "organization.OfficialAssignment" in ranges:
        lo, hi = ranges["organization.OfficialAssignment"]
        OfficialAssignment.estates.through.objects.filter(officialassignment_id__gte=lo, officialassignment_id__lte=hi).delete()
    if "estates.Estate" in ranges:
        lo, hi = ranges["estates.Estate"]
        OfficialAssignment.estates.through.objects.filter(estate_id__gte=lo, estate_id__lte=hi).delete()
    for label, model in TRACKED:
        if label in ranges:
            q = qs(label, model)
            q._raw_delete(q.db)
    codes = list(run.community_codes or [])
    for i in range(0, len(codes), 500):
        q = Region.objects.filter(code__in=codes[i:i + 500], is_generated=True)
        q._raw_delete(q.db)
    run.delete()


def generate(config: GeneratorConfig) -> Result:
    from wuye.core.cache import bump_for
    from wuye.estates.models import Estate

    result = Generator(config).run()
    # Rows went in with bulk_create/executemany, which send no model signals.
    for model in (Region, Estate, Department):
        bump_for(model)
    return result
