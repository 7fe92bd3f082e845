"""Encrypt every stored secret again with the first of WUYE_FIELD_KEYS (see wuye.core.crypto).

    python manage.py rotate_field_keys

To change keys: put the new key first in WUYE_FIELD_KEYS, keep the old one after it, run this
command, then drop the old key. Values written before encryption are encrypted too.
"""
from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wuye.core.crypto import ENCRYPTED_FIELDS, DecryptionError, rotate


class Command(BaseCommand):
    help = "用 WUYE_FIELD_KEYS 的第一个密钥重新加密数据库中的全部加密字段（更换密钥用）"

    def handle(self, *args, **opts):
        for label, field in ENCRYPTED_FIELDS:
            model = apps.get_model(label)
            done = 0
            with transaction.atomic():  # all rows of a column or none
                for pk, stored in model.objects.select_for_update().values_list("pk", field):
                    if not stored:
                        continue
                    try:
                        model.objects.filter(pk=pk).update(**{field: rotate(stored)})
                    except DecryptionError:
                        raise CommandError(f"{label}.{field} #{pk}：现有密钥都无法解密，已回滚，未做任何改动。"
                                           "请把旧密钥放回 WUYE_FIELD_KEYS（新密钥在前）后重试。") from None
                    done += 1
            self.stdout.write(f"{label}.{field}：已重新加密 {done} 条")
