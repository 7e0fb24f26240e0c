"""Spreadsheets written with openpyxl: the import template of a jurisdiction and year (Chinese headers, one
row per indicator measure and task to report, values left empty), and the export of a jurisdiction's scorecard
(the statuses of its targets, with a title row, units and the source). A department's obligations are exported by
obligations_export.py; both look as export_sheets.py lays a sheet out."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Jurisdiction
from db.repositories import monitoring as repo
from db.repositories.screening import row_by_code
from service.errors import NotFoundError
from service.i18n import _
from service.monitoring import facts as facts_module
from service.monitoring import plan_window, sheets
from service.monitoring.export_sheets import Column, exported_on, titled_sheet
from service.monitoring.periods import MAX_YEAR, MIN_YEAR, period_of
from service.monitoring.scorecard import scorecard

STATUS_ZH = {"MET": "已达标", "ON_TRACK": "进展顺利", "AT_RISK": "存在风险", "MISSED": "未达标", "NO_DATA": "无数据"}
COMPARATOR_SIGN = {"GE": "≥", "LE": "≤", "GT": ">", "LT": "<", "EQ": "="}
# Dark red: a note that explains an empty sheet must not pass for a header.
NOTE_COLOUR = "C00000"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    first: bool,
    note: str | None = None,
) -> None:
    """A sheet with bold headers; `note` goes above them, where whoever opens the sheet sees it first (the importer
    looks for the header row in the first rows, so a note there does not stop the sheet from being imported)."""
    worksheet = workbook.active if first else workbook.create_sheet()
    assert worksheet is not None
    worksheet.title = title
    if note is not None:
        worksheet.append([note])
        worksheet["A1"].font = Font(bold=True, color=NOTE_COLOUR)
    worksheet.append(list(headers))
    for cell in worksheet[worksheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append(list(row))
    for i, header in enumerate(headers):
        worksheet.column_dimensions[chr(ord("A") + i)].width = max(10, min(40, len(header) * 3))
    worksheet.freeze_panes = f"A{worksheet.max_row - len(rows) + 1}"


def bytes_of(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NotFoundError(_("{year} is not a plausible year", year=year), ["year"])


async def template(session: AsyncSession, jurisdiction_code: str, year: int) -> bytes:
    """The import template: what the jurisdiction reports for the year (the plan window), values to fill in. A sheet
    with nothing to report says why in its first row, naming the plans and their periods."""
    check_year(year)
    jurisdiction = await row_by_code(session, Jurisdiction, jurisdiction_code)
    if jurisdiction is None:
        raise NotFoundError(_("no jurisdiction has the code {code!r}", code=jurisdiction_code), ["jurisdiction"])
    facts = await facts_module.load_all(session)
    observation_rows = [
        [indicator.code, indicator.name_zh, measure.name or None, jurisdiction.code, year, None, None, measure.unit]
        for indicator, measure in plan_window.monitored(facts, jurisdiction.id, year)
    ]
    tasks = [
        t
        for t in await repo.tasks_of_jurisdiction(session, [jurisdiction.id])
        if plan_window.plan_covers(facts.plans[t.plan_id], year) and t.kind != "KEY_AREA" and t.year in (None, year)
    ]
    progress_rows = [[t.code, t.title_zh, year, None, None, None] for t in tasks]
    no_indicators = None if observation_rows else _no_indicators(facts, jurisdiction, year)
    no_tasks = None if progress_rows else _no_tasks(facts, jurisdiction, year)
    workbook = Workbook()
    observation_headers = list(sheets.OBSERVATION_COLUMNS.values())
    _sheet(workbook, sheets.SHEET_TITLES["OBSERVATIONS"], observation_headers, observation_rows, True, no_indicators)
    progress_headers = list(sheets.PROGRESS_COLUMNS.values())
    _sheet(workbook, sheets.SHEET_TITLES["TASK_PROGRESS"], progress_headers, progress_rows, False, no_tasks)
    notes = [
        [f"{_place(jurisdiction)}{year}年监测数据填报模板"],
        *([why] for why in (no_indicators, no_tasks) if why),
        *([[_grounds(facts, jurisdiction, year)]] if observation_rows else []),
    ]
    _sheet(workbook, "填报说明", ["说明"], [*notes, *HOW_TO_FILL], False)
    return bytes_of(workbook)


HOW_TO_FILL = [
    ["期间：年度写 2023；季度写 2023Q2；月度写 2023-05（仅限按季度或按月监测的指标）。"],
    ["数值：只填数字，单位见“单位”列；百分比格式的单元格按百分数读取。文字结果仅用于无数值的工作类指标。"],
    ["测量项：一个指标有多个考核值时（如健康细胞建设），每行填写一个测量项。"],
    ["进展状态：未启动、推进中、已完成、滞后；完成比例为0到100。"],
    ["导入前先试导入（dry run），系统逐行校验并列出被拒绝的行及原因。"],
]


def _place(jurisdiction: Any) -> str:
    return f"{jurisdiction.name_zh}（{jurisdiction.code}）"


def _plans_text(plans: Sequence[Any]) -> str:
    return "、".join(f"《{p.title_zh}》（{p.code}，{p.period_start}–{p.period_end}年）" for p in plans)


def _grounds(facts: Any, jurisdiction: Any, year: int) -> str:
    """Which plans the year's indicators come from, and why a year outside a plan's period is in its window."""
    parts = []
    for plan in plan_window.plans_in_window(facts, jurisdiction.id, year):
        period = f"{plan.period_start}–{plan.period_end}年"
        if year < plan.period_start:
            period += f"，{year}年为其基线年"
        elif year > plan.period_end:
            period += f"，{year}年为其目标年"
        parts.append(f"《{plan.title_zh}》（{plan.code}，{period}）")
    return f"{year}年的指标来自规划：" + "、".join(parts) + "。"


def _no_indicators(facts: Any, jurisdiction: Any, year: int) -> str:
    """Why the jurisdiction has no indicator to report for the year: the plans over it and when they monitor."""
    head = f"{_place(jurisdiction)}{year}年没有需要填报的监测指标："
    plans = plan_window.plans_over(facts, jurisdiction.id)
    if not plans:
        return head + "本地区及上级地区都没有录入规划。"
    years = plan_window.monitored_years(facts, jurisdiction.id)
    if not years:
        return head + f"本地区及上级地区的规划{_plans_text(plans)}没有设定监测指标。"
    spans = "、".join(f"{first}–{last}年" for first, last in years)
    return head + f"本地区及上级地区的规划为{_plans_text(plans)}，{year}年不在其监测期内。可填报：{spans}。"


def _no_tasks(facts: Any, jurisdiction: Any, year: int) -> str:
    """Why the jurisdiction has no task to report on for the year (only its own plans' tasks are listed)."""
    head = f"{_place(jurisdiction)}{year}年没有需要报告进展的任务："
    own = [p for p in plan_window.plans_over(facts, jurisdiction.id) if p.jurisdiction_id == jurisdiction.id]
    if not own:
        return head + "本地区没有自己的规划（本表只列本地区规划的任务）。"
    current = [p for p in own if plan_window.plan_covers(p, year)]
    if current:
        return head + f"在期规划{_plans_text(current)}没有本年度的任务或里程碑。"
    return head + f"本地区的规划为{_plans_text(own)}，{year}年不在规划期内。"


def target_text(target: Any) -> str:
    """The threshold as the plan sets it (≥80%), or its words for a text target."""
    if target.comparator is None:
        return str(target.target_text_zh)
    return f"{COMPARATOR_SIGN[target.comparator]}{target.value:g}{target.unit or ''}"


def attribute_zh(computed: Any) -> str:
    return "约束性" if computed.is_binding else ("预期性" if computed.target.attribute == "EXPECTED" else "")


def latest_value(latest: Any | None) -> Any:
    """The number, or the words recorded for a practice or a text target."""
    if latest is None:
        return None
    return latest.value if latest.value is not None else latest.value_text


def latest_period(latest: Any | None) -> str | None:
    return period_of(latest.year, latest.period).label if latest is not None else None


def unit_of(target: Any, indicator: Any | None) -> str | None:
    return facts_module.normal_unit(target.unit) or (facts_module.normal_unit(indicator.unit) if indicator else None)


def plans_cited(plans: Iterable[Any]) -> str:
    """《title》（document number）, for the source row."""
    unique = {p.id: p for p in plans}.values()
    return "、".join(f"《{p.title_zh}》" + (f"（{p.document_number}）" if p.document_number else "") for p in unique)


def source_line(plans: Iterable[Any], year: int, today: dt.date | None = None) -> str:
    cited = plans_cited(plans)
    return (
        f"来源：{cited}；" if cited else ""
    ) + f"实测值：各部门在本系统填报的监测数据；目标状态截至{year}年；导出日期：{exported_on(today)}"


# Targets in numbers: the values, the path and the status; text targets fill what applies.
STATUS_COLUMNS = [
    Column("单位"),
    Column("目标", wrap=True),
    Column("目标年份"),
    Column("属性"),
    Column("基线值"),
    Column("基线年份"),
    Column("最新值"),
    Column("期间"),
    Column("路径值", number_format="0.###"),
    Column("状态"),
    Column("判定依据", wrap=True),
]


def status_cells(computed: Any, indicator: Any | None) -> list[Any]:
    target, latest = computed.target, computed.latest
    return [
        unit_of(target, indicator),
        target_text(target),
        target.year,
        attribute_zh(computed),
        target.baseline_value if target.baseline_value is not None else target.baseline_text_zh,
        target.baseline_year,
        latest_value(latest),
        latest_period(latest),
        computed.expected_value,
        STATUS_ZH[computed.status],
        computed.reason_zh,
    ]


SCORECARD_COLUMNS = [Column("一级指标"), Column("指标代码"), Column("指标", wrap=True), *STATUS_COLUMNS]


async def scorecard_workbook(session: AsyncSession, jurisdiction_code: str, year: int) -> bytes:
    """Every target of the jurisdiction's plans in scope for the year, by heading, with its status as of the year;
    a summary sheet counts them by status."""
    card = await scorecard(session, jurisdiction_code, year)
    statuses = [(s, h) for f in card.frameworks.values() for h in f.headings.values() for s in h.statuses]
    indicators = await repo.indicators_by_ids(
        session, [s.target.indicator_id for s, _h in statuses if s.target.indicator_id]
    )
    plans = await repo.plan_rows(session)
    rows = []
    for computed, heading in statuses:
        indicator = indicators.get(computed.target.indicator_id)
        rows.append(
            [
                heading.dimension.name_zh if heading.dimension is not None else "（任务目标）",
                indicator.code if indicator is not None else "",
                computed.target.metric_zh,
                *status_cells(computed, indicator),
            ]
        )
    place = card.jurisdiction.name_zh
    source = source_line((plans[s.target.plan_id] for s, _h in statuses), year)
    workbook = Workbook()
    empty = None if rows else f"{place}没有{year}年在期规划的监测目标。"
    titled_sheet(
        workbook, f"{year}年监测", f"{place}{year}年监测记分卡", source, SCORECARD_COLUMNS, rows, first=True, note=empty
    )
    summary = [[STATUS_ZH[name], card.counts.counts[name]] for name in STATUS_ZH]
    summary.append(["合计", card.counts.total])
    summary.append(["其中：约束性指标存在风险或未达标", card.counts.binding_off_track])
    titled_sheet(
        workbook, "汇总", f"{place}{year}年监测记分卡 — 汇总", source, [Column("状态"), Column("目标数")], summary
    )
    return bytes_of(workbook)
