"""Related-object filters must not reveal out-of-scope rows: no drop-down of the whole table,
and the same answer for an id that is out of scope as for one that does not exist."""
import pytest
from django.urls import reverse

from wuye.enterprises.tests.factories import ServiceContractFactory
from wuye.estates.tests.factories import EstateFactory, OwnershipFactory


@pytest.mark.django_db
def test_filter_forms_do_not_list_other_regions_objects(client, role_user, street, other_street):
    foreign = EstateFactory(region=other_street, name="信阳外部小区")
    OwnershipFactory(unit__building__estate=foreign)
    ServiceContractFactory(estate=foreign)
    client.force_login(role_user("street_office", region=street))
    for url in ("estates:ownership_list", "enterprises:servicecontract_list", "estates:managementareafiling_list",
                "organization:partyorganization_list"):
        page = client.get(reverse(url))
        assert page.status_code == 200
        assert "信阳外部小区" not in page.content.decode(), url


@pytest.mark.django_db
def test_api_filter_by_out_of_scope_id_answers_like_a_missing_id(client, role_user, street, other_street):
    foreign = EstateFactory(region=other_street)
    client.force_login(role_user("street_office", region=street))
    out_of_scope = client.get("/api/v1/service-contracts/", {"estate": foreign.pk})
    missing = client.get("/api/v1/service-contracts/", {"estate": 99_999_999})
    assert out_of_scope.status_code == missing.status_code == 200
    assert out_of_scope.json()["count"] == missing.json()["count"] == 0
