import pytest

from wuye.core.navigation import menu_for


@pytest.mark.django_db
def test_only_the_most_specific_menu_entry_is_active(role_user, street):
    user = role_user("street_office", region=street)
    active = [i["url"] for g in menu_for(user, "/complaints/orders/manual/") for i in g["items"] if i["active"]]
    assert active == ["/complaints/orders/manual/"]
    active = [i["url"] for g in menu_for(user, "/estates/estate/12/") for i in g["items"] if i["active"]]
    assert active == ["/estates/estate/"]


@pytest.mark.django_db
def test_officials_only_entries_are_hidden_from_owners(role_user):
    from wuye.estates.tests.factories import OwnershipFactory

    owner = role_user("owner", owner=OwnershipFactory().owner)
    labels = {str(i["label"]) for g in menu_for(owner, "/") for i in g["items"]}
    assert "政策参数" not in labels and "Excel 导入" not in labels and "小区" in labels
