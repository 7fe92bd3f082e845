"""The catalogue of policy parameters with their national defaults (domain-rules.md).

Pure rule module: definitions and value parsing only. Regions override values in their
policy profile; ``wuye.policy.selectors.get_parameter`` resolves a value for a region.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

INT = "int"
DECIMAL = "decimal"
BOOL = "bool"
CHOICE = "choice"
TEXT = "text"


class ParameterError(ValueError):
    """A value that does not fit its parameter; the message is for the user."""


@dataclass(frozen=True)
class Parameter:
    key: str
    label: str
    group: str
    kind: str
    default: Any
    source: str = ""
    unit: str = ""
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    choices: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    nullable: bool = False

    def parse(self, raw: Any) -> Any:
        """Turn user or stored input into the value's canonical JSON form, or raise ParameterError."""
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if self.nullable:
                return None
            raise ParameterError(f"“{self.label}”不能为空。")
        if self.kind == BOOL:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"true", "1", "yes", "on", "是"}:
                return True
            if text in {"false", "0", "no", "off", "否"}:
                return False
            raise ParameterError(f"“{self.label}”应为“是”或“否”。")
        if self.kind == INT:
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise ParameterError(f"“{self.label}”应为整数，收到“{raw}”。") from None
            self._check_range(value)
            return value
        if self.kind == DECIMAL:
            try:
                value = Decimal(str(raw).strip())
            except InvalidOperation:
                raise ParameterError(f"“{self.label}”应为数字，收到“{raw}”。") from None
            if not value.is_finite():
                raise ParameterError(f"“{self.label}”应为有限数字。")
            self._check_range(value)
            return str(value)
        if self.kind == CHOICE:
            text = str(raw).strip()
            allowed = [c[0] for c in self.choices]
            if text not in allowed:
                raise ParameterError(f"“{self.label}”只能是：{'、'.join(c[1] for c in self.choices)}。")
            return text
        return str(raw).strip()

    def _check_range(self, value) -> None:
        if self.minimum is not None and value < self.minimum:
            raise ParameterError(f"“{self.label}”不能小于 {self.minimum}{self.unit}。")
        if self.maximum is not None and value > self.maximum:
            raise ParameterError(f"“{self.label}”不能大于 {self.maximum}{self.unit}。")

    def parse_safe(self, raw: Any) -> Any:
        """The parsed Python value, or a sentinel that equals nothing when the input is invalid."""
        try:
            return self.python_value(self.parse(raw))
        except ParameterError:
            return object()

    def python_value(self, stored: Any) -> Any:
        if stored is None:
            return None
        if self.kind == DECIMAL:
            return Decimal(str(stored))
        return stored

    def display(self, stored: Any) -> str:
        if stored is None:
            return "—"
        if self.kind == BOOL:
            return "是" if stored else "否"
        if self.kind == CHOICE:
            return dict(self.choices).get(stored, str(stored))
        return f"{stored}{self.unit}"


GOVERNANCE = "业主自治与表决"
CONTRACTS = "物业服务合同"
FUND = "专项维修资金与收费"
CREDIT = "信用与考核"
COMPLAINTS = "投诉与工单"

