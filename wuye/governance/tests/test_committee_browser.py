"""A street official in a real browser (Debian chromium driven by playwright): sees the 筹备组 alert,
forms the 筹备组 and sees its 90-day timer, then records an elected 业委会 and files it.
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_street_official_forms_group_and_files_committee(live_server, browser_page, street, tmp_path):
    from django.utils import timezone
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory
    from wuye.governance.choices import AssemblyStatus
    from wuye.governance.models import Committee, OwnersAssembly
    from wuye.governance.services import assemblies, committees
    from wuye.governance.tests.factories import estate_with_owners

    official = UserFactory(username="renminjie", display_name="人民街物业办")
    RoleAssignment.objects.create(user=official, role="street_office", region=street)
    estate, owners = estate_with_owners(8, region=street, name="建业森林半岛")
    today = timezone.localdate()
    assemblies.assembly_apply(actor=official, estate=estate, applied_on=today - dt.timedelta(days=55),
                              applicants=owners[:2])
    committees.sweep_governance()
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page = browser_page
    login(page, base, "renminjie")

    # The assembly list warns that the 60-day limit to form the group is near.
    page.goto(f"{base}/governance/assemblies/")
    alerts = page.get_by_test_id("governance-alerts")
    expect(alerts).to_contain_text("筹备组组建时限")
    alerts.get_by_role("link").first.click()

    # Form the 筹备组: street leader, 居委会, three owners (odd, owners ≥ 1/2).
    form = page.get_by_test_id("group-form")
    form.locator("input[name=formed_on]").fill(today.isoformat())
    members = "\n".join(["王建国，街道，组长", "刘芳，居委会", *(o.name for o in owners[:3])])
    form.locator("textarea[name=members]").fill(members)
    form.get_by_role("button", name="组建筹备组").click()
    expect(page.get_by_test_id("assembly-status")).to_have_text("筹备中")
    timers = page.get_by_test_id("timers")
    expect(timers).to_contain_text("召开首次业主大会")
    expect(timers).to_contain_text("剩余")
    expect(page.get_by_test_id("prep-group")).to_contain_text("组长")
    page.screenshot(path=str(RESULTS / "governance-prep-group.png"), full_page=True)
    assert OwnersAssembly.objects.get(estate=estate).status == AssemblyStatus.PREPARING

    # Record an elected owners' committee (offline result with its document), then file it.
    page.goto(f"{base}/governance/committees/")
    page.get_by_test_id("committee-create").click()
    page.get_by_test_id("estate-picker").select_option(label="建业森林半岛")
    form = page.get_by_test_id("committee-form")
    form.locator("input[name=elected_on]").fill((today - dt.timedelta(days=3)).isoformat())
    lines = [f"{owners[0].name}，主任，党员", f"{owners[1].name}，副主任", *(o.name for o in owners[2:5])]
    form.locator("textarea[name=members]").fill("\n".join(lines))
    result = tmp_path / "选举结果.pdf"
    result.write_bytes(b"%PDF-1.4 election result")
    form.locator("input[name=offline_document]").set_input_files(str(result))
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("committee-status")).to_have_text("履职中")
    expect(page.get_by_test_id("filing-status")).to_contain_text("未备案")
    expect(page.get_by_test_id("timers")).to_contain_text("选举后备案")
    expect(page.get_by_test_id("members")).to_contain_text(owners[0].name)
    filing = page.get_by_test_id("filing-form")
    filing.locator("input[name=filed_on]").fill(today.isoformat())
    filing.locator("input[name=filing_number]").fill("驿建业备〔2026〕1号")
    filing.get_by_role("button", name="登记备案").click()
    expect(page.get_by_test_id("filing-status")).to_contain_text("已备案")
    page.screenshot(path=str(RESULTS / "governance-committee.png"), full_page=True)
    c = Committee.objects.get(estate=estate)
    assert c.filed_on == today and c.seats == 5 and c.offline_result
