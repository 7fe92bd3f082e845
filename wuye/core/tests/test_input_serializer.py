"""InputSerializer copies its declared fields shallowly: each instance still binds its own."""
from rest_framework import serializers

from wuye.core.api.viewsets import InputSerializer


class Sample(InputSerializer):
    code = serializers.CharField(max_length=3)
    count = serializers.IntegerField(required=False, default=1, min_value=0)


def test_each_instance_binds_its_own_copies_and_the_declaration_stays_unbound():
    first, second = Sample(data={"code": "abc"}), Sample(data={"code": "toolong", "count": -1})
    assert first.fields["code"] is not second.fields["code"]
    assert first.fields["code"].parent is first and second.fields["code"].parent is second
    assert Sample._declared_fields["code"].parent is None and Sample._declared_fields["code"].field_name is None


def test_validation_is_unchanged():
    ok = Sample(data={"code": "abc"})
    assert ok.is_valid() and ok.validated_data == {"code": "abc", "count": 1}
    bad = Sample(data={"code": "toolong", "count": -1})
    assert not bad.is_valid()
    assert set(bad.errors) == {"code", "count"}
    again = Sample(data={"code": "xy"})  # an earlier instance's errors leave no trace
    assert again.is_valid() and again.validated_data == {"code": "xy", "count": 1}
