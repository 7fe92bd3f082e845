"""A committee member's account linked to the member's owner record lapses when the membership ends
(dissolution, leaving, re-election without them, ceasing to own): a former member cannot go on
acting for the committee. Accounts without the link are left to their manager."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from wuye.accounts.models import RoleAssignment, User
from wuye.core.models import AuditEntry
from wuye.core.services import record_void
from wuye.estates.models import Ownership
from wuye.governance.choices import MemberEndReason
from wuye.governance.selectors.supervision import acts_for_committee
from wuye.governance.services import committees as svc
from wuye.governance.tests.factories import estate_with_owners, member_specs
from wuye.governance.tests.test_committee_services import NOW, elect, passed_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(role_user, street):
    return role_user("street_office", region=street)


@pytest.fixture
def world(official, street, role_user):
    estate, owners = estate_with_owners(12, region=street)
    committee = elect(official, estate, owners)  # owners[0..4] in office
    accounts = {i: role_user("committee_member", estate=estate, owner=owners[i]) for i in (0, 1)}
    unlinked = role_user("committee_member", estate=estate)  # no owner named: left to its manager
    return {"estate": estate, "owners": owners, "committee": committee, "accounts": accounts, "unlinked": unlinked}


def acts(user, estate) -> bool:
    return acts_for_committee(User.objects.get(pk=user.pk), estate)  # a fresh request's user


def active(user) -> bool:
    return RoleAssignment.objects.get(user=user, role="committee_member").is_active


def test_a_committee_member_role_may_name_the_member_but_no_other_role_an_owner(world, street):
    linked = RoleAssignment.objects.get(user=world["accounts"][0], role="committee_member")
    linked.full_clean()  # committee_member + estate + owner: valid
    wrong = RoleAssignment(user=world["accounts"][0], role="street_office", region=street, owner=world["owners"][0])
    with pytest.raises(ValidationError, match="不应指定"):
        wrong.full_clean()


def test_dissolution_lapses_the_linked_accounts_only(world, official):
    estate = world["estate"]
    assert acts(world["accounts"][0], estate) and acts(world["unlinked"], estate)
    svc.committee_dissolve(actor=official, committee=world["committee"], on=dt.date(2026, 3, 1), reason="业主大会决定解散",
                           now=NOW)
    assert not acts(world["accounts"][0], estate) and not acts(world["accounts"][1], estate)
    assert acts(world["unlinked"], estate)
    role = RoleAssignment.objects.get(user=world["accounts"][0], role="committee_member")
    entry = AuditEntry.objects.filter(object_id=str(role.pk), content_type__model="roleassignment").latest("id")
    assert entry.after == {"is_active": False} and "解散" in entry.reason


def test_a_member_who_leaves_loses_the_account_the_others_keep_theirs(world, official):
    member = world["committee"].members.get(owner=world["owners"][1])
    svc.committee_member_end(actor=official, member=member, until=dt.date(2026, 3, 1),
                             reason=MemberEndReason.RESIGNED, now=NOW)
    assert not active(world["accounts"][1]) and active(world["accounts"][0])
    assert not acts(world["accounts"][1], world["estate"]) and acts(world["accounts"][0], world["estate"])


def test_re_election_keeps_the_re_elected_and_lapses_the_rest(world, official):
    owners = world["owners"]
    # The new term: owners[0] again, with owners[5..8]; owners[1] is not re-elected.
    svc.committee_elect(actor=official, estate=world["estate"], elected_on=dt.date(2026, 3, 1),
                        members=member_specs([owners[0], *owners[5:9]], 5),
                        election_decision=passed_decision(world["estate"]), now=NOW)
    assert active(world["accounts"][0]) and not active(world["accounts"][1])


def test_ceasing_to_own_lapses_the_account(world, official):
    title = Ownership.objects.get(owner=world["owners"][0], estate=world["estate"])
    record_void(actor=official, instance=title, reason="房屋已出售")
    svc.end_memberships_of_former_owners(estate_ids=[world["estate"].pk])
    assert not active(world["accounts"][0]) and active(world["accounts"][1])
