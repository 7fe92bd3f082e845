"""Fixtures shared by the accounts tests."""
import pytest

from wuye.accounts.models import RoleAssignment
from wuye.accounts.tests.factories import UserFactory


@pytest.fixture
def official(street):
    user = UserFactory(username="zhangsan", display_name="张三")
    RoleAssignment.objects.create(user=user, role="street_office", region=street)
    return user
