import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from wuye.core.models import AuditEntry
from wuye.enterprises.choices import ContractStatus
from wuye.enterprises.models import ServiceContract
from wuye.enterprises.services import service_contract_create
from wuye.enterprises.tests.factories import EnterpriseFactory, ServiceContractFactory
from wuye.estates.choices import ManagementMode
from wuye.estates.tests.factories import EstateFactory


def _contract(estate, enterprise, **kw):
    return ServiceContract(estate=estate, enterprise=enterprise, kind="preliminary",
                           start_date=dt.date(2025, 1, 1), fee_standard_fen=150, **kw)


@pytest.mark.django_db
def test_contract_create_sets_management_mode_and_audits(role_user, street):
    actor = role_user("street_office", region=street)
    estate = EstateFactory(management_mode=ManagementMode.NONE)
    contract = service_contract_create(actor=actor, contract=_contract(estate, EnterpriseFactory()))
    estate.refresh_from_db()
    assert estate.management_mode == ManagementMode.PROFESSIONAL
    assert AuditEntry.objects.filter(object_id=str(contract.pk), action="create", actor=actor).exists()


@pytest.mark.django_db
def test_second_active_contract_is_refused_with_message():
    estate = EstateFactory()
    ServiceContractFactory(estate=estate)
    with pytest.raises(ValidationError) as exc:
        service_contract_create(actor=None, contract=_contract(estate, EnterpriseFactory()))
    assert "已有履行中的物业服务合同" in str(exc.value)
    assert ServiceContract.objects.filter(estate=estate).count() == 1


@pytest.mark.django_db
def test_holdover_contract_allows_successor():
    estate = EstateFactory()
    ServiceContractFactory(estate=estate, status=ContractStatus.HOLDOVER)
    service_contract_create(actor=None, contract=_contract(estate, EnterpriseFactory()))
    assert ServiceContract.objects.filter(estate=estate, status="active").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_creates_only_one_wins():
    estate = EstateFactory()
    enterprises = [EnterpriseFactory(), EnterpriseFactory()]
    barrier = threading.Barrier(2)
    results = []

    def worker(ent):
        try:
            barrier.wait()
            service_contract_create(actor=None, contract=_contract(estate, ent))
            results.append("ok")
        except ValidationError as exc:
            results.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - a lock timeout would show here
            results.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(e,)) for e in enterprises]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert ServiceContract.objects.filter(estate=estate, status="active").count() == 1
