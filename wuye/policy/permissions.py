from wuye.accounts.choices import Role
from wuye.accounts.selectors import _assignments, user_roles
from wuye.regions.models import Region, code_prefix

PROFILE_EDITORS = {Role.CITY_BUREAU, Role.DISTRICT_BUREAU}


def can_edit_profile(user, region: Region) -> bool:
    """City and district housing bureaus edit the profiles of their region and the regions below it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if Role.PLATFORM_ADMIN in user_roles(user):
        return True
    if region.level > 3:  # profiles are set at province, city or district level
        return False
    for a in _assignments(user):
        if a.role in PROFILE_EDITORS and a.region_id and region.code.startswith(code_prefix(a.region.code, a.region.level)):
            return True
    return False
