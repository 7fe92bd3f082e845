"""The complaint classifier (``wuye.complaints.rules.classifier``): pure, no database."""
from __future__ import annotations

import ast
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wuye.complaints.catalog_seed import CODES
from wuye.complaints.rules import classifier, lexicon
from wuye.complaints.rules.classifier import Classification, classify

DATA = Path(classifier.__file__).resolve().parent.parent / "data"
ACCURACY_FLOOR = 0.90  # measured 0.972 on 354 messages (classifier rules+nb-1)


def _load(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


CLEAR_CASES = [
    ("物业服务太差", "物业客服电话打不通，报修一周没人来，保洁也不打扫楼道", "service_quality"),
    ("物业费标准", "我们公租房的物业费收费标准是多少，政府指导价是谁定的", "fee_standard"),
    ("乱收费", "物业收装修押金还不退，收费项目也没有明码标价", "price_violation"),
    ("电梯困人", "电梯又坏了，把我困在里面四十分钟", "special_equipment"),
    ("私搭乱建", "一楼住户在公共绿地上搭建彩钢房", "illegal_construction"),
    ("拆承重墙", "楼上装修把承重墙砸了", "illegal_renovation"),
    ("高空抛物", "楼上往下扔酒瓶子，差点砸到孩子", "public_environment"),
    ("垃圾没人清运", "垃圾桶满了好几天没人清运，臭气熏天", "sanitation"),
    ("飞线充电", "有人从五楼拉电线下来给电动车充电", "fire_safety"),
    ("电动车被盗", "小区车棚里的电动车被偷了，监控是坏的", "public_security"),
    ("工厂废气", "小区旁边化工厂晚上排放废气，味道刺鼻", "industrial_pollution"),
    ("二次供水", "楼顶水箱多年不清洗，水发黄", "health"),
    ("无证办学", "住宅楼里开了个辅导班，没有办学许可", "education"),
    ("宽带装不了", "小区只有一家运营商，其他宽带进不来", "telecom"),
    ("拖欠工资", "物业公司拖欠保洁员三个月工资，也不交社保", "labour"),
    ("规划变更", "开发商把规划的幼儿园改成了住宅楼", "planning"),
    ("车位权属", "地面车位产权归谁，开发商说是他的", "common_ownership"),
    ("人防车位", "人防工程被开发商当车位卖", "civil_air_defence"),
    ("停水", "小区停水两天了，也没有通知", "utilities"),
    ("维修资金", "物业挪用专项维修资金，账目不公开", "maintenance_fund"),
    ("业委会选举", "业委会换届选举不公开，候选人是物业安排的", "owners_governance"),
    ("申请调解", "楼上漏水到我家，协商不成，请人民调解委员会调解", "dispute_mediation"),
    ("信访", "信访事项超过期限没有答复，申请复查", "petition"),
    ("健身器材坏了", "小区健身器材扶手断了，漫步机也松了", "fitness_equipment"),
    ("延期交房", "开发商延期交房一年，还虚假宣传", "developer_delivery"),
    ("房产证", "交房三年了房产证还办不下来", "property_certificate"),
    ("无物业小区", "老旧小区没有物业，没人管", "unmanaged_estate"),
]


def test_every_catalog_code_has_a_clear_case_and_rules():
    assert {c for _, _, c in CLEAR_CASES} == set(CODES)
    assert set(lexicon.KEYWORDS) == set(CODES)


@pytest.mark.parametrize(("title", "body", "expected"), CLEAR_CASES, ids=[c for _, _, c in CLEAR_CASES])
def test_clear_cases(title, body, expected):
    result = classify(title, body)
    assert result.category == expected
    assert result.confidence >= 0.6
    assert result.matched, "the deciding phrases are reported"
    assert next(iter(result.scores)) == expected


def test_the_title_alone_is_enough():
    assert classify("消防通道被私家车堵死了").category == "fire_safety"


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "，。！？", "123 456"])
def test_empty_or_meaningless_text_gives_no_category(text):
    result = classify(text, text)
    assert result == Classification(None, 0.0)


