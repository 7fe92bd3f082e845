"""The parameter catalogue: parsing, ranges, bool/choice input and cross-parameter rules."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wuye.policy.rules.parameters import (
    BOOL,
    CHOICE,
    DECIMAL,
    GROUPS,
    INT,
    PARAMETERS,
    TEXT,
    ParameterError,
    check_consistency,
    get_definition,
)


def test_every_default_parses_to_itself():
    for p in PARAMETERS.values():
        assert p.kind in {INT, DECIMAL, BOOL, CHOICE, TEXT}
        assert p.group in GROUPS
        if p.default is None:
            assert p.nullable, p.key
            continue
        assert p.parse(p.default) == p.default, p.key
        if p.kind == CHOICE:
            assert p.default in dict(p.choices)


def test_national_defaults_are_consistent():
    assert check_consistency({k: p.python_value(p.default) for k, p in PARAMETERS.items()}) == []


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("meeting_notice_days", "15", 15),
        ("meeting_notice_days", " 30 ", 30),
        ("meeting_notice_days", 1, 1),
        ("meeting_notice_days", "90", 90),
        ("deposit_rate", "0.06", "0.06"),
        ("deposit_rate", "0.050", "0.050"),
        ("deposit_rate", Decimal("0.08"), "0.08"),
        ("parking_counts_as_area", "true", True),
        ("parking_counts_as_area", "是", True),
        ("parking_counts_as_area", "on", True),
        ("parking_counts_as_area", "1", True),
        ("parking_counts_as_area", True, True),
        ("parking_counts_as_area", "false", False),
        ("parking_counts_as_area", "否", False),
        ("parking_counts_as_area", "0", False),
        ("parking_counts_as_area", "OFF", False),
        ("fund_use_rule", "LEGACY_MFM22", "LEGACY_MFM22"),
        ("fund_use_rule", " CC278 ", "CC278"),
        ("exit_days", "", None),
        ("exit_days", None, None),
        ("exit_days", "30", 30),
    ],
)
def test_parse_accepts(key, raw, expected):
    assert PARAMETERS[key].parse(raw) == expected


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("meeting_notice_days", "0", "不能小于 1天"),
        ("meeting_notice_days", "91", "不能大于 90天"),
        ("meeting_notice_days", "1.5", "应为整数"),
        ("meeting_notice_days", "十五", "应为整数"),
        ("meeting_notice_days", "", "不能为空"),
        ("meeting_notice_days", None, "不能为空"),
        ("deposit_rate", "0.04", "不能小于 0.05"),
        ("deposit_rate", "0.081", "不能大于 0.08"),
        ("deposit_rate", "abc", "应为数字"),
        ("deposit_rate", "NaN", "有限数字"),
        ("deposit_rate", "Infinity", "有限数字"),
        ("parking_counts_as_area", "maybe", "应为“是”或“否”"),
        ("fund_use_rule", "cc278", "只能是"),
        ("fund_use_rule", "OTHER", "民法典第278条"),
        ("exit_days", "0", "不能小于 1"),
        ("committee_min", "2", "不能小于 3人"),
    ],
)
def test_parse_refuses_with_a_chinese_message(key, raw, message):
    with pytest.raises(ParameterError) as exc:
        PARAMETERS[key].parse(raw)
    assert message in str(exc.value)
    assert PARAMETERS[key].label in str(exc.value) or "有限数字" in message


def test_unknown_parameter():
    with pytest.raises(ParameterError, match="未知的政策参数"):
        get_definition("no_such_key")


def test_display():
    assert PARAMETERS["meeting_notice_days"].display(15) == "15天"
    assert PARAMETERS["parking_counts_as_area"].display(True) == "是"
    assert PARAMETERS["fund_use_rule"].display("CC278").startswith("民法典")
    assert PARAMETERS["exit_days"].display(None) == "—"


def test_parse_safe_never_equals_on_bad_input():
    p = PARAMETERS["meeting_notice_days"]
    assert p.parse_safe("15") == 15
    assert p.parse_safe("bad") != p.parse_safe("bad")


@pytest.mark.parametrize(
    ("values", "expected_fragments"),
    [
        ({"committee_min": 5, "committee_max": 11, "pmc_min": 7}, []),
        ({"committee_min": 13, "committee_max": 11}, ["最少人数（13）不能大于最多人数（11）"]),
        ({"committee_min": 6, "committee_max": 11}, ["业委会委员最少人数”应为奇数"]),
        ({"committee_min": 5, "committee_max": 10}, ["业委会委员最多人数”应为奇数"]),
        ({"pmc_min": 8}, ["物管会委员最少人数”应为奇数"]),
        ({"committee_min": 12, "committee_max": 10}, ["不能大于最多人数", "最少人数”应为奇数", "最多人数”应为奇数"]),
        ({}, []),
    ],
)
def test_consistency_rules(values, expected_fragments):
    errors = check_consistency(values)
    assert len(errors) == len(expected_fragments)
    for fragment in expected_fragments:
        assert any(fragment in e for e in errors), (fragment, errors)


INT_PARAMS = [p for p in PARAMETERS.values() if p.kind == INT]
DEC_PARAMS = [p for p in PARAMETERS.values() if p.kind == DECIMAL]


@given(st.sampled_from(INT_PARAMS), st.integers(min_value=-10_000, max_value=2_000_000))
def test_int_parse_round_trips_or_refuses_by_range(p, n):
    in_range = (p.minimum is None or n >= p.minimum) and (p.maximum is None or n <= p.maximum)
    if in_range:
        stored = p.parse(str(n))
        assert stored == n
        assert p.parse(stored) == stored
        assert p.parse(p.display(stored).removesuffix(p.unit)) == stored
    else:
        with pytest.raises(ParameterError):
            p.parse(str(n))


@given(st.sampled_from(DEC_PARAMS), st.decimals(min_value=Decimal("-2"), max_value=Decimal("2"), places=3))
def test_decimal_parse_round_trips_or_refuses_by_range(p, d):
    in_range = p.minimum <= d <= p.maximum
    if in_range:
        stored = p.parse(str(d))
        assert isinstance(stored, str)  # JSON-safe
        assert p.python_value(stored) == d
        assert p.parse(stored) == stored
        assert p.parse(p.python_value(stored)) == stored
    else:
        with pytest.raises(ParameterError):
            p.parse(str(d))


@given(st.sampled_from([p for p in PARAMETERS.values() if p.kind == BOOL]), st.booleans())
def test_bool_round_trip(p, value):
    assert p.parse(p.parse(value)) is value
    assert p.parse(p.display(value)) is value
    assert p.parse(str(value).lower()) is value


@given(st.sampled_from([p for p in PARAMETERS.values() if p.kind == CHOICE]), st.data())
def test_choice_round_trip(p, data):
    value = data.draw(st.sampled_from([c[0] for c in p.choices]))
    assert p.parse(value) == value
    bad = data.draw(st.text(min_size=1, max_size=8).filter(lambda t: t.strip() not in dict(p.choices)))
    with pytest.raises(ParameterError):
        p.parse(bad)


@given(st.integers(3, 21), st.integers(3, 21))
def test_consistency_property(lo, hi):
    errors = check_consistency({"committee_min": lo, "committee_max": hi})
    assert (lo > hi) == any("不能大于" in e for e in errors)
    assert (lo % 2 == 0 or hi % 2 == 0) == any("奇数" in e for e in errors)
