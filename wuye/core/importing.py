"""Excel import framework: read an .xlsx, check every row, then commit all rows or none.

An app describes one kind of import as an ``ImportSpec``: its columns (Chinese header, aliases,
required flag, parser) and a ``plan`` function. ``run_import`` reads the sheet, parses every cell
(collecting ``RowError(row, column, message)`` with the Excel row number), hands the parsed rows
to ``plan`` for cross-row and database checks, and only when no error was found runs the commit
that ``plan`` returned inside one transaction. Every run is recorded as an ``ImportJob``; a
successful one also leaves one ``AuditEntry`` (action "import") with the counts.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import import_module
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _

from wuye.core.choices import AuditAction, ImportStatus
from wuye.core.models import ImportJob

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_STORED_ERRORS = 2000  # a file wrong on every row still gives a readable report
HEADER_SCAN_ROWS = 10
BATCH_SIZE = 2000
IN_CHUNK = 900  # values per "__in" lookup, safe for SQLite's variable limit too

IMPORTER_MODULES = ("wuye.estates.importers", "wuye.enterprises.importers", "wuye.complaints.importers")


class CellError(ValueError):
    """Raised by a parser: the message says what is wrong with the value."""


class ImportFileError(Exception):
    """The file as a whole cannot be read (not an .xlsx, no header row, missing columns)."""


@dataclass(frozen=True)
class RowError:
    row: int  # Excel row number; 0 for the file as a whole
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


# ---------------------------------------------------------------- parsers


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def max_length(n: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        s = text(value)
        if len(s) > n:
            raise CellError(_("长度不能超过%(n)d个字符（当前%(m)d个）") % {"n": n, "m": len(s)})
        return s

    return parse


def code_text(value: Any) -> str:
    """An identifier typed as text; spaces removed, letters upper-cased."""
    return re.sub(r"\s+", "", text(value)).upper()


_TWO_PLACES = Decimal("0.01")


def positive_area(value: Any) -> Decimal | None:
    """An area in ㎡: > 0, at most two decimals (rounded), below 10⁸."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("应为数字"))
    if isinstance(value, int | float):
        d = Decimal(str(value))
    else:
        s = str(value).strip().replace(",", "").replace("㎡", "").replace("平方米", "").strip()
        if not s:
            return None
        try:
            d = Decimal(s)
        except InvalidOperation:
            raise CellError(_("应为数字，当前为“%(v)s”") % {"v": value}) from None
    if not d.is_finite():
        raise CellError(_("应为数字，当前为“%(v)s”") % {"v": value})
    if d <= 0:
        raise CellError(_("面积必须大于 0（当前为 %(v)s）") % {"v": value})
    d = d.quantize(_TWO_PLACES)
    if d <= 0:
        raise CellError(_("面积必须大于 0（当前为 %(v)s）") % {"v": value})
    if d >= Decimal("100000000"):
        raise CellError(_("面积过大：%(v)s") % {"v": value})
    return d


def integer(lo: int | None = None, hi: int | None = None) -> Callable[[Any], int | None]:
    def parse(value: Any) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise CellError(_("应为整数"))
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(_("应为整数，当前为 %(v)s") % {"v": value})
            n = int(value)
        elif isinstance(value, int):
            n = value
        else:
            s = str(value).strip()
            if not s:
                return None
            try:
                n = int(s)
            except ValueError:
                raise CellError(_("应为整数，当前为“%(v)s”") % {"v": value}) from None
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            raise CellError(_("应在 %(lo)s 到 %(hi)s 之间（当前为 %(v)s）") % {"lo": lo, "hi": hi, "v": n})
        return n

    return parse


def choice(choices: type[TextChoices]) -> Callable[[Any], str | None]:
    """Accept the Chinese label (the source of truth in choices.py) or the stored code."""
    by_text: dict[str, str] = {}
    for value, label in choices.choices:
        by_text[str(label)] = value
        by_text[value] = value
        by_text[value.upper()] = value
    labels = "、".join(str(label) for _v, label in choices.choices)

    def parse(raw: Any) -> str | None:
        s = text(raw)
        if not s:
            return None
        found = by_text.get(s) or by_text.get(s.upper())
        if found is None:
            raise CellError(_("“%(v)s”不是有效选项，可选：%(labels)s") % {"v": s, "labels": labels})
        return found

    parse.choices = choices  # type: ignore[attr-defined]
    return parse


