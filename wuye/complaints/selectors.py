"""Reads for complaints: the catalog in force, address resolution, routing, classification."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from wuye.complaints.models import CatalogEntry, CatalogVersion, WorkOrder
from wuye.core.cache import cached
from wuye.estates.models import Estate
from wuye.regions.choices import RegionLevel
from wuye.regions.models import Department, Region


def city_of(region: Region) -> Region:
    code = region.code[:4].ljust(12, "0")
    return Region.objects.get(code=code)


def catalog_active(region: Region) -> CatalogVersion:
    """The city's catalog in force, created from the seed (SPEC §4) the first time it is needed."""
    from wuye.complaints.services import catalog_ensure

    return catalog_ensure(city=city_of(region))


def catalog_entries(region: Region) -> dict[str, CatalogEntry]:
    """The active catalog of the region's city by code; cached until any catalog changes."""
    city_code = region.code[:4].ljust(12, "0")

    def load():
        return {e.code: e for e in catalog_active(region).entries.select_related("version")}

    return cached("catalog", city_code, load)


def catalog_entry(region: Region, code: str) -> CatalogEntry | None:
    return catalog_entries(region).get(code)


@dataclass(frozen=True)
class ResolvedAddress:
    estate: Estate | None
    region: Region | None
    matched: str = ""


def _address_index(prefix: str) -> tuple[list[tuple[str, Estate]], list[Region]]:
    """The estate names and aliases (longest first) and the street/community regions under ``prefix``.

    Cached until an estate or region changes (``watch("address", …)`` in the estates and regions
    apps), so intake does not read every estate of the jurisdiction per request.
    """

    def load():
        estates = Estate.objects.filter(is_voided=False).select_related("region").only(
            "id", "name", "aliases", "region__code", "region__name", "region__level", "region__parent")
        if prefix:
            estates = estates.filter(region__code__startswith=prefix)
        names = []
        for estate in estates.iterator(chunk_size=2000):
            for name in {estate.name, *estate.alias_list()}:
                if len(name) >= 2:
                    names.append((name, estate))
        names.sort(key=lambda pair: (-len(pair[0]), pair[1].pk))
        streets = Region.objects.filter(level__in=(RegionLevel.STREET, RegionLevel.COMMUNITY))
        if prefix:
            streets = streets.filter(code__startswith=prefix)
        regions = [r for r in streets.only("code", "name", "level", "parent") if len(r.name) >= 3]
        return names, regions

    return cached("address", prefix or "*", load)


def resolve_address(*, text: str, within: Region | None = None) -> ResolvedAddress:
    """An address (or the request text) to an estate by name or alias, else to a street by name.

    Searches estates inside ``within`` (a street, district or city); the longest name found in the
    text wins, so "建业森林半岛二期" beats "森林半岛".
    """
    text = (text or "").strip()
    if not text:
        return ResolvedAddress(None, None)
    names, regions = _address_index(within.prefix if within is not None else "")
    for name, estate in names:  # longest first: the first hit is the best
        if name in text:
            return ResolvedAddress(estate, estate.region, name)
    found = [r for r in regions if r.name in text]
    if found:
        region = max(found, key=lambda r: (len(r.name), r.level))
        return ResolvedAddress(None, region, region.name)
    return ResolvedAddress(None, None)


def department_for(entry: CatalogEntry, region: Region) -> Department | None:
    """The department of ``entry``'s kind at ``entry``'s level above ``region``, else the nearest higher one."""
    codes = region.ancestor_codes()  # nearest first, region itself included
    levels = dict(zip(codes, range(region.level, 0, -1), strict=False))
    candidates = [c for c, lvl in levels.items() if lvl <= entry.level]

    def load():
        departments = {d.region_id: d for d in Department.objects.filter(
            region_id__in=candidates, kind=entry.department_kind).order_by("-id")}
        # nearest first: the entry's level, then up the tree
        return next((departments[code] for code in candidates if code in departments), False)

    found = cached("departments", f"{entry.department_kind}:{','.join(candidates)}", load)
    return found or None


@dataclass(frozen=True)
class Routing:
    category: str | None
    name: str | None
    department: Department | None
    confidence: Decimal
    manual: bool
    reason: str


def classify_and_route(*, title: str, body: str, region: Region) -> Routing:
    """The classifier's category, the catalog's department for this region, and whether a person must look.

    The same code path serves intake, the API and ``manage.py classify_complaint``.
    """
    from wuye.complaints.rules.classifier import classify
    from wuye.policy.selectors import get_parameter

    result = classify(title, body)
    confidence = Decimal(str(round(result.confidence, 3)))
    threshold = get_parameter(region, "classification_confidence_threshold")
    if result.category is None:
        return Routing(None, None, None, confidence, True, "无法识别诉求类别")
    entry = catalog_entry(region, result.category)
    if entry is None:
        return Routing(result.category, None, None, confidence, True, "职责清单中没有该类别")
    department = department_for(entry, region)
    if confidence < threshold:
        return Routing(entry.code, entry.name, department, confidence, True, f"置信度 {confidence} 低于阈值 {threshold}")
    if department is None:
        return Routing(entry.code, entry.name, None, confidence, True, "未找到承办部门")
    return Routing(entry.code, entry.name, department, confidence, False, "")


def work_order_list(*, actor, filters: dict | None = None):
    qs = WorkOrder.objects.visible_to(actor).select_related("region", "estate", "category")
    return qs.filter(**(filters or {}))


def duplicate_of(*, fingerprint: str, since) -> int | None:
    """The id of the earliest order with this fingerprint since ``since`` (merged ones excluded)."""
    return (
        WorkOrder.objects.filter(fingerprint=fingerprint, received_at__gte=since)
        .exclude(status="merged").order_by("received_at").values_list("pk", flat=True).first()
    )


def overdue_orders(now):
    return WorkOrder.objects.overdue(now).filter(~Q(supervision="supervised"))
