"""Template filters for people: counts grouped by thousands, audit values as words."""
import pytest


@pytest.mark.parametrize("value, shown", [(0, "0"), (999, "999"), (30000, "30,000"), (8061053, "8,061,053"),
                                          ("12345", "12,345"), (None, None), ("—", "—")])
def test_thousands_filter(value, shown):
    from wuye.core.templatetags.wuye_numbers import thousands

    assert thousands(value) == shown


@pytest.mark.parametrize("value, shown", [(True, "是"), (False, "否"), (None, "—"), ("", "—"), (0, 0), ("地址", "地址")])
def test_audit_values_read_as_words(value, shown):
    from wuye.core.templatetags.wuye_format import audit_value

    assert audit_value(value) == shown
