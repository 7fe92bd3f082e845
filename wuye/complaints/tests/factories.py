import factory

from wuye.complaints.choices import Channel
from wuye.regions.choices import DepartmentKind
from wuye.regions.models import Department, Region


def department(kind: str, region_code: str = "411702000000", name: str | None = None) -> Department:
    region = Region.objects.get(code=region_code)
    return Department.objects.get_or_create(
        region=region, kind=kind, name=name or f"{region.name}{DepartmentKind(kind).label}"
    )[0]


class WorkOrderInput(factory.DictFactory):
    """Keyword arguments for work_order_submit."""

    channel = Channel.OFFICIAL
    title = factory.Sequence(lambda n: f"测试诉求{n}")
    body = "小区楼道堆放杂物，物业不清理。"
    complainant_name = "张三"
    complainant_phone = factory.Sequence(lambda n: f"1380000{n:04d}")
