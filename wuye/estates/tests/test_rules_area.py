"""Area precedence of a unit: registry > survey > contract; None only when all are None."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wuye.estates.rules.area import CONTRACT, REGISTRY, SURVEY, EffectiveArea, effective_area

D = Decimal


@pytest.mark.parametrize(
    ("registry", "survey", "contract", "expected"),
    [
        (D("89.50"), D("90.10"), D("92.00"), EffectiveArea(D("89.50"), REGISTRY)),
        (None, D("90.10"), D("92.00"), EffectiveArea(D("90.10"), SURVEY)),
        (None, None, D("92.00"), EffectiveArea(D("92.00"), CONTRACT)),
        (D("89.50"), None, None, EffectiveArea(D("89.50"), REGISTRY)),
        (D("89.50"), None, D("92.00"), EffectiveArea(D("89.50"), REGISTRY)),
        (None, D("90.10"), None, EffectiveArea(D("90.10"), SURVEY)),
        (None, None, None, EffectiveArea(None, None)),
        # A smaller registry area still wins: precedence is by source, not by size.
        (D("10"), D("1000"), D("1000"), EffectiveArea(D("10"), REGISTRY)),
    ],
)
def test_effective_area_table(registry, survey, contract, expected):
    assert effective_area(registry, survey, contract) == expected


def test_result_is_decimal_even_from_int_input():
    result = effective_area(None, 88, None)
    assert isinstance(result.area, Decimal) and result.area == D("88") and result.source == SURVEY


areas = st.one_of(st.none(), st.decimals(min_value=D("0.01"), max_value=D("99999999.99"), places=2))


@given(areas, areas, areas)
def test_effective_area_properties(registry, survey, contract):
    result = effective_area(registry, survey, contract)
    given_values = [registry, survey, contract]
    if all(v is None for v in given_values):
        assert result == EffectiveArea(None, None)
        return
    first = next(v for v in given_values if v is not None)
    assert result.area == first
    assert result.source == {0: REGISTRY, 1: SURVEY, 2: CONTRACT}[given_values.index(first)]
    # Whatever the lower-precedence sources say, they never change a higher one's answer.
    if registry is not None:
        assert effective_area(registry, None, None) == result


@given(areas, areas)
def test_registry_always_wins_when_present(survey, contract):
    assert effective_area(D("77.70"), survey, contract) == EffectiveArea(D("77.70"), REGISTRY)


@pytest.mark.django_db
def test_unit_area_uses_the_rule():
    from wuye.estates.tests.factories import UnitFactory

    unit = UnitFactory(registry_area=None, survey_area=D("101.20"), contract_area=D("99.00"))
    assert unit.area == D("101.20") and unit.area_source == SURVEY
