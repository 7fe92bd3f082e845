import json

import pytest
from django.core.management import CommandError, call_command

CASE = {
    "matter": 4,
    "units": [
        {"id": "U1", "area": "100", "owners": ["Zhang"]}, {"id": "U2", "area": "100", "owners": ["Zhang"]},
        {"id": "U3", "area": "80", "owners": ["Li", "Wang"], "nominee": "Li"},
        {"id": "U4", "area": "120", "owners": ["Chen"]}, {"id": "U5", "area": "90", "owners": ["Zhao"]},
        {"id": "U6", "area": "110", "owners": ["Sun"]}, {"id": "U7", "area": "100", "owners": ["Zhou"]},
        {"id": "U8", "area": "100", "owners": ["Wu"]},
        {"id": "U9", "area": "100", "owners": ["Dev"], "developer": True},
        {"id": "U10", "area": "100", "owners": ["Dev"], "developer": True},
    ],
    "ballots": [{"voter": v, "choice": "yes"} for v in ("Zhang", "Chen", "Sun", "Zhou")]
    + [{"voter": v, "choice": "no"} for v in ("Li", "Zhao")] + [{"voter": "Wang", "choice": "yes"}],
}


def run(tmp_path, payload) -> dict:
    path = tmp_path / "case.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("tally_decision", "--input", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_prints_the_tally_as_json(tmp_path):
    result = run(tmp_path, CASE)
    assert {k: result[k] for k in ("outcome", "total_area", "total_persons", "participating_area",
                                   "participating_persons", "agreeing_area", "agreeing_persons")} == {
        "outcome": "PASSED", "total_area": "1000", "total_persons": 8, "participating_area": "700",
        "participating_persons": 6, "agreeing_area": "530", "agreeing_persons": 4}
    assert result["not_counted"] == [{"voter": "Wang", "reason": "not_nominee", "reason_text": "共有人但不是推选的表决人"}]


def test_decimal_areas_stay_exact(tmp_path):
    case = {"matter": 1, "units": [{"id": "A", "area": "89.55", "owners": ["a"]},
                                   {"id": "B", "area": "0.10", "owners": ["b"]}],
            "ballots": [{"voter": "a", "choice": "yes"}, {"voter": "b", "choice": "yes"}]}
    assert run(tmp_path, case)["total_area"] == "89.65"


@pytest.mark.parametrize(("payload", "message"), [
    ("{not json", "不是有效的 JSON"),
    ({**CASE, "matter": 10}, "matter 应为 1–9"),
    ({**CASE, "matter": "4"}, "matter 应为 1–9"),
    ({**CASE, "units": [{"id": "U1", "owners": ["a"]}]}, "U1 没有面积"),
    ({**CASE, "units": []}, "units 应为非空数组"),
])
def test_bad_input_is_a_clear_error(tmp_path, payload, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path, payload)
