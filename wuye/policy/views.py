"""The policy profile page: every parameter with its value in force and where it comes from."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wuye.accounts.selectors import primary_region
from wuye.core.models import AuditEntry
from wuye.policy.models import PolicyValue
from wuye.policy.permissions import can_edit_profile
from wuye.policy.rules.parameters import GROUPS
from wuye.policy.selectors import resolve_profile
from wuye.policy.services import INHERIT, policy_profile_update
from wuye.regions.models import Region


def _region_for(request) -> Region:
    code = request.GET.get("region") or request.POST.get("region")
    if code:
        region = Region.objects.visible_to(request.user).filter(code=code).first()
        if region is None:
            # Ancestors' profiles are readable too: their values are what the user's region inherits.
            home = primary_region(request.user)
            if home and code in home.ancestor_codes():
                region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404(_("区划不存在或不在您的管辖范围内。"))
        return region
    region = primary_region(request.user)
    if region is None:
        region = Region.objects.visible_to(request.user).order_by("level", "code").first()
    if region is None:
        raise Http404(_("您的账号未关联区划。"))
    return region


@login_required
def profile(request):
    region = _region_for(request)
    editable = can_edit_profile(request.user, region)
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("您没有修改该区划政策参数的权限。"))
        values = {}
        for item in resolve_profile(region):
            key = item.definition.key
            if request.POST.get(f"inherit_{key}"):
                values[key] = INHERIT
            elif f"value_{key}" in request.POST:
                raw = request.POST.get(f"value_{key}")
                if item.own_value is None and item.definition.parse_safe(raw) == item.value:
                    continue  # unchanged inherited value: keep inheriting
                values[key] = raw
        try:
            changed = policy_profile_update(actor=request.user, region=region, values=values,
                                            note=request.POST.get("note", "").strip())
        except ValidationError as exc:
            errors = exc.message_dict
            general = errors.pop("__all__", [])
        else:
            messages.success(request, _("已保存 %(n)d 项参数。") % {"n": len(changed)})
            return redirect(f"{request.path}?region={region.code}")
    items = resolve_profile(region)
    children = []
    if region.level < 3:  # profiles are kept down to district level
        own = dict(PolicyValue.objects.filter(region__parent=region).values_list("region_id").annotate(n=Count("id")))
        children = [(c, own.get(c.code, 0)) for c in region.children.order_by("code")]
    groups = [(g, [i for i in items if i.definition.group == g]) for g in GROUPS]
    ct = ContentType.objects.get_for_model(PolicyValue)
    history = AuditEntry.objects.filter(content_type=ct, region_code=region.code).select_related("actor")[:50]
    return render(request, "policy/profile.html", {
        "region": region, "groups": groups, "editable": editable, "errors": errors, "general_errors": general,
        "ancestors": region.ancestors(), "history": history, "children": children, "title": _("政策参数：%(r)s") % {"r": region.full_name or region.name},
    })
