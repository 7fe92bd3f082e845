from decimal import Decimal

import factory

from wuye.estates.choices import EstateType, ManagementMode, OwnerKind
from wuye.estates.models import Building, Estate, Owner, Ownership, Unit
from wuye.regions.models import Region


class EstateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Estate

    name = factory.Sequence(lambda n: f"测试小区{n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="411702001000"))
    address = factory.Sequence(lambda n: f"驿城区测试路{n}号")
    estate_type = EstateType.COMMERCIAL
    management_mode = ManagementMode.NONE
    total_building_area = Decimal("50000.00")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    estate = factory.SubFactory(EstateFactory)
    number = factory.Sequence(lambda n: f"{n + 1}号楼")
    floors = 18


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    estate = factory.SelfAttribute("building.estate")
    entrance = "1"
    number = factory.Sequence(lambda n: f"{(n % 30) + 1:02d}{(n // 30) % 4 + 1:02d}-{n}")
    registry_area = Decimal("89.50")


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner

    kind = OwnerKind.PERSON
    name = factory.Sequence(lambda n: f"业主{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class OwnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ownership

    unit = factory.SubFactory(UnitFactory)
    owner = factory.SubFactory(OwnerFactory)
    estate = factory.SelfAttribute("unit.estate")
