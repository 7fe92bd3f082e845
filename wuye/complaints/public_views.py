"""Public pages for owners: submit a request without logging in, follow it, rate the handling.

Nothing here shows a complainant's name or phone, nor internal notes: the status page shows the
status, the public steps of the timeline and the reply. Lookups need the order number and the
last four digits of the phone, and answer the same "未找到" to every mismatch. Submissions and
lookups are rate-limited per IP through the cache.
"""
from __future__ import annotations

import re

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wuye.complaints import services
from wuye.complaints.choices import Channel, RequestKind, Satisfaction, WorkOrderAction
from wuye.complaints.choices import WorkOrderStatus as S
from wuye.complaints.models import WorkOrder, WorkOrderAttachment
from wuye.core.http import client_address
from wuye.regions.choices import RegionLevel
from wuye.regions.models import Department, Region

SUBMIT_LIMIT = (10, 600)  # submissions per IP per 10 minutes
LOOKUP_LIMIT = (30, 600)  # status lookups and ratings per IP per 10 minutes
MAX_PHOTO = 5 * 1024 * 1024
MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Steps an owner may see; their reasons stay internal except the reply text.
PUBLIC_ACTIONS = {
    WorkOrderAction.SUBMIT, WorkOrderAction.DISPATCH, WorkOrderAction.RULE_FINALLY, WorkOrderAction.ACKNOWLEDGE,
    WorkOrderAction.REPLY, WorkOrderAction.APPROVE_REPLY, WorkOrderAction.REJECT_REPLY, WorkOrderAction.CALLBACK,
    WorkOrderAction.REDO, WorkOrderAction.CLOSE, WorkOrderAction.ARCHIVE, WorkOrderAction.MERGE,
}


#
# Rate limiting
#


def client_ip(request: HttpRequest) -> str:
    return client_address(request)


def over_limit(request: HttpRequest, bucket: str, limit: tuple[int, int]) -> bool:
    """Count one attempt for this IP; True once more than ``limit[0]`` were made in the window."""
    count, seconds = limit
    key = f"wuye:public:{bucket}:{client_ip(request)}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        used = 1
    return used > count


#
# Forms
#


def street_choices(city: str | None = None) -> list:
    """Streets of the cities the platform serves (cities with departments), grouped by district."""
    if city:
        cities = [city[:4]]
    else:
        cities = sorted({code[:4] for code in Department.objects.values_list("region_id", flat=True)})
    if not cities:
        return [("", _("请选择街道（可不选，由地址识别）"))]
    q = None
    for c in cities:
        part = Region.objects.filter(code__startswith=c)
        q = part if q is None else q | part
    regions = list(q.filter(level__in=[RegionLevel.DISTRICT, RegionLevel.STREET]).order_by("code").only("code", "name", "level"))
    districts = {r.code[:6]: r.name for r in regions if r.level == RegionLevel.DISTRICT}
    groups: dict[str, list] = {}
    for r in regions:
        if r.level == RegionLevel.STREET:
            groups.setdefault(districts.get(r.code[:6], r.code[:6]), []).append((r.code, r.name))
    return [("", _("请选择街道（可不选，由地址识别）"))] + list(groups.items())


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.RadioSelect):
            w.attrs.setdefault("class", "form-check-input")
        elif isinstance(w, forms.Select):
            w.attrs.setdefault("class", "form-select form-select-lg")
        else:
            w.attrs.setdefault("class", "form-control form-control-lg")


class PublicSubmitForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), required=False, max_length=services.MAX_TITLE)
    # No max_length: the service gives the clear "不能超过 10000 个字" message.
    body = forms.CharField(label=gettext_lazy("诉求内容"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("诉求类型"), choices=RequestKind.choices, initial=RequestKind.COMPLAINT)
    address = forms.CharField(label=gettext_lazy("小区名称/地址"), required=False, max_length=300)
    street = forms.ChoiceField(label=gettext_lazy("所在街道"), required=False, choices=())
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    phone = forms.CharField(label=gettext_lazy("手机号"), max_length=20)
    photo = forms.ImageField(label=gettext_lazy("照片（可选）"), required=False)
    # Honeypot: hidden from people by CSS; bots fill every field.
    website = forms.CharField(required=False, label="website")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].choices = street_choices()
        self.fields["body"].widget.attrs.update({"maxlength": services.MAX_BODY})
        self.fields["body"].help_text = _("请描述问题发生的位置、时间和具体情况")
        self.fields["phone"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "tel"})
        self.fields["address"].help_text = _("如：建业森林半岛3号楼")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["photo"].widget.attrs.update({"accept": "image/*"})
        _style(self)

    def clean_body(self):
        body = (self.cleaned_data.get("body") or "").strip()
        if not body:
            raise ValidationError(_("请填写诉求内容。"))
        return body

    def clean_phone(self):
        phone = re.sub(r"[\s-]", "", self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise ValidationError(_("请填写正确的 11 位手机号码。"))
        return phone

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO:
            raise ValidationError(_("照片不能超过 5 MB。"))
        return photo


class LookupForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("工单编号"), max_length=32)
    phone_last4 = forms.CharField(label=gettext_lazy("手机号后四位"), max_length=4, min_length=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone_last4"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        _style(self)

    def clean_number(self):
        # Upper case: people type "wy2026…".
        return self.cleaned_data["number"].strip().upper()


class RateForm(LookupForm):
    satisfaction = forms.ChoiceField(label=gettext_lazy("满意度"), choices=Satisfaction.choices,
                                     widget=forms.RadioSelect)
    resolved = forms.TypedChoiceField(label=gettext_lazy("问题是否解决"), coerce=lambda v: v == "1",
                                      choices=[("1", gettext_lazy("已解决")), ("0", gettext_lazy("未解决"))],
                                      widget=forms.RadioSelect)


#
# Intake
#


def _owner_of(user):
    from wuye.accounts.choices import Role
    from wuye.accounts.selectors import role_assignments

    if not getattr(user, "is_authenticated", False):
        return None
    return next((a.owner for a in role_assignments(user) if a.role == Role.OWNER and a.owner_id), None)


def _add_errors(form: forms.Form, exc: ValidationError) -> None:
    aliases = {"address": "street", "region": "street"}
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = aliases.get(name, name)
            target = target if target in form.fields else None
            for e in errors:
                for m in e.messages:
                    form.add_error(target, m)
    else:
        for m in exc.messages:
            form.add_error(None, m)


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The owner's form: one page, phone first; errors come back on the same page (never a 500)."""
    if request.method == "GET":
        return render(request, "complaints/public_submit.html", {"form": PublicSubmitForm()})
    form = PublicSubmitForm(request.POST, request.FILES)
    if over_limit(request, "submit", SUBMIT_LIMIT):
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请 10 分钟后再试；紧急情况请拨打 12345。"))
        return render(request, "complaints/public_submit.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "complaints/public_submit.html", {"form": form})
    data = form.cleaned_data
    if data["website"]:
        # A bot: answer as if accepted, store nothing.
        return redirect("public:submitted")
    street = Region.objects.filter(code=data["street"], level=RegionLevel.STREET).first() if data["street"] else None
    user = request.user if request.user.is_authenticated else None
    earlier = WorkOrder.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        order = services.work_order_submit(
            actor=user, channel=Channel.WEB, title=data["title"], body=data["body"], kind=data["kind"],
            region=street, address=data["address"], complainant_name=data["name"],
            complainant_phone=data["phone"], complainant_owner=_owner_of(user),
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return render(request, "complaints/public_submit.html", {"form": form})
    merged = order.pk <= earlier
    if data["photo"] is not None and not merged:
        _attach_photo(order, data["photo"])
    url = reverse("public:submitted") + f"?n={order.number}"
    return redirect(url + ("&merged=1" if merged else ""))


def _attach_photo(order: WorkOrder, photo) -> None:
    event = order.events.filter(action=WorkOrderAction.SUBMIT).first()
    with transaction.atomic():
        WorkOrderAttachment.objects.create(order=order, event=event, file=photo, name=photo.name[:200],
                                           content_type=getattr(photo, "content_type", "") or "")


def submitted(request: HttpRequest) -> HttpResponse:
    number = (request.GET.get("n") or "")[:32]
    return render(request, "complaints/public_submitted.html", {
        "number": number, "merged": request.GET.get("merged") == "1",
    })


#
# Status and rating
#


def _find(number: str, last4: str, user=None) -> WorkOrder | None:
    order = WorkOrder.objects.select_related("region", "merged_into").filter(number=number).first()
    if order is None:
        return None
    if services.phone_matches(order, last4):
        return order
    if getattr(user, "is_authenticated", False) and order.complainant_user_id == user.pk:
        return order
    return None


def timeline(order: WorkOrder) -> list[dict]:
    """The public steps: when, what, the status after, and the reply text — never names or notes."""
    steps = []
    for e in order.events.filter(action__in=PUBLIC_ACTIONS).select_related("department").order_by("at", "id"):
        text = ""
        if e.action == WorkOrderAction.REPLY:
            text = e.reason
        elif e.action in {WorkOrderAction.DISPATCH, WorkOrderAction.RULE_FINALLY} and e.department_id:
            text = _("承办单位：%(d)s") % {"d": e.department}
        elif e.action == WorkOrderAction.CALLBACK and e.data.get("satisfaction") in Satisfaction.values:
            text = _("评价：%(s)s") % {"s": Satisfaction(e.data["satisfaction"]).label}
        steps.append({
            "at": e.at, "action": WorkOrderAction(e.action).label,
            "status": S(e.to_status).label if e.to_status and e.to_status != e.from_status else "", "text": text,
        })
    return steps


def _can_rate(order: WorkOrder) -> bool:
    if order.status != S.REVIEWED:
        return False
    last = order.events.filter(action__in=[WorkOrderAction.APPROVE_REPLY, WorkOrderAction.CALLBACK]).order_by(
        "-at", "-id").first()
    return last is None or last.action != WorkOrderAction.CALLBACK


def _status_context(order: WorkOrder, last4: str, rate_form: RateForm | None = None) -> dict:
    can_rate = _can_rate(order)
    if can_rate and rate_form is None:
        rate_form = RateForm(initial={"number": order.number, "phone_last4": last4})
    return {
        "order": order, "status_label": S(order.status).label, "steps": timeline(order),
        "can_rate": can_rate, "rate_form": rate_form, "last4": last4,
        "street": order.region.name, "kind": RequestKind(order.kind).label,
    }


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Look an order up by number + last four digits of the phone (POST, so digits stay out of logs)."""
    if request.method == "GET":
        form = LookupForm(initial={"number": request.GET.get("n", "")[:32]})
        return render(request, "complaints/public_status.html", {"form": form})
    form = LookupForm(request.POST)
    if over_limit(request, "lookup", LOOKUP_LIMIT):
        return render(request, "complaints/public_status.html", {
            "form": form, "error": _("查询过于频繁，请 10 分钟后再试。")}, status=429)
    if not form.is_valid():
        return render(request, "complaints/public_status.html", {"form": form})
    order = _find(form.cleaned_data["number"], form.cleaned_data["phone_last4"], request.user)
    if order is None:
        return render(request, "complaints/public_status.html", {"form": form, "error": _(
            "未找到该工单：请核对工单编号和手机号后四位。")})
    return render(request, "complaints/public_status.html", {"form": form, **_status_context(
        order, form.cleaned_data["phone_last4"])})


@require_http_methods(["POST"])
def rate(request: HttpRequest) -> HttpResponse:
    """The complainant's rating; see services.work_order_rate_by_complainant for what follows."""
    form = RateForm(request.POST)
    lookup = LookupForm(request.POST)
    if over_limit(request, "lookup", LOOKUP_LIMIT):
        return render(request, "complaints/public_status.html", {
            "form": lookup, "error": _("操作过于频繁，请 10 分钟后再试。")}, status=429)
    number = (request.POST.get("number") or "").strip().upper()
    last4 = (request.POST.get("phone_last4") or "").strip()
    order = _find(number, last4, request.user)
    if order is None:
        return render(request, "complaints/public_status.html", {"form": lookup, "error": _(
            "未找到该工单：请核对工单编号和手机号后四位。")})
    if not form.is_valid():
        return render(request, "complaints/public_status.html", {"form": lookup, **_status_context(order, last4, form)})
    try:
        order = services.work_order_rate_by_complainant(
            order=order, satisfaction=form.cleaned_data["satisfaction"], resolved=form.cleaned_data["resolved"],
            phone_last4=last4, actor=request.user if request.user.is_authenticated else None,
        )
    except (ValidationError, PermissionDenied) as exc:
        messages_ = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        ctx = _status_context(order, last4)
        return render(request, "complaints/public_status.html", {"form": lookup, "error": " ".join(messages_), **ctx})
    order.refresh_from_db()
    notice = _("感谢您的评价，工单已办结。") if order.status == S.CLOSED else _(
        "感谢您的评价，工作人员将回访核实并决定是否重新办理。")
    return render(request, "complaints/public_status.html", {"form": lookup, "notice": notice,
                                                             **_status_context(order, last4)})
