"""The demo generator: determinism, valid identifiers, registry invariants, and the demo logins' scopes."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from stdnum.cn import ric, uscc

from wuye.accounts.models import User
from wuye.demo.generator import GeneratorConfig, GeneratorError, generate
from wuye.demo.users import DEMO_LOGINS, FOCUS_STREET, OTHER_STREET
from wuye.enterprises.models import Enterprise, EnterpriseStaff, ServiceContract
from wuye.estates.models import Estate, Owner, Ownership, Unit
from wuye.regions.models import Region

pytestmark = pytest.mark.django_db

SMALL = dict(prefix="4117", seed=7, scale="demo", estates=5, enterprises=4, units=300, districts=["411702"], progress=False)


def snapshot():
    estates = list(Estate.objects.order_by("id").annotate(n=Count("units")).values_list("name", "region_id", "n", "management_mode"))
    codes = list(Enterprise.objects.order_by("id").values_list("credit_code", flat=True))
    owners = list(Owner.objects.order_by("id").values_list("id_number", flat=True))
    return estates, codes, owners


def test_same_seed_same_data_and_refuses_without_reset():
    generate(GeneratorConfig(**SMALL))
    first = snapshot()
    assert len(first[0]) == 5 and sum(n for *_x, n, _m in [(e[0], e[1], e[2], e[3]) for e in first[0]]) == 300
    with pytest.raises(GeneratorError, match="--reset"):
        generate(GeneratorConfig(**SMALL))
    generate(GeneratorConfig(**SMALL, reset=True))
    assert snapshot() == first
    generate(GeneratorConfig(**{**SMALL, "seed": 8}, reset=True))
    assert snapshot()[1] != first[1]


def test_generated_data_is_valid():
    generate(GeneratorConfig(**{**SMALL, "estates": 12, "units": 1200}))
    assert all(uscc.is_valid(c) for c in Enterprise.objects.values_list("credit_code", flat=True))
    assert all(uscc.is_valid(c) for c in Owner.objects.exclude(credit_code="").values_list("credit_code", flat=True))
    ids = [*Owner.objects.exclude(id_number="").values_list("id_number", flat=True),
           *EnterpriseStaff.objects.values_list("id_number", flat=True)]
    assert ids and all(ric.is_valid(i) for i in ids)
    for estate in Estate.objects.select_related("region__parent"):
        region = estate.region
        if region.level == 5:
            assert region.is_generated and "（生成）" in region.name
            assert region.parent.level == 4 and not region.parent.is_generated
            assert region.code.startswith(region.parent.code[:9])
        else:
            assert region.level == 4 and not region.is_generated
        assert estate.total_building_area > 0
        active = ServiceContract.objects.filter(estate=estate, status="active").count()
        assert active <= 1
        if estate.management_mode == "none":
            assert active == 0 and estate.classification == "C"
        if estate.management_mode in ("professional", "state_trusteeship"):
            assert active == 1 and estate.classification == "A"
        assert estate.classification_history.exists()
    assert not Unit.objects.filter(Q(registry_area__isnull=True) & Q(survey_area__isnull=True) & Q(contract_area__isnull=True)).exists()
    assert not Unit.objects.filter(Q(registry_area__lte=0) | Q(survey_area__lte=0) | Q(contract_area__lte=0)).exists()
    assert not Unit.objects.filter(ownerships__isnull=True).exists()
    assert not Ownership.objects.exclude(estate_id=models_f("unit__estate_id")).exists()
    multi = Ownership.objects.values("unit_id").annotate(n=Count("id"), nominees=Count("id", filter=Q(is_nominee=True)))
    co_owned = [m for m in multi if m["n"] > 1]
    assert co_owned and all(m["nominees"] == 1 for m in co_owned)
    assert Owner.objects.filter(is_developer=True, kind="organization").exists() or not Unit.objects.exclude(delivery_status="delivered").exists()


def models_f(name):
    from django.db.models import F

    return F(name)


def test_load_demo_users_and_scopes(settings):
    call_command("load_demo", "--city", "4117", verbosity=0)
    users = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS])}
    assert set(users) == {d.username for d in DEMO_LOGINS}
    for d in DEMO_LOGINS:
        assert users[d.username].check_password(d.password)
        assert Estate.objects.visible_to(users[d.username]).exists(), d.username
    street = users["street"]
    visible = Estate.objects.visible_to(street)
    assert visible.count() >= 5
    assert all(code.startswith(FOCUS_STREET[:9]) for code in visible.values_list("region_id", flat=True))
    assert ServiceContract.objects.filter(estate__in=visible, status="active").count() >= 3
    other = Estate.objects.visible_to(users["street2"])
    assert all(code.startswith(OTHER_STREET[:9]) for code in other.values_list("region_id", flat=True))
    assert not other.filter(pk__in=visible.values("pk")).exists()
    assert Region.objects.filter(code__startswith="411702001", level=5, is_generated=True).exists()
    # Re-running is idempotent: skips generation, keeps the users.
    call_command("load_demo", "--city", "4117", verbosity=0)
    assert User.objects.filter(username="street").count() == 1
