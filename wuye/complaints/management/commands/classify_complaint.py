"""Classify a complaint text the way intake does and print the routing as JSON."""
import json

from django.core.management.base import BaseCommand, CommandError

from wuye.complaints.selectors import classify_and_route
from wuye.regions.choices import RegionLevel
from wuye.regions.models import Region

DEFAULT_REGION = "411702001000"  # 驿城区人民街街道


class Command(BaseCommand):
    help = '按受理流程对诉求文本分类并确定承办部门，输出 JSON：classify_complaint "小区电梯坏了" [--region 区划代码]'

    def add_arguments(self, parser):
        parser.add_argument("text", help="诉求内容")
        parser.add_argument("--title", default="", help="标题（可选）")
        parser.add_argument("--region", default="", help="受理街道的区划代码（默认 411702001000，无则第一个街道）")

    def handle(self, *args, **opts):
        text = opts["text"].strip()
        if not text and not opts["title"].strip():
            raise CommandError("诉求内容不能为空。")
        region = self._region(opts["region"])
        routing = classify_and_route(title=opts["title"], body=text, region=region)
        result = {
            "category": routing.category,
            "category_name": routing.name,
            "department": routing.department.name if routing.department else None,
            "department_id": routing.department.pk if routing.department else None,
            "confidence": float(routing.confidence),
            "manual": routing.manual,
            "reason": routing.reason,
            "region": region.code,
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _region(self, code: str) -> Region:
        if code:
            region = Region.objects.filter(code=code.ljust(12, "0")).first()
            if region is None:
                raise CommandError(f"区划代码不存在：{code}")
            return region
        region = (Region.objects.filter(code=DEFAULT_REGION).first()
                  or Region.objects.filter(level=RegionLevel.STREET).order_by("code").first())
        if region is None:
            raise CommandError("没有区划数据：请先导入行政区划（regions_import）。")
        return region
