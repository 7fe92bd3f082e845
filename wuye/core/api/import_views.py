"""POST /api/v1/imports/<kind>/ (multipart ``file``) and GET /api/v1/imports/ (the user's jobs)."""
from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from wuye.core.import_views import can_import, jobs_visible_to, upload_error
from wuye.core.importing import get_spec, run_import
from wuye.core.models import ImportJob


class ImportJobSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    error_count = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = ["id", "created_at", "actor", "kind", "filename", "status", "total_rows", "created_count",
                  "error_count", "region_code"]

    def get_error_count(self, job) -> int:
        return len(job.errors or [])


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Excel 行号（0 表示整个文件）")
    column = serializers.CharField(help_text="列名")
    message = serializers.CharField(help_text="问题说明")


class ImportSucceededSerializer(ImportJobSerializer):
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="新增的各类记录数")

    class Meta(ImportJobSerializer.Meta):
        fields = [*ImportJobSerializer.Meta.fields, "counts"]


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=".xlsx 文件（不超过 50 MB）")


class ImportJobListView(APIView):
    @extend_schema(summary="导入记录", description="当前用户可见的 Excel 导入记录（最近 200 条）。",
                   responses=ImportJobSerializer(many=True))
    def get(self, request):
        jobs = jobs_visible_to(request.user)[:200]
        return Response(ImportJobSerializer(jobs, many=True).data)


class ImportUploadView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Excel 导入",
        description="上传 .xlsx 导入（kind：estates、units、owners、enterprises）。全部行通过校验才写入；"
                    "否则返回逐行错误（行号、列、问题），不写入任何数据。",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            201: ImportSucceededSerializer,
            400: OpenApiResponse(inline_serializer("ImportFailed", {
                "job": ImportJobSerializer(required=False),
                "errors": ImportErrorSerializer(many=True),
            }), description="逐行错误，未写入任何数据"),
        },
    )
    def post(self, request, kind: str):
        spec = get_spec(kind)
        if spec is None:
            raise NotFound(_("未知的导入类型：%(k)s") % {"k": kind})
        if not can_import(request.user):
            raise PermissionDenied(_("只有具有管辖范围的监管人员可以导入数据。"))
        upload = request.FILES.get("file")
        error = upload_error(upload)
        if error:
            return Response({"errors": [{"row": 0, "column": "file", "message": error}]}, status=status.HTTP_400_BAD_REQUEST)
        result = run_import(spec=spec, user=request.user, fileobj=upload, filename=upload.name)
        data = ImportJobSerializer(result.job).data
        if not result.ok:
            return Response(
                {"job": data, "errors": [e.as_dict() for e in result.errors]}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response({**data, "counts": result.counts}, status=status.HTTP_201_CREATED)
