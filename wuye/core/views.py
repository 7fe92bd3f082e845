"""Generic pages for every registry object: list (filter, search, export), detail with audit, edit, void.

An app describes each model once as a ``Resource``; ``Resource.urls()`` gives its pages.
Every read starts from ``visible_to(user)`` (404 outside scope); every write checks
``editable_by(user)`` inside the transaction and goes through an audited service.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from wuye.core.excel import xlsx_response
from wuye.core.forms import VoidForm
from wuye.core.pagination import paginate
from wuye.core.selectors import audit_entries
from wuye.core.services import record_create, record_update, record_void
from wuye.core.tables import Column


@dataclass
class Related:
    """A table of related rows on a detail page."""

    title: str
    queryset: Callable[[Any, Any], models.QuerySet]  # (obj, user) -> rows
    columns: Sequence[Column]
    resource: str = ""  # "app:model" whose add page takes ?<param>=<obj.pk>
    param: str = ""
    add_label: str = ""
    # More add buttons: (label, "app:model", param).
    more_links: Sequence[tuple[str, str, str]] = ()


@dataclass
class Resource:
    model: type[models.Model]
    app: str
    columns: Sequence[Column]
    form_class: type | None = None
    filterset_class: type | None = None
    search_fields: Sequence[str] = ()
    detail_fields: Sequence[Column] | None = None
    related: Sequence[Related] = ()
    select_related: Sequence[str] = ()
    prefetch_related: Sequence[str] = ()
    # Fields that a link may preset with ?field=pk (e.g. add a unit from its building's page).
    preset_fields: Sequence[str] = ()
    create_service: Callable[..., models.Model] | None = None
    update_service: Callable[..., models.Model] | None = None
    default_ordering: Sequence[str] = ()
    extra_actions: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (label, url name) taking pk
    list_template: str = "core/object_list.html"
    detail_template: str = "core/object_detail.html"

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    def url_name(self, action: str) -> str:
        return f"{self.app}:{self.name}_{action}"

    @property
    def voidable(self) -> bool:
        return any(f.name == "is_voided" for f in self.model._meta.fields)

    def base_queryset(self, user) -> models.QuerySet:
        qs = self.model.objects.visible_to(user)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    # Enterprise staff may add rows of this kind for their own enterprise (staff, certificates).
    enterprise_may_create: bool = False

    def can_create(self, user) -> bool:
        from wuye.accounts.selectors import user_edit_scope

        if self.form_class is None:
            return False
        scope = user_edit_scope(user)
        if scope.everything or scope.region_prefixes:
            return True
        return self.enterprise_may_create and bool(scope.enterprise_ids)

    def can_edit(self, user, obj) -> bool:
        return self.form_class is not None and self.model.objects.editable_by(user).filter(pk=obj.pk).exists()

    def urls(self) -> list:
        n = self.name
        return [
            path(f"{n}/", ObjectListView.as_view(resource=self), name=f"{n}_list"),
            path(f"{n}/export.xlsx", ObjectExportView.as_view(resource=self), name=f"{n}_export"),
            path(f"{n}/add/", ObjectEditView.as_view(resource=self), name=f"{n}_add"),
            path(f"{n}/<int:pk>/", ObjectDetailView.as_view(resource=self), name=f"{n}_detail"),
            path(f"{n}/<int:pk>/edit/", ObjectEditView.as_view(resource=self), name=f"{n}_edit"),
            path(f"{n}/<int:pk>/void/", ObjectVoidView.as_view(resource=self), name=f"{n}_void"),
        ]


def ensure_editable(user, obj: models.Model) -> None:
    """Inside the write's transaction: the saved row must lie in the user's edit scope."""
    if not type(obj).objects.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("无权在该范围内新增或修改记录。"))


@method_decorator(login_required, name="dispatch")
class ResourceView(View):
    resource: Resource = None  # type: ignore[assignment]

    def get_object(self, pk: int) -> models.Model:
        return get_object_or_404(self.resource.base_queryset(self.request.user), pk=pk)


def filtered_queryset(resource: Resource, request: HttpRequest):
    """The list's rows after scope, the void toggle, filters, search and ordering."""
    qs = resource.base_queryset(request.user)
    show_voided = request.GET.get("voided") == "1"
    if resource.voidable and not show_voided:
        qs = qs.filter(is_voided=False)
    filterset = None
    if resource.filterset_class is not None:
        filterset = resource.filterset_class(request.GET or None, queryset=qs, request=request)
        # An invalid filter (e.g. a region outside the user's scope) matches nothing; the form shows why.
        qs = qs.none() if filterset.is_bound and not filterset.is_valid() else filterset.qs
    q = (request.GET.get("q") or "").strip()
    if q and resource.search_fields:
        cond = Q()
        for f in resource.search_fields:
            cond |= Q(**{f"{f}__icontains": q})
        qs = qs.filter(cond)
    sort = request.GET.get("sort") or ""
    sortable = {c.name for c in resource.columns if c.accessor is None}
    if sort.lstrip("-") in sortable:
        qs = qs.order_by(sort, "pk")
    elif resource.default_ordering:
        qs = qs.order_by(*resource.default_ordering)
    return qs, filterset, q, show_voided


