import factory

from wuye.regions.choices import DepartmentKind, RegionLevel
from wuye.regions.models import Department, Region


class CommunityFactory(factory.django.DjangoModelFactory):
    """A generated community (社区) under a real street; codes are street code + 3 digits."""

    class Meta:
        model = Region

    parent = factory.LazyFunction(lambda: Region.objects.get(code="411702001000"))
    code = factory.LazyAttributeSequence(lambda o, n: o.parent.code[:9] + f"{(n % 899) + 100:03d}")
    name = factory.Sequence(lambda n: f"测试第{n}社区（生成）")
    level = RegionLevel.COMMUNITY
    is_generated = True
    full_name = factory.LazyAttribute(lambda o: o.parent.full_name + o.name)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    region = factory.LazyFunction(lambda: Region.objects.get(code="411702000000"))
    kind = DepartmentKind.URBAN_MANAGEMENT
    name = factory.Sequence(lambda n: f"驿城区城市管理局{n}")
