"""Sending text messages and publishing notices."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.db import transaction
from django.utils import timezone

from wuye.messaging.backends import get_backend
from wuye.messaging.choices import SmsPurpose, SmsStatus
from wuye.messaging.models import Notice, SmsMessage

log = logging.getLogger(__name__)
REDACTED = "（验证码已发送，内容不保存）"


def sms_send(*, phone: str, body: str, purpose: str) -> SmsMessage:
    """Queue a text message; the backend sends it once the surrounding transaction commits.

    The row is written now, inside the caller's transaction: a rolled-back write sends nothing and
    leaves no row.
    """
    message = SmsMessage.objects.create(phone=phone, body=body, purpose=purpose, status=SmsStatus.QUEUED)
    transaction.on_commit(lambda: _deliver(message.pk), robust=True)
    return message


def _deliver(pk: int) -> None:
    message = SmsMessage.objects.filter(pk=pk, status=SmsStatus.QUEUED).first()
    if message is None:
        return
    backend = get_backend()
    message.backend = f"{type(backend).__module__}.{type(backend).__qualname__}"[:200]
    try:
        backend.send(message)
    except Exception as exc:  # noqa: BLE001 - a gateway failure must not break the request
        log.exception("SMS to %s failed", message.phone[-4:])
        message.status, message.error = SmsStatus.FAILED, str(exc)[:500]
    if message.status != SmsStatus.FAILED:
        message.sent_at = timezone.now()
        if backend.redacts_codes and message.purpose == SmsPurpose.LOGIN_CODE:
            message.body = REDACTED
    message.save(update_fields=["status", "backend", "sent_at", "error", "body"])


def _digest(f) -> str:
    if not f:
        return ""
    h = hashlib.sha256()
    for chunk in f.chunks():
        h.update(chunk)
    f.seek(0)
    return h.hexdigest()


@transaction.atomic
def notice_publish(*, actor, estate, subject: str, title: str, body: str = "", attachment=None, publisher: str = "",
                   sms: bool = False, now: dt.datetime | None = None) -> Notice:
    """Publish a notice to the owners of ``estate`` (the owners' notice board and the matter's pages).

    ``subject`` names the matter ("<kind>:<pk>", see wuye.messaging.notices). With ``sms`` the owners of
    the estate with a phone on file are also texted (after the transaction commits).
    """
    notice = Notice.objects.create(estate=estate, subject=subject[:100], title=title[:200], body=body or "",
                                   attachment=attachment or None, attachment_sha256=_digest(attachment),
                                   publisher=(publisher or "")[:120], published_at=now or timezone.now(),
                                   published_by=actor if getattr(actor, "pk", None) else None)
    if sms:
        _sms_owners(estate, f"【{publisher}】{title}。详见物业监管平台业主公告。" if publisher
                    else f"{title}。详见物业监管平台业主公告。")
    return notice


def _sms_owners(estate, text: str) -> int:
    """Text every owner of ``estate`` with a phone on file; the number of messages queued."""
    from wuye.estates.models import Owner

    phones = (Owner.objects.filter(ownerships__estate=estate, ownerships__is_voided=False, is_voided=False)
              .exclude(phone="").values_list("phone", flat=True).distinct())
    sent = 0
    for phone in phones:
        sms_send(phone=phone, body=text, purpose=SmsPurpose.NOTICE)
        sent += 1
    return sent
