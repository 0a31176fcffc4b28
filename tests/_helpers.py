"""Helpers shared by several test modules (tests/ is on sys.path when pytest runs)."""

import contextlib
import io
import random
from decimal import Decimal

from perfeval.cli import main
from perfeval.errors import PerfevalError
from perfeval.funds import FundBlock, FundRow
from perfeval.indicators import Indicator
from perfeval.table import Table
from perfeval.testing.fuzz import _CELLS, _mutate


def run(argv, stdin=""):
    out = io.StringIO()
    code = main(argv, stdout=out, stdin=io.StringIO(stdin))
    return code, out.getvalue()


def run_args(*argv: str, stdin: str = "") -> tuple[int, str]:
    """run, with the arguments given one by one."""
    return run(list(argv), stdin=stdin)


def uncalculated_workbook(path, *, total_score=""):
    """A 自评表 workbook as a program that never calculates saves it: the fund total row
    (row 5) holds =SUM formulas over the source rows 6–8 and no cached values. The
    sources give 100 budgeted, 90 spent: 9.00 for execution, 99.00 in all."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    for row in [
        ["项目支出绩效自评表"],
        ["项目名称", "培训项目"],
        ["主管部门", "某局", "", "实施单位", "某中心"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
         "得分"],
        ["", "年度资金总额", "=SUM(C6:C8)", "=SUM(D6:D8)", "=SUM(E6:E8)", 10, "=E5/D5", ""],
        ["", "其中：当年财政拨款", 80, 80, 70],
        ["", "上年结转资金", 20, 20, 20],
        ["", "其他资金"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", 50, 50],
        ["效益指标", "社会效益指标", "培训效果", "效果明显", "效果明显", 30, 30],
        ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", 10, 10],
        ["总分", "", "", "", "", 100, total_score],
    ]:  # fmt: skip
        sheet.append(row)
    book.save(path)
    return str(path)


_HEADINGS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "成本指标"),
             ("产出指标", "时效指标"), ("效益指标", "社会效益指标"), ("产出指标（50分）", "成本"),
             ("满意度指标", "服务对象满意度指标"), ("其他", "自定义"), (None, None)]  # fmt: skip
_WORDS = ["效果明显", "达成预期指标", "部分达成", "未达成", "基本完成", "效果不明显", "无", "",
          "-", "按时完成", "未能按时完成", "2023年12月之前完成", "2023年9月", "30天内完成",
          "80%-90%", "85%", "95%以上", "≥95%", "无投诉", "12月底前", "1-2项"]  # fmt: skip
_OPERATORS = ["≥", "≤", "=", ">", "<", "", "不少于", "不超过"]
_UNITS = ["", "个", "%", "万元", "元", "人次", "天"]


def _number(rng: random.Random) -> str:
    value = Decimal(rng.choice([0, 1, 50, 95, 100, rng.randint(1, 5000)]))
    if rng.random() < 0.4:
        value += Decimal(rng.randint(0, 99)) / 100
    return str(value)


def _cells(rng: random.Random) -> tuple[str, str]:
    """A target and an actual, of every shape tables print: numbers against numbers in
    the same or another unit, words, dates, ranges, blanks and damaged text."""
    choice = rng.random()
    unit = rng.choice(_UNITS)
    if choice < 0.55:
        target = f"{rng.choice(_OPERATORS)}{_number(rng)}{unit}"
        other = unit if rng.random() < 0.9 else rng.choice(_UNITS)
        actual = f"{_number(rng)}{other}"
        if rng.random() < 0.1:
            actual = rng.choice(_WORDS)
        return target, actual
    if choice < 0.75:
        return rng.choice(_WORDS), rng.choice(_WORDS)
    if choice < 0.9:
        return rng.choice(_CELLS), rng.choice(_CELLS)
    return _mutate(rng.choice(_CELLS), rng), _mutate(rng.choice(_CELLS), rng)


def _points(rng: random.Random, high: int) -> Decimal | None:
    if rng.random() < 0.08:
        return None
    return Decimal(rng.randint(0, high * 100)) / 100


def _generated(count: int, seed: int) -> list[Table]:
    """*count* tables of mixed rows, drawn from a fixed seed (cheaper than hypothesis for
    thousands of tables, and the same on every run)."""
    rng = random.Random(seed)
    tables = []
    for index in range(count):
        rows = []
        for _ in range(rng.randint(0, 14)):
            level1, level2 = rng.choice(_HEADINGS)
            target, actual = _cells(rng)
            weight = _points(rng, 20) if rng.random() < 0.95 else Decimal(0)
            score = _points(rng, 22)
            name = "无" if rng.random() < 0.03 else f"指标{len(rows)}"
            if rng.random() < 0.02:  # a row cut off after its name
                target = actual = ""
                weight = score = None
            note = "已说明" if rng.random() < 0.3 else None
            row = Indicator(name=name, level1=level1, level2=level2, target=target, actual=actual,
                            weight=weight, score=score, note=note)  # fmt: skip
            rows.append(row)
        funds = None
        if rng.random() < 0.95:
            budget = _points(rng, 1000)
            executed = _points(rng, 1100)
            funds = FundBlock(
                weight=_points(rng, 10) if rng.random() < 0.2 else Decimal(10),
                total=FundRow(source="total", annual_budget=budget, executed=executed,
                              printed_rate=_points(rng, 110), printed_score=_points(rng, 10)),
            )  # fmt: skip
        grade = rng.choice([None, "优", "良", "中", "差", "甲"])
        table = Table(project=f"项目{index}", year=2023, funds=funds, indicators=rows,
                      printed_total=_points(rng, 100), printed_grade=grade)  # fmt: skip
        tables.append(table)
    return tables


def _only_perfeval_errors(read, data):
    with contextlib.suppress(PerfevalError):  # anything else fails the test
        read(data)
