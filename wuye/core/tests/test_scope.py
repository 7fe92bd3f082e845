"""Scope arithmetic and how a scope maps onto scoped querysets."""
import pytest

from wuye.core.scope import EMPTY, Scope, minimal_prefixes
from wuye.estates.models import Estate
from wuye.estates.tests.factories import EstateFactory
from wuye.regions.models import Region


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([], ()),
        (["4117"], ("4117",)),
        (["4117", "411702001", "411702"], ("4117",)),
        (["411702001", "411702002"], ("411702001", "411702002")),
        (["411702001", "411702001"], ("411702001",)),
        (["4115", "4117", "411702001"], ("4115", "4117")),
        # A shared leading digit is not containment: 41170 is not under 41171.
        (["411710", "411702"], ("411702", "411710")),
    ],
)
def test_minimal_prefixes(given, expected):
    assert minimal_prefixes(given) == expected


def test_scope_emptiness_and_region_cover():
    assert EMPTY.is_empty
    assert not Scope(everything=True).is_empty
    assert not Scope(estate_ids=frozenset({1})).is_empty
    s = Scope(region_prefixes=("411702001",))
    assert s.covers_region("411702001003")
    assert not s.covers_region("411702002000")
    assert not s.covers_region(None)
    assert Scope(everything=True).covers_region("110000000000")


@pytest.mark.django_db
def test_in_scope_maps_each_dimension(street, other_street):
    mine = EstateFactory(region=street)
    other = EstateFactory(region=other_street)
    qs = Estate.objects.all()
    assert set(qs.in_scope(Scope(region_prefixes=(street.prefix,)))) == {mine}
    assert set(qs.in_scope(Scope(estate_ids=frozenset({other.pk})))) == {other}
    assert set(qs.in_scope(Scope(everything=True))) >= {mine, other}
    assert not qs.in_scope(EMPTY).exists()
    # Several dimensions are a union.
    both = Scope(region_prefixes=(street.prefix,), estate_ids=frozenset({other.pk}))
    assert set(qs.in_scope(both)) == {mine, other}


@pytest.mark.django_db
def test_dimension_a_model_does_not_declare_grants_nothing():
    # Regions know nothing of departments: a department-only scope sees no region.
    assert not Region.objects.in_scope(Scope(department_ids=frozenset({1}))).exists()


@pytest.mark.django_db
def test_in_scope_does_not_repeat_rows_across_multivalued_relations(street):
    from wuye.estates.tests.factories import OwnershipFactory, UnitFactory

    estate = EstateFactory(region=street)
    unit = UnitFactory(building__estate=estate)
    o1 = OwnershipFactory(unit=unit)
    OwnershipFactory(unit=UnitFactory(building=unit.building))
    rows = list(Estate.objects.in_scope(Scope(owner_ids=frozenset({o1.owner_id})), ))
    assert rows == [estate]
