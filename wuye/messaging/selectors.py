"""Who may read the outbox: officials, each for the phones of owners in their scope; admins all."""
from __future__ import annotations

from wuye.messaging.models import SmsMessage


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
