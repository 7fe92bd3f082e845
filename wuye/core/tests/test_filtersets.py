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


@pytest.mark.django_db
def test_region_filter_offers_only_the_users_regions_and_filters_by_prefix(client, role_user):
    from wuye.regions.models import Region

    district = Region.objects.get(code="411702000000")  # 驿城区
    inside = EstateFactory(region=Region.objects.get(code="411702001000"), name="驿城区内小区")
    EstateFactory(region=Region.objects.get(code="411722001000"), name="上蔡县小区")  # same city, other county
    client.force_login(role_user("district_bureau", region=district))
    page = client.get(reverse("estates:estate_list"))
    options = page.context["filterset"].form.fields["region"].queryset
    assert set(options.values_list("code", flat=True)) == set(
        Region.objects.filter(code__startswith="411702", level__in=(3, 4)).values_list("code", flat=True))
    rows = client.get(reverse("estates:estate_list"), {"region": district.code}).context["rows"]
    assert [o.name for o, _u, _c in rows] == [inside.name]
    # A region outside the user's scope is not a valid choice: nothing is listed, not everything.
    rows = client.get(reverse("estates:estate_list"), {"region": "411722001000"}).context["rows"]
    assert rows == []
