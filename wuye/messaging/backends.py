"""SMS backends, chosen by the setting ``WUYE_SMS_BACKEND`` (a dotted path to a class).

A backend has one method, ``send(message: SmsMessage) -> None``: it delivers the message and sets
``message.status`` (and ``error`` on failure); the caller saves the row. The embedded default,
``OutboxBackend``, delivers nothing: the message stays in the outbox page for officials to read
(the demo shows one-time codes there).

A real gateway plugs in as a subclass in the deployment's own package, e.g.::

    class AliyunSmsBackend(BaseSmsBackend):
        def send(self, message):
            resp = client.send_sms(phone=message.phone, template=..., params={"code": ...})
            message.status = SmsStatus.SENT if resp.ok else SmsStatus.FAILED
            message.error = "" if resp.ok else resp.text[:500]

and ``WUYE_SMS_BACKEND=mypackage.sms.AliyunSmsBackend`` in the environment. A production backend
should also blank the body of login codes after sending (see ``redacts_codes``), so nobody — the
outbox page included — can read a code.
"""
from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from wuye.messaging.choices import SmsStatus


class BaseSmsBackend:
    # True for a real gateway: the stored body of a login code is replaced after sending.
    redacts_codes = True

    def send(self, message) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class OutboxBackend(BaseSmsBackend):
    """Embedded default: store the message as "sent to outbox"; nothing leaves the platform."""

    redacts_codes = False

    def send(self, message) -> None:
        message.status = SmsStatus.OUTBOX


class FailingBackend(BaseSmsBackend):
    """For tests and drills: every message fails."""

    redacts_codes = False

    def send(self, message) -> None:
        message.status = SmsStatus.FAILED
        message.error = "FailingBackend"


def get_backend() -> BaseSmsBackend:
    path = getattr(settings, "WUYE_SMS_BACKEND", "") or "wuye.messaging.backends.OutboxBackend"
    return import_string(path)()
