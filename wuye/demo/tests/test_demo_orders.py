import pytest

from wuye.complaints.models import WorkOrder, WorkOrderEvent
from wuye.demo.complaints import generate_demo_orders
from wuye.estates.tests.factories import EstateFactory


@pytest.mark.django_db
def test_demo_orders_go_through_the_real_lifecycle_and_are_generated_once(role_user, street):
    from wuye.accounts.models import User
    from wuye.complaints.tests.factories import department

    User.objects.create_superuser("admin", "", "Wuye@2026admin")
    for kind in ("urban_management", "market_regulation", "fire", "public_security", "utility", "housing",
                 "development_reform", "health"):
        department(kind)
    department("street_office", street.code, "人民街街道物业办")
    EstateFactory.create_batch(3, region=street)
    assert generate_demo_orders(city="4117", count=20, seed=1, focus_street=street.code) == 20
    orders = WorkOrder.objects.all()
    assert orders.count() == 20
    assert len({o.status for o in orders}) >= 3  # spread along the lifecycle
    # every order has its history, starting with 受理
    assert all(WorkOrderEvent.objects.filter(order=o).order_by("at", "id").first().action == "submit" for o in orders)
    assert generate_demo_orders(city="4117", count=20, seed=1) == 0