class ObjectListView(ResourceView):
    def get(self, request):
        r = self.resource
        qs, filterset, q, show_voided = filtered_queryset(r, request)
        page = paginate(qs, request)
        params = request.GET.copy()
        params.pop("page", None)
        ctx = {
            "resource": r,
            "title": r.model._meta.verbose_name_plural,
            "headers": [(c.name, c.header(r.model), c.accessor is None) for c in r.columns],
            "rows": [(obj, reverse(r.url_name("detail"), args=[obj.pk]), [(c, c.text(obj)) for c in r.columns])
                     for obj in page.object_list],
            "page": page,
            "filterset": filterset,
            "q": q,
            "show_voided": show_voided,
            "querystring": params.urlencode(),
            "can_create": r.can_create(request.user),
            "sort": request.GET.get("sort", ""),
        }
        template = "core/_object_table.html" if request.headers.get("HX-Request") else r.list_template
        return render(request, template, ctx)


class ObjectExportView(ResourceView):
    def get(self, request):
        r = self.resource
        qs, _f, _q, _v = filtered_queryset(r, request)
        columns = list(r.columns)
        return xlsx_response(
            filename=f"{r.model._meta.verbose_name_plural}.xlsx",
            sheet=str(r.model._meta.verbose_name_plural),
            headers=[c.header(r.model) for c in columns],
            rows=([c.raw(obj) for c in columns] for obj in qs.iterator(chunk_size=2000)),
        )


class ObjectDetailView(ResourceView):
    def get(self, request, pk: int):
        r = self.resource
        obj = self.get_object(pk)
        fields = r.detail_fields or [
            Column(f.name) for f in r.model._meta.fields
            if f.name not in {"id", "voided_by", "voided_at", "void_reason", "is_voided", "created_at", "updated_at"}
        ] + [Column(name) for name in ("created_at", "updated_at") if hasattr(r.model, name)]
        related = []
        for rel in r.related:
            rows = rel.queryset(obj, request.user)
            rel_model = rows.model
            related.append({
                "title": rel.title,
                "headers": [c.header(rel_model) for c in rel.columns],
                "rows": [(o, reverse(f"{rel.resource}_detail", args=[o.pk]) if rel.resource else "",
                          [(c, c.text(o)) for c in rel.columns]) for o in rows[:200]],
                "count": rows.count(),
                "add_links": [
                    (label or _("新增"), reverse(f"{res}_add") + f"?{param}={obj.pk}")
                    for label, res, param in [(rel.add_label, rel.resource, rel.param), *rel.more_links]
                    if res and param
                ],
            })
        audit = audit_entries(obj)
        ctx = {
            "resource": r,
            "object": obj,
            "title": str(obj),
            "fields": [(c.header(r.model), c.text(obj)) for c in fields],
            "related": related,
            "audit": audit,
            "can_edit": r.can_edit(request.user, obj) and not getattr(obj, "is_voided", False),
            "extra_actions": [(label, reverse(name, args=[obj.pk])) for label, name in r.extra_actions],
        }
        return render(request, r.detail_template, ctx)


