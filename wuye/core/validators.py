"""Validators for Chinese identifiers, built on python-stdnum."""
from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    if not value:
        return
    try:
        uscc.validate(value)
    except InvalidLength:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)d位：%(v)s") % {"n": len(value), "v": value}, code="length") from None
    except InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验位错误：%(v)s") % {"v": value}, code="checksum") from None
    except (InvalidFormat, InvalidComponent, StdnumError):
        raise ValidationError(_("统一社会信用代码格式不正确：%(v)s") % {"v": value}, code="format") from None


@lru_cache(maxsize=8192)
def _birth_place_known(area: str, year: str) -> bool:
    """stdnum's place check depends only on the area code and birth year; its table lookup is slow."""
    try:
        ric.get_birth_place(f"{area}{year}01010000")
    except (StdnumError, KeyError):  # stdnum raises KeyError for codes with no county (e.g. 411771)
        return False
    return True


def ric_validate(value: str) -> str:
    """stdnum's ``ric.validate`` with the birth-place lookup cached per (area code, birth year)."""
    number = ric.compact(value)
    if len(number) != 18:
        raise InvalidLength()
    if not number[:-1].isdigit():
        raise InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    ric.get_birth_date(number)
    if not _birth_place_known(number[:6], number[6:10]):
        raise InvalidComponent()
    return number


def is_valid_id_number(value: str) -> bool:
    try:
        ric_validate(value)
    except StdnumError:
        return False
    return True


def validate_id_number(value: str) -> None:
    """居民身份证号 (GB 11643): 18 characters with a check character and a valid birth date."""
    if not value:
        return
    try:
        ric_validate(value)
    except InvalidLength:
        raise ValidationError(_("身份证号应为18位：%(v)s") % {"v": value}, code="length") from None
    except InvalidChecksum:
        raise ValidationError(_("身份证号校验位错误：%(v)s") % {"v": value}, code="checksum") from None
    except (InvalidFormat, InvalidComponent, StdnumError):
        raise ValidationError(_("身份证号格式不正确：%(v)s") % {"v": value}, code="format") from None


def mask_id_number(value: str) -> str:
    """Show only the first 6 and last 4 characters of an ID number."""
    if not value or len(value) < 10:
        return value
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    if not value or len(value) < 7:
        return value
    return value[:3] + "****" + value[-4:]
