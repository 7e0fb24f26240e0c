"""A department's obligations as a workbook it can circulate: every indicator it answers for (named for it, or
through a task it leads or is responsible for, as `Department.obligations` reckons them: service/catalog/
obligations.py) with the plan's requirement and each target's status as of a year, the tasks and working groups
that name it, and the open review conditions addressed to it. Chinese throughout; each sheet says its source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Department, Proposal, Responsibility, Task, WorkingGroup
from db.repositories import catalog as catalog_repo
from db.repositories import monitoring as repo
from db.repositories.screening import row_by_code
from service.auth.principal import Principal
from service.catalog import obligations
from service.errors import NotFoundError
from service.i18n import _
from service.monitoring import facts as facts_module
from service.monitoring import reads, workbooks
from service.monitoring.export_sheets import Column, exported_on, titled_sheet
from service.review import reads as review_reads
from service.review import settings

# The catalog's vocabulary (db/seed/FORMAT.md): 牵头 / 配合 / 责任单位; in a working group, 配合 is 参加.
ROLE_ZH = {"LEAD": "牵头单位", "COOPERATING": "配合单位", "RESPONSIBLE": "责任单位"}
GROUP_ROLE_ZH = {**ROLE_ZH, "COOPERATING": "参加单位"}
GROUP_KIND_ZH = {
    "WORKING_GROUP": "专业工作组",
    "COMMAND_HEADQUARTERS": "专项工作指挥部",
    "LEADING_GROUP": "领导小组",
    "COMMITTEE": "委员会",
}
TASK_KIND_ZH = {"KEY_AREA": "重点领域", "TASK": "工作任务", "MAIN_TASK": "主要工作任务", "MILESTONE": "年度进度计划"}
NO_TARGET = "未设定目标"

INDICATOR_COLUMNS = [
    Column("指标代码"),
    Column("指标", wrap=True),
    Column("辖区"),
    Column("本部门角色"),
    Column("责任依据", wrap=True),
    Column("考核要求（原文）", wrap=True),
    Column("分值"),
    *workbooks.STATUS_COLUMNS,
    Column("出处", wrap=True),
]
TASK_COLUMNS = [
    Column("本部门角色"),
    Column("任务代码"),
    Column("类型"),
    Column("任务", wrap=True),
    Column("年份"),
    Column("牵头单位（原文）", wrap=True),
    Column("关联指标", wrap=True),
    Column("规划（规划期）", wrap=True),
    Column("出处", wrap=True),
]
GROUP_COLUMNS = [
    Column("本部门角色"),
    Column("工作组代码"),
    Column("类型"),
    Column("名称", wrap=True),
    Column("组长"),
    Column("职责", wrap=True),
    Column("规划", wrap=True),
    Column("出处", wrap=True),
]
CONDITION_COLUMNS = [
    Column("项目/政策编号"),
    Column("项目/政策名称", wrap=True),
    Column("审查条件", wrap=True),
    Column("完成期限", number_format="yyyy-mm-dd"),
    Column("状态"),
]


@dataclass
class Sources:
    """Plans by id; a record cites the seed file it was transcribed from (one plan a file) and the place in it."""

    plans: dict[int, Any]

    def cite(self, row: Any) -> str:
        plan = next((p for p in self.plans.values() if p.source_seed == row.source_seed), None)
        return (f"《{plan.title_zh}》" if plan is not None else "") + str(row.source_section)


def department_title(department: Any, jurisdiction: Any) -> str:
    """吴中区生态环境局: the jurisdiction's name before a department's short name (生态环境局, or 市环境保护局 whose
    市 is the jurisdiction), unless the name starts with it already (吴中公安分局)."""
    place, name = str(jurisdiction.name_zh), str(department.name_zh)
    stem = place.rstrip("市区县镇")
    if stem and name.startswith(stem):
        return name
    return place + name.removeprefix(place[-1:])


async def workbook(session: AsyncSession, department_code: str, year: int, principal: Principal) -> bytes:
    """The workbook of a department; statuses as of `year`; conditions only for a caller with a token (proposals
    are not public), and then those on proposals it may see."""
    workbooks.check_year(year)
    department = await row_by_code(session, Department, department_code)
    if department is None:
        raise NotFoundError(_("no department has the code {code!r}", code=department_code), ["department"])
    responsibilities = (await catalog_repo.obligations_of(session, [department.id], None))[0]
    carrying = obligations.tasks_carrying_indicators(responsibilities)
    per_task = await catalog_repo.indicator_ids_by_task(session, [r.task_id for r in carrying])
    duties = obligations.indicator_duties(responsibilities, carrying, per_task)
    facts = await facts_module.load_for_ids(session, [d.indicator_id for d in duties])
    sources = Sources(facts.plans)
    home = facts.jurisdictions_by_id[department.jurisdiction_id]
    name = department_title(department, home)
    today = settings.today()  # the service's day (China Standard Time), as review due dates are
    tasks = await _task_rows(session, responsibilities, sources)
    indicator_rows = await _indicator_rows(session, duties, responsibilities, facts, sources, tasks.codes, year)
    answered = [t for d in duties for t in facts.targets.get((d.indicator_id, d.jurisdiction_id), [])]
    cited = [*(facts.plans[t.plan_id] for t in answered), *tasks.plans]
    source = workbooks.source_line(cited, year, today)
    book = Workbook()
    titled_sheet(
        book,
        "指标责任",
        f"{name}职责清单 — 负责的指标（{len({(d.indicator_id, d.jurisdiction_id) for d in duties})}项）",
        source,
        INDICATOR_COLUMNS,
        indicator_rows,
        first=True,
        note=None if indicator_rows else f"目录中没有{name}负责的指标。",
    )
    titled_sheet(
        book,
        "任务",
        f"{name}职责清单 — 任务",
        source,
        TASK_COLUMNS,
        tasks.rows,
        note=None if tasks.rows else f"目录中没有{name}牵头、配合或负责的任务。",
    )
    groups = await _group_rows(session, responsibilities, sources)
    titled_sheet(
        book,
        "工作组",
        f"{name}职责清单 — 参加的工作组",
        source,
        GROUP_COLUMNS,
        groups,
        note=None if groups else f"目录中没有{name}牵头或参加的工作组。",
    )
    conditions, why_empty = await _condition_rows(session, department.id, principal, today)
    titled_sheet(
        book,
        "审查条件",
        f"{name}职责清单 — 未完成的健康影响评价审查条件",
        f"来源：本系统专家委员会审查结论采纳的条件；导出日期：{exported_on(today)}",
        CONDITION_COLUMNS,
        conditions,
        note=why_empty,
    )
    return workbooks.bytes_of(book)


async def _indicator_rows(
    session: AsyncSession,
    duties: Sequence[obligations.IndicatorDuty],
    responsibilities: Sequence[Any],
    facts: facts_module.Facts,
    sources: Sources,
    task_codes: dict[int, str],
    year: int,
) -> list[list[Any]]:
    """One row per target of each indicator there; one row for an indicator without a target there (its
    requirement is then the plan's words)."""
    indicators = {row.id: row for row in facts.indicators.values()}
    targets = [t for d in duties for t in facts.targets.get((d.indicator_id, d.jurisdiction_id), [])]
    statuses = {computed.target.id: computed for computed in await reads.statuses_for_targets(session, targets, year)}
    direct = {(r.indicator_id, r.jurisdiction_id): r for r in responsibilities if r.indicator_id is not None}
    rows = []
    for duty in sorted(duties, key=lambda d: _indicator_order(indicators[d.indicator_id], facts)):
        indicator = indicators[duty.indicator_id]
        why = ["本指标列明本部门"] if duty.direct else []
        if duty.via_task_ids:
            why.append("通过任务 " + "、".join(task_codes.get(t, str(t)) for t in duty.via_task_ids))
        cited = direct.get((duty.indicator_id, duty.jurisdiction_id))
        head = [
            indicator.code,
            indicator.name_zh,
            facts.jurisdictions_by_id[duty.jurisdiction_id].name_zh,
            "、".join(ROLE_ZH[r] for r in duty.roles),
            "；".join(why),
            indicator.description_zh,
            indicator.points,
        ]
        where = sources.cite(cited) if cited is not None else sources.cite(indicator)
        found = [statuses[t.id] for t in facts.targets.get((duty.indicator_id, duty.jurisdiction_id), [])]
        if not found:
            unit = facts_module.normal_unit(indicator.unit)
            # The unit, then nothing to compare until the status and why.
            blanks = [None] * (len(workbooks.STATUS_COLUMNS) - 3)
            rows.append(
                [*head, unit, *blanks, NO_TARGET, "规划没有为该辖区设定本指标的目标值；按考核要求办理。", where]
            )
        for computed in found:
            rows.append([*head, *workbooks.status_cells(computed, indicator), where])
    return rows


def _indicator_order(indicator: Any, facts: facts_module.Facts) -> tuple[int, int]:
    framework = facts.frameworks.get(indicator.framework_id)
    return (framework.position if framework is not None else 0, indicator.position)


@dataclass
class TaskRows:
    rows: list[list[Any]]
    codes: dict[int, str]
    plans: list[Any]


async def _task_rows(session: AsyncSession, responsibilities: Sequence[Any], sources: Sources) -> TaskRows:
    mine = [r for r in responsibilities if r.task_id is not None]
    ids = list(dict.fromkeys(r.task_id for r in mine))
    tasks = {t.id: t for t in await repo.rows_by_ids(session, Task, ids)}
    leads = await catalog_repo.responsibilities_by(session, Responsibility.task_id, ids)
    lead_names = {
        task_id: "、".join(r.unit_name_zh for r in rows if r.role == "LEAD")
        for task_id, rows in zip(ids, leads, strict=True)
    }
    moved = dict(zip(ids, await catalog_repo.indicator_ids_by_task(session, ids), strict=True))
    indicator_codes = {
        i.id: i.code for i in (await repo.indicators_by_ids(session, [x for xs in moved.values() for x in xs])).values()
    }
    rows = []
    for r in sorted(mine, key=lambda r: (tasks[r.task_id].plan_id, tasks[r.task_id].position)):
        task = tasks[r.task_id]
        plan = sources.plans[task.plan_id]
        rows.append(
            [
                ROLE_ZH[r.role],
                task.code,
                TASK_KIND_ZH.get(task.kind, task.kind),
                task.title_zh,
                task.year,
                lead_names[task.id],
                "、".join(indicator_codes[i] for i in moved[task.id]),
                f"《{plan.title_zh}》（{plan.period_start}–{plan.period_end}年）",
                sources.cite(r),
            ]
        )
    return TaskRows(rows, {t.id: t.code for t in tasks.values()}, [sources.plans[t.plan_id] for t in tasks.values()])


async def _group_rows(session: AsyncSession, responsibilities: Sequence[Any], sources: Sources) -> list[list[Any]]:
    mine = [r for r in responsibilities if r.working_group_id is not None]
    groups = {g.id: g for g in await repo.rows_by_ids(session, WorkingGroup, [r.working_group_id for r in mine])}
    rows = []
    for r in mine:
        group = groups[r.working_group_id]
        rows.append(
            [
                GROUP_ROLE_ZH[r.role],
                group.code,
                GROUP_KIND_ZH.get(group.kind, group.kind),
                group.name_zh,
                group.head_zh,
                group.domain_zh,
                f"《{sources.plans[group.plan_id].title_zh}》",
                sources.cite(r),
            ]
        )
    return rows


async def _condition_rows(
    session: AsyncSession, department_id: int, principal: Principal, today: dt.date
) -> tuple[list[list[Any]], str | None]:
    """Open conditions on proposals the caller may see, soonest due first; or why there are none."""
    if not principal.authenticated:
        return [], (
            "审查条件属于不公开的审查记录，未列出：请携带 API 令牌（Authorization: Bearer …）导出，"
            "即列出本部门在您可见的项目和政策上未完成的条件。"
        )
    open_ = await review_reads.open_conditions_of_department(session, department_id, principal)
    if not open_:
        return [], "本部门没有未完成的审查条件。"
    proposals = {p.id: p for p in await repo.rows_by_ids(session, Proposal, [c.proposal_id for c in open_])}
    rows = [
        [
            proposals[c.proposal_id].code,
            proposals[c.proposal_id].title,
            c.text_zh,
            c.due_on,
            "已逾期" if c.due_on < today else "未完成",
        ]
        for c in open_
    ]
    return rows, None
