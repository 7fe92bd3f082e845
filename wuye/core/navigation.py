"""The side menu: each entry shown to the roles that can use it."""
from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    group: str
    officials_only: bool = False
    # Further condition on the user (dotted path to a function of the user), e.g. managers only.
    show_if: str = ""


MENU = [
    MenuItem(_("首页"), "core:home", _("总览")),
    MenuItem(_("小区"), "estates:estate_list", _("基础信息")),
    MenuItem(_("楼栋"), "estates:building_list", _("基础信息")),
    MenuItem(_("房屋"), "estates:unit_list", _("基础信息")),
    MenuItem(_("业主"), "estates:owner_list", _("基础信息")),
    MenuItem(_("物业区域备案"), "estates:managementareafiling_list", _("基础信息")),
    MenuItem(_("物业企业"), "enterprises:enterprise_list", _("物业企业")),
    MenuItem(_("企业人员"), "enterprises:enterprisestaff_list", _("物业企业")),
    MenuItem(_("服务合同"), "enterprises:servicecontract_list", _("物业企业")),
    MenuItem(_("党组织"), "organization:partyorganization_list", _("党建与双包")),
    MenuItem(_("交叉任职"), "organization:crossappointment_list", _("党建与双包")),
    MenuItem(_("双包责任"), "organization:officialassignment_list", _("党建与双包")),
    MenuItem(_("工单"), "complaints:workorder_list", _("投诉与工单")),
    MenuItem(_("人工分类队列"), "complaints:manual_queue", _("投诉与工单"), officials_only=True),
    MenuItem(_("吹哨报到"), "complaints:whistle", _("投诉与工单"), officials_only=True),
    MenuItem(_("职责清单"), "complaints:catalog", _("投诉与工单")),
    MenuItem(_("人民调解"), "complaints:mediation_list", _("投诉与工单")),
    MenuItem(_("工单绩效"), "kpi:index", _("投诉与工单")),
    MenuItem(_("业主大会"), "governance:assembly_list", _("业主自治")),
    MenuItem(_("业委会/物管会"), "governance:committee_list", _("业主自治")),
    MenuItem(_("共同决定"), "governance:decision_list", _("业主自治")),
    MenuItem(_("业委会履职记录"), "governance:committee_records_list", _("业主自治")),
    MenuItem(_("业主公告"), "governance:owner_notices", _("业主自治")),
    MenuItem(_("业委会监督"), "governance:supervision_index", _("业主自治"), officials_only=True),
    MenuItem(_("账号管理"), "accounts:account_list", _("设置"), officials_only=True,
             show_if="wuye.accounts.selectors.can_manage_accounts"),
    MenuItem(_("短信发件箱"), "messaging:outbox", _("设置"), officials_only=True),
    MenuItem(_("Excel 导入"), "core:import_list", _("数据"), officials_only=True),
    MenuItem(_("政策参数"), "policy:profile", _("设置"), officials_only=True),
    MenuItem(_("工作日历"), "workcalendar:index", _("设置"), officials_only=True),
    MenuItem(_("行政区划"), "regions:region_list", _("设置")),
    MenuItem(_("职能部门"), "regions:department_list", _("设置")),
]


def menu_for(user, path: str) -> list[dict]:
    from wuye.accounts.selectors import is_official

    official = is_official(user)
    entries = []
    for item in MENU:
        if item.officials_only and not official:
            continue
        if item.show_if and not import_string(item.show_if)(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append((item, url))
    # Only the most specific entry is active: /complaints/orders/manual/ is not also /complaints/orders/.
    matches = [url for _item, url in entries if path == url or (url != "/" and path.startswith(url))]
    active_url = max(matches, key=len) if matches else None
    groups: dict[str, list[dict]] = {}
    for item, url in entries:
        groups.setdefault(str(item.group), []).append({"label": item.label, "url": url, "active": url == active_url})
    return [{"group": g, "items": items} for g, items in groups.items()]
