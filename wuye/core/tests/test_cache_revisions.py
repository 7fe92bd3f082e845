"""Cache revisions: every family has one shared by all processes, read in one round trip per
request — on PostgreSQL from sequences, by token requests in the same query as the token."""
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wuye.accounts.tests.factories import RoleAssignmentFactory
from wuye.core import cache as revisions

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="revisions are sequences on PostgreSQL")


def _in_request(family: str) -> str:
    revisions.request_begin()
    try:
        return revisions.revision(family)
    finally:
        revisions.request_end()


def test_every_family_in_use_is_one_of_the_stored_families():
    """A family watched without a sequence of its own would silently fall back to the cache."""
    watched = {f for families in revisions._WATCHED.values() for f in families}
    assert watched and watched <= set(revisions.FAMILIES)


@on_postgresql
def test_every_stored_family_has_its_sequence():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequencename FROM pg_sequences WHERE sequencename LIKE 'wuye_cache_rev_%%'")
        found = {name for (name,) in cursor.fetchall()}
    assert found == {f"wuye_cache_rev_{f}" for f in revisions.FAMILIES}


def test_a_bump_changes_the_revision_the_next_request_reads():
    before, policy = _in_request("catalog"), _in_request("policy")
    revisions.bump("catalog")
    after = _in_request("catalog")
    assert after != before
    assert _in_request("catalog") == after  # stable until the next bump
    assert _in_request("policy") == policy  # another family: untouched by the bump


@on_postgresql
def test_a_bump_is_not_undone_by_a_rollback_and_reaches_other_connections():
    """As a cache token: a process that cached rows of the rolled-back transaction must not keep them."""
    import psycopg

    before = _in_request("departments")
    with pytest.raises(RuntimeError), transaction.atomic():
        revisions.bump("departments")
        raise RuntimeError("rolled back")
    rolled_back = _in_request("departments")
    assert rolled_back != before
    # Another process bumps through its own connection (autocommit): this one sees it at once.
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                         user=settings["USER"], dbname=settings["NAME"], autocommit=True) as other:
        other.execute("SELECT nextval('wuye_cache_rev_departments')")
    assert _in_request("departments") not in (before, rolled_back)


@on_postgresql
def test_a_token_request_reads_every_revision_with_its_token_and_nothing_else():
    assignment = RoleAssignmentFactory(role="street_office", region_id="411702001000")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=assignment.user).key}")
    assert client.get("/api/v1/me/").status_code == 200  # warm the cached roles
    revisions.bump("roles")  # … then drop them: the next request must read the new revision
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me/")
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    reads = [q for q in sql if "wuye_cache_rev_" in q]
    assert len(reads) == 1 and "authtoken_token" in reads[0], sql
    assert any("accounts_roleassignment" in q for q in sql), sql  # the roles were read again


def test_a_bad_token_is_refused_in_drfs_words():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403  # session authentication comes first: DRF answers 403, not 401
    assert response.json()["detail"] == "认证令牌无效。", response.json()


def test_an_inactive_users_token_is_refused():
    assignment = RoleAssignmentFactory(role="street_office", region_id="411702001000")
    assignment.user.is_active = False
    assignment.user.save(update_fields=["is_active"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=assignment.user).key}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 403 and response.json()["detail"] == "用户未激活或者已删除。", response.json()


@pytest.mark.parametrize("outcome", ["rolled back", "committed"])
def test_what_a_transaction_computes_after_its_own_bump_is_not_kept_past_a_rollback(outcome):
    """Computed inside the transaction, the entry holds its uncommitted rows: after a rollback no
    request may see it; after a commit the next request sees the rows."""
    from wuye.complaints.selectors import resolve_address
    from wuye.estates.tests.factories import EstateFactory
    from wuye.regions.models import Region

    street = Region.objects.get(code="411702001000")
    assert resolve_address(text="回滚花园漏水", within=street).estate is None  # cached: no such estate
    try:
        with transaction.atomic():
            EstateFactory(region=street, name="回滚花园")
            assert resolve_address(text="回滚花园漏水", within=street).estate is not None  # its own write
            if outcome == "rolled back":
                raise RuntimeError(outcome)
    except RuntimeError:
        pass
    revisions.request_begin()
    try:
        found = resolve_address(text="回滚花园漏水", within=street).estate
    finally:
        revisions.request_end()
    assert (found is not None) == (outcome == "committed")
