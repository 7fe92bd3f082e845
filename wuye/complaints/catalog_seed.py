"""The responsibility catalog (职责清单) as first loaded: SPEC §4, from seeds 000, 002 and 003.

Each matter category names the responsible department kind (wuye.regions.choices.DepartmentKind)
and the level of the administrative tree whose department handles it (3 = district/county,
4 = street/town). Officials edit the catalog as data afterwards (versioned in the database);
this module is only the first version and the classifier's list of categories.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogSeed:
    code: str
    name: str
    department_kind: str
    level: int  # 3 district, 4 street
    description: str
    supervisor_kind: str = ""  # the department that supervises, where the seeds name one


CATALOG: list[CatalogSeed] = [
    CatalogSeed("service_quality", "物业服务质量与合同履行", "street_office", 4,
                "物业服务不到位、合同约定服务未履行、物业人员日常行为", "housing"),
    CatalogSeed("fee_standard", "物业收费标准", "development_reform", 3, "收费标准制定与调整、保障性住房物业收费"),
    CatalogSeed("price_violation", "价格违法与不公平条款", "market_regulation", 3,
                "乱收费、未明码标价、合同不公平条款、无照经营"),
    CatalogSeed("special_equipment", "电梯等特种设备", "market_regulation", 3, "电梯、锅炉、机械式停车设备安全"),
    CatalogSeed("illegal_construction", "违法建设与占用公共区域", "urban_management", 3,
                "违法建设、私搭乱建、毁绿占绿、占道挖掘、擅自改变公共建筑或物业用房用途、擅自利用共有部分经营"),
    CatalogSeed("illegal_renovation", "违规装修", "urban_management", 3, "破坏承重结构、防水层，擅改燃气供暖管道，超荷载"),
    CatalogSeed("public_environment", "楼道堆物、高空抛物与生活噪音", "urban_management", 3,
                "楼道堆物、高空抛物、门前三包、社会生活噪音、露天焚烧、露天烧烤油烟"),
    CatalogSeed("sanitation", "垃圾清运与环境卫生", "urban_management", 3, "生活垃圾清运、环境卫生"),
    CatalogSeed("fire_safety", "消防安全", "fire", 3, "堵占消防通道、飞线充电、消防设施损坏"),
    CatalogSeed("public_security", "治安与安防", "public_security", 3, "治安、保安管理、监控、交接期间违法犯罪、出租房屋"),
    CatalogSeed("industrial_pollution", "周边工业污染", "ecology", 3, "小区周边工业噪声、污水、废气"),
    CatalogSeed("health", "卫生健康", "health", 3, "二次供水卫生、诊所、病媒防制、家庭无证餐饮"),
    CatalogSeed("education", "无证办学", "education", 3, "无证办学、校外培训、幼儿园"),
    CatalogSeed("telecom", "通信接入", "industry_it", 3, "电信接入、光纤入户"),
    CatalogSeed("labour", "物业企业劳动用工", "human_resources", 3, "物业企业劳动合同、拖欠工资、社会保险"),
    CatalogSeed("planning", "规划与配套设施", "natural_resources", 3, "规划、停车及配套设施规划"),
    CatalogSeed("common_ownership", "共有设施权属", "real_estate_registration", 3, "共有设施设备权属"),
    CatalogSeed("civil_air_defence", "人防工程", "civil_air_defence", 3, "人防工程使用与维护"),
    CatalogSeed("utilities", "水电气暖设施", "utility", 3, "供水、供电、供气、供热设施"),
    CatalogSeed("maintenance_fund", "专项维修资金", "housing", 3, "维修资金使用、挪用", "urban_management"),
    CatalogSeed("owners_governance", "业主大会与业委会", "street_office", 4,
                "业主大会、业委会组建与选举，业委会成员不当行为", "civil_affairs"),
    CatalogSeed("dispute_mediation", "物业纠纷调解", "mediation", 4, "需要调解的物业纠纷", "justice"),
    CatalogSeed("petition", "信访事项", "petitions", 3, "信访"),
    CatalogSeed("fitness_equipment", "健身器材", "culture_sports", 3, "小区健身器材损坏与维护"),
    CatalogSeed("developer_delivery", "开发建设单位交付问题", "housing", 3, "交付质量、延期交付、虚假宣传"),
    CatalogSeed("property_certificate", "不动产办证", "real_estate_registration", 3, "办理不动产权证（开发商部分由住建）", "housing"),
    CatalogSeed("unmanaged_estate", "无物业小区与老旧小区", "street_office", 4, "无物业管理小区、老旧小区改造", "housing"),
]

CODES = [c.code for c in CATALOG]
BY_CODE = {c.code: c for c in CATALOG}
