"""Reads and writes of screening: checklist versions, proposals, assessments, replays, and the catalog
look-ups an assessment needs (linked indicators, targets, departments by portfolio or indicator)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Assessment,
    AssessmentReviewer,
    ChecklistVersion,
    Department,
    DepartmentPortfolio,
    Indicator,
    IndicatorLink,
    Jurisdiction,
    Portfolio,
    Proposal,
    Responsibility,
    ScreeningReplay,
    ScreeningReplayChange,
    ScreeningSetting,
    Target,
    Task,
    TaskIndicator,
)
from db.repositories.catalog import could_be_code
from db.repositories.paging import Ordering, Page, PageRequest, fetch_page, fetch_pages_by_parent
from db.repositories.visibility import ProposalScope

PROPOSAL_ORDER = Ordering("proposal.newest", (Proposal.id,), descending=True)
REPLAY_CHANGE_ORDER = Ordering("replay-change", (ScreeningReplayChange.id,))
CHECKLIST_VERSION_ORDER = Ordering("checklist-version.published", (ChecklistVersion.id,))


# --- checklist versions -------------------------------------------------------------------------


async def checklist_versions_page(session: AsyncSession, request: PageRequest) -> Page[Any]:
    """Published checklist versions in the order they were published."""
    return await fetch_page(session, select(ChecklistVersion.__table__), CHECKLIST_VERSION_ORDER, request)


async def checklist_version(session: AsyncSession, checklist_id: str, version: int | None) -> ChecklistVersion | None:
    statement = select(ChecklistVersion).where(ChecklistVersion.checklist_id == checklist_id)
    if version is None:
        statement = statement.order_by(ChecklistVersion.version.desc()).limit(1)
    else:
        statement = statement.where(ChecklistVersion.version == version)
    return await session.scalar(statement)


async def checklist_version_by_hash(session: AsyncSession, content_hash: str) -> ChecklistVersion | None:
    return await session.scalar(select(ChecklistVersion).where(ChecklistVersion.content_hash == content_hash))


async def add(session: AsyncSession, row: Any) -> Any:
    session.add(row)
    await session.flush()
    return row


async def catalog_codes(session: AsyncSession) -> tuple[set[str], set[str]]:
    """Codes of all indicators and portfolios: what a checklist may refer to."""
    indicators = set(await session.scalars(select(Indicator.code)))
    portfolios = set(await session.scalars(select(Portfolio.code)))
    return indicators, portfolios


# --- proposals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalFilter:
    jurisdiction_ids: Sequence[int] | None = None
    kinds: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    sponsor_department_ids: Sequence[int] | None = None
    impact_degrees: Sequence[str] | None = None
    checklist_version_ids: Sequence[int] | None = None


def proposals_statement(f: ProposalFilter, scope: ProposalScope) -> Select[Any]:
    statement = select(Proposal.__table__).where(scope.condition())
    if f.jurisdiction_ids:
        statement = statement.where(Proposal.jurisdiction_id.in_(f.jurisdiction_ids))
    if f.kinds:
        statement = statement.where(Proposal.kind.in_(f.kinds))
    if f.statuses:
        statement = statement.where(Proposal.status.in_(f.statuses))
    if f.sponsor_department_ids:
        statement = statement.where(Proposal.sponsor_department_id.in_(f.sponsor_department_ids))
    if f.impact_degrees:
        statement = statement.where(Proposal.impact_degree.in_(f.impact_degrees))
    return statement


async def proposals_page(
    session: AsyncSession, f: ProposalFilter, scope: ProposalScope, request: PageRequest
) -> Page[Any]:
    return await fetch_page(session, proposals_statement(f, scope), PROPOSAL_ORDER, request)


async def visible_proposals(session: AsyncSession, ids: Sequence[int], scope: ProposalScope) -> list[Any | None]:
    rows = {
        r.id: r for r in await session.execute(proposals_statement(ProposalFilter(), scope).where(Proposal.id.in_(ids)))
    }
    return [rows.get(i) for i in ids]


async def visible_proposals_by_code(
    session: AsyncSession, codes: Sequence[str], scope: ProposalScope
) -> list[Any | None]:
    plausible = [code for code in codes if could_be_code(code)]
    statement = proposals_statement(ProposalFilter(), scope).where(Proposal.code.in_(plausible))
    rows = {r.code: r for r in await session.execute(statement)}
    return [rows.get(c) for c in codes]


async def visible_assessments(session: AsyncSession, ids: Sequence[int], scope: ProposalScope) -> list[Any | None]:
    rows = {
        r.id: r
        for r in await session.execute(
            select(Assessment.__table__)
            .join(Proposal, Proposal.id == Assessment.proposal_id)
            .where(Assessment.id.in_(ids), scope.condition())
        )
    }
    return [rows.get(i) for i in ids]


async def proposal_for_update(session: AsyncSession, proposal_id: int, scope: ProposalScope) -> Proposal | None:
    """The proposal as an entity if the scope sees it, locked for the rest of the transaction on PostgreSQL."""
    return await session.scalar(select(Proposal).where(Proposal.id == proposal_id, scope.condition()).with_for_update())


async def proposal_by_create_key(session: AsyncSession, sponsor_department_id: int, key: str) -> Proposal | None:
    return await session.scalar(
        select(Proposal).where(Proposal.sponsor_department_id == sponsor_department_id, Proposal.create_key == key)
    )


async def bump_version(session: AsyncSession, proposal_id: int, expected_version: int, values: dict[str, Any]) -> bool:
    """Apply `values` only if nobody changed the proposal since `expected_version` was read."""
    result = await session.execute(
        update(Proposal)
        .where(Proposal.id == proposal_id, Proposal.version == expected_version)
        .values(version=expected_version + 1, **values)
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def assessment_by_key(session: AsyncSession, proposal_id: int, key: str) -> Assessment | None:
    return await session.scalar(
        select(Assessment).where(Assessment.proposal_id == proposal_id, Assessment.idempotency_key == key)
    )


async def assessments_of(session: AsyncSession, proposal_ids: Sequence[int]) -> list[list[Any]]:
    rows = await session.execute(
        select(Assessment.__table__).where(Assessment.proposal_id.in_(proposal_ids)).order_by(Assessment.id)
    )
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.proposal_id].append(row)
    return [grouped.get(i, []) for i in proposal_ids]


async def row_by_id(session: AsyncSession, model: Any, row_id: int) -> Any:
    """One row that must exist (a foreign key points at it)."""
    return (await session.execute(select(model.__table__).where(model.id == row_id))).one()


async def rows_by_id(session: AsyncSession, model: Any, ids: Sequence[int]) -> list[Any | None]:
    rows = {row.id: row for row in await session.execute(select(model.__table__).where(model.id.in_(ids)))}
    return [rows.get(i) for i in ids]


async def investment_thresholds(session: AsyncSession) -> dict[int, float]:
    rows = await session.execute(select(ScreeningSetting.jurisdiction_id, ScreeningSetting.investment_threshold_yuan))
    return dict(rows.all())


async def settings_of(session: AsyncSession, jurisdiction_id: int) -> ScreeningSetting | None:
    return await session.get(ScreeningSetting, jurisdiction_id)


async def proposal_ids_for_replay(session: AsyncSession, f: ProposalFilter, scope: ProposalScope) -> list[int]:
    statement = proposals_statement(f, scope).where(Proposal.latest_assessment_id.is_not(None))
    rows = await session.execute(statement.with_only_columns(Proposal.id).order_by(Proposal.id))
    return [row[0] for row in rows]


async def proposals_with_summaries(session: AsyncSession, ids: Sequence[int]) -> list[tuple[Any, dict[str, Any]]]:
    """Proposals with the summary of their latest assessment (computed from the full outcome by `summarize`
    for assessments stored before summaries were kept)."""
    rows = list(
        await session.execute(
            select(Proposal.__table__, Assessment.summary.label("stored_summary"), Assessment.id.label("assessment_id"))
            .join(Assessment, Assessment.id == Proposal.latest_assessment_id)
            .where(Proposal.id.in_(ids))
            .order_by(Proposal.id)
        )
    )
    missing = [row.assessment_id for row in rows if row.stored_summary is None]
    outcomes: dict[int, Any] = {}
    if missing:
        outcomes = dict(
            (await session.execute(select(Assessment.id, Assessment.outcome).where(Assessment.id.in_(missing)))).all()
        )
    return [
        (row, row.stored_summary if row.stored_summary is not None else {"outcome": outcomes[row.assessment_id]})
        for row in rows
    ]


# --- what an assessment needs from the catalog --------------------------------------------------


async def jurisdiction_chain(session: AsyncSession, jurisdiction_id: int) -> list[int]:
    """The jurisdiction and the ones above it (a district's targets include its city's)."""
    chain: list[int] = []
    current: int | None = jurisdiction_id
    while current is not None and current not in chain:
        chain.append(current)
        current = await session.scalar(select(Jurisdiction.parent_id).where(Jurisdiction.id == current))
    return chain


async def indicators_by_code(session: AsyncSession, codes: Sequence[str]) -> dict[str, Any]:
    rows = await session.execute(select(Indicator.__table__).where(Indicator.code.in_(codes)))
    return {row.code: row for row in rows}


async def linked_indicators(session: AsyncSession, indicator_ids: Sequence[int]) -> dict[int, list[Any]]:
    a, b = IndicatorLink.indicator_id, IndicatorLink.linked_indicator_id
    pairs = (await session.execute(select(a, b).where(or_(a.in_(indicator_ids), b.in_(indicator_ids))))).all()
    others: dict[int, set[int]] = defaultdict(set)
    for left, right in pairs:
        others[left].add(right)
        others[right].add(left)
    wanted = {i for ids in others.values() for i in ids}
    rows = {r.id: r for r in await session.execute(select(Indicator.__table__).where(Indicator.id.in_(wanted)))}
    return {i: sorted((rows[o] for o in others.get(i, ())), key=lambda r: r.code) for i in indicator_ids}


async def targets_in(session: AsyncSession, indicator_ids: Sequence[int], jurisdiction_ids: Sequence[int]) -> list[Any]:
    rows = await session.execute(
        select(Target.__table__)
        .where(Target.indicator_id.in_(indicator_ids), Target.jurisdiction_id.in_(jurisdiction_ids))
        .order_by(Target.indicator_id, Target.year, Target.id)
    )
    return list(rows)


async def departments_for_portfolios(
    session: AsyncSession, portfolio_codes: Sequence[str], jurisdiction_id: int
) -> list[tuple[str, Any]]:
    rows = await session.execute(
        select(Portfolio.code.label("portfolio_code"), Department.__table__)
        .join(DepartmentPortfolio, DepartmentPortfolio.portfolio_id == Portfolio.id)
        .join(Department, Department.id == DepartmentPortfolio.department_id)
        .where(
            Portfolio.code.in_(portfolio_codes),
            Department.jurisdiction_id == jurisdiction_id,
            Department.kind != "COLLECTIVE",
        )
        .order_by(Department.code)
    )
    return [(row.portfolio_code, row) for row in rows]


async def departments_answering_for(
    session: AsyncSession, indicator_ids: Sequence[int], jurisdiction_id: int
) -> list[tuple[int, Any]]:
    """(indicator id, department) for departments responsible for an indicator, or leading a task that moves
    it, in the jurisdiction."""
    direct = (
        select(Responsibility.indicator_id.label("indicator_id"), Department.__table__)
        .join(Department, Department.id == Responsibility.department_id)
        .where(Responsibility.indicator_id.in_(indicator_ids), Responsibility.jurisdiction_id == jurisdiction_id)
    )
    via_tasks = (
        select(TaskIndicator.indicator_id.label("indicator_id"), Department.__table__)
        .join(Task, Task.id == TaskIndicator.task_id)
        .join(Responsibility, Responsibility.task_id == Task.id)
        .join(Department, Department.id == Responsibility.department_id)
        .where(
            TaskIndicator.indicator_id.in_(indicator_ids),
            Task.jurisdiction_id == jurisdiction_id,
            Responsibility.role == "LEAD",
        )
    )
    found: dict[tuple[int, int], Any] = {}
    for statement in (direct, via_tasks):
        for row in await session.execute(statement):
            if row.kind != "COLLECTIVE":
                found[(row.indicator_id, row.id)] = row
    return sorted(((i, row) for (i, _d), row in found.items()), key=lambda item: (item[1].code, item[0]))


async def departments_by_codes(session: AsyncSession, codes: Sequence[str]) -> dict[str, Any]:
    rows = await session.execute(select(Department.__table__).where(Department.code.in_(codes)))
    return {row.code: row for row in rows}


async def targets_by_codes(session: AsyncSession, codes: Sequence[str]) -> dict[str, Any]:
    rows = await session.execute(select(Target.__table__).where(Target.code.in_(codes)))
    return {row.code: row for row in rows}


async def reviewers_of(session: AsyncSession, assessment_ids: Sequence[int]) -> list[list[Any]]:
    rows = await session.execute(
        select(AssessmentReviewer.__table__).where(AssessmentReviewer.assessment_id.in_(assessment_ids))
    )
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.assessment_id].append(row)
    return [grouped.get(i, []) for i in assessment_ids]


# --- replays --------------------------------------------------------------------------------------


async def replay_by_id(session: AsyncSession, replay_id: int) -> ScreeningReplay | None:
    return await session.get(ScreeningReplay, replay_id)


async def replay_progress(session: AsyncSession, replay_id: int, **values: Any) -> None:
    await session.execute(update(ScreeningReplay).where(ScreeningReplay.id == replay_id).values(**values))


async def replay_changes_pages(
    session: AsyncSession, replay_ids: Sequence[int], request: PageRequest
) -> dict[int, Page[Any]]:
    return await fetch_pages_by_parent(
        session, ScreeningReplayChange, ScreeningReplayChange.replay_id, replay_ids, REPLAY_CHANGE_ORDER, request
    )


async def count_proposals(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Proposal)) or 0)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def row_by_code(session: AsyncSession, model: Any, code: str) -> Any | None:
    if not could_be_code(code):
        return None
    return (await session.execute(select(model.__table__).where(model.code == code))).first()


async def jurisdictions_by_code(session: AsyncSession, codes: Sequence[str]) -> dict[str, Any]:
    wanted = [c for c in codes if could_be_code(c)]
    rows = await session.execute(select(Jurisdiction.__table__).where(Jurisdiction.code.in_(wanted)))
    return {row.code: row for row in rows}
