"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the work-order lifecycle.

Endpoints (each with a ``.json`` or ``.xml`` format suffix): ``discovery``, ``services``,
``services/{service_code}``, ``requests`` (GET list, POST create), ``requests/{id}``, ``tokens/{token}``.

* ``service_code`` is a code of the city's responsibility catalog (职责清单) in force.
* ``api_key`` is the DRF Token of a system user; it is required to POST and to GET requests (the
  requests of its scope only). A missing or wrong key answers 403 in Open311's error format.
* Where the order lands: the estate or street named in ``address_string``/``description``, else the
  estate nearest ``lat``/``long``, else the key's user's *default receiving region* — its own
  official region (give an Open311 system account a 街道物业办 role on the street that receives
  unlocated reports). A report is never refused for its address.
* ``service_request_id`` is the work-order number; the POST also returns a ``token`` (signed
  number) for clients that poll ``tokens/{token}``.
* Status: ``closed`` for 已办结/已归档/已合并, ``open`` for everything else. ``status_notes`` is the
  latest public step (the reply once there is one). Complainants' names, phones and e-mails are
  never returned.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from wuye.complaints.choices import Channel
from wuye.complaints.choices import WorkOrderAction as A
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import CatalogEntry, WorkOrder, WorkOrderEvent
from wuye.regions.choices import RegionLevel
from wuye.regions.models import Region

CLOSED = {S.CLOSED, S.ARCHIVED, S.MERGED}
PUBLIC_ACTIONS = [A.SUBMIT, A.CLASSIFY, A.QUEUE_MANUAL, A.DISPATCH, A.RULE_FINALLY, A.ACKNOWLEDGE, A.REPLY,
                  A.REDO, A.CLOSE, A.ARCHIVE, A.MERGE]
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
TOKEN_SALT = "open311.token"
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


# ---------------------------------------------------------------- rendering


def _xml_value(parent: ET.Element, key: str, value) -> None:
    child = ET.SubElement(parent, key)
    if isinstance(value, list):
        item = key[:-1] if key.endswith("s") else "item"
        for v in value:
            _xml_value(child, item, v)
    elif isinstance(value, dict):
        for k, v in value.items():
            _xml_value(child, k, v)
    elif isinstance(value, bool):
        child.text = "true" if value else "false"
    elif value is not None:
        child.text = str(value)


def render(data, fmt: str, *, root: str = "", item: str = "", status: int = 200) -> HttpResponse:
    """JSON as is; XML as ``<root><item>…</item></root>`` for lists, ``<root>…</root>`` for an object."""
    if fmt == "xml":
        element = ET.Element(root)
        for row in data if isinstance(data, list) else [data]:
            target = ET.SubElement(element, item) if isinstance(data, list) else element
            for k, v in row.items():
                _xml_value(target, k, v)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8", xml_declaration=False)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_error(exc: Open311Error, fmt: str) -> HttpResponse:
    return render([{"code": exc.status, "description": exc.description}], fmt, root="errors", item="error",
                  status=exc.status)


def open311_view(methods: list[str]):
    """Method check, Open311 errors in the requested format, and CSRF exemption (clients are systems)."""

    def wrap(view):
        def inner(request, fmt: str, **kwargs):
            try:
                if request.method not in methods:
                    raise Open311Error(405, f"method {request.method} not allowed")
                return view(request, fmt, **kwargs)
            except Open311Error as exc:
                return render_error(exc, fmt)

        inner.__name__ = inner.__qualname__ = view.__name__
        inner.__doc__ = view.__doc__
        return csrf_exempt(require_http_methods(["GET", "POST", "HEAD"])(inner))

    return wrap


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


# ---------------------------------------------------------------- lookups


def _user_for_key(request, *, required: bool = True):
    key = (request.POST.get("api_key") if request.method == "POST" else None) or request.GET.get("api_key", "")
    key = key.strip()
    if not key:
        if required:
            raise Open311Error(403, "api_key is required")
        return None
    token = Token.objects.select_related("user").filter(key=key[:40]).first()
    if token is None or not token.user.is_active:
        raise Open311Error(403, "invalid api_key")
    return token.user


