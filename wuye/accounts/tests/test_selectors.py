"""The scope each role gives: what a user may read and what they may change."""
import pytest

from wuye.accounts.models import RoleAssignment
from wuye.accounts.selectors import (
    is_official,
    primary_region,
    user_edit_scope,
    user_roles,
    user_scope,
)
from wuye.accounts.tests.factories import UserFactory
from wuye.enterprises.choices import ContractStatus
from wuye.enterprises.tests.factories import EnterpriseFactory, ServiceContractFactory
from wuye.estates.models import Estate
from wuye.estates.tests.factories import EstateFactory, OwnershipFactory
from wuye.regions.models import Region
from wuye.regions.tests.factories import CommunityFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

ZMD_CITY = "411700000000"
YICHENG = "411702000000"  # 驿城区
XIPING = "411721000000"  # 西平县
SECOND_STREET = "411702002000"


@pytest.fixture
def world(street, other_street):
    """Estates spread over the tree: two in our street, one elsewhere in the district, city and province."""
    community = CommunityFactory(parent=street)
    second_street = Region.objects.get(code=SECOND_STREET)
    xiping_street = Region.objects.filter(parent_id=XIPING, level=4).order_by("code").first()
    return {
        "community": community,
        "in_community": EstateFactory(region=community),
        "in_street": EstateFactory(region=street),
        "in_district": EstateFactory(region=second_street),
        "in_city": EstateFactory(region=xiping_street),
        "elsewhere": EstateFactory(region=other_street),
    }


def visible(user):
    return set(Estate.objects.visible_to(user).values_list("pk", flat=True))


def editable(user):
    return set(Estate.objects.editable_by(user).values_list("pk", flat=True))


def ids(world, *names):
    return {world[n].pk for n in names}


def test_city_bureau_sees_every_street_of_the_city(world, role_user):
    user = role_user("city_bureau", region=Region.objects.get(code=ZMD_CITY))
    assert visible(user) >= ids(world, "in_community", "in_street", "in_district", "in_city")
    assert world["elsewhere"].pk not in visible(user)
    assert editable(user) == visible(user)
    assert user_scope(user).region_prefixes == ("4117",)


def test_district_bureau_sees_its_district_only(world, role_user):
    user = role_user("district_bureau", region=Region.objects.get(code=YICHENG))
    assert visible(user) == ids(world, "in_community", "in_street", "in_district")


def test_street_office_sees_only_its_street(world, role_user, street):
    user = role_user("street_office", region=street)
    assert visible(user) == ids(world, "in_community", "in_street")
    assert editable(user) == visible(user)


def test_community_liaison_sees_only_its_community(world, role_user):
    user = role_user("community_liaison", region=world["community"])
    assert visible(user) == ids(world, "in_community")


def test_department_reads_its_region_but_edits_nothing(world, role_user):
    dept = DepartmentFactory(region=Region.objects.get(code=YICHENG))
    user = role_user("department", department=dept)
    assert visible(user) == ids(world, "in_community", "in_street", "in_district")
    assert editable(user) == set()
    assert user_edit_scope(user).is_empty
    assert user_scope(user).department_ids == frozenset({dept.pk})


def test_enterprise_staff_see_estates_served_until_the_contract_ends(world, role_user):
    enterprise = EnterpriseFactory()
    contract = ServiceContractFactory(estate=world["in_city"], enterprise=enterprise, status=ContractStatus.ACTIVE)
    user = role_user("enterprise_staff", enterprise=enterprise)
    assert visible(user) == ids(world, "in_city")
    assert user_scope(user).enterprise_ids == frozenset({enterprise.pk})

    contract.status = ContractStatus.HOLDOVER
    contract.save()
    assert visible(_fresh(user)) == ids(world, "in_city")

    contract.status = ContractStatus.ENDED
    contract.save()
    assert visible(_fresh(user)) == set()


def _fresh(user):
    """The same user without the per-object scope caches (a new request)."""
    from wuye.accounts.models import User

    return User.objects.get(pk=user.pk)


