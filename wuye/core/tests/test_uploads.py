"""Uploads are judged by their content (wuye.core.uploads): a table of real and disguised files."""
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wuye.core.uploads import DOCUMENTS, EVIDENCE, MAX_UPLOAD, check_upload, sniff_content_type


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
CASES = [
    ("photo.png", PNG, "image/png"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
    ("photo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    ("scan.pdf", b"%PDF-1.7\n%...", "application/pdf"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "application/x-ole-storage"),
    ("plan.docx", _zip("[Content_Types].xml", "word/document.xml"),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("sheet.xlsx", _xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("公文.ofd", _zip("OFD.xml", "Doc_0/Document.xml"), "application/ofd"),
    # Disguises: the name says one thing, the content another.
    ("scan.pdf", b"<html><script>alert(1)</script></html>", None),
    ("photo.png", b"MZ\x90\x00 a Windows program", None),
    ("plan.docx", _zip("payload.exe"), None),  # a ZIP, but no Office document
    ("sheet.xlsx", b"PK\x03\x04 not really a zip", None),
]


@pytest.mark.parametrize("name, content, expected", CASES)
def test_content_decides_the_type(name, content, expected):
    assert sniff_content_type(SimpleUploadedFile(name, content)) == expected


@pytest.mark.parametrize("name, content, expected", CASES)
def test_documents_accept_only_known_types(name, content, expected):
    upload = SimpleUploadedFile(name, content)
    if expected is None:
        with pytest.raises(ValidationError, match="类型不受支持"):
            check_upload(upload)
    else:
        assert check_upload(upload) == expected and upload.sniffed_type == expected
        assert upload.read() == content  # the file is read from the start afterwards
    assert set(DOCUMENTS) >= EVIDENCE


def test_evidence_is_images_and_pdf_only_and_size_is_capped():
    with pytest.raises(ValidationError, match="不是图片或 PDF"):
        check_upload(SimpleUploadedFile("plan.docx", _zip("[Content_Types].xml", "word/document.xml")), allowed=EVIDENCE)
    with pytest.raises(ValidationError, match="10MB"):
        check_upload(SimpleUploadedFile("big.png", PNG + b"\x00" * MAX_UPLOAD))
    with pytest.raises(ValidationError, match="空的"):
        check_upload(SimpleUploadedFile("empty.pdf", b""))
