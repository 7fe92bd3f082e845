"""The client's address, for throttling and audit.

Behind a reverse proxy every request comes from the proxy, so REMOTE_ADDR alone would throttle all
users together. ``WUYE_TRUSTED_PROXIES`` says how many proxies in front of the platform append to
X-Forwarded-For; the address that many entries from the right is the client's. With 0 (the
default, no proxy) the header is ignored: a client can write anything into it.
"""
from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    hops = getattr(settings, "WUYE_TRUSTED_PROXIES", 0)
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops][:64]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]
