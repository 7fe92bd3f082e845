"""Assembly and committee API: actions call the services, bad input is a 400, status is read-only."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from wuye.governance.models import Committee, OwnersAssembly
from wuye.governance.tests.factories import estate_with_owners
from wuye.governance.tests.test_committee_services import passed_decision

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def official(role_user, street):
    return role_user("street_office", region=street)


def members(owners, n):
    return [{"name": o.name, "owner": o.pk, "position": "chair" if i == 0 else "member",
             "is_party_member": i == 0} for i, o in enumerate(owners[:n])]


def test_elect_file_and_read(official, street, role_user):
    estate, owners = estate_with_owners(8, region=street)
    api = client_for(official)
    today = timezone.localdate()
    body = {"estate": estate.pk, "elected_on": (today - dt.timedelta(days=2)).isoformat(), "members": members(owners, 6),
            "election_decision": passed_decision(estate).pk}
    r = api.post("/api/v1/committees/", body, format="json")
    assert r.status_code == 400 and "单数" in str(r.json())
    assert not Committee.objects.exists()
    body["members"] = members(owners, 5)
    r = api.post("/api/v1/committees/", body, format="json")
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert r.json()["status"] == "active" and len(r.json()["current_members"]) == 5
    r = api.post(f"/api/v1/committees/{cid}/file/", {"filed_on": today.isoformat()}, format="json")
    assert r.status_code == 200 and r.json()["filed_on"] == today.isoformat()
    r = api.post(f"/api/v1/committees/{cid}/file/", {"filed_on": today.isoformat()}, format="json")
    assert r.status_code == 400 and "重复备案" in str(r.json())
    assert api.patch(f"/api/v1/committees/{cid}/", {"status": "dissolved"}, format="json").status_code == 405
    # Owners read public information only: no phone, no ID number.
    owner_api = client_for(role_user("owner", owner=owners[7]))
    r = owner_api.get(f"/api/v1/committees/{cid}/")
    assert r.status_code == 200
    text = r.content.decode()
    assert owners[0].name in text and owners[0].phone not in text and "id_number" not in text
    assert owner_api.post(f"/api/v1/committees/{cid}/dissolve/", {"on": today.isoformat(), "reason": "x"},
                          format="json").status_code == 403
    alerts = owner_api.get("/api/v1/governance-alerts/").json()
    assert (alerts["results"] if isinstance(alerts, dict) else alerts) == []


def test_out_of_scope_action_is_404(official, street, other_street, role_user):
    estate, owners = estate_with_owners(6, region=street)
    r = client_for(official).post("/api/v1/committees/", {
        "estate": estate.pk, "elected_on": timezone.localdate().isoformat(), "members": members(owners, 5),
        "election_decision": passed_decision(estate).pk}, format="json")
    cid = r.json()["id"]
    outsider = client_for(role_user("street_office", region=other_street))
    assert outsider.post(f"/api/v1/committees/{cid}/file/", {"filed_on": timezone.localdate().isoformat()},
                         format="json").status_code == 404
    assert outsider.post("/api/v1/committees/", {
        "estate": estate.pk, "elected_on": timezone.localdate().isoformat(), "members": members(owners, 5)},
        format="json").status_code == 404


def test_assembly_apply_and_form_group(official, street):
    estate, owners = estate_with_owners(6, region=street)
    api = client_for(official)
    today = timezone.localdate()
    r = api.post("/api/v1/owners-assemblies/", {"estate": estate.pk, "applied_on": today.isoformat(),
                                                "applicants": [owners[0].pk]}, format="json")
    assert r.status_code == 201, r.content
    aid = r.json()["id"]
    group = [{"name": "街道甲", "kind": "street_office", "is_leader": True},
             {"name": owners[0].name, "kind": "owner", "owner": owners[0].pk},
             {"name": owners[1].name, "kind": "owner", "owner": owners[1].pk}]
    r = api.post(f"/api/v1/owners-assemblies/{aid}/form-group/", {"formed_on": today.isoformat(),
                                                                  "members": group[:2]}, format="json")
    assert r.status_code == 400 and "单数" in str(r.json())
    r = api.post(f"/api/v1/owners-assemblies/{aid}/form-group/", {"formed_on": today.isoformat(), "members": group},
                 format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "preparing" and len(r.json()["preparatory_group"]["members"]) == 3
    r = api.post(f"/api/v1/owners-assemblies/{aid}/publish-roll/", {"on": today.isoformat()}, format="json")
    assert r.status_code == 200 and r.json()["preparatory_group"]["roll_total_persons"] == 6
    assert OwnersAssembly.objects.get(pk=aid).preparatory_group.roll_published_on == today
