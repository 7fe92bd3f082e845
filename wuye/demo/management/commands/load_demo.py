"""Build the 驻马店市 demo (idempotent): generated data at demo scale and one login per role."""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wuye.accounts.models import RoleAssignment, User
from wuye.demo.generator import GeneratorConfig, GeneratorError, generate, overlapping_runs
from wuye.demo.management.commands.generate_city import print_counts
from wuye.demo.users import DEMO_LOGINS, FOCUS_STREET, OTHER_STREET
from wuye.enterprises.models import ServiceContract
from wuye.estates.models import Estate, Ownership
from wuye.regions.choices import DepartmentKind
from wuye.regions.models import Department, Region


class Command(BaseCommand):
    help = "生成驻马店市演示数据（约300个小区、80家企业、3万套房屋）并为每个角色创建演示账号"

    def add_arguments(self, parser):
        parser.add_argument("--city", default="4117")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--reset", action="store_true", help="删除以前生成的演示数据后重新生成")

    def handle(self, *args, **opts):
        city = opts["city"]
        if len(city) != 4 or not city.isdigit():
            raise CommandError("城市代码应为4位数字，如 4117")
        if overlapping_runs(city).exists() and not opts["reset"]:
            self.stdout.write(f"演示数据已存在（{city}），跳过生成。需要重新生成请用 --reset。")
            ensure_demo_users(city, stdout=self.stdout)
            self._orders(city)
            return
        focus = FOCUS_STREET if FOCUS_STREET.startswith(city) else None
        try:
            result = generate(GeneratorConfig(prefix=city, seed=opts["seed"], scale="demo", reset=opts["reset"],
                                              focus_street=focus, progress=opts["verbosity"] > 0))
        except GeneratorError as exc:
            raise CommandError(str(exc)) from None
        print_counts(self.stdout, result.counts)
        ensure_demo_users(city, stdout=self.stdout)
        self._orders(city)

    def _orders(self, city: str) -> None:
        from wuye.demo.complaints import generate_demo_orders

        n = generate_demo_orders(city=city, focus_street=FOCUS_STREET if FOCUS_STREET.startswith(city) else None)
        if n:
            self.stdout.write(f"演示工单: {n}")
        # Owners' self-governance: assemblies and committees first, then decisions that they organise.
        from wuye.demo.committees import generate_demo_committees
        from wuye.demo.decisions import generate_demo_decisions
        from wuye.demo.supervision import generate_demo_supervision

        for label, make in (("演示业主大会/业委会", generate_demo_committees), ("演示共同决定", generate_demo_decisions),
                            ("演示业委会记录与监督", generate_demo_supervision)):
            n = make(city=city, focus_street=FOCUS_STREET if FOCUS_STREET.startswith(city) else None)
            if n:
                self.stdout.write(f"{label}: {n}")


def _street_targets(street_code: str):
    """Estate, enterprise, owner and community of the focus street that make good demo targets."""
    estates = Estate.objects.filter(region__code__startswith=street_code[:9], is_voided=False).order_by("id")
    contract = (ServiceContract.objects.filter(estate__in=estates, status="active").select_related("estate", "enterprise")
                .order_by("estate_id").first())
    estate = contract.estate if contract else estates.first()
    community = (Region.objects.filter(level=5, parent_id=street_code, estates__in=estates).order_by("code").first()
                 or Region.objects.filter(level=5, parent_id=street_code).order_by("code").first())
    ownership = (Ownership.objects.filter(estate=estate, owner__kind="person", is_voided=False).order_by("id").first()
                 if estate else None)
    return estate, contract.enterprise if contract else None, ownership.owner if ownership else None, community


@transaction.atomic
def ensure_demo_users(city: str, *, stdout=None) -> list[User]:
    """Create (or repair) the demo users and their role assignments; passwords come from wuye.demo.users."""
    from wuye.policy.services import policy_profile_update

    city_region = Region.objects.get(code=city.ljust(12, "0"))
    focus = Region.objects.filter(code=FOCUS_STREET).first() if FOCUS_STREET.startswith(city) else None
    if focus is None:  # another city: its first street with estates
        first = Estate.objects.filter(region__code__startswith=city).order_by("region_id").first()
        focus = Region.objects.get(code=first.region_id[:9].ljust(12, "0")) if first else None
    if focus is None:
        raise CommandError("没有可用的演示小区数据")
    district = Region.objects.get(code=focus.code[:6].ljust(12, "0"))
    other = Region.objects.filter(code=OTHER_STREET).first() if OTHER_STREET.startswith(district.code[:6]) else None
    other = other or Region.objects.filter(parent=district, level=4).exclude(code=focus.code).order_by("code").first()
    estate, enterprise, owner, community = _street_targets(focus.code)
    dept = (Department.objects.filter(region=district, kind=DepartmentKind.URBAN_MANAGEMENT).order_by("id").first())
    targets = {
        "city": {"region": city_region}, "district": {"region": district}, "street": {"region": focus},
        "community": {"region": community}, "dept": {"department": dept}, "enterprise": {"enterprise": enterprise},
        "committee": {"estate": estate}, "owner": {"owner": owner}, "street2": {"region": other},
    }
    users = []
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = User(username=login.username, display_name=f"演示·{login.label}")
            user.set_password(login.password)
            if login.username == "admin":
                user.is_superuser = user.is_staff = True
            user.save()
        users.append(user)
        if login.username == "admin":
            continue
        target = targets[login.username]
        if any(v is None for v in target.values()):
            if stdout:
                stdout.write(f"警告：找不到 {login.username} 的角色对象，未分配角色")
            continue
        if not RoleAssignment.objects.filter(user=user, role=login.role, is_active=True, **target).exists():
            RoleAssignment.objects.filter(user=user).delete()
            ra = RoleAssignment(user=user, role=login.role, **target)
            ra.full_clean()
            ra.save()
    admin = users[0]
    from wuye.policy.models import PolicyValue

    if not PolicyValue.objects.filter(region=city_region, key="random_inspection_rate").exists():
        policy_profile_update(actor=admin, region=city_region, values={"random_inspection_rate": "0.20"},
                              note=f"演示示例：{city_region.name}双随机抽查比例提高到20%（可在政策参数页修改或恢复继承）")
    return users
