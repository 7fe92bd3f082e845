"""Loading the real division tree and community lists."""
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from wuye.regions.models import Region
from wuye.regions.services import communities_import_csv, regions_import

pytestmark = pytest.mark.django_db


def test_preloaded_counts_for_zhumadian():
    under = Region.objects.filter(code__startswith="4117")
    assert under.filter(level=2).count() == 1
    assert under.filter(level=3).count() == 11
    assert under.filter(level=4).count() == 208
    assert Region.objects.filter(level=1, code="410000000000").count() == 1
    city = Region.objects.get(code="411700000000")
    assert city.name == "驻马店市" and city.parent_id == "410000000000"
    street = Region.objects.get(code="411702001000")
    assert street.name == "人民街街道" and street.parent_id == "411702000000"
    assert street.full_name == "河南省驻马店市驿城区人民街街道"


def test_import_is_idempotent():
    before = Region.objects.count()
    counts = regions_import(prefix="4117")
    assert counts.created == {} and counts.updated == {}
    assert Region.objects.count() == before


def test_import_counts_on_an_empty_tree():
    for level in (4, 3, 2):  # children first: parents are protected
        Region.objects.filter(code__startswith="4117", level=level).delete()
    counts = regions_import(prefix="4117")
    assert counts.created == {2: 1, 3: 11, 4: 208}
    assert counts.updated == {}


def test_import_repairs_a_renamed_node():
    Region.objects.filter(code="411702001000").update(name="改错的名字")
    counts = regions_import(prefix="4117")
    assert counts.updated == {4: 1} and counts.created == {}
    assert Region.objects.get(code="411702001000").name == "人民街街道"


@pytest.mark.parametrize("prefix", ["4199", "9", "41x7"])
def test_unknown_or_malformed_prefix_is_refused(prefix):
    before = Region.objects.count()
    with pytest.raises(ValidationError):
        regions_import(prefix=prefix)
    assert Region.objects.count() == before


def test_communities_import_good_rows(street):
    content = "code,name\n411702001001,顺河社区\n411702001002,交通路社区\n"
    assert communities_import_csv(content=content) == 2
    c = Region.objects.get(code="411702001001")
    assert c.level == 5 and c.parent == street and c.full_name.endswith("人民街街道顺河社区")
    assert not c.is_generated
    # Importing again updates names, creates nothing.
    assert communities_import_csv(content="代码,名称\n411702001001,顺河路社区\n") == 1
    assert Region.objects.get(code="411702001001").name == "顺河路社区"
    assert Region.objects.filter(parent=street).count() == 2


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("41170200100,短代码", "代码应为12位数字"),
        ("4117020010AB,字母", "代码应为12位数字"),
        ("411799001001,无此街道", "不存在"),
        ("411702001003,", "名称为空"),
    ],
)
def test_communities_import_is_all_or_nothing(bad_row, message):
    content = f"code,name\n411702001001,顺河社区\n{bad_row}\n"
    with pytest.raises(ValidationError) as exc:
        communities_import_csv(content=content)
    assert any(message in m and "第3行" in m for m in exc.value.messages), exc.value.messages
    assert not Region.objects.filter(code="411702001001").exists()


def test_import_regions_command_output(capsys):
    from io import StringIO

    out = StringIO()
    call_command("import_regions", "--city", "4117", stdout=out)
    assert "区划已是最新，无变化" in out.getvalue()
    Region.objects.filter(code="411702001000").update(name="旧名")
    out = StringIO()
    call_command("import_regions", "--city", "4117", stdout=out)
    assert "街道/乡镇: 新增 0，更新 1" in out.getvalue()


def test_import_regions_command_errors(tmp_path):
    with pytest.raises(CommandError, match="4位"):
        call_command("import_regions", "--city", "41")
    with pytest.raises(CommandError, match="请指定"):
        call_command("import_regions")
    with pytest.raises(CommandError, match="区划代码不存在"):
        call_command("import_regions", "--city", "4199")
    csv_file = tmp_path / "c.csv"
    csv_file.write_text("code,name\n411702001009,新社区\n", encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("import_regions", "--communities", str(csv_file), stdout=out)
    assert "社区/村: 1" in out.getvalue()
    assert Region.objects.get(code="411702001009").name == "新社区"
