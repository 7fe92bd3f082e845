"""Column specs shared by list pages, detail pages and Excel export."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format


@dataclass(frozen=True)
class Column:
    """One column: ``name`` is an attribute path ("estate__region__name") or a callable's key."""

    name: str
    label: str | None = None
    accessor: Callable[[Any], Any] | None = None
    link: bool = False  # link to the row's detail page

    def raw(self, obj: Any) -> Any:
        if self.accessor is not None:
            return self.accessor(obj)
        value: Any = obj
        parts = self.name.split("__")
        for i, part in enumerate(parts):
            if value is None:
                return None
            last = i == len(parts) - 1
            if last and isinstance(value, models.Model):
                try:
                    field = value._meta.get_field(part)
                except Exception:  # noqa: BLE001 - properties are fine too
                    field = None
                if field is not None and getattr(field, "choices", None):
                    return getattr(value, f"get_{part}_display")()
            value = getattr(value, part)
            if callable(value) and not isinstance(value, models.Model):
                value = value()
        return value

    def text(self, obj: Any) -> str:
        return display(self.raw(obj))

    def header(self, model: type[models.Model]) -> str:
        if self.label:
            return str(self.label)
        try:
            m = model
            parts = self.name.split("__")
            for part in parts[:-1]:
                m = m._meta.get_field(part).related_model
            return str(m._meta.get_field(parts[-1]).verbose_name)
        except Exception:  # noqa: BLE001
            return self.name


def display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def excel_value(value: Any) -> Any:
    """A cell value for openpyxl: native numbers and dates, text otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return str(value)
