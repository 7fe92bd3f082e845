"""An owner's e-ballot end to end in a real browser (Debian chromium driven by playwright).

The owner asks for a code on /vote/ with the phone on the roll; a street official reads the code on
the SMS outbox page; the owner logs in, votes, confirms, gets the receipt and checks it on the
public page; the organiser's decision page shows turnout move (htmx polling), and no yes/no count.
"""
from __future__ import annotations

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
def test_owner_votes_with_a_code_and_verifies_the_receipt_organiser_sees_turnout(live_server, browser_page, street):
    from django.utils import timezone
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory
    from wuye.estates.tests.factories import (
        BuildingFactory,
        OwnerFactory,
        OwnershipFactory,
        UnitFactory,
    )
    from wuye.governance.models import Ballot
    from wuye.governance.services.decisions import decision_open, verify_chain

    building = BuildingFactory(estate__region=street, estate__name="天中花园")
    owners = [OwnerFactory(name=f"业主{i}", phone=f"1391234{i:04d}") for i in range(6)]
    for owner in owners:
        OwnershipFactory(unit=UnitFactory(building=building), owner=owner)
    voter = owners[2]
    decision = decision_open(actor=None, estate=building.estate, matter=4, title="续聘天中物业服务企业",
                             closes_at=timezone.now() + dt.timedelta(days=7), organiser="committee")
    member = UserFactory(username="weiyuan", display_name="业委会主任王芳")
    RoleAssignment.objects.create(user=member, role="committee_member", estate=building.estate)
    official = UserFactory(username="renminjie", display_name="人民街物业办")
    RoleAssignment.objects.create(user=official, role="street_office", region=street)
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    browser = browser_page.context.browser

    # The organiser watches turnout: 0 persons so far.
    organiser = browser_page
    login(organiser, base, "weiyuan")
    organiser.goto(f"{base}/governance/decisions/{decision.pk}/")
    expect(organiser.get_by_test_id("turnout-persons")).to_have_text("0")
    expect(organiser.get_by_test_id("ballots").locator("tbody tr td").first).to_have_text("—")

    # The owner, on a phone, asks for a code.
    phone_ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                    has_touch=True)
    owner = phone_ctx.new_page()
    owner.set_default_timeout(15_000)
    owner.goto(f"{base}/vote/")
    owner.get_by_label("手机号（表决名册登记的号码）").fill(voter.phone)
    owner.get_by_role("button", name="获取验证码").click()
    expect(owner.get_by_role("heading", name="输入验证码")).to_be_visible()

    # The street official reads the code on the outbox page (the embedded SMS backend).
    official_ctx = browser.new_context(locale="zh-CN")
    clerk = official_ctx.new_page()
    clerk.set_default_timeout(15_000)
    login(clerk, base, "renminjie")
    clerk.goto(f"{base}/messaging/outbox/?phone={voter.phone}")
    body = clerk.get_by_test_id("outbox").locator("td.sms-body").first.inner_text()
    code = re.search(r"\d{6}", body).group(0)

    # The owner logs in, votes and confirms.
    owner.get_by_label("短信验证码（6 位数字）").fill(code)
    owner.get_by_role("button", name="登录").click()
    expect(owner.get_by_role("heading", name="我的表决")).to_be_visible()
    owner.get_by_role("link", name="去投票").click()
    owner.get_by_label("同意").check()
    owner.get_by_role("button", name="下一步：确认").click()
    expect(owner.get_by_test_id("chosen")).to_have_text("同意")
    owner.get_by_role("button", name="确认投票").click()
    receipt = owner.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{12}", receipt)
    owner.screenshot(path=str(RESULTS / "vote-receipt.png"), full_page=True)

    # Anyone checks the receipt on the public page (here: the owner's "立即核验" link, then by hand).
    owner.get_by_role("link", name="立即核验").click()
    owner.get_by_role("button", name="核验").click()
    expect(owner.get_by_test_id("verify-message")).to_contain_text("回执有效")
    anon = browser.new_context(locale="zh-CN").new_page()
    anon.goto(f"{base}/vote/verify/")
    anon.get_by_label("决定编号").fill(str(decision.pk))
    anon.get_by_label("回执码").fill(receipt)
    anon.get_by_role("button", name="核验").click()
    expect(anon.get_by_test_id("verify-message")).to_contain_text("回执有效")
    expect(anon.get_by_test_id("verify-sequence")).to_contain_text("1 / 1")
    assert voter.name not in anon.content()
    anon.screenshot(path=str(RESULTS / "vote-verify.png"), full_page=True)

    # Voting twice is refused.
    owner.goto(f"{base}/vote/decisions/{decision.pk}/")
    expect(owner.get_by_text("您已投票")).to_be_visible()

    # The organiser's page moves by itself (htmx polls every 5 s), still without a yes/no count.
    expect(organiser.get_by_test_id("turnout-persons")).to_have_text("1", timeout=20_000)
    # …and so does the ballots table: the new ballot's row, without a reload.
    expect(organiser.get_by_test_id("ballots").locator("tbody tr td").first).to_have_text("1", timeout=20_000)
    expect(organiser.get_by_test_id("ballots").locator("tbody tr")).to_have_count(1)
    assert "同意" not in organiser.get_by_test_id("turnout").inner_text()
    assert "同意" not in organiser.get_by_test_id("ballots").inner_text()
    organiser.screenshot(path=str(RESULTS / "vote-turnout.png"), full_page=True)
    assert Ballot.objects.filter(decision=decision).count() == 1 and verify_chain(decision) == []
    for ctx in (phone_ctx, official_ctx, anon.context):
        ctx.close()
