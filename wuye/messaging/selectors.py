"""Reads of messaging: the SMS outbox (officials, each for the phones of owners in their scope; admins all)
and the owners' notice board (every notice the user may see, newest first)."""
from __future__ import annotations

from wuye.messaging.models import Notice, SmsMessage


def outbox_for(user):
    from wuye.accounts.choices import Role
    from wuye.accounts.selectors import is_official, user_roles, user_scope
    from wuye.estates.models import Owner

    if Role.PLATFORM_ADMIN in user_roles(user) or user_scope(user).everything:
        return SmsMessage.objects.all()
    if not is_official(user):
        return SmsMessage.objects.none()
    phones = Owner.objects.visible_to(user).exclude(phone="").values("phone")
    return SmsMessage.objects.filter(phone__in=phones)


def notice_list(*, actor, estate_id: int | None = None):
    """The notices ``actor`` may read (decision meeting notices, committee and supervision notices), newest first."""
    qs = Notice.objects.visible_to(actor).select_related("estate").order_by("-published_at", "-id")
    if estate_id is not None:
        qs = qs.filter(estate_id=estate_id)
    return qs


def notice_get(*, actor, pk: int) -> Notice | None:
    """One notice if ``actor`` may read it, else None (the caller answers 404)."""
    return notice_list(actor=actor).filter(pk=pk).first()