_YES = {"是", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", ""}


def yes_no(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    s = text(value).lower()
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise CellError(_("应填“是”或“否”，当前为“%(v)s”") % {"v": value})


def phone(value: Any) -> str:
    s = re.sub(r"[\s]", "", text(value))
    if s and not re.fullmatch(r"[0-9+\-()（）转,，]{5,40}", s):
        raise CellError(_("电话号码格式不正确：%(v)s") % {"v": s})
    return s


def mobile(value: Any) -> str:
    s = re.sub(r"[\s\-]", "", text(value))
    if s and not re.fullmatch(r"(\+?86)?1\d{10}|0\d{9,11}", s):
        raise CellError(_("手机号格式不正确（应为11位手机号）：%(v)s") % {"v": s})
    return s


def region_code(value: Any) -> str:
    s = code_text(value)
    if not s:
        return ""
    if not s.isdigit() or len(s) not in (6, 9, 12):
        raise CellError(_("区划代码应为12位数字（当前为“%(v)s”）") % {"v": s})
    return s.ljust(12, "0")


# ---------------------------------------------------------------- specs


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    parser: Callable[[Any], Any] = text
    required: bool = False  # a value is needed on every row (and the header in the file)
    aliases: tuple[str, ...] = ()
    header_required: bool | None = None  # default: same as required
    example: Any = ""
    help: str = ""

    @property
    def needs_header(self) -> bool:
        return self.required if self.header_required is None else self.header_required

    def names(self) -> list[str]:
        return [normalize_header(n) for n in (self.header, *self.aliases)]


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]
    failed: tuple[str, ...] = ()  # keys whose cell could not be parsed

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def get(self, key: str, default: Any = None) -> Any:
        v = self.values.get(key)
        return default if v is None else v


@dataclass
class ImportContext:
    user: Any
    spec: ImportSpec
    errors: list[RowError] = field(default_factory=list)

    @property
    def edit_scope(self):
        from wuye.accounts.selectors import user_edit_scope

        return user_edit_scope(self.user)

    def error(self, row: int, key_or_header: str, message: str) -> None:
        self.errors.append(RowError(row, self.spec.header_of(key_or_header), message))

    def out_of_scope(self, row: int, key: str) -> None:
        self.error(row, key, _("不在您的管辖范围内"))


Commit = Callable[[], dict[str, int]]
Plan = Callable[[list[ParsedRow], ImportContext], Commit | None]


@dataclass
class ImportSpec:
    kind: str
    title: str
    columns: Sequence[ImportColumn]
    plan: Plan
    description: str = ""
    primary_count: str = ""  # which count is the job's "新增"

    def header_of(self, key: str) -> str:
        for c in self.columns:
            if c.key == key:
                return c.header
        return key

    def template_bytes(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill

        wb = Workbook()
        ws = wb.active
        ws.title = re.sub(r"[\\/?*\[\]:]", "、", str(self.title))[:31]
        bold = Font(bold=True)
        req = PatternFill("solid", fgColor="FFF2CC")
        ws.append([c.header for c in self.columns])
        for i, c in enumerate(self.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = bold
            if c.required:
                cell.fill = req
            ws.column_dimensions[cell.column_letter].width = max(12, len(c.header) * 2 + 4)
        ws.append([c.example for c in self.columns])
        notes = wb.create_sheet("填写说明")
        notes.append(["列名", "必填", "说明", "可接受的写法"])
        for cell in notes[1]:
            cell.font = bold
        for c in self.columns:
            choices = getattr(c.parser, "choices", None)
            allowed = "、".join(str(label) for _v, label in choices.choices) if choices else ""
            if c.aliases:
                allowed = (allowed + "；" if allowed else "") + "列名也可写作：" + "、".join(c.aliases)
            notes.append([c.header, "是" if c.required else "", c.help, allowed])
        notes.column_dimensions["A"].width = 18
        notes.column_dimensions["C"].width = 60
        notes.column_dimensions["D"].width = 60
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


_REGISTRY: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    _REGISTRY[spec.kind] = spec
    return spec


def import_specs() -> dict[str, ImportSpec]:
    for name in IMPORTER_MODULES:
        import_module(name)
    return dict(_REGISTRY)


def get_spec(kind: str) -> ImportSpec | None:
    return import_specs().get(kind)


# ---------------------------------------------------------------- reading


_HEADER_NOISE = re.compile(r"[\s*＊]|[（(](必填|选填|可选|㎡|平方米|m2|元)[)）]")


def normalize_header(value: Any) -> str:
    return _HEADER_NOISE.sub("", text(value)).lower()


def _open_sheet(fileobj) -> tuple[Iterator[tuple], int]:
    """The first sheet's rows as tuples, and the Excel row number of the first one.

    Reading uses calamine (Rust), about 18× faster than openpyxl's reader here (see
    bench/bench_import.py); openpyxl still writes every workbook we produce.
    """
    from python_calamine import CalamineWorkbook

    try:
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        wb = CalamineWorkbook.from_filelike(fileobj) if hasattr(fileobj, "read") else CalamineWorkbook.from_path(fileobj)
        names = wb.sheet_names
        if not names:
            raise ImportFileError(_("Excel 文件中没有工作表。"))
        sheet = wb.get_sheet_by_index(0)
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - zip, XML and reader errors all mean the same to the user
        raise ImportFileError(_("文件不是有效的 Excel（.xlsx）文件，请使用模板另存为 .xlsx 后重新上传。")) from None
    # calamine yields rows from Excel row 1 (leading blank rows included; columns start at the
    # first used one), so the n-th row yielded is Excel row n.
    return (tuple(r) for r in sheet.iter_rows()), 1


def read_rows(spec: ImportSpec, fileobj) -> tuple[list[tuple[int, dict[str, Any]]], int]:
    """The data rows of the first sheet as (excel row number, {column key: raw value}).

    The header row is the first of the top rows that names the most known columns.
    """
    rows, first_row = _open_sheet(fileobj)
    lookup: dict[str, ImportColumn] = {}
    for c in spec.columns:
        for n in c.names():
            lookup.setdefault(n, c)
    header_row = 0
    mapping: list[tuple[int, str]] = []
    best = 0
    scanned: list[tuple] = []
    try:
        for _i in range(HEADER_SCAN_ROWS):
            scanned.append(next(rows))
    except StopIteration:
        pass
    except Exception:  # noqa: BLE001
        raise ImportFileError(_("文件不是有效的 Excel（.xlsx）文件，无法读取。")) from None
    for i, values in enumerate(scanned, start=first_row):
        found = []
        seen = set()
        for idx, v in enumerate(values or ()):
            c = lookup.get(normalize_header(v))
            if c is not None and c.key not in seen:
                seen.add(c.key)
                found.append((idx, c.key))
        if len(found) > best:
            best, header_row, mapping = len(found), i, found
    if not mapping:
        raise ImportFileError(
            _("未找到表头行：前%(n)d行中没有可识别的列名。请使用导入模板（第一行为“%(first)s”等列名）。")
            % {"n": HEADER_SCAN_ROWS, "first": spec.columns[0].header}
        )
    present = {k for _i, k in mapping}
    missing = [c.header for c in spec.columns if c.needs_header and c.key not in present]
    if missing:
        raise ImportFileError(
            _("第%(row)d行表头缺少必填列：%(cols)s") % {"row": header_row, "cols": "、".join(missing)}
        )
    out: list[tuple[int, dict[str, Any]]] = []

    def emit(number: int, values: tuple) -> None:
        if not values:
            return
        n = len(values)
        record = {key: values[idx] for idx, key in mapping if idx < n}
        for v in record.values():
            if v is not None and v != "" and not (isinstance(v, str) and not v.strip()):
                out.append((number, record))
                return

    for i, values in enumerate(scanned[header_row - first_row + 1:], start=header_row + 1):
        emit(i, values)
    number = first_row + len(scanned) - 1
    try:
        for values in rows:
            number += 1
            emit(number, values)
    except Exception:  # noqa: BLE001
        raise ImportFileError(_("Excel 文件第%(row)d行之后的内容无法读取，文件可能已损坏。") % {"row": number}) from None
    return out, header_row


def parse_rows(spec: ImportSpec, raw_rows: Iterable[tuple[int, dict[str, Any]]], ctx: ImportContext) -> list[ParsedRow]:
    columns = [(c.key, c.header, c.parser, c.required) for c in spec.columns]
    parsed: list[ParsedRow] = []
    errors = ctx.errors
    for number, record in raw_rows:
        values: dict[str, Any] = {}
        failed: list[str] = []
        for key, header, parser, required in columns:
            raw = record.get(key)
            try:
                value = parser(raw)
            except CellError as exc:
                errors.append(RowError(number, header, str(exc)))
                failed.append(key)
                value = None
            else:
                if required and (value is None or value == ""):
                    errors.append(RowError(number, header, _("必填项不能为空")))
            values[key] = value
        parsed.append(ParsedRow(number, values, tuple(failed)))
    return parsed


# ---------------------------------------------------------------- running


@dataclass
class ImportResult:
    job: ImportJob
    errors: list[RowError]
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.errors


def _job_region(user) -> str:
    from wuye.accounts.selectors import primary_region

    region = primary_region(user) if getattr(user, "is_authenticated", False) else None
    return region.code if region else ""


def run_import(*, spec: ImportSpec, user, fileobj, filename: str = "") -> ImportResult:
    """Import one file: every row checked first, then all written in one transaction, or none."""
    from wuye.core.services import audit_record

    actor = user if getattr(user, "pk", None) else None
    job = ImportJob.objects.create(
        actor=actor, kind=spec.kind, filename=(filename or "upload.xlsx")[:255], region_code=_job_region(user)
    )
    ctx = ImportContext(user=user, spec=spec)
    counts: dict[str, int] = {}
    commit: Commit | None = None
    try:
        raw_rows, _header_row = read_rows(spec, fileobj)
        job.total_rows = len(raw_rows)
        if not raw_rows:
            ctx.errors.append(RowError(0, "", _("文件中没有数据行。")))
        else:
            rows = parse_rows(spec, raw_rows, ctx)
            del raw_rows
            commit = spec.plan(rows, ctx)
    except ImportFileError as exc:
        ctx.errors.append(RowError(0, "", str(exc)))

    if not ctx.errors and commit is not None:
        try:
            with transaction.atomic():
                counts = commit()
                job.status = ImportStatus.SUCCEEDED
                job.created_count = counts.get(spec.primary_count, 0) if spec.primary_count else sum(counts.values())
                job.save(update_fields=["status", "created_count", "total_rows"])
                audit_record(
                    actor=user, action=AuditAction.IMPORT, obj=job,
                    after={"kind": spec.kind, "filename": job.filename, "rows": job.total_rows, **counts},
                    reason=_("Excel 导入：%(title)s，%(rows)d行") % {"title": spec.title, "rows": job.total_rows},
                )
        except IntegrityError as exc:
            # A concurrent change the checks could not see: nothing was written.
            counts = {}
            ctx.errors.append(
                RowError(0, "", _("数据与已有记录冲突，未写入任何数据，请重新导入：%(d)s") % {"d": str(exc).splitlines()[0][:200]})
            )

    if ctx.errors:
        errors = sorted(ctx.errors, key=lambda e: e.row)
        job.status = ImportStatus.FAILED
        job.created_count = 0
        stored = [e.as_dict() for e in errors[:MAX_STORED_ERRORS]]
        if len(errors) > MAX_STORED_ERRORS:
            stored.append(
                {"row": 0, "column": "", "message": _("另有 %(n)d 条错误未列出。") % {"n": len(errors) - MAX_STORED_ERRORS}}
            )
        job.errors = stored
        job.save(update_fields=["status", "created_count", "total_rows", "errors"])
        return ImportResult(job=job, errors=errors, counts={})
    return ImportResult(job=job, errors=[], counts=counts)


# ---------------------------------------------------------------- helpers for importers


def chunks(items: Sequence, size: int = IN_CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def bulk_create(model, objs: list, batch_size: int = BATCH_SIZE) -> list:
    """Insert validated objects in multi-row statements; every object has its primary key afterwards."""
    from wuye.core.bulk import insert_objects

    if not objs:
        return objs
    insert_objects(objs)
    return objs
