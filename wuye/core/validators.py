"""Validators for Chinese identifiers, built on python-stdnum."""
from __future__ import annotations

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


def validate_id_number(value: str) -> None:
    """居民身份证号 (GB 11643): 18 characters with a check character and a valid birth date."""
    if not value:
        return
    try:
        ric.validate(value)
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
