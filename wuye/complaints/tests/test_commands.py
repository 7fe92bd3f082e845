import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def classify(*args) -> dict:
    out = StringIO()
    call_command("classify_complaint", *args, stdout=out)
    return json.loads(out.getvalue())


def test_prints_the_routing_as_json(street):
    result = classify("小区电梯坏了三天没人修，老人上不了楼")
    assert set(result) >= {"category", "category_name", "department", "confidence", "manual", "reason"}
    assert 0 <= result["confidence"] <= 1 and isinstance(result["manual"], bool)
    assert result["region"] == "411702001000"


def test_same_as_intake_selector(street):
    from wuye.complaints.selectors import classify_and_route

    routing = classify_and_route(title="", body="物业乱收停车费", region=street)
    assert classify("物业乱收停车费", "--region", "411702001000")["category"] == routing.category


def test_bad_input():
    with pytest.raises(CommandError):
        classify("  ")
    with pytest.raises(CommandError):
        classify("电梯坏了", "--region", "999999")
