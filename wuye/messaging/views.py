"""Pages of messaging: the SMS outbox (what the platform sent, or with the embedded backend only stored)
and the owners' notice board (业主公告; its url names stay governance:owner_notices/owner_notice_detail)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from wuye.accounts.selectors import is_official
from wuye.core.pagination import paginate
from wuye.messaging import selectors
from wuye.messaging.backends import get_backend
from wuye.messaging.selectors import outbox_for


@login_required
def outbox(request):
    if not is_official(request.user):
        raise PermissionDenied(_("短信发件箱仅供监管人员查看。"))
    qs = outbox_for(request.user)
    phone = (request.GET.get("phone") or "").strip()
    if phone:
        qs = qs.filter(phone__contains=phone)
    page = paginate(qs, request)
    backend = get_backend()
    return render(request, "messaging/outbox.html", {
        "title": _("短信发件箱"), "page": page, "phone": phone,
        "backend": f"{type(backend).__module__}.{type(backend).__qualname__}",
        "embedded": not backend.redacts_codes,
    })


@login_required
def notice_list(request):
    estate = request.GET.get("estate") or ""
    rows = selectors.notice_list(actor=request.user, estate_id=int(estate) if estate.isdigit() else None)
    page = paginate(rows, request, 30)
    return render(request, "messaging/notices.html", {"title": _("业主公告"), "page": page,
                                                       "estate": estate if estate.isdigit() else ""})


@login_required
def notice_detail(request, pk: int):
    notice = selectors.notice_get(actor=request.user, pk=pk)
    if notice is None:
        raise Http404(_("公告不存在或不在您的可见范围内。"))
    return render(request, "messaging/notice.html", {"title": notice.title, "notice": notice})
