"""REST API of notices to owners (read-only, scoped).

- ``/notices/``: every notice the user may read (owners of the estate, its committee, officials in
  scope), newest first; ``?estate=``, ``?subject=`` (exact) and ``?kind=`` (the subject's kind, e.g.
  ``governance.supervision_order``) filter; anything outside the user's scope is 404.
"""
from __future__ import annotations

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from wuye.messaging import selectors
from wuye.messaging.models import Notice


class NoticeSerializer(serializers.ModelSerializer):
    estate_name = serializers.CharField(source="estate.name", read_only=True)
    source_label = serializers.CharField(read_only=True, help_text="来源（由 subject 的类别得出；未登记的为“公告”）")
    attachment_url = serializers.SerializerMethodField(help_text="附件下载地址（按可见范围）；无附件为空")

    def get_attachment_url(self, obj) -> str:
        from wuye.core.files import file_url

        return file_url(obj, "attachment") if obj.attachment else ""

    class Meta:
        model = Notice
        fields = ["id", "estate", "estate_name", "subject", "source_label", "title", "body", "publisher",
                  "published_at", "attachment_url", "attachment_sha256"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(description="业主公告：表决会议通知、业委会会议决定、年度收支公布、街道监督公告等（本小区业主、"
                                   "业委会委员、主管部门）。",
                       parameters=[OpenApiParameter("kind", OpenApiTypes.STR,
                                                    description="subject 的类别，如 governance.supervision_order")]),
    retrieve=extend_schema(description="公告详情；超出可见范围返回 404。"),
)
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """业主公告（只读；公告一经发布不能修改）。"""

    queryset = Notice.objects.all()
    serializer_class = NoticeSerializer
    filterset_fields = ["estate", "subject"]
    search_fields = ("title", "body", "publisher")
    ordering_fields = ("published_at", "id", "title")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notice.objects.none()
        qs = selectors.notice_list(actor=self.request.user)
        kind = (self.request.query_params.get("kind") or "").strip()
        if kind:
            qs = qs.filter(Q(subject__startswith=f"{kind}:") | Q(subject=kind))
        return qs


def register(router) -> None:
    router.register("notices", NoticeViewSet, basename="notice")
