"""The demo committees: the `committee` demo account is the chair's, linked to the chair's owner record."""
import pytest

from wuye.accounts.models import RoleAssignment, User
from wuye.accounts.tests.factories import UserFactory
from wuye.demo.committees import generate_demo_committees
from wuye.governance.choices import MemberPosition
from wuye.governance.models import CommitteeMember
from wuye.governance.selectors.supervision import acts_for_committee
from wuye.governance.tests.factories import estate_with_owners


@pytest.mark.django_db
def test_the_demo_committee_account_is_linked_to_the_chair(street):
    estate, _owners = estate_with_owners(12, region=street)
    member = UserFactory(username="committee")
    RoleAssignment.objects.create(user=member, role="committee_member", estate=estate)
    RoleAssignment.objects.create(user=UserFactory(username="street"), role="street_office", region=street)
    assert generate_demo_committees(city="4117", focus_street=street.code) >= 1
    chair = CommitteeMember.objects.get(estate=estate, until__isnull=True, position=MemberPosition.CHAIR)
    role = RoleAssignment.objects.get(user=member, role="committee_member")
    assert role.owner_id == chair.owner_id and role.is_active
    assert acts_for_committee(User.objects.get(pk=member.pk), estate)
