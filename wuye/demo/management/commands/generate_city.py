"""Generate deterministic demo data for a city or a province (SPEC §3 scales)."""
from django.core.management.base import BaseCommand, CommandError

from wuye.demo.generator import SCALES, GeneratorConfig, GeneratorError, generate


class Command(BaseCommand):
    help = "生成演示数据：--city 4117 | --province 41，--scale demo|city|province，--seed 42 [--reset]"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--city", help="4位城市代码，如 4117（驻马店市）")
        group.add_argument("--province", help="2位省级代码，如 41（河南省）")
        parser.add_argument("--scale", choices=list(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--estates", type=int, help="小区数（覆盖规模默认值）")
        parser.add_argument("--enterprises", type=int, help="企业数")
        parser.add_argument("--units", type=int, help="房屋数")
        parser.add_argument("--district", action="append", help="只在这些区县（6位代码）生成小区，可重复")
        parser.add_argument("--reset", action="store_true", help="先删除该区划以前生成的演示数据（只删生成的数据）")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        if opts["city"] and (len(opts["city"]) != 4 or not opts["city"].isdigit()):
            raise CommandError("城市代码应为4位数字，如 4117")
        if opts["province"] and (len(opts["province"]) != 2 or not opts["province"].isdigit()):
            raise CommandError("省级代码应为2位数字，如 41")
        config = GeneratorConfig(
            prefix=opts["city"] or opts["province"], seed=opts["seed"], scale=opts["scale"],
            estates=opts["estates"], enterprises=opts["enterprises"], units=opts["units"], reset=opts["reset"],
            districts=opts["district"], progress=not opts["no_progress"] and opts["verbosity"] > 0,
        )
        try:
            result = generate(config)
        except GeneratorError as exc:
            raise CommandError(str(exc)) from None
        print_counts(self.stdout, result.counts)


def print_counts(stdout, counts: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="生成数量")
    table.add_column("数据")
    table.add_column("数量", justify="right")
    for label, n in counts.items():
        table.add_row(label, f"{n:,}")
    Console(file=stdout, width=100).print(table)
