"""Writes on enterprises and service contracts."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wuye.core.services import record_create, record_update
from wuye.enterprises.choices import ContractKind, ContractStatus
from wuye.enterprises.models import ServiceContract
from wuye.estates.choices import ManagementMode
from wuye.estates.models import Estate

MODE_FOR_KIND = {
    ContractKind.PRELIMINARY: ManagementMode.PROFESSIONAL,
    ContractKind.ASSEMBLY_HIRED: ManagementMode.PROFESSIONAL,
    ContractKind.TRUSTEESHIP: ManagementMode.STATE_TRUSTEESHIP,
}


@transaction.atomic
def service_contract_create(*, actor, contract: ServiceContract) -> ServiceContract:
    """File a new service contract for an estate.

    At most one ACTIVE contract per estate: the estate row is locked so concurrent requests
    queue, and the partial unique index refuses whatever still slips through.
    """
    estate = Estate.objects.select_for_update().get(pk=contract.estate_id)
    if estate.is_voided:
        raise ValidationError({"estate": _("该小区已作废。")})
    if contract.status == ContractStatus.ACTIVE:
        current = ServiceContract.objects.filter(estate=estate, status=ContractStatus.ACTIVE).first()
        if current is not None:
            raise ValidationError(
                {"estate": _("“%(estate)s”已有履行中的物业服务合同（%(enterprise)s，%(start)s 起）。"
                             "如需更换企业，请先将原合同转为交接期或终止。")
                 % {"estate": estate, "enterprise": current.enterprise, "start": current.start_date}}
            )
    record_create(actor=actor, instance=contract)
    if contract.status == ContractStatus.ACTIVE:
        mode = MODE_FOR_KIND.get(ContractKind(contract.kind))
        if mode and estate.management_mode in (ManagementMode.NONE, ManagementMode.COMMUNITY):
            record_update(actor=actor, instance=estate, data={"management_mode": mode}, reason=_("新增物业服务合同"))
    return contract


@transaction.atomic
def service_contract_update(*, actor, contract: ServiceContract, data: dict) -> ServiceContract:
    if data.get("status") == ContractStatus.ACTIVE and contract.status != ContractStatus.ACTIVE:
        Estate.objects.select_for_update().get(pk=contract.estate_id)
        clash = ServiceContract.objects.filter(estate_id=contract.estate_id, status=ContractStatus.ACTIVE).exclude(pk=contract.pk)
        if clash.exists():
            raise ValidationError({"status": _("该小区已有履行中的物业服务合同（交接期除外）。")})
    return record_update(actor=actor, instance=contract, data=data)