_PARAMETERS = [
    # Owners' decisions (domain-rules §1)
    Parameter("parking_counts_as_area", "车位面积计入专有部分面积", GOVERNANCE, BOOL, False, "R1.5 GR 25"),
    Parameter("invalid_counts_as_participation", "无效票计入参与表决", GOVERNANCE, BOOL, False, "R1.9"),
    Parameter("count_silent_with_majority", "未表决业主计入多数意见（仅在实际表决达到法定人数后）", GOVERNANCE, BOOL, False, "R1.10 GR 26"),
    Parameter("conflicting_coowner_ballot", "共有人表决冲突且无推选表决人", GOVERNANCE, CHOICE, "INVALID", "R1.7",
              choices=(("INVALID", "表决无效"),)),
    Parameter("meeting_notice_days", "业主大会会议提前通知天数", GOVERNANCE, INT, 15, "R1.12 PMR 14", "天", 1, 90),
    Parameter("decision_objection_days", "表决结果异议期", GOVERNANCE, INT, 7, "平台默认", "天", 0, 60),
    Parameter("prep_group_formation_days", "收到书面申请后组建筹备组时限", GOVERNANCE, INT, 60, "R2.1 GR 7", "天", 1, 365),
    Parameter("prep_group_days", "筹备组成立后召开首次业主大会时限", GOVERNANCE, INT, 90, "R2.1 GR 12", "天", 1, 365),
    Parameter("committee_min", "业委会委员最少人数", GOVERNANCE, INT, 5, "R2.2 GR 31", "人", 3, 21),
    Parameter("committee_max", "业委会委员最多人数", GOVERNANCE, INT, 11, "R2.2 GR 31", "人", 3, 21),
    Parameter("term_max_years", "业委会任期上限", GOVERNANCE, INT, 5, "R2.3 GR 32", "年", 1, 5),
    Parameter("committee_filing_days", "业委会选举后备案时限", GOVERNANCE, INT, 30, "R2.4 PMR 16", "天", 1, 90),
    Parameter("committee_change_filing_days", "业委会委员变更备案时限", GOVERNANCE, INT, 30, "R2.4 GR 34", "天", 1, 90),
    Parameter("committee_small_estate_households", "户数不超过此数的小区可设3名委员（空为不适用）", GOVERNANCE, INT, None,
              "R2.2 部分城市", "户", 1, 1000, nullable=True),
    Parameter("reelection_lead_months", "换届选举提前启动", GOVERNANCE, INT, 3, "R2.9 GR 47", "个月", 1, 12),
    Parameter("handover_days", "任期届满后移交资料印章时限", GOVERNANCE, INT, 10, "R2.9 GR 48", "天", 1, 60),
    Parameter("pmc_min", "物管会委员最少人数", GOVERNANCE, INT, 7, "R2.10", "人", 3, 21),
    Parameter("pmc_term_years", "物管会任期", GOVERNANCE, INT, 3, "R2.10", "年", 1, 5),
    Parameter("pmc_dissolve_days", "业委会备案后物管会解散时限", GOVERNANCE, INT, 30, "R2.10", "天", 1, 90),
    Parameter("committee_publication_due_months", "业委会年度收支公布期限（次年起算）", GOVERNANCE, INT, 3,
              "000 §十四 R2.5 平台默认", "个月", 1, 12),
    Parameter("fund_use_rule", "维修资金使用表决规则", GOVERNANCE, CHOICE, "CC278", "§10.2",
              choices=(("CC278", "民法典第278条（参与表决过半数）"), ("LEGACY_MFM22", "165号令第22条（双三分之二）"))),
    # Contracts (§3)
    Parameter("owner_dismissal_notice_days", "业主解聘物业提前书面通知", CONTRACTS, INT, 60, "R3.3 CC 946", "天", 0, 365),
    Parameter("provider_nonrenewal_notice_days", "物业企业不续聘提前通知", CONTRACTS, INT, 90, "R3.5 CC 947", "天", 0, 365),
    Parameter("indefinite_notice_days", "不定期合同解除提前通知", CONTRACTS, INT, 60, "R3.6 CC 948", "天", 0, 365),
    Parameter("exit_days", "退出交接时限（空为合理期限）", CONTRACTS, INT, None, "R3.7", "天", 1, 365, nullable=True),
    Parameter("premises_formula", "物业管理用房配置标准", CONTRACTS, CHOICE, "HENAN_2017", "R4.5",
              choices=(("HENAN_2017", "河南省条例第11条"), ("NONE", "不校验"))),
    # Fund and fees (§5, §6)
    Parameter("deposit_rate", "维修资金首期交存比例（占建安造价）", FUND, DECIMAL, "0.05", "R5.2 MFM 7", "", Decimal("0.05"), Decimal("0.08")),
    Parameter("construction_cost_fen_per_m2", "每平方米建筑安装工程造价", FUND, INT, 150000, "R5.2", "分/㎡", 1),
    Parameter("topup_threshold", "分户账余额低于首期交存额比例时续筹", FUND, DECIMAL, "0.30", "R5.5 MFM 17", "", Decimal("0"), Decimal("1")),
    Parameter("interest_allocation", "增值收益分配方式", FUND, CHOICE, "PRO_RATA_BALANCE", "R5.6",
              choices=(("PRO_RATA_BALANCE", "按分户账余额比例"), ("PRO_RATA_AREA", "按面积比例"))),
    Parameter("public_revenue_separate_account", "公共收益单独设账", FUND, BOOL, True, "R6.4"),
    Parameter("public_revenue_disclosure", "公共收益公示周期", FUND, CHOICE, "QUARTERLY", "R6.4 信阳 §五",
              choices=(("QUARTERLY", "每季度"), ("HALF_YEARLY", "每半年"), ("YEARLY", "每年"))),
    Parameter("fee_change_notice_days", "收费标准调整提前公示", FUND, INT, 30, "R6.3 MP", "天", 0, 180),
    # Credit and assessment (§7, seeds)
    Parameter("credit_base_score", "信用基础分", CREDIT, INT, 100, "§7 驻马店", "分", 0, 1000),
    Parameter("credit_record_validity_days", "信用记录有效期", CREDIT, INT, 365, "R7.1", "天", 1, 3650),
    Parameter("credit_cycle", "信用评价周期", CREDIT, CHOICE, "REALTIME", "R7.2",
              choices=(("REALTIME", "实时"), ("ANNUAL", "年度"))),
    Parameter("quarterly_ranking_enabled", "按季度发布好差榜", CREDIT, BOOL, True, "信阳 §三"),
    Parameter("bad_list_exposure_quarters", "连续上差榜通报曝光季度数", CREDIT, INT, 2, "信阳 §三", "个季度", 1, 8),
    Parameter("random_inspection_rate", "双随机抽查比例", CREDIT, DECIMAL, "0.10", "002 §二", "", Decimal("0"), Decimal("1")),
    Parameter("grade_d_inspection_rate", "D级企业项目抽查比例", CREDIT, DECIMAL, "1.00", "003 §六(二)", "", Decimal("0"), Decimal("1")),
    Parameter("credit_objection_days", "信用异议期", CREDIT, INT, 15, "R7.4 VERIFY", "天", 0, 90),
    # Complaints (SPEC §2.2)
    Parameter("classification_confidence_threshold", "自动分类置信度阈值（低于则人工分类）", COMPLAINTS, DECIMAL, "0.60", "SPEC §2.2", "", Decimal("0"), Decimal("1")),
    Parameter("complaint_deadline_days", "工单办理时限（默认）", COMPLAINTS, INT, 5, "12345", "个工作日", 1, 60),
    Parameter("complaint_urgent_deadline_days", "紧急工单办理时限（默认）", COMPLAINTS, INT, 1, "12345", "个工作日", 1, 30),
    Parameter("complaint_due_soon_hours", "临期提醒提前量", COMPLAINTS, INT, 24, "12345", "小时", 1, 240),
    Parameter("complaint_ack_hours", "工单签收时限", COMPLAINTS, INT, 24, "12345", "小时", 1, 240),
    Parameter("whistle_check_in_hours", "吹哨报到时限", COMPLAINTS, INT, 24, "信阳 §七", "小时", 1, 240),
    Parameter("duplicate_window_minutes", "重复诉求合并时间窗", COMPLAINTS, INT, 10, "SPEC §2.2", "分钟", 0, 1440),
]

PARAMETERS: dict[str, Parameter] = {p.key: p for p in _PARAMETERS}
GROUPS: list[str] = list(dict.fromkeys(p.group for p in _PARAMETERS))


def get_definition(key: str) -> Parameter:
    try:
        return PARAMETERS[key]
    except KeyError:
        raise ParameterError(f"未知的政策参数：{key}") from None


def check_consistency(resolved: dict[str, Any]) -> list[str]:
    """Rules between parameters, checked on the fully resolved profile of a region."""
    errors = []
    lo, hi = resolved.get("committee_min"), resolved.get("committee_max")
    if lo is not None and hi is not None and lo > hi:
        errors.append(f"业委会委员最少人数（{lo}）不能大于最多人数（{hi}）。")
    for key in ("committee_min", "committee_max", "pmc_min"):
        v = resolved.get(key)
        if v is not None and v % 2 == 0:
            errors.append(f"“{PARAMETERS[key].label}”应为奇数（GR 31），当前为 {v}。")
    return errors

