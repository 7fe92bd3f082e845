"""Secrets kept in the database encrypted (Fernet: AES-128-CBC with HMAC-SHA256), e.g. the seeds of
officials' authenticator apps: a copy of the database alone does not give them away.

Keys come from ``WUYE_FIELD_KEYS`` (comma-separated Fernet keys; the first encrypts, every one
decrypts, so a new key is put first and ``manage.py rotate_field_keys`` re-encrypts). Without it the
key is derived from ``SECRET_KEY``. Production should set ``WUYE_FIELD_KEYS``: then changing
``SECRET_KEY`` (to end every session) leaves the stored secrets readable. Make a key with
``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.

Stored values carry the prefix ``enc1:`` so a value written before encryption is recognised.
"""
from __future__ import annotations

import base64
import functools
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "enc1:"
# Every encrypted column, for ``manage.py rotate_field_keys``: (model label, field name).
ENCRYPTED_FIELDS = [("accounts.TotpDevice", "secret_encrypted")]


class DecryptionError(Exception):
    """A stored secret that none of the configured keys opens."""


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        derived = hashlib.sha256(f"wuye-field-key:{secret_key}".encode()).digest()
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ValueError(f"WUYE_FIELD_KEYS: not a Fernet key ({exc})") from None


def _keys() -> MultiFernet:
    return _fernet(tuple(settings.WUYE_FIELD_KEYS), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return PREFIX + _keys().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption (the migration encrypts those)
    try:
        return _keys().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken:
        raise DecryptionError("none of WUYE_FIELD_KEYS opens this value") from None


def rotate(stored: str) -> str:
    """The value encrypted again with the first key (also encrypts a plain value)."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    try:
        return PREFIX + _keys().rotate(stored[len(PREFIX):].encode()).decode()
    except InvalidToken:
        raise DecryptionError("none of WUYE_FIELD_KEYS opens this value") from None
