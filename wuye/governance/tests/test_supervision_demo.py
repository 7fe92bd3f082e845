"""The demo supervision data: built through the services, idempotent, and visible on the street's index."""
import pytest

from wuye.accounts.models import RoleAssignment
from wuye.accounts.tests.factories import UserFactory
from wuye.demo.supervision import generate_demo_supervision
from wuye.governance.choices import AlertKind, MotionStatus, SupervisionStatus
from wuye.governance.models import GovernanceAlert, Motion, SealUse, SupervisionOrder
from wuye.governance.selectors.supervision import supervision_overview
from wuye.governance.tests.factories import estate_with_owners


@pytest.mark.django_db
def test_demo_supervision_is_idempotent_and_shows_on_the_index(street):
    estate, _owners = estate_with_owners(12, region=street)
    member = UserFactory(username="committee")
    RoleAssignment.objects.create(user=member, role="committee_member", estate=estate)
    official = UserFactory(username="street")
    RoleAssignment.objects.create(user=official, role="street_office", region=street)
    made = generate_demo_supervision(city="4117", focus_street=street.code)
    assert made > 10
    assert generate_demo_supervision(city="4117", focus_street=street.code) == 0
    assert set(Motion.objects.values_list("status", flat=True)) == {MotionStatus.PASSED, MotionStatus.REVOKED}
    assert SupervisionOrder.objects.filter(status=SupervisionStatus.ORDERED).count() == 1
    assert SealUse.objects.count() == 3
    overview = supervision_overview(official)
    assert overview["open_orders"] and overview["late_minutes"] and overview["unheld_requests"]
    assert overview["overdue_publications"]
    kinds = set(GovernanceAlert.objects.filter(resolved_at__isnull=True).values_list("kind", flat=True))
    assert {AlertKind.DECISIONS_POSTING, AlertKind.ANNUAL_PUBLICATION, AlertKind.COMMITTEE_MEETING_DUE} <= kinds
