"""E-ballot login by one-time code: right, wrong, expired, too many tries, unknown phone, rate limits."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wuye.accounts import otp
from wuye.accounts.models import OneTimeCode, RoleAssignment
from wuye.estates.tests.factories import OwnershipFactory
from wuye.messaging.models import SmsMessage

pytestmark = pytest.mark.django_db
IP = "10.0.0.1"


def last_code(phone: str) -> str:
    body = SmsMessage.objects.filter(phone=phone, purpose="login_code").latest("id").body
    return re.search(r"\d{6}", body).group(0)


@pytest.fixture
def owner():
    return OwnershipFactory(owner__phone="13900001111").owner


def test_right_code_logs_in_as_the_owner_and_reuses_the_user(owner):
    otp.otp_request(phone="139 0000 1111", address=IP)
    user = otp.otp_verify(phone="13900001111", code=last_code(owner.phone), address=IP)
    assert RoleAssignment.objects.filter(user=user, role="owner", owner=owner).exists()
    assert not user.has_usable_password()
    with pytest.raises(ValidationError, match="已过期"):  # used once
        otp.otp_verify(phone=owner.phone, code=last_code(owner.phone), address=IP)
    later = timezone.now() + dt.timedelta(minutes=2)
    otp.otp_request(phone=owner.phone, address=IP, now=later)
    assert otp.otp_verify(phone=owner.phone, code=last_code(owner.phone), address=IP, now=later) == user


def test_wrong_code_then_too_many_attempts(owner, settings):
    otp.otp_request(phone=owner.phone, address=IP)
    code = last_code(owner.phone)
    wrong = "000000" if code != "000000" else "111111"
    for left in range(settings.WUYE_OTP_MAX_ATTEMPTS - 1, 0, -1):
        with pytest.raises(ValidationError, match=f"还可尝试 {left} 次"):
            otp.otp_verify(phone=owner.phone, code=wrong, address=IP)
    with pytest.raises(ValidationError, match="错误次数过多"):
        otp.otp_verify(phone=owner.phone, code=wrong, address=IP)
    with pytest.raises(ValidationError, match="错误次数过多"):  # the right code no longer works either
        otp.otp_verify(phone=owner.phone, code=code, address=IP)


def test_expired_code(owner, settings):
    otp.otp_request(phone=owner.phone, address=IP)
    later = timezone.now() + dt.timedelta(minutes=settings.WUYE_OTP_TTL_MINUTES, seconds=1)
    with pytest.raises(ValidationError, match="错误或已过期"):
        otp.otp_verify(phone=owner.phone, code=last_code(owner.phone), address=IP, now=later)


def test_unknown_phone_gets_the_same_answer_and_no_message(client, owner):
    answers = []
    for phone in (owner.phone, "13899998888"):
        response = client.post(reverse("vote:login"), {"phone": phone}, REMOTE_ADDR=IP)
        answers.append((response.status_code, response["Location"]))
        page = client.get(reverse("vote:code"))
        assert "如果 " in page.content.decode()
    assert answers[0] == answers[1] == (302, reverse("vote:code"))
    assert OneTimeCode.objects.filter(phone="13899998888").exists()  # counted like any other
    assert not SmsMessage.objects.filter(phone="13899998888").exists()
    # A wrong code reads the same for a known and an unknown phone.
    with pytest.raises(ValidationError) as unknown:
        otp.otp_verify(phone="13899998888", code="123456", address=IP)
    with pytest.raises(ValidationError) as known:
        otp.otp_verify(phone=owner.phone, code="123456" if last_code(owner.phone) != "123456" else "654321",
                       address=IP)
    assert unknown.value.messages == known.value.messages == ["验证码错误，还可尝试 4 次。"]


def test_rate_limits_per_phone_and_per_address(owner, settings):
    otp.otp_request(phone=owner.phone, address=IP)
    with pytest.raises(ValidationError, match="秒后"):
        otp.otp_request(phone=owner.phone, address=IP)
    t = timezone.now()
    for i in range(1, settings.WUYE_OTP_PER_PHONE_HOUR):
        otp.otp_request(phone=owner.phone, address=IP, now=t + dt.timedelta(minutes=2 * i))
    with pytest.raises(ValidationError, match="过于频繁"):
        otp.otp_request(phone=owner.phone, address=IP, now=t + dt.timedelta(minutes=30))
    settings.WUYE_OTP_PER_ADDRESS_HOUR = 3
    for n in range(3):
        try:
            otp.otp_request(phone=f"1370000000{n}", address="10.9.9.9")
        except ValidationError:
            pytest.fail("under the limit")
    with pytest.raises(ValidationError, match="过于频繁"):
        otp.otp_request(phone="13700000009", address="10.9.9.9")


def test_bad_phone_is_a_clear_error(client):
    response = client.post(reverse("vote:login"), {"phone": "12345"})
    assert response.status_code == 200 and "11 位手机号码" in response.content.decode()


def test_a_code_never_logs_into_an_account_with_a_password(owner, role_user, street):
    """An official who also holds the owner role logs in with password (and authenticator code);
    the phone code gives a separate owner-only account, never the official's."""
    official = role_user("street_office", region=street)
    official.set_password("pass12345")
    official.save()
    RoleAssignment.objects.create(user=official, role="owner", owner=owner)
    otp.otp_request(phone=owner.phone, address=IP)
    user = otp.otp_verify(phone=owner.phone, code=last_code(owner.phone), address=IP)
    assert user != official and not user.has_usable_password()
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == {"owner"}
    assert RoleAssignment.objects.filter(user=user, owner=owner).exists()
