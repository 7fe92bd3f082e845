"""Every decision page answers 404 to a user of every role whose scope lies elsewhere."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wuye.enterprises.tests.factories import EnterpriseFactory
from wuye.estates.tests.factories import EstateFactory, OwnershipFactory
from wuye.governance.services import decisions as services
from wuye.governance.tests.test_services import build_community_a
from wuye.regions.models import Region
from wuye.regions.tests.factories import CommunityFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community_a(db):
    return build_community_a()
PAGES = ["governance:decision_detail", "governance:decision_turnout", "governance:decision_ballot_table",
         "governance:decision_result",
         "governance:decision_audit", "governance:decision_voter_options"]
ACTIONS = ["governance:decision_close", "governance:decision_finalize", "governance:decision_void",
           "governance:decision_ballot_enter"]


@pytest.fixture
def outsiders(role_user, street, other_street):
    region = Region.objects.get
    other_estate = EstateFactory(region=other_street, name="信阳外区小区")
    return {
        "street_office": role_user("street_office", region=other_street),
        "district_bureau": role_user("district_bureau", region=region(code="411502000000")),
        "city_bureau": role_user("city_bureau", region=region(code="411500000000")),
        "community_liaison": role_user("community_liaison", region=CommunityFactory(parent=street)),
        "department": role_user("department", department=DepartmentFactory(region=region(code="411502000000"))),
        "enterprise_staff": role_user("enterprise_staff", enterprise=EnterpriseFactory(
            region=region(code="411502000000"))),
        "committee_member": role_user("committee_member", estate=other_estate),
        "owner": role_user("owner", owner=OwnershipFactory(unit__building__estate=other_estate).owner),
    }


def test_decision_pages_are_404_outside_scope(client, community_a, role_user, street, outsiders):
    decision = services.decision_open(actor=None, estate=community_a["estate"], matter=4, title="人民街选聘物业",
                                      closes_at=timezone.now() + dt.timedelta(days=1), organiser="committee")
    client.force_login(role_user("street_office", region=street))
    for name in PAGES:
        assert client.get(reverse(name, args=[decision.pk])).status_code == 200, name
    for role, user in outsiders.items():
        client.force_login(user)
        assert "人民街选聘物业" not in client.get(reverse("governance:decision_list")).content.decode(), role
        for name in PAGES:
            assert client.get(reverse(name, args=[decision.pk])).status_code == 404, (role, name)
        for name in ACTIONS:
            assert client.post(reverse(name, args=[decision.pk]), {"reason": "x"}).status_code == 404, (role, name)
        assert client.get(reverse("vote:decision", args=[decision.pk])).status_code in (403, 404), role
