from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from wuye.accounts.api.serializers import MeSerializer, RoleAssignmentSerializer
from wuye.accounts.models import RoleAssignment
from wuye.accounts.selectors import user_edit_scope, user_roles, user_scope


@extend_schema_view(
    list=extend_schema(description="本人的角色分配（只读）。"),
    retrieve=extend_schema(description="本人的一条角色分配；他人的返回 404。"),
)
class RoleAssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RoleAssignment.objects.all()
    serializer_class = RoleAssignmentSerializer
    filterset_fields = ("role", "is_active")
    ordering_fields = ("role", "created_at")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RoleAssignment.objects.none()
        return (RoleAssignment.objects.filter(user=self.request.user)
                .select_related("region", "department", "enterprise", "estate", "owner").order_by("role", "id"))


class MeView(APIView):
    @extend_schema(responses=MeSerializer, description="当前用户：角色、可查看范围与可修改范围。")
    def get(self, request):
        user = request.user
        assignments = (RoleAssignment.objects.filter(user=user, is_active=True)
                       .select_related("region", "department", "enterprise", "estate", "owner"))
        data = {
            "id": user.pk,
            "username": user.username,
            "display_name": user.display_name,
            "is_superuser": user.is_superuser,
            "is_system": user.is_system,
            "roles": sorted(str(r) for r in user_roles(user)),
            "assignments": assignments,
            "scope": user_scope(user),
            "edit_scope": user_edit_scope(user),
        }
        return Response(MeSerializer(data).data)


class PingView(APIView):
    """The trivial endpoint: the same stack and authentication as every call, and no work.

    Health checks use it, and bench/bench_intake.py measures intake against it.
    """

    @extend_schema(summary="连通性检查", responses=inline_serializer("Ping", {"ok": serializers.BooleanField()}))
    def get(self, request):
        return Response({"ok": True})
