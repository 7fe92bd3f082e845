"""Uploaded documents served only to users who may see the record they belong to.

Media files are never served as static files in production: a scanned ballot or a proxy carries a
person's name and signature. Each app registers the file fields it lets users download, and
``core:file`` answers through the model's ``visible_to`` (404 outside the scope, like every page).
"""
from __future__ import annotations

from django.db import models
from django.urls import reverse

# "app_label.model_name" -> downloadable file field names
_REGISTERED: dict[str, set[str]] = {}


def register(model: type[models.Model], *fields: str) -> None:
    """Allow downloads of ``fields`` of ``model`` (which must have a scoped ``visible_to`` manager)."""
    for name in fields:
        if not isinstance(model._meta.get_field(name), models.FileField):
            raise TypeError(f"{model._meta.label}.{name} is not a FileField")
    if not hasattr(model.objects, "visible_to"):
        raise TypeError(f"{model._meta.label} has no visible_to(): its files cannot be scoped")
    _REGISTERED.setdefault(model._meta.label_lower, set()).update(fields)


def is_registered(label: str, field: str) -> bool:
    return field in _REGISTERED.get(label, ())


def file_url(obj: models.Model, field: str) -> str:
    """The scoped download URL of ``obj``'s file ``field`` ('' when the field is empty)."""
    label = obj._meta.label_lower
    if not is_registered(label, field):
        raise ValueError(f"{label}.{field} is not registered for download (wuye.core.files.register)")
    if not getattr(obj, field):
        return ""
    return reverse("core:file", args=[label, obj.pk, field])
