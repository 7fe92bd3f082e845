from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from wuye.accounts.api.serializers import (
    AccountCreatedSerializer,
    AccountCreateInputSerializer,
    AccountRoleInputSerializer,
    AccountSerializer,
    EndRoleInputSerializer,
    MeSerializer,
    ReasonInputSerializer,
    RoleAssignmentSerializer,
    TemporaryPasswordSerializer,
    TokenSerializer,
)
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


# ---------------------------------------------------------------- account management (账号管理)


def _form_errors(form) -> dict:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


@extend_schema_view(
    list=extend_schema(description="本辖区内可管理的账号（平台管理员、市/区县住建局、街道物业办；其他角色为空列表）。"
                                   "可按 q（用户名、姓名、手机号）、role、is_active 筛选。"),
    retrieve=extend_schema(description="一个可管理的账号；辖区外返回 404。"),
)
class AccountViewSet(viewsets.ReadOnlyModelViewSet):
    """Accounts of the manager's jurisdiction; writes go through wuye.accounts.services."""

    serializer_class = AccountSerializer
    filter_backends: list = []

    def get_queryset(self):
        from wuye.accounts.models import User
        from wuye.accounts.selectors import accounts_matching

        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        params = self.request.query_params
        return accounts_matching(self.request.user, q=params.get("q", ""), role=params.get("role", ""),
                                 active={"true": True, "false": False}.get(params.get("is_active"))).order_by("username")

    def _run(self, fn):
        from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
        from django.core.exceptions import ValidationError
        from rest_framework.exceptions import PermissionDenied
        from rest_framework.exceptions import ValidationError as DRFValidationError

        try:
            return fn()
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except ValidationError as exc:
            raise DRFValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}) from None

    @extend_schema(request=AccountCreateInputSerializer, responses={201: AccountCreatedSerializer},
                   description="新建账号并授予第一个角色；返回的临时密码（系统账号为 token）只出现这一次，本人首次登录后须修改密码。"
                               "只能在本辖区授予本级及以下的角色（见 README“账号管理”）。")
    def create(self, request):
        from rest_framework import status
        from rest_framework.exceptions import PermissionDenied

        from wuye.accounts import services
        from wuye.accounts.forms import AccountCreateForm
        from wuye.accounts.selectors import can_manage_accounts

        if not can_manage_accounts(request.user):
            raise PermissionDenied("只有平台管理员、市/区县住建局和街道物业办可以管理账号。")
        form = AccountCreateForm(data=request.data, manager=request.user)
        if not form.is_valid():
            return Response(_form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        d = form.cleaned_data
        user, credential = self._run(lambda: services.account_create(
            actor=request.user, username=d["username"], display_name=d["display_name"], phone=d["phone"],
            role=d["role"], region=d["region"], department=d["department"], enterprise=d["enterprise"],
            is_system=d["is_system"]))
        data = AccountSerializer(user).data
        data["token" if user.is_system else "temporary_password"] = credential
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AccountRoleInputSerializer, responses={201: RoleAssignmentSerializer},
                   description="授予该账号一个角色。")
    @action(detail=True, methods=["post"], url_path="roles")
    def add_role(self, request, pk=None):
        from rest_framework import status

        from wuye.accounts import services
        from wuye.accounts.forms import RoleTargetForm

        account = self.get_object()
        form = RoleTargetForm(data=request.data, manager=request.user)
        if not form.is_valid():
            return Response(_form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        d = form.cleaned_data
        assignment = self._run(lambda: services.account_role_add(
            actor=request.user, user=account, role=d["role"], region=d["region"], department=d["department"], enterprise=d["enterprise"]))
        return Response(RoleAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EndRoleInputSerializer, responses=AccountSerializer, description="结束该账号的一个角色（须写原因）。")
    @action(detail=True, methods=["post"], url_path="end-role")
    def end_role(self, request, pk=None):
        from rest_framework.exceptions import NotFound

        from wuye.accounts import services

        account = self.get_object()
        body = EndRoleInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assignment = account.role_assignments.filter(pk=body.validated_data["assignment"]).first()
        if assignment is None:
            raise NotFound("该账号没有这个角色分配。")
        self._run(lambda: services.account_role_end(actor=request.user, assignment=assignment,
                                                    reason=body.validated_data["reason"]))
        return Response(AccountSerializer(account).data)

    def _set_active(self, request, active: bool):
        from wuye.accounts import services

        account = self.get_object()
        body = ReasonInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        account = self._run(lambda: services.account_set_active(actor=request.user, user=account, active=active,
                                                                reason=body.validated_data["reason"]))
        return Response(AccountSerializer(account).data)

    @extend_schema(request=ReasonInputSerializer, responses=AccountSerializer,
                   description="停用账号：不能再登录，密码和 Token 均失效（须写原因）。")
    @action(detail=True, methods=["post"])
    def disable(self, request, pk=None):
        return self._set_active(request, False)

    @extend_schema(request=ReasonInputSerializer, responses=AccountSerializer, description="重新启用账号（须写原因）。")
    @action(detail=True, methods=["post"])
    def enable(self, request, pk=None):
        return self._set_active(request, True)

    @extend_schema(request=None, responses=TemporaryPasswordSerializer,
                   description="重置密码：返回新的临时密码（只出现这一次），本人下次登录后须修改。")
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request, pk=None):
        from wuye.accounts import services

        account = self.get_object()
        password = self._run(lambda: services.account_password_reset(actor=request.user, user=account))
        return Response({"temporary_password": password})

    @extend_schema(request=None, responses=TokenSerializer,
                   description="系统账号：重新生成 API Token（只出现这一次），旧 Token 立即失效。")
    @action(detail=True, methods=["post"], url_path="renew-token")
    def renew_token(self, request, pk=None):
        from wuye.accounts import services

        account = self.get_object()
        return Response({"token": self._run(lambda: services.account_token_renew(actor=request.user, user=account))})
