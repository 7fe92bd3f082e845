"""Uploaded files are judged by their content (SPEC §2.14), never by their name or the browser's claim.

One place for every upload of the platform: complaints' evidence (images and PDF), and documents
(scans, minutes, proxies, notices, statements: images, PDF, Word/Excel — old and new formats — and
OFD, China's format for electronic official documents, GB/T 33190). At most ``MAX_UPLOAD`` bytes.
"""
from __future__ import annotations

import zipfile

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

MAX_UPLOAD = 10 * 1024 * 1024

# Leading bytes of the types accepted.
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF", "application/pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # .doc / .xls / .ppt (OLE2)
]
IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
EVIDENCE = IMAGES | {"application/pdf"}
DOCUMENTS = EVIDENCE | {
    "application/x-ole-storage",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/ofd",
}
_OOXML = {"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def _zip_type(upload) -> str | None:
    """A ZIP that is an Office Open XML document or an OFD document, else None."""
    try:
        with zipfile.ZipFile(upload) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "OFD.xml" in names:
        return "application/ofd"
    if "[Content_Types].xml" in names:
        for folder, content_type in _OOXML.items():
            if any(n.startswith(folder) for n in names):
                return content_type
    return None


def sniff_content_type(upload) -> str | None:
    """The type of an uploaded file judged by its content; None when it is none of the known ones."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def check_upload(upload, *, allowed: frozenset[str] = DOCUMENTS) -> str:
    """The content type of ``upload``; ValidationError when it is too large, empty or not allowed."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_UPLOAD:
        raise ValidationError(_("文件“%(n)s”超过 10MB。") % {"n": name})
    if upload.size == 0:
        raise ValidationError(_("文件“%(n)s”是空的。") % {"n": name})
    content_type = sniff_content_type(upload)
    if content_type not in allowed:
        if allowed == EVIDENCE:
            raise ValidationError(_("文件“%(n)s”不是图片或 PDF（按文件内容判断）。") % {"n": name})
        raise ValidationError(_("文件“%(n)s”的类型不受支持（按文件内容判断）：请上传图片、PDF、Word/Excel 或 OFD 文件。")
                              % {"n": name})
    upload.sniffed_type = content_type
    return content_type


class DocumentField(forms.FileField):
    """A form's document upload, checked by content (``check_upload``)."""

    def clean(self, data, initial=None):
        f = super().clean(data, initial)
        if f and f is not initial and hasattr(f, "size"):
            check_upload(f)
        return f


class DocumentUploadField(serializers.FileField):
    """The API's document upload, checked by content like ``DocumentField``."""

    def to_internal_value(self, data):
        f = super().to_internal_value(data)
        try:
            check_upload(f)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return f