def _city(user=None) -> Region | None:
    """The jurisdiction: the key's city, else the first city with a catalog in force, else the first city."""
    from wuye.accounts.selectors import primary_region
    from wuye.complaints.models import CatalogVersion

    region = primary_region(user) if user is not None else None
    if region is not None and region.level >= RegionLevel.CITY:
        return Region.objects.filter(code=region.code[:4].ljust(12, "0")).first()
    version = CatalogVersion.objects.filter(is_active=True).order_by("region_id").first()
    if version is not None:
        return version.region
    return Region.objects.filter(level=RegionLevel.CITY).order_by("code").first()


def _entries(user=None):
    from wuye.complaints.selectors import catalog_active

    city = _city(user)
    if city is None:
        return CatalogEntry.objects.none()
    return catalog_active(city).entries.order_by("code")


def _service(entry: CatalogEntry) -> dict:
    return {
        "service_code": entry.code, "service_name": entry.name, "description": entry.description or entry.name,
        "metadata": False, "type": "realtime", "keywords": entry.name,
        "group": entry.get_department_kind_display(),
    }


def _request_row(order: WorkOrder, notes: dict[int, str]) -> dict:
    lead = next((a for a in order.assignments.all() if a.role == "lead" and a.is_current), None)
    return {
        "service_request_id": order.number,
        "status": "closed" if order.status in CLOSED else "open",
        "status_notes": notes.get(order.pk, ""),
        "service_name": order.category.name if order.category_id else "",
        "service_code": order.category.code if order.category_id else "",
        "description": order.body,
        "agency_responsible": lead.department.name if lead else "",
        "service_notice": order.get_status_display(),
        "requested_datetime": _iso(order.received_at),
        "updated_datetime": _iso(order.updated_at),
        "expected_datetime": _iso(order.deadline_at),
        "address": order.address or (order.estate.name if order.estate_id else order.region.name),
        "address_id": order.estate_id or "",
        "zipcode": "",
        "lat": float(order.latitude) if order.latitude is not None else None,
        "long": float(order.longitude) if order.longitude is not None else None,
        "media_url": "",
    }


def _status_notes(orders: list[WorkOrder]) -> dict[int, str]:
    """The latest public step of each order: what the handling department replied, or where it stands."""
    notes: dict[int, str] = {}
    events = (WorkOrderEvent.objects.filter(order_id__in=[o.pk for o in orders], action__in=PUBLIC_ACTIONS)
              .order_by("order_id", "-at", "-id").values_list("order_id", "action", "reason"))
    for order_id, action, reason in events:
        if order_id not in notes:
            notes[order_id] = f"{A(action).label}：{reason}" if reason else str(A(action).label)
    return notes


def _orders(user):
    return (WorkOrder.objects.visible_to(user).select_related("category", "estate", "region")
            .prefetch_related("assignments__department"))


def _rows(orders: list[WorkOrder]) -> list[dict]:
    notes = _status_notes(orders)
    return [_request_row(o, notes) for o in orders]


# ---------------------------------------------------------------- endpoints


