"""The demo logins: one user per role, with deterministic passwords (shared by load_demo and demo_logins)."""
from __future__ import annotations

from dataclasses import dataclass

DEMO_URL = "http://127.0.0.1:8000"
FOCUS_STREET = "411702001000"  # 驿城区 人民街街道
OTHER_STREET = "411702002000"  # 驿城区 东风路街道
CITY_CODE = "411700000000"
DISTRICT_CODE = "411702000000"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # wuye.accounts.choices.Role value
    label: str

    @property
    def password(self) -> str:
        return demo_password(self.username)


def demo_password(username: str) -> str:
    return f"Wuye@2026{username}"


DEMO_LOGINS = [
    DemoLogin("admin", "platform_admin", "平台管理员"),
    DemoLogin("city", "city_bureau", "市住建局（物业科）"),
    DemoLogin("district", "district_bureau", "区住建局"),
    DemoLogin("street", "street_office", "街道物业办"),
    DemoLogin("community", "community_liaison", "社区物管员"),
    DemoLogin("dept", "department", "职能部门（城管）"),
    DemoLogin("enterprise", "enterprise_staff", "物业服务企业"),
    DemoLogin("committee", "committee_member", "业委会成员"),
    DemoLogin("owner", "owner", "业主"),
    DemoLogin("street2", "street_office", "其他街道物业办（范围对照）"),
]
