"""The SMS outbox page: what the platform sent (or, with the embedded backend, only stored)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from wuye.accounts.selectors import is_official
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
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    backend = get_backend()
    return render(request, "messaging/outbox.html", {
        "title": _("短信发件箱"), "page": page, "phone": phone,
        "backend": f"{type(backend).__module__}.{type(backend).__qualname__}",
        "embedded": not backend.redacts_codes,
    })
