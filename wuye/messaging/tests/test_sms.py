"""sms_send: the row is written in the caller's transaction and handed to the configured backend on commit."""
from __future__ import annotations

import pytest
from django.db import transaction

from wuye.messaging.backends import BaseSmsBackend
from wuye.messaging.choices import SmsStatus
from wuye.messaging.models import SmsMessage
from wuye.messaging.services import REDACTED, sms_send

pytestmark = pytest.mark.django_db


class GatewayBackend(BaseSmsBackend):
    """A stand-in for a real gateway: accepts every message."""

    sent: list = []

    def send(self, message) -> None:
        GatewayBackend.sent.append((message.phone, message.body))
        message.status = SmsStatus.SENT


def test_outbox_backend_stores_the_message_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        m = sms_send(phone="13900000001", body="验证码 123456", purpose="login_code")
        assert SmsMessage.objects.get(pk=m.pk).status == SmsStatus.QUEUED
    m.refresh_from_db()
    assert (m.status, m.body, m.backend) == (SmsStatus.OUTBOX, "验证码 123456", "wuye.messaging.backends.OutboxBackend")
    assert m.sent_at is not None


def test_a_rolled_back_write_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                sms_send(phone="13900000002", body="x", purpose="notice")
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert not callbacks and not SmsMessage.objects.filter(phone="13900000002").exists()


def test_a_gateway_backend_is_chosen_by_setting_and_never_keeps_a_code(settings, django_capture_on_commit_callbacks):
    settings.WUYE_SMS_BACKEND = f"{__name__}.GatewayBackend"
    GatewayBackend.sent = []
    with django_capture_on_commit_callbacks(execute=True):
        code = sms_send(phone="13900000003", body="验证码 654321", purpose="login_code")
        receipt = sms_send(phone="13900000003", body="回执码 abc", purpose="ballot_receipt")
    code.refresh_from_db()
    receipt.refresh_from_db()
    assert GatewayBackend.sent == [("13900000003", "验证码 654321"), ("13900000003", "回执码 abc")]
    assert (code.status, code.body) == (SmsStatus.SENT, REDACTED)
    assert receipt.body == "回执码 abc"


def test_a_failing_backend_is_recorded(settings, django_capture_on_commit_callbacks):
    settings.WUYE_SMS_BACKEND = "wuye.messaging.backends.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        m = sms_send(phone="13900000004", body="x", purpose="notice")
    m.refresh_from_db()
    assert m.status == SmsStatus.FAILED and m.error and m.sent_at is None
