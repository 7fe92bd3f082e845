"""DRF's token authentication, reading the request's cache revisions in the same query.

On PostgreSQL the cache revisions are sequences (``wuye.core.cache``); a token-authenticated
request would otherwise read them in a second round trip the first time it uses cached reference
data, which every intake does. Elsewhere this is DRF's class unchanged.
"""
from __future__ import annotations

from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from wuye.core.cache import revisions_sql, seed_revisions


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        model = self.get_model()
        queryset = model.objects.select_related("user")
        sql = revisions_sql()
        if sql is not None:
            queryset = queryset.annotate(cache_revisions=RawSQL(sql, ()))
        try:
            token = queryset.get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if sql is not None:
            seed_revisions(token.cache_revisions)
        return (token.user, token)
