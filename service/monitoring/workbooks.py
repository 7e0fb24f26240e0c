"""Spreadsheets written with openpyxl: the import template of a jurisdiction and year (Chinese headers, one
row per indicator measure and task to report, values left empty), and exports of the scorecard and of a
department's obligations with the statuses of their targets."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Department, Jurisdiction, Task
from db.repositories import catalog as catalog_repo
from db.repositories import monitoring as repo
from db.repositories.screening import row_by_code
from service.catalog import obligations
from service.errors import NotFoundError
from service.monitoring import facts as facts_module
from service.monitoring import plan_window, reads, sheets
from service.monitoring.periods import MAX_YEAR, MIN_YEAR
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


def _bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NotFoundError(f"{year} is not a plausible year", ["year"])


async def template(session: AsyncSession, jurisdiction_code: str, year: int) -> bytes:
    """The import template: what the jurisdiction reports for the year (the plan window), values to fill in. A sheet
    with nothing to report says why in its first row, naming the plans and their periods."""
    _year(year)
    jurisdiction = await row_by_code(session, Jurisdiction, jurisdiction_code)
    if jurisdiction is None:
        raise NotFoundError(f"no jurisdiction has the code {jurisdiction_code!r}", ["jurisdiction"])
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
    return _bytes(workbook)


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


def _target_text(target: Any) -> str:
    if target.comparator is None:
        return str(target.target_text_zh)
    return f"{COMPARATOR_SIGN[target.comparator]}{target.value:g}{target.unit or ''}"


def _status_row(computed: Any, indicator: Any | None, heading: Any | None) -> list[Any]:
    target, latest = computed.target, computed.latest
    return [
        heading.name_zh if heading is not None else "",
        indicator.code if indicator is not None else "",
        target.metric_zh,
        _target_text(target),
        target.year,
        "约束性" if computed.is_binding else ("预期性" if target.attribute == "EXPECTED" else ""),
        target.baseline_value,
        _latest_value(latest),
        f"{latest.year}{'' if latest.period == 'Y' else latest.period}" if latest is not None else None,
        computed.expected_value,
        STATUS_ZH[computed.status],
        computed.status,
        computed.reason_zh,
    ]


def _latest_value(latest: Any | None) -> Any:
    """The number, or the words recorded for a practice or a text target."""
    if latest is None:
        return None
    return latest.value if latest.value is not None else latest.value_text


STATUS_HEADERS = [
    "一级指标",
    "指标代码",
    "指标",
    "目标",
    "目标年份",
    "属性",
    "基线值",
    "最新值",
    "期间",
    "路径值",
    "状态",
    "status",
    "判定依据",
]


async def scorecard_workbook(session: AsyncSession, jurisdiction_code: str, year: int) -> bytes:
    card = await scorecard(session, jurisdiction_code, year)
    indicators = await repo.indicators_by_ids(
        session,
        [
            s.target.indicator_id
            for f in card.frameworks.values()
            for h in f.headings.values()
            for s in h.statuses
            if s.target.indicator_id
        ],
    )
    rows = [
        _status_row(s, indicators.get(s.target.indicator_id), h.dimension)
        for f in card.frameworks.values()
        for h in f.headings.values()
        for s in h.statuses
    ]
    workbook = Workbook()
    _sheet(workbook, f"{year}年监测", STATUS_HEADERS, rows, first=True)
    summary = [[STATUS_ZH[name], card.counts.counts[name]] for name in STATUS_ZH]
    summary.append(["约束性指标存在风险或未达标", card.counts.binding_off_track])
    _sheet(workbook, "汇总", ["状态", "目标数"], summary, False)
    return _bytes(workbook)


async def obligations_workbook(session: AsyncSession, department_code: str, year: int) -> bytes:
    """A department's indicators (direct and through tasks) with every target's status as of `year`."""
    _year(year)
    department = await row_by_code(session, Department, department_code)
    if department is None:
        raise NotFoundError(f"no department has the code {department_code!r}", ["department"])
    responsibilities = (await catalog_repo.obligations_of(session, [department.id], None))[0]
    carrying = obligations.tasks_carrying_indicators(responsibilities)
    per_task = await catalog_repo.indicator_ids_by_task(session, [r.task_id for r in carrying])
    duties = obligations.indicator_duties(responsibilities, carrying, per_task)
    indicators = await repo.indicators_by_ids(session, [d.indicator_id for d in duties])
    targets = [
        t
        for t in await repo.targets_of_indicators(session, [d.indicator_id for d in duties])
        if (t.indicator_id, t.jurisdiction_id) in {(d.indicator_id, d.jurisdiction_id) for d in duties}
    ]
    statuses = await reads.statuses_for_targets(session, targets, year)
    roles = {(d.indicator_id, d.jurisdiction_id): "、".join(d.roles) for d in duties}
    rows = [
        [
            roles[(s.target.indicator_id, s.target.jurisdiction_id)],
            *_status_row(s, indicators.get(s.target.indicator_id), None)[1:],
        ]
        for s in statuses
    ]
    workbook = Workbook()
    _sheet(workbook, "指标责任", ["角色", *STATUS_HEADERS[1:]], rows, first=True)
    task_rows = [[r.role, r.unit_name_zh, r.task_id] for r in responsibilities if r.task_id is not None]
    tasks = {t.id: t for t in await repo.rows_by_ids(session, Task, [row[2] for row in task_rows])}
    _sheet(
        workbook,
        "任务",
        ["角色", "任务代码", "任务"],
        [[role, tasks[task_id].code, tasks[task_id].title_zh] for role, _name, task_id in task_rows],
        False,
    )
    return _bytes(workbook)
