"""The classifier's wording rules (classifier rules+nb-2): department mentions, negation, several
issues in one message, the property company as actor, the NB-only confidence cap. Pure, no database."""
from __future__ import annotations

import re

import pytest

from wuye.complaints.catalog_seed import CODES
from wuye.complaints.rules import classifier, lexicon
from wuye.complaints.rules.classifier import _zones, classify, normalise, train

THRESHOLD = 0.60  # national default of the policy parameter classification_confidence_threshold


def masked(text: str) -> str:
    return _zones(normalise(text))[0]


# (text, department masked?) — a department the caller says bounced them is no evidence
DEFLECTIONS = [
    ("打了派出所电话，派出所说这个归城管管", True),
    ("找了住建局说不归他们管", True),
    ("城管说让我找物业", True),
    ("问了市场监管局，不受理", True),
    ("请城管来查一下", False),
    ("希望派出所多来巡逻", False),
]


@pytest.mark.parametrize(("text", "is_masked"), DEFLECTIONS, ids=[t for t, _ in DEFLECTIONS])
def test_departments_named_in_a_deflection_are_masked(text, is_masked):
    names = [n for n in lexicon.DEPARTMENTS if n in normalise(text)]
    assert names
    assert any(n not in masked(text) for n in names) is is_masked


DEPARTMENT_CASES = [
    # the matter decides, not the department that passed the caller on
    ("", "楼下ktv每天唱到凌晨，打了派出所电话，派出所说这个归城管管", "public_environment"),
    ("", "小区有人私搭乱建，找了住建局说不归他们管，让找城管", "illegal_construction"),
    # a department asked for is a hint towards what it handles
    ("", "请市场监管局查一下物业这个收费", "price_violation"),
]


@pytest.mark.parametrize(("title", "body", "expected"), DEPARTMENT_CASES, ids=[b[:12] for _, b, _ in DEPARTMENT_CASES])
def test_department_mentions(title, body, expected):
    assert classify(title, body).category == expected


def test_a_deflecting_department_is_not_counted_for_its_own_category():
    with_police = classify("", "楼下唱歌到半夜，派出所说不归他们管")
    assert with_police.category == "public_environment"
    assert "派出所" not in with_police.matched
    assert "public_security" not in with_police.scores or with_police.scores["public_security"] < 0.2


def test_a_requested_department_adds_a_hint():
    plain = classify("", "隔壁厂子晚上机器响")
    asked = classify("", "隔壁厂子晚上机器响，环保局能不能来测一下")
    assert asked.category == plain.category == "industrial_pollution"
    assert asked.confidence > plain.confidence


NEGATIONS = [
    ("不是电梯的问题", "电梯"),
    ("跟开发商没关系", "开发商"),
    ("这个不归城管管", "城管"),
    ("燃气管道没问题", "燃气管道"),
]


@pytest.mark.parametrize(("text", "word"), NEGATIONS, ids=[t for t, _ in NEGATIONS])
def test_negated_phrases_are_masked(text, word):
    assert word not in masked(text)
    assert classifier.MASK in masked(text)


def test_negation_changes_the_category():
    assert classify("", "燃气公司来看了说不是燃气的问题，是楼上装修把承重墙砸了").category == "illegal_renovation"


MULTI_ISSUE = [
    # the main matter first, an afterthought after 顺便/另外: the main matter wins
    ("", "小区垃圾桶三天没人清运，臭得很。顺便说一下楼道有人放了几个纸箱", "sanitation"),
    ("", "楼道里有人放了几个纸箱，主要是垃圾桶三天没人清运，臭得很", "sanitation"),
    ("", "楼道灯坏了，主要是电梯老是困人，上礼拜困了半小时", "special_equipment"),
]


@pytest.mark.parametrize(("title", "body", "expected"), MULTI_ISSUE, ids=[b[:12] for _, b, _ in MULTI_ISSUE])
def test_several_issues_in_one_message(title, body, expected):
    assert classify(title, body).category == expected


def test_afterthought_and_emphasis_weights():
    text = normalise("垃圾没人清运。另外电梯坏了。主要是停水")
    _, weights, _ = _zones(text)
    assert weights[text.index("垃圾")] == 1.0
    assert weights[text.index("电梯")] == classifier.AFTERTHOUGHT
    assert weights[text.index("停水")] == classifier.EMPHASIS


PROPERTY_ACTOR = [
    ("", "物业把小区的宣传栏全贴成了广告"),
    ("", "物业天天不见人，问啥都不管"),
    ("物业管理", "物业在业主不知情的情况下把小区东门封死了"),
]


@pytest.mark.parametrize(("title", "body"), PROPERTY_ACTOR, ids=[b[:12] for _, b in PROPERTY_ACTOR])
def test_the_property_company_as_actor_is_service_quality(title, body):
    result = classify(title, body)
    assert result.category == "service_quality"
    assert result.confidence >= THRESHOLD


def test_property_actor_patterns_compile_and_hints_are_not_reported_as_phrases():
    assert all(re.compile(p) for p in lexicon.PROPERTY_ACTOR)
    result = classify("", "物业把小区的宣传栏全贴成了广告")
    assert all(not p.startswith("(") for p in result.matched)


def test_a_decision_without_any_rule_phrase_stays_below_the_threshold(monkeypatch):
    model = train([{"title": "", "body": "咕噜 嘟嘟", "category": "labour"}] * 30
                  + [{"title": "", "body": "哈哈", "category": "telecom"}])
    monkeypatch.setattr(classifier, "TEMPERATURE", 0.05)  # make the NB part alone very sure
    result = classify("", "咕噜 嘟嘟 " * 20, model=model)
    assert result.category == "labour"
    assert result.confidence == classifier.NB_ONLY_CAP < THRESHOLD
    assert result.scores["labour"] == result.confidence


@pytest.mark.parametrize(("wrong", "right"), [("暖器不热", "暖气"), ("垃级没人拉", "垃圾"), ("木有物业", "没有物业")])
def test_more_typos(wrong, right):
    assert right in normalise(wrong)


def test_department_table_is_clean():
    for name, codes in lexicon.DEPARTMENTS.items():
        assert name and all(c in CODES for c in codes)
    # names that are the matter themselves stay keywords, never masked as departments
    for name in ("信访局", "人防办", "不动产登记中心", "热力公司", "环卫"):
        assert name not in lexicon.DEPARTMENTS
    assert not set(lexicon.DEFLECTION) & set(lexicon.REQUEST)


def test_negation_masks_only_the_negated_part():
    text = masked("我和邻居吵架跟物业没关系")
    assert "吵架" in text and "物业" not in text


def test_a_fee_charged_in_addition_is_not_an_afterthought():
    text = normalise("维修工修完还要另外收钱")
    _, weights, _ = _zones(text)
    assert weights[text.index("收钱")] == 1.0
