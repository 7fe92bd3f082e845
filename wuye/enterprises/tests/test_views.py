"""Enterprise and contract pages: credit code, one active contract per estate, fees in fen."""
import pytest
from django.urls import reverse

from wuye.core.models import AuditEntry
from wuye.enterprises.models import Enterprise, ServiceContract
from wuye.enterprises.tests.factories import EnterpriseFactory, ServiceContractFactory, credit_code
from wuye.estates.tests.factories import EstateFactory
from wuye.regions.models import Region

pytestmark = pytest.mark.django_db

YICHENG = "411702000000"


@pytest.fixture
def bureau(role_user, client):
    user = role_user("district_bureau", region=Region.objects.get(code=YICHENG))
    client.force_login(user)
    return user


def enterprise_data(**over):
    data = {"name": "驿城区安居物业服务有限公司", "credit_code": credit_code(4242), "legal_representative": "李四",
            "registered_address": "驿城区解放路1号", "region": YICHENG, "phone": "0396-1234567",
            "complaint_phone": "", "status": "operating", "established_on": "2010-05-01"}
    data.update(over)
    return data


def test_district_bureau_registers_an_enterprise(bureau, client):
    response = client.post(reverse("enterprises:enterprise_add"), enterprise_data(credit_code=credit_code(4242).lower()))
    assert response.status_code == 302, response.context["form"].errors
    enterprise = Enterprise.objects.get(name="驿城区安居物业服务有限公司")
    assert enterprise.credit_code == credit_code(4242)  # normalised to upper case
    assert AuditEntry.objects.filter(object_id=str(enterprise.pk), action="create", actor=bureau).exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (credit_code(4242)[:-1] + ("0" if credit_code(4242)[-1] != "0" else "1"), "校验位错误"),
        ("91411702MA12345", "应为18位"),
        ("", "该字段是必填项"),
    ],
)
def test_invalid_credit_code_gives_a_chinese_error(bureau, client, code, message):
    response = client.post(reverse("enterprises:enterprise_add"), enterprise_data(credit_code=code))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in errors["credit_code"][0]
    assert message in response.content.decode()
    assert not Enterprise.objects.exists()


def test_duplicate_credit_code_is_refused_on_the_field(bureau, client):
    EnterpriseFactory(credit_code=credit_code(4242), name="已登记物业公司")
    response = client.post(reverse("enterprises:enterprise_add"), enterprise_data())
    assert "已登记物业公司" in response.context["form"].errors["credit_code"][0]
    assert Enterprise.objects.count() == 1


def contract_data(estate, enterprise, **over):
    data = {"estate": estate.pk, "enterprise": enterprise.pk, "kind": "preliminary", "start_date": "2025-01-01",
            "end_date": "2027-12-31", "fee_standard_yuan": "1.35", "status": "active", "filing_status": "unfiled",
            "filing_number": "", "filed_at": "", "project_manager": "", "tender_reference": ""}
    data.update(over)
    return data


@pytest.fixture
def street_official(bureau):
    """Contracts are filed by the district bureau: it sees every enterprise registered in its district."""
    return bureau


def test_fee_in_yuan_is_stored_as_integer_fen(street_official, client):
    estate, enterprise = EstateFactory(), EnterpriseFactory()
    response = client.post(reverse("enterprises:servicecontract_add"), contract_data(estate, enterprise))
    assert response.status_code == 302, response.context["form"].errors
    contract = ServiceContract.objects.get(estate=estate)
    assert contract.fee_standard_fen == 135
    assert isinstance(contract.fee_standard_fen, int)
    assert contract.fee_standard_yuan == "1.35"
    # Editing shows yuan and a change is stored in fen again.
    edit_url = reverse("enterprises:servicecontract_edit", args=[contract.pk])
    assert 'value="1.35"' in client.get(edit_url).content.decode()
    client.post(edit_url, contract_data(estate, enterprise, fee_standard_yuan="2.10"))
    contract.refresh_from_db()
    assert contract.fee_standard_fen == 210
    entry = AuditEntry.objects.filter(object_id=str(contract.pk), content_type__model="servicecontract",
                                      action="update").get()
    assert entry.before == {"fee_standard_fen": 135} and entry.after == {"fee_standard_fen": 210}


@pytest.mark.parametrize(("yuan", "fen"), [("0.01", 1), ("1", 100), ("2.5", 250), ("12.99", 1299)])
def test_fee_conversion_table(street_official, client, yuan, fen):
    estate = EstateFactory()
    client.post(reverse("enterprises:servicecontract_add"), contract_data(estate, EnterpriseFactory(), fee_standard_yuan=yuan))
    assert ServiceContract.objects.get(estate=estate).fee_standard_fen == fen


@pytest.mark.parametrize("yuan", ["0", "-1.00", "abc"])
def test_bad_fee_is_refused(street_official, client, yuan):
    estate = EstateFactory()
    response = client.post(reverse("enterprises:servicecontract_add"),
                           contract_data(estate, EnterpriseFactory(), fee_standard_yuan=yuan))
    assert "fee_standard_yuan" in response.context["form"].errors
    assert not ServiceContract.objects.exists()


def test_second_active_contract_is_refused_and_nothing_saved(street_official, client):
    estate = EstateFactory(name="和谐家园")
    first = ServiceContractFactory(estate=estate)
    response = client.post(reverse("enterprises:servicecontract_add"), contract_data(estate, EnterpriseFactory()))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any("已有履行中的物业服务合同" in m for msgs in errors.values() for m in msgs), errors
    assert "已有履行中的物业服务合同" in response.content.decode()
    assert list(ServiceContract.objects.filter(estate=estate)) == [first]
    estate.refresh_from_db()
    assert estate.management_mode == "none"


def test_end_before_start_is_refused(street_official, client):
    estate = EstateFactory()
    response = client.post(reverse("enterprises:servicecontract_add"),
                           contract_data(estate, EnterpriseFactory(), end_date="2024-01-01"))
    assert "终止日期不能早于起始日期" in response.context["form"].errors["end_date"][0]
    assert not ServiceContract.objects.exists()


def test_contract_for_estate_outside_scope_is_not_offered(street_official, other_street, client):
    estate = EstateFactory(region=other_street)
    response = client.post(reverse("enterprises:servicecontract_add"), contract_data(estate, EnterpriseFactory()))
    assert "estate" in response.context["form"].errors
    assert not ServiceContract.objects.exists()


@pytest.mark.django_db
def test_street_official_can_file_a_first_contract_with_a_district_enterprise(client, role_user, street):
    from wuye.enterprises.models import ServiceContract
    from wuye.enterprises.tests.factories import EnterpriseFactory
    from wuye.estates.tests.factories import EstateFactory

    estate = EstateFactory(region=street)
    enterprise = EnterpriseFactory()  # registered at 驿城区, serving nowhere yet
    client.force_login(role_user("street_office", region=street))
    resp = client.post(reverse("enterprises:servicecontract_add"), {
        "estate": estate.pk, "enterprise": enterprise.pk, "kind": "preliminary", "start_date": "2025-01-01",
        "fee_standard_yuan": "1.20", "status": "active", "filing_status": "unfiled",
    })
    assert resp.status_code == 302, resp.context["form"].errors if resp.context else resp
    assert ServiceContract.objects.get(estate=estate).enterprise == enterprise
