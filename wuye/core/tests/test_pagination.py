"""Lists count exactly up to WUYE_EXACT_COUNT_LIMIT rows, and estimate past it (PostgreSQL).

Whatever the count, walking a list page by page (API ``next`` links, or ``?page=`` on a list page)
yields every row in scope exactly once, in order, and nothing outside the user's scope.
"""
from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from wuye.core.pagination import CappedPaginator, capped_count
from wuye.estates.models import Unit
from wuye.estates.tests.factories import BuildingFactory, EstateFactory, UnitFactory

pytestmark = pytest.mark.django_db

ESTIMATES = connection.vendor == "postgresql"


@pytest.fixture
def units(street, other_street):
    building = BuildingFactory(estate=EstateFactory(region=street))
    inside = [UnitFactory(building=building, entrance="1", number=f"{n:03d}") for n in range(1, 9)]
    elsewhere = BuildingFactory(estate=EstateFactory(region=other_street))
    for n in range(1, 4):
        UnitFactory(building=elsewhere, entrance="1", number=f"9{n:02d}")
    if ESTIMATES:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE estates_unit")
    return inside


@pytest.fixture
def official(role_user, street):
    return role_user("street_office", region=street)


@pytest.mark.parametrize(("limit", "exact"), [(100, True), (8, True), (7, not ESTIMATES), (0, not ESTIMATES)])
def test_capped_count_is_exact_up_to_the_limit(units, limit, exact):
    qs = Unit.objects.filter(building=units[0].building)
    n, is_exact = capped_count(qs, limit)
    assert is_exact is exact
    if exact:
        assert n == 8
    else:
        assert n >= limit + 1  # at least what was seen; the planner's figure past that


def test_capped_count_of_a_list_counts_it():
    assert capped_count(["a", "b", "c"], 1) == (3, True)


def walk_api(client, url):
    seen, pages = [], []
    while url:
        body = client.get(url).json()
        pages.append(body)
        seen += [row["number"] for row in body["results"]]
        url = body["next"]
    return seen, pages


@pytest.mark.parametrize("page_size", [1, 3, 8, 50])
def test_api_pages_yield_every_row_once_past_the_exact_limit(units, official, settings, page_size):
    settings.WUYE_EXACT_COUNT_LIMIT = 5
    client = APIClient()
    client.force_authenticate(official)
    seen, pages = walk_api(client, f"/api/v1/units/?limit={page_size}&ordering=number")
    assert seen == [f"{n:03d}" for n in range(1, 9)]  # in order, once each, none of the other street's
    first = pages[0]
    if page_size >= 8:  # the whole list on one page: counted exactly, whatever the limit
        assert (first["count"], first["count_exact"]) == (8, True)
    else:
        assert first["count_exact"] is (not ESTIMATES)
        assert first["count"] == 8 if not ESTIMATES else first["count"] >= 6
    assert pages[-1]["next"] is None


def test_api_count_is_exact_below_the_limit(units, official):
    client = APIClient()
    client.force_authenticate(official)
    body = client.get("/api/v1/units/?limit=3").json()
    assert (body["count"], body["count_exact"]) == (8, True)
    assert body["next"] and body["previous"] is None


def test_api_out_of_scope_user_counts_nothing(units, role_user, other_street, settings):
    settings.WUYE_EXACT_COUNT_LIMIT = 1
    client = APIClient()
    client.force_authenticate(role_user("street_office", region=other_street))
    seen, pages = walk_api(client, "/api/v1/units/?limit=2")
    assert seen == ["901", "902", "903"]


def test_list_page_says_about_past_the_limit_and_pages_through(units, official, client, settings):
    settings.WUYE_EXACT_COUNT_LIMIT = 5
    client.force_login(official)
    url = reverse("estates:unit_list")
    first = client.get(url, {"sort": "number"})
    assert first.status_code == 200
    text = first.content.decode()
    if ESTIMATES:
        assert "约" in text and "（估算）" in text
    else:
        assert "共 8 条" in text
    # 50 a page: everything on page 1, no next page.
    assert "001" in text and "008" in text and "901" not in text
    assert "page=2" not in text


def test_paginator_pages_past_the_limit_and_past_the_end(units, settings):
    settings.WUYE_EXACT_COUNT_LIMIT = 2
    qs = Unit.objects.filter(building=units[0].building).order_by("number")
    paginator = CappedPaginator(qs, 3)
    pages = [paginator.get_page(n) for n in (1, 2, 3)]
    assert [[u.number for u in p.object_list] for p in pages] == [["001", "002", "003"], ["004", "005", "006"],
                                                                     ["007", "008"]]
    assert [p.has_next() for p in pages] == [True, True, False]
    assert paginator.count_exact is (not ESTIMATES)
    far = paginator.get_page(99)
    if ESTIMATES:  # an estimated count refuses no page number: one past the end is empty, not an error
        assert list(far.object_list) == [] and not far.has_next()
    else:  # an exact count sends a number past the end to the last page, as Django does
        assert [u.number for u in far.object_list] == ["007", "008"]
    assert [u.number for u in paginator.get_page("x").object_list] == ["001", "002", "003"]


def test_counts_are_grouped_by_thousands():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    class Page:
        def __init__(self, count, exact):
            self.paginator = Paginator([], 10)
            self.paginator.count, self.paginator.count_exact = count, exact

    assert "共 12,345 条" in render_to_string("core/_page_count.html", {"page": Page(12345, True)})
    assert "共 1 条" in render_to_string("core/_page_count.html", {"page": Page(1, True)})
    assert "约 8,061,053 条（估算）" in render_to_string("core/_page_count.html", {"page": Page(8061053, False)})