class ObjectEditView(ResourceView):
    template_name = "core/object_form.html"

    def _instance(self, pk):
        if pk is None:
            if not self.resource.can_create(self.request.user):
                raise PermissionDenied(_("您没有新增该类记录的权限。"))
            return None
        obj = self.get_object(pk)
        if not self.resource.can_edit(self.request.user, obj):
            raise PermissionDenied(_("您没有修改该记录的权限。"))
        return obj

    def _form(self, instance, data=None):
        r = self.resource
        initial = {}
        for name in r.preset_fields:
            if name in self.request.GET:
                initial[name] = self.request.GET[name]
        return r.form_class(data=data, files=self.request.FILES or None, instance=instance, initial=initial, user=self.request.user)

    def _render(self, form, instance):
        r = self.resource
        return render(self.request, self.template_name, {
            "resource": r, "form": form, "object": instance,
            "title": (_("修改%(name)s") if instance else _("新增%(name)s")) % {"name": r.verbose_name},
        })

    def get(self, request, pk: int | None = None):
        instance = self._instance(pk)
        return self._render(self._form(instance), instance)

    def post(self, request, pk: int | None = None):
        r = self.resource
        instance = self._instance(pk)
        form = self._form(instance, data=request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    if instance is None:
                        service = r.create_service or default_create
                        obj = service(actor=request.user, form=form)
                    else:
                        service = r.update_service or default_update
                        obj = service(actor=request.user, instance=instance, form=form)
                    ensure_editable(request.user, obj)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": obj})
                return redirect(r.url_name("detail"), pk=obj.pk)
        return self._render(form, instance)


class ObjectVoidView(ResourceView):
    def get(self, request, pk: int):
        obj = self.get_object(pk)
        self._check(obj)
        return render(request, "core/object_void.html", {"resource": self.resource, "object": obj, "form": VoidForm()})

    def _check(self, obj):
        if not self.resource.voidable or not self.resource.can_edit(self.request.user, obj):
            raise PermissionDenied(_("您没有作废该记录的权限。"))

    def post(self, request, pk: int):
        obj = self.get_object(pk)
        self._check(obj)
        form = VoidForm(request.POST)
        if form.is_valid():
            try:
                record_void(actor=request.user, instance=obj, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("已作废：%(obj)s") % {"obj": obj})
                return redirect(self.resource.url_name("detail"), pk=obj.pk)
        return render(request, "core/object_void.html", {"resource": self.resource, "object": obj, "form": form})


def add_validation_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            target = field_name if field_name in form.fields else None
            for e in errors:
                for m in e.messages:
                    form.add_error(target, m)
    else:
        for m in exc.messages:
            form.add_error(None, m)


def default_create(*, actor, form) -> models.Model:
    instance = form.save(commit=False)
    record_create(actor=actor, instance=instance)
    form.save_m2m()
    return instance


def default_update(*, actor, instance, form) -> models.Model:
    m2m = {f.name for f in instance._meta.many_to_many}
    data = {n: form.cleaned_data[n] for n in form.changed_data if n in form.cleaned_data and n not in m2m}
    obj = record_update(actor=actor, instance=instance, data=data)
    for name in m2m & set(form.changed_data):
        getattr(obj, name).set(form.cleaned_data[name])
    return obj


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from wuye.core.selectors import home_summary

    return render(request, "core/home.html", {"summary": home_summary(request.user)})


def not_found_for_anonymous(request):
    raise Http404


@login_required
def file_download(request, label: str, pk: int, field: str):
    """An uploaded document of a record the user may see (wuye.core.files); 404 otherwise."""
    import os

    from django.apps import apps
    from django.http import FileResponse, Http404

    from wuye.core.files import is_registered

    if not is_registered(label, field):
        raise Http404
    model = apps.get_model(label)
    obj = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    f = getattr(obj, field)
    if not f:
        raise Http404
    try:
        handle = f.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(f.name))