@open311_view(["GET"])
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:discovery", args=["json"])).rsplit("/", 1)[0] + "/"
    data = {
        "changeset": "2025-01-01T00:00:00+08:00",
        "contact": "12345 政务服务便民热线",
        "key_service": "api_key 为系统账号的 Token，请向平台管理员申请",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
            "changeset": "2025-01-01T00:00:00+08:00", "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    }
    if fmt == "xml":
        element = ET.Element("discovery")
        for k in ("changeset", "contact", "key_service"):
            ET.SubElement(element, k).text = data[k]
        endpoints = ET.SubElement(element, "endpoints")
        endpoint = ET.SubElement(endpoints, "endpoint")
        for k, v in data["endpoints"][0].items():
            if k == "formats":
                formats = ET.SubElement(endpoint, "formats")
                for f in v:
                    ET.SubElement(formats, "format").text = f
            else:
                ET.SubElement(endpoint, k).text = v
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8", xml_declaration=False)
        return HttpResponse(body, content_type=CONTENT_TYPES["xml"])
    return render(data, fmt)


@open311_view(["GET"])
def services(request, fmt):
    user = _user_for_key(request, required=False)
    return render([_service(e) for e in _entries(user)], fmt, root="services", item="service")


@open311_view(["GET"])
def service_definition(request, fmt, code):
    user = _user_for_key(request, required=False)
    if not _entries(user).filter(code=code).exists():
        raise Open311Error(404, f"service_code {code} not found")
    return render({"service_code": code, "attributes": []}, fmt, root="service_definition")


def _decimal(value: str, name: str, lo: int, hi: int) -> Decimal | None:
    if not value:
        return None
    try:
        d = Decimal(value.strip()).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise Open311Error(400, f"{name} must be a number") from None
    if not d.is_finite() or not lo <= d <= hi:
        raise Open311Error(400, f"{name} out of range")
    return d


def _create(request, fmt):
    from wuye.complaints.api.views import submit_for

    user = _user_for_key(request)
    p = request.POST
    code = p.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code is required")
    if not _entries(user).filter(code=code).exists():
        raise Open311Error(404, f"service_code {code} not found")
    lat, lon = _decimal(p.get("lat", ""), "lat", -90, 90), _decimal(p.get("long", ""), "long", -180, 180)
    address = p.get("address_string", "").strip()
    if lat is None and lon is None and not address and not p.get("address_id"):
        raise Open311Error(400, "a location is required: lat and long, or address_string")
    if (lat is None) != (lon is None):
        raise Open311Error(400, "lat and long must be given together")
    description = p.get("description", "").strip()
    attributes = [(k[len("attribute["):-1], v) for k, v in p.items() if k.startswith("attribute[") and k.endswith("]")]
    if attributes:
        description += "\n" + "\n".join(f"{k}：{v}" for k, v in attributes)
    name = (p.get("last_name", "").strip() + p.get("first_name", "").strip())[:100]
    phone = p.get("phone", "").strip()[:32]
    email = p.get("email", "").strip()
    if email and not phone:
        description += f"\n联系邮箱：{email}"
    data = {"title": "", "body": description, "address": address[:300], "complainant_name": name,
            "complainant_phone": phone, "latitude": lat, "longitude": lon, "category": code,
            "external_number": p.get("device_id", "").strip()[:64]}
    try:
        order, duplicate = submit_for(user=user, channel=Channel.OPEN311, data=data)
    except ValidationError as exc:
        messages = exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]
        raise Open311Error(400, "；".join(m for group in messages for m in group)) from None
    notice = "重复提交，已合并至此前的工单" if duplicate else order.get_status_display()
    row = {"service_request_id": order.number, "token": signing.Signer(salt=TOKEN_SALT, sep=".").sign(order.number),
           "service_notice": notice, "account_id": ""}
    return render([row], fmt, root="service_requests", item="request", status=201)


def _date(value: str, name: str) -> dt.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value.strip().replace(" ", "+"))
    if parsed is None:
        raise Open311Error(400, f"{name} must be an ISO 8601 datetime")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


@open311_view(["GET", "POST"])
def requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    user = _user_for_key(request)
    q = request.GET
    qs = _orders(user)
    ids = [i.strip() for i in q.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        qs = qs.filter(number__in=ids[:MAX_REQUESTS])
    else:
        start, end = _date(q.get("start_date", ""), "start_date"), _date(q.get("end_date", ""), "end_date")
        if start is None and end is None:
            start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
        if start is not None:
            qs = qs.filter(received_at__gte=start)
        if end is not None:
            qs = qs.filter(received_at__lte=end)
        codes = [c.strip() for c in q.get("service_code", "").split(",") if c.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        statuses = {s.strip() for s in q.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status must be open or closed")
        if statuses == {"open"}:
            qs = qs.exclude(status__in=CLOSED)
        elif statuses == {"closed"}:
            qs = qs.filter(status__in=CLOSED)
    orders = list(qs.order_by("-received_at", "-id")[:MAX_REQUESTS])
    return render(_rows(orders), fmt, root="service_requests", item="request")


@open311_view(["GET"])
def request_detail(request, fmt, request_id):
    user = _user_for_key(request)
    order = _orders(user).filter(number=request_id).first()
    if order is None:
        raise Open311Error(404, f"service_request_id {request_id} not found")
    return render(_rows([order]), fmt, root="service_requests", item="request")


@open311_view(["GET"])
def token_detail(request, fmt, token):
    user = _user_for_key(request)
    try:
        number = signing.Signer(salt=TOKEN_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        raise Open311Error(404, f"token {token} not found") from None
    if not _orders(user).filter(number=number).exists():
        raise Open311Error(404, f"token {token} not found")
    return render([{"service_request_id": number, "token": token}], fmt, root="service_requests", item="request")
