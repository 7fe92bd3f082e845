from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from wuye.estates.tests.factories import EstateFactory
from wuye.organization.models import OfficialAssignment, PartyOrganization

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(role_user, street):
    client = APIClient()
    client.force_authenticate(role_user("street_office", region=street))
    return client


def test_party_organization_rules(api, street):
    response = api.post("/api/v1/party-organizations/", {"region": street.code, "kind": "estate_branch",
                                                         "name": "幸福家园党支部"}, format="json")
    assert response.status_code == 400
    assert "小区" in response.json()["estate"][0]
    estate = EstateFactory(region=street)
    response = api.post("/api/v1/party-organizations/", {"region": street.code, "kind": "estate_branch",
                                                         "name": "幸福家园党支部", "estate": estate.pk}, format="json")
    assert response.status_code == 201, response.content
    org = PartyOrganization.objects.get(pk=response.json()["id"])
    response = api.post("/api/v1/cross-appointments/", {"party_organization": org.pk, "person_name": "周八",
                                                        "party_position": "书记", "body": "owners_committee",
                                                        "body_position": "主任"}, format="json")
    assert response.status_code == 201, response.content


def test_official_assignment_with_estates(api, street, other_street):
    mine = EstateFactory(region=street)
    response = api.post("/api/v1/official-assignments/", {"kind": "estate_team", "region": street.code,
                                                          "person_name": "吴九", "estates": [mine.pk]}, format="json")
    assert response.status_code == 201, response.content
    assert OfficialAssignment.objects.get(pk=response.json()["id"]).estates.get() == mine
    foreign = EstateFactory(region=other_street)
    response = api.post("/api/v1/official-assignments/", {"kind": "estate_team", "region": street.code,
                                                          "person_name": "郑十", "estates": [foreign.pk]}, format="json")
    assert response.status_code == 400 and "对象不存在" in str(response.json()["estates"])
