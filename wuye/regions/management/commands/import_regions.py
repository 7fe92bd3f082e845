"""Import the real division tree for one city, one province or the whole country (idempotent)."""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wuye.regions.choices import RegionLevel
from wuye.regions.services import communities_import_csv, regions_import


class Command(BaseCommand):
    help = "导入行政区划（国家统计局统计用区划代码）：--city 4117 | --province 41 | --all；--communities FILE.csv"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--city", help="4位城市代码，如 4117（驻马店市）")
        group.add_argument("--province", help="2位省级代码，如 41（河南省）")
        group.add_argument("--all", action="store_true", help="全国")
        parser.add_argument("--communities", help="社区/村名单 CSV（列：code,name）")
        parser.add_argument("--data-dir", help="区划数据目录（默认 ../shared/data/admin-divisions）")

    def handle(self, *args, **opts):
        if opts["city"] and len(opts["city"]) != 4:
            raise CommandError("城市代码应为4位，如 4117")
        if opts["province"] and len(opts["province"]) != 2:
            raise CommandError("省级代码应为2位，如 41")
        prefix = opts["city"] or opts["province"] or ""
        if not (prefix or opts["all"] or opts["communities"]):
            raise CommandError("请指定 --city、--province、--all 或 --communities")
        try:
            if prefix or opts["all"]:
                counts = regions_import(prefix=prefix, data_dir=opts["data_dir"])
                for level in RegionLevel:
                    c, u = counts.created.get(level, 0), counts.updated.get(level, 0)
                    if c or u:
                        self.stdout.write(f"{level.label}: 新增 {c}，更新 {u}")
                if not counts.created and not counts.updated:
                    self.stdout.write("区划已是最新，无变化")
            if opts["communities"]:
                with open(opts["communities"], encoding="utf-8-sig") as fh:
                    n = communities_import_csv(content=fh.read())
                self.stdout.write(f"社区/村: {n}")
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
