import datetime as dt

import factory
from stdnum.cn import uscc

from wuye.enterprises.choices import ContractKind, ContractStatus
from wuye.enterprises.models import Enterprise, EnterpriseStaff, ServiceContract
from wuye.estates.tests.factories import EstateFactory
from wuye.regions.models import Region


def credit_code(n: int) -> str:
    """A valid 统一社会信用代码 (check character computed by python-stdnum)."""
    body = f"91411702MA{n:07d}"[:17]
    return body + uscc.calc_check_digit(body)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"驻马店测试物业服务有限公司{n}")
    credit_code = factory.Sequence(credit_code)
    legal_representative = "张三"
    region = factory.LazyFunction(lambda: Region.objects.get(code="411702000000"))


class EnterpriseStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseStaff

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"员工{n}")


class ServiceContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceContract

    estate = factory.SubFactory(EstateFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = ContractKind.PRELIMINARY
    start_date = dt.date(2024, 1, 1)
    end_date = dt.date(2026, 12, 31)
    fee_standard_fen = 120
    status = ContractStatus.ACTIVE
