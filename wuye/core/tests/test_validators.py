"""Chinese identifiers: 统一社会信用代码 and 居民身份证号, and masking for display."""
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from wuye.core.validators import (
    mask_id_number,
    mask_phone,
    validate_credit_code,
    validate_id_number,
)

GOOD_USCC = "91411702MA00000420"[:17] + uscc.calc_check_digit("91411702MA00000420"[:17])
ID_BODY = "41170220050317123"  # 驿城区 (code valid since 2000), born 2005-03-17
GOOD_ID = ID_BODY + ric.calc_check_digit(ID_BODY + "0")  # stdnum ignores the 18th character


def _wrong_check(value, alphabet="0123456789X"):
    return value[:-1] + next(c for c in alphabet if c != value[-1])


def test_valid_values_pass():
    validate_credit_code(GOOD_USCC)
    validate_id_number(GOOD_ID)
    validate_id_number("11010519491231002X")
    validate_credit_code("")  # blank is the field's business
    validate_id_number("")


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        (_wrong_check(GOOD_USCC, "0123456789ABCDEFGHJKLMNPQRTUWXY"), "checksum", "统一社会信用代码校验位错误"),
        (GOOD_USCC[:-1], "length", "统一社会信用代码应为18位，当前为17位"),
        (GOOD_USCC + "1", "length", "应为18位，当前为19位"),
        ("91411702MA0000042I", "format", "统一社会信用代码格式不正确"),
    ],
)
def test_bad_credit_codes(value, code, message):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(value)
    assert exc.value.code == code
    assert message in exc.value.messages[0]
    assert value in exc.value.messages[0]


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        (_wrong_check(GOOD_ID), "checksum", "身份证号校验位错误"),
        (GOOD_ID[:-1], "length", "身份证号应为18位"),
        (GOOD_ID + "0", "length", "身份证号应为18位"),
        # Month 13: a well-formed number with a right check digit but no such birth date.
        ("41170220051317123" + ric.calc_check_digit("411702200513171230"), "format", "身份证号格式不正确"),
        # 驿城区 did not exist in 1985: the birth place is unknown for that year.
        ("41170219850317123" + ric.calc_check_digit("411702198503171230"), "format", "身份证号格式不正确"),
        ("4117021985031712AB", "format", "身份证号格式不正确"),
    ],
)
def test_bad_id_numbers(value, code, message):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert exc.value.code == code, exc.value.messages
    assert message in exc.value.messages[0]


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("41170219850317123X", "411702********123X"),
        ("", ""),
        ("123456789", "123456789"),
        ("1234567890", "1234567890"),
        ("12345678901", "123456*8901"),
    ],
)
def test_mask_id_number(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [("13912345678", "139****5678"), ("", ""), ("123456", "123456"), ("0396-1234567", "039****4567")],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def test_masked_values_on_pages(role_user, street, client, db):
    from django.urls import reverse

    from wuye.estates.tests.factories import OwnerFactory, OwnershipFactory

    owner = OwnerFactory(id_number=GOOD_ID, phone="13912345678")
    OwnershipFactory(owner=owner)
    client.force_login(role_user("street_office", region=street))
    for url in (reverse("estates:owner_list"), reverse("estates:owner_detail", args=[owner.pk])):
        html = client.get(url).content.decode()
        assert GOOD_ID not in html and "13912345678" not in html
        assert "139****5678" in html


@settings(max_examples=300, deadline=None)
@given(area=st.sampled_from(["110105", "411702", "412801", "411771", "000000", "999999"]),
       year=st.integers(1900, 2025), month=st.integers(1, 12), day=st.integers(1, 28),
       seq=st.integers(0, 999))
def test_cached_id_validation_agrees_with_stdnum(area, year, month, day, seq):
    """The cached birth-place path answers exactly as stdnum's own ric.is_valid."""
    from stdnum.cn import ric

    from wuye.core.validators import is_valid_id_number

    def stdnum_valid(n):
        try:
            return ric.is_valid(n)
        except KeyError:  # stdnum's own lookup fails for codes without a county: not a valid place
            return False

    body = f"{area}{year:04d}{month:02d}{day:02d}{seq:03d}"
    number = body + ric.calc_check_digit(body + "0")
    assert is_valid_id_number(number) == stdnum_valid(number)
    wrong = body + ("0" if number[-1] != "0" else "1")
    assert is_valid_id_number(wrong) is False


def test_id_number_of_a_zone_without_county_is_refused_not_crashing():
    body = "41177119900101001"
    with pytest.raises(ValidationError):
        validate_id_number(body + ric.calc_check_digit(body + "0"))
