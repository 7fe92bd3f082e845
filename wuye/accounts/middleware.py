"""A user logged in with a temporary password (set by an administrator) changes it before anything else."""
from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """Pages of a session whose user must change the password redirect to the password page.

    Only that page, logout, the language switch and static files stay open. A session calling the
    API gets a 403 with the reason. Token requests (systems) are not concerned: this middleware
    sees only session logins.
    """

    ALLOWED_PREFIXES = ("/static/", "/i18n/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            path = request.path_info
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if path not in allowed and not path.startswith(self.ALLOWED_PREFIXES):
                if path.startswith("/api/"):
                    from django.http import JsonResponse
                    from django.utils.translation import gettext as _

                    return JsonResponse({"detail": _("请先在网页上修改临时密码。")}, status=403)
                return redirect(f"{reverse('accounts:password_change')}")
        return self.get_response(request)