def test_a_huge_text_is_read_only_at_its_beginning():
    body = "楼上装修把承重墙砸了，" + "啊" * (10 * 1024 * 1024)
    start = time.perf_counter()
    result = classify("", body)
    assert time.perf_counter() - start < 2.0
    assert result.category == "illegal_renovation"
    # words past MAX_CHARS are not read
    late = "啊" * classifier.MAX_CHARS + "高空抛物"
    assert classify("", late).category is None


def test_deterministic():
    rows = _load("eval_set.jsonl")[:40]
    first = [classify(r["title"], r["body"]) for r in rows]
    second = [classify(r["title"], r["body"]) for r in rows]
    assert first == second


def test_typos_are_corrected():
    assert classify("", "小区拉圾好几天没人清运").category == "sanitation"


def test_confidence_bounds_and_scores_on_the_eval_set():
    for r in _load("eval_set.jsonl"):
        result = classify(r["title"], r["body"])
        assert 0.0 <= result.confidence <= 1.0
        assert result.category in CODES
        assert result.scores[result.category] == result.confidence
        assert all(0.0 <= p <= 1.0 for p in result.scores.values())
        assert len(result.scores) <= classifier.TOP_SCORES


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_any_text_is_classified_without_error(title, body):
    result = classify(title, body)
    assert 0.0 <= result.confidence <= 1.0
    assert result.category is None or result.category in CODES
    if result.category is None:
        assert result.confidence == 0.0


def test_fast_after_warm_up():
    classifier.warm_up()
    rows = _load("eval_set.jsonl")
    start = time.perf_counter()
    for r in rows:
        classify(r["title"], r["body"])
    per_message = (time.perf_counter() - start) / len(rows)
    assert per_message < 0.005


def test_accuracy_on_the_eval_set_stays_above_the_floor():
    rows = _load("eval_set.jsonl")
    correct = sum(classify(r["title"], r["body"]).category == r["category"] for r in rows)
    assert correct / len(rows) >= ACCURACY_FLOOR


def test_wrong_answers_are_less_confident_than_right_ones():
    right, wrong = [], []
    for r in _load("eval_set.jsonl"):
        result = classify(r["title"], r["body"])
        (right if result.category == r["category"] else wrong).append(result.confidence)
    if wrong:
        assert sum(wrong) / len(wrong) < sum(right) / len(right)


@pytest.mark.parametrize("name", ["eval_set.jsonl", "train_set.jsonl"])
def test_data_files_are_valid(name):
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]  # every line is JSON
    assert len(rows) >= 300
    for row in rows:
        assert set(row) == {"title", "body", "category"}
        assert row["category"] in CODES
        assert (row["title"] + row["body"]).strip()


def test_eval_set_covers_every_category():
    counts = {c: 0 for c in CODES}
    for row in _load("eval_set.jsonl"):
        counts[row["category"]] += 1
    assert min(counts.values()) >= 6


def test_train_and_eval_sets_are_disjoint():
    def key(r):
        return (r["title"].strip(), r["body"].strip())

    train = {key(r) for r in _load("train_set.jsonl")}
    evaluation = {key(r) for r in _load("eval_set.jsonl")}
    assert not train & evaluation
    train_bodies = {r["body"].strip() for r in _load("train_set.jsonl") if r["body"].strip()}
    assert not train_bodies & {r["body"].strip() for r in _load("eval_set.jsonl") if r["body"].strip()}


def test_lexicon_is_clean():
    assert len(set(lexicon.USER_WORDS)) == len(lexicon.USER_WORDS)
    for phrases in lexicon.KEYWORDS.values():
        assert all(0 < w <= 5 for w in phrases.values())


@pytest.mark.parametrize("module", [classifier, lexicon])
def test_module_is_pure(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "json", "logging", "math", "re", "threading", "unicodedata", "collections",
                        "dataclasses", "pathlib", "jieba", "wuye"}
    assert "django" not in imported
    assert isinstance(classifier.CLASSIFIER_VERSION, str) and classifier.CLASSIFIER_VERSION
