"""Scoping builders of this app's API endpoints (collected by wuye/core/tests/test_api_scoping.py)."""


def _liaison_of_the_street(ctx):
    """An account the street's own office manages: a community liaison of one of its communities."""
    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory
    from wuye.regions.tests.factories import CommunityFactory

    user = UserFactory()
    RoleAssignment.objects.create(user=user, role="community_liaison", region=CommunityFactory(parent=ctx["street"]))
    return user


API_BUILDERS = {"account": _liaison_of_the_street}
