"""Excel import pages: choose a kind, download its template, upload, see the row-by-row report."""
from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wuye.core.excel import XLSX
from wuye.core.importing import MAX_UPLOAD_BYTES, get_spec, import_specs, run_import
from wuye.core.models import ImportJob


def can_import(user) -> bool:
    """Officials (and platform admins) with a non-empty edit scope."""
    from wuye.accounts.selectors import is_official, user_edit_scope

    return bool(getattr(user, "is_authenticated", False)) and is_official(user) and not user_edit_scope(user).is_empty


def _require_importer(user) -> None:
    if not can_import(user):
        raise PermissionDenied(_("只有具有管辖范围的监管人员可以导入数据。"))


def jobs_visible_to(user):
    """Import jobs a user may see: their own, and (officials) those recorded in their region."""
    return ImportJob.objects.visible_to(user).select_related("actor")


def _spec_or_404(kind: str):
    spec = get_spec(kind)
    if spec is None:
        raise Http404
    return spec


def upload_error(upload) -> str:
    if upload is None:
        return _("请选择要上传的 Excel（.xlsx）文件。")
    if upload.size > MAX_UPLOAD_BYTES:
        return _("文件过大（%(mb).1f MB），单个文件不能超过 50 MB，请拆分后分批导入。") % {"mb": upload.size / 1024 / 1024}
    if not upload.name.lower().endswith((".xlsx", ".xlsm")):
        return _("只支持 .xlsx 格式的 Excel 文件（不支持 .xls、.csv），请另存为 .xlsx 后上传。")
    return ""


@login_required
def import_list(request):
    _require_importer(request.user)
    jobs = list(jobs_visible_to(request.user)[:100])
    specs = import_specs()
    for job in jobs:
        spec = specs.get(job.kind)
        job.kind_title = spec.title if spec else job.kind
    return render(request, "core/import_list.html", {"title": _("Excel 导入"), "specs": specs.values(), "jobs": jobs})


@login_required
def import_upload(request, kind):
    spec = _spec_or_404(kind)
    _require_importer(request.user)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        error = upload_error(upload)
        if not error:
            result = run_import(spec=spec, user=request.user, fileobj=upload, filename=upload.name)
            return redirect("core:import_detail", pk=result.job.pk)
    return render(
        request, "core/import_upload.html",
        {"title": _("导入：%(t)s") % {"t": spec.title}, "spec": spec, "error": error,
         "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        status=400 if error else 200,
    )


@login_required
def import_template(request, kind):
    spec = _spec_or_404(kind)
    _require_importer(request.user)
    response = HttpResponse(spec.template_bytes(), content_type=XLSX)
    filename = _("%(t)s导入模板.xlsx") % {"t": spec.title.replace("/", "、")}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def import_detail(request, pk):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    spec = get_spec(job.kind)
    from django.contrib.contenttypes.models import ContentType

    from wuye.core.choices import AuditAction
    from wuye.core.models import AuditEntry

    entry = AuditEntry.objects.filter(
        action=AuditAction.IMPORT, content_type=ContentType.objects.get_for_model(ImportJob), object_id=str(job.pk)
    ).first()
    return render(
        request, "core/import_detail.html",
        {"title": _("导入记录 #%(pk)d") % {"pk": job.pk}, "job": job, "spec": spec,
         "counts": entry.after if entry else None, "can_import": can_import(request.user)},
    )
