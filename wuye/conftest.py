"""Shared test fixtures: real division data for two cities, and users of every role."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop

CITY = "4117"  # 驻马店市
OTHER_CITY = "4115"  # 信阳市: out-of-scope fixtures live here


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from wuye.regions.services import regions_import

    with django_db_blocker.unblock():
        regions_import(prefix=CITY)
        regions_import(prefix=OTHER_CITY)


@pytest.fixture
def street(db):
    from wuye.regions.models import Region

    return Region.objects.get(code="411702001000")  # 驿城区人民街街道


@pytest.fixture
def other_street(db):
    from wuye.regions.models import Region

    return Region.objects.get(code="411502001000")  # 信阳市浉河区 first street


@pytest.fixture
def community(street):
    from wuye.regions.tests.factories import CommunityFactory

    return CommunityFactory(parent=street)


@pytest.fixture
def role_user(db):
    """Make a user holding one role: role_user("street_office", region=…)."""
    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory

    def make(role: str, **target):
        user = UserFactory()
        RoleAssignment.objects.create(user=user, role=role, **target)
        return user

    return make


@pytest.fixture(autouse=True)
def _regions_loaded(request, django_db_blocker):
    """Transactional tests (live_server, concurrency) flush every table, the preloaded regions too:
    load them again before the next test that uses the database."""
    names = set(request.fixturenames)
    if not names & {"db", "transactional_db", "live_server"} and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("django_db_setup")
    from wuye.regions.models import Region
    from wuye.regions.services import regions_import

    with django_db_blocker.unblock():
        if not Region.objects.filter(code__startswith=CITY).exists():
            regions_import(prefix=CITY)
            regions_import(prefix=OTHER_CITY)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test must not leave cached rows behind
    (its revisions stay advanced on PostgreSQL, where they are sequences, so this process's own
    copies go too)."""
    from django.core.cache import cache

    from wuye.core.cache import clear_local

    cache.clear()
    clear_local()
    yield
    cache.clear()
    clear_local()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test ends in the default language: a request in English through the test client leaves
    English active in this thread (LocaleMiddleware activates, nothing deactivates), and a later
    test would read translated messages."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser_page():
    """A page in Debian's chromium driven by playwright (never a downloaded browser).

    Fails loudly when chromium is missing: `make test` installs it (apt-get install chromium fonts-noto-cjk).
    """
    import shutil

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run `apt-get install -y chromium fonts-noto-cjk` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
