"""Committee supervision end to end in a real browser (Debian chromium driven by playwright).

The street official finds the committee's posted decision and orders it corrected by a deadline; the
committee member reports the correction; the official accepts it; the owner reads both notices.
"""
import datetime as dt
import re
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[3] / "test-results"


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pass12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def logout(page) -> None:
    page.get_by_role("button", name="退出").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_street_orders_correction_committee_responds_street_accepts_owner_sees_notice(live_server, browser_page,
                                                                                      street):
    from django.utils import timezone
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory
    from wuye.estates.tests.factories import EstateFactory, OwnershipFactory
    from wuye.governance.choices import SupervisionStatus
    from wuye.governance.models import SupervisionOrder
    from wuye.governance.tests.factories_supervision import committee_with_members, posted_motion

    estate = EstateFactory(region=street, name="天中花园")
    committee, members = committee_with_members(5, estate=estate, name="天中花园业主委员会")
    motion = posted_motion(committee, members, title="将地面车位出租收益用于委员补贴")
    official = UserFactory(username="renminjie_wyb", display_name="人民街物业办刘敏")
    RoleAssignment.objects.create(user=official, role="street_office", region=street)
    secretary = UserFactory(username="tianzhong_ywh", display_name="业委会秘书王磊")
    RoleAssignment.objects.create(user=secretary, role="committee_member", estate=estate)
    owner_user = UserFactory(username="tianzhong_owner", display_name="业主陈静")
    RoleAssignment.objects.create(user=owner_user, role="owner",
                                  owner=OwnershipFactory(unit__building__estate=estate).owner)
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page = browser_page
    deadline = timezone.localdate() + dt.timedelta(days=15)

    # The street official: from the committee's records to the decision, orders a correction.
    login(page, base, "renminjie_wyb")
    page.goto(f"{base}/governance/supervision/")
    expect(page.get_by_role("heading", name="业委会监督")).to_be_visible()
    page.get_by_role("link", name="各业委会履职记录").click()
    page.get_by_role("link", name="天中花园业主委员会").click()
    page.get_by_role("link", name=motion.meeting.title).click()
    page.get_by_test_id("order-toggle-1").click()
    page.get_by_label("责令限期整改").check()
    page.get_by_label("违反的规定及事实").fill("将业主共有部分收益用于委员补贴，未经业主大会决定，违反管理规约第十二条。")
    page.get_by_label("整改期限（责令整改时必填）").fill(deadline.isoformat())
    page.get_by_test_id("order-submit-1").click()
    expect(page.get_by_test_id("order-status")).to_have_text("待整改")
    page.screenshot(path=str(RESULTS / "supervision_ordered.png"), full_page=True)
    page.goto(f"{base}/governance/supervision/")
    expect(page.get_by_test_id("open-orders")).to_contain_text("将地面车位出租收益用于委员补贴")
    logout(page)

    # The committee member reports the correction.
    login(page, base, "tianzhong_ywh")
    page.goto(f"{base}/governance/committee-records/{committee.pk}/")
    page.get_by_role("link", name="责令整改中").click()
    page.get_by_label("整改情况报告").fill("已召开委员会会议撤回该决定，补贴款项已全部退回公共收益账户。")
    page.get_by_test_id("respond-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已报告整改情况")
    logout(page)

    # The official accepts it.
    login(page, base, "renminjie_wyb")
    order = SupervisionOrder.objects.get()
    page.goto(f"{base}/governance/supervision-orders/{order.pk}/")
    page.get_by_label("验收通过").check()
    page.get_by_label("意见/理由").fill("款项已退回，整改到位。")
    page.get_by_test_id("decide-submit").click()
    expect(page.get_by_test_id("order-status")).to_have_text("整改已验收")
    page.screenshot(path=str(RESULTS / "supervision_accepted.png"), full_page=True)
    logout(page)
    order.refresh_from_db()
    assert order.status == SupervisionStatus.ACCEPTED

    # The owner reads both notices.
    login(page, base, "tianzhong_owner")
    page.goto(f"{base}/governance/notices/")
    notices = page.get_by_test_id("notices")
    expect(notices).to_contain_text("关于责令天中花园业主委员会限期整改的公告")
    expect(notices).to_contain_text("天中花园业主委员会整改验收结果公告")
    page.get_by_role("link", name=re.compile("关于责令天中花园业主委员会限期整改的公告")).click()
    expect(page.get_by_test_id("notice-body")).to_contain_text(deadline.isoformat())
    page.screenshot(path=str(RESULTS / "supervision_owner_notice.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_committee_member_sees_the_count_move_and_a_proxy_refused(live_server, browser_page, street):
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory
    from wuye.governance.models import Motion
    from wuye.governance.tests.factories_supervision import committee_with_members, held_meeting

    committee, members = committee_with_members(5, region=street)
    meeting = held_meeting(committee, members, present=members[:4])
    secretary = UserFactory(username="ywh_mishu")
    RoleAssignment.objects.create(user=secretary, role="committee_member", estate=committee.estate)
    page = browser_page
    login(page, live_server.url, "ywh_mishu")
    page.goto(f"{live_server.url}/governance/committee-meetings/{meeting.pk}/")
    form = page.get_by_test_id("motion-form")
    form.get_by_label("议题").fill("更换小区监控设备")
    for m in members[:2]:
        form.get_by_label(m.name, exact=True).select_option("yes")
    expect(page.get_by_test_id("motion-preview")).to_contain_text("未达全体委员过半数")
    form.get_by_label(members[2].name, exact=True).select_option("yes")
    expect(page.get_by_test_id("motion-preview")).to_contain_text("将通过")
    page.get_by_text("缺席委员书面委托（将被拒绝）").click()
    form.get_by_label("委托代理表决：缺席委员").select_option(str(members[4].pk))
    form.get_by_label("代理人（出席委员）").select_option(str(members[0].pk))
    expect(page.get_by_test_id("motion-preview")).to_contain_text("不得委托他人表决")
    page.get_by_test_id("motion-submit").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("不得委托他人表决")
    assert not Motion.objects.exists()
    page.screenshot(path=str(RESULTS / "supervision_proxy_refused.png"), full_page=True)
