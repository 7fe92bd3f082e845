from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_me_lists_roles_and_scope(role_user, street):
    user = role_user("street_office", region=street)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    body = client.get("/api/v1/me/").json()
    assert body["username"] == user.username
    assert body["roles"] == ["street_office"]
    assert body["scope"]["region_prefixes"] == ["411702001"]
    assert body["edit_scope"]["region_prefixes"] == ["411702001"]
    assert body["assignments"][0]["region"] == street.code


def test_role_assignments_only_own(role_user, street, other_street):
    me = role_user("street_office", region=street)
    other = role_user("street_office", region=other_street)
    client = APIClient()
    client.force_authenticate(me)
    rows = client.get("/api/v1/role-assignments/").json()["results"]
    assert len(rows) == 1 and rows[0]["role"] == "street_office"
    other_id = other.role_assignments.get().pk
    assert client.get(f"/api/v1/role-assignments/{other_id}/").status_code == 404
    assert client.post("/api/v1/role-assignments/", {"role": "platform_admin"}).status_code == 405


def test_anonymous_me_refused():
    assert APIClient().get("/api/v1/me/").status_code in (401, 403)
