"""Counting the rows of a list without counting millions of them.

A list page and an API list show how many rows match. On a province's database an exact
``COUNT(*)`` of 8,000,000 units takes seconds, longer than everything else on the page. So a count
is exact up to ``settings.WUYE_EXACT_COUNT_LIMIT`` rows (10,000 by default; counting that many
is a few milliseconds); past it, PostgreSQL's planner estimates the number from its statistics,
and the page says "about". Other databases count exactly (the embedded SQLite deployment is one
city at most).

Whether there is a next page never depends on the estimate: the page fetches one row more than it
shows.
"""
from __future__ import annotations

from collections import OrderedDict

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections
from django.utils.functional import cached_property
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response


def exact_count_limit() -> int:
    return int(getattr(settings, "WUYE_EXACT_COUNT_LIMIT", 10_000))


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of how many rows ``queryset`` returns (None elsewhere)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):  # a driver that does not decode json
        import json

        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def capped_count(queryset, limit: int | None = None) -> tuple[int, bool]:
    """(number of rows, whether it is exact): exact up to ``limit`` rows, else the planner's estimate.

    The estimate is never below ``limit + 1``, since at least that many rows were seen. Without a
    planner to ask (SQLite), the rows are counted.
    """
    if not hasattr(queryset, "query"):  # a list already in memory
        return len(queryset), True
    limit = exact_count_limit() if limit is None else limit
    seen = queryset.order_by()[: limit + 1].count()
    if seen <= limit:
        return seen, True
    estimate = planner_estimate(queryset)
    if estimate is None:
        return queryset.count(), True
    return max(estimate, seen), False


class CappedPaginator(Paginator):
    """Django's paginator with ``capped_count``: ``count_exact`` tells the template to say "about".

    Past an estimated count the last page number is a guess; a page past the real end is empty
    rather than an error, and ``has_next`` looks at the rows themselves.
    """

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        return capped_count(self.object_list)

    @property
    def count(self) -> int:
        return self._counted[0]

    @property
    def count_exact(self) -> bool:
        return self._counted[1]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom: bottom + self.per_page + 1])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def validate_number(self, number):
        if self.count_exact:
            return super().validate_number(number)
        # An estimated count must not refuse a page that exists: only the number's form is checked.
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().validate_number(number)
        return max(number, 1)


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


def paginate(queryset, request, per_page: int = 50) -> Page:
    """The requested page (``?page=``) of ``queryset`` for a list page; a bad number gives page 1 or the last."""
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))


class CappedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset pagination with a capped count; the response adds ``count_exact``."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.offset = self.get_offset(request)
        rows = list(queryset[self.offset: self.offset + self.limit + 1])
        self.has_more = len(rows) > self.limit
        rows = rows[: self.limit]
        if self.offset == 0 and not self.has_more:
            self.count, self.count_exact = len(rows), True  # the whole list is on this page
        else:
            self.count, self.count_exact = capped_count(queryset)
            if not self.count_exact:
                self.count = max(self.count, self.offset + len(rows) + int(self.has_more))
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        return rows

    def get_next_link(self):
        # With more rows fetched than shown, offset + limit < count holds for an estimate too.
        return super().get_next_link() if self.has_more else None

    def get_paginated_response(self, data):
        return Response(OrderedDict([
            ("count", self.count),
            ("count_exact", self.count_exact),
            ("next", self.get_next_link()),
            ("previous", self.get_previous_link()),
            ("results", data),
        ]))

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exact"] = {
            "type": "boolean", "example": True,
            "description": "count 是否为精确数；超过 WUYE_EXACT_COUNT_LIMIT 条时为数据库估算值",
        }
        response["required"] = [*response.get("required", []), "count_exact"]
        return response
