"""Scoping builders of messaging endpoints (merged by wuye/core/tests/test_api_scoping.py)."""
from __future__ import annotations


def _notice(ctx):
    """A notice to the owners of an estate in the street, with an attachment."""
    from django.core.files.base import ContentFile

    from wuye.estates.tests.factories import EstateFactory
    from wuye.messaging.services import notice_publish

    return notice_publish(actor=ctx["official"], estate=EstateFactory(region=ctx["street"]),
                          subject="governance.supervision_order:1", title="关于责令限期整改的公告", body="特此公告。",
                          attachment=ContentFile(b"%PDF-1.4 notice", name="notice.pdf"), publisher="人民街街道办事处")


API_BUILDERS: dict = {"notice": _notice}