def test_committee_member_sees_only_their_estate(world, role_user):
    user = role_user("committee_member", estate=world["in_street"])
    assert visible(user) == ids(world, "in_street")
    assert editable(user) == set()


def test_owner_sees_only_estates_of_their_units(world, role_user):
    ownership = OwnershipFactory(unit__building__estate=world["in_district"])
    user = role_user("owner", owner=ownership.owner)
    assert visible(user) == ids(world, "in_district")
    assert editable(user) == set()


def test_two_roles_see_the_union(world, role_user):
    user = role_user("community_liaison", region=world["community"])
    RoleAssignment.objects.create(user=user, role="committee_member", estate=world["elsewhere"])
    assert visible(_fresh(user)) == ids(world, "in_community", "elsewhere")


def test_superuser_sees_everything(world):
    admin = UserFactory(is_superuser=True)
    assert visible(admin) == set(Estate.objects.values_list("pk", flat=True))
    assert user_scope(admin).everything and user_edit_scope(admin).everything
    assert "platform_admin" in user_roles(admin)


def test_platform_admin_role_sees_everything(world, role_user):
    user = role_user("platform_admin")
    assert visible(user) == set(Estate.objects.values_list("pk", flat=True))


def test_inactive_assignment_gives_nothing(world, street):
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role="street_office", region=street, is_active=False)
    assert visible(user) == set()
    assert user_scope(user).is_empty
    assert not is_official(user)


def test_inactive_user_gets_nothing(world, role_user, street):
    user = role_user("street_office", region=street)
    user.is_active = False
    user.save()
    assert visible(_fresh(user)) == set()


def test_anonymous_user_gets_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


def test_primary_region_is_the_highest(role_user, street):
    user = role_user("street_office", region=street)
    city = Region.objects.get(code=ZMD_CITY)
    RoleAssignment.objects.create(user=user, role="city_bureau", region=city)
    assert primary_region(_fresh(user)) == city
    assert is_official(user)


@pytest.mark.django_db
def test_enterprise_staff_read_served_estates_but_change_only_their_own_records(role_user):
    from wuye.enterprises.models import Enterprise, ServiceContract
    from wuye.enterprises.tests.factories import ServiceContractFactory
    from wuye.estates.models import Estate

    contract = ServiceContractFactory()
    staff = role_user("enterprise_staff", enterprise=contract.enterprise)
    assert Estate.objects.visible_to(staff).filter(pk=contract.estate_id).exists()
    assert not Estate.objects.editable_by(staff).filter(pk=contract.estate_id).exists()
    assert not ServiceContract.objects.editable_by(staff).filter(pk=contract.pk).exists()
    assert Enterprise.objects.editable_by(staff).filter(pk=contract.enterprise_id).exists()


@pytest.mark.django_db
def test_street_official_reads_but_does_not_change_a_serving_enterprise(role_user, street):
    from wuye.enterprises.models import Enterprise
    from wuye.enterprises.tests.factories import ServiceContractFactory
    from wuye.estates.tests.factories import EstateFactory

    contract = ServiceContractFactory(estate=EstateFactory(region=street))
    official = role_user("street_office", region=street)
    assert Enterprise.objects.visible_to(official).filter(pk=contract.enterprise_id).exists()
    assert not Enterprise.objects.editable_by(official).filter(pk=contract.enterprise_id).exists()


@pytest.mark.django_db
def test_owner_sees_their_estate_but_only_their_own_units_and_titles(role_user):
    from wuye.estates.models import Ownership, Unit

    mine = OwnershipFactory()
    neighbour = OwnershipFactory(unit__building=mine.unit.building)
    user = role_user("owner", owner=mine.owner)
    assert Estate.objects.visible_to(user).filter(pk=mine.estate_id).exists()
    assert set(Unit.objects.visible_to(user)) == {mine.unit}
    assert set(Ownership.objects.visible_to(user)) == {mine}
    assert neighbour.owner not in set(type(neighbour.owner).objects.visible_to(user))
