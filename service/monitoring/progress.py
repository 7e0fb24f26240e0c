"""Task progress reports: how far a plan task (or milestone) has come in a period, as a percentage and/or a
status, with a note; versioned like observations. Tasks are measured by year or quarter (a report may also
be monthly: the period rules are those of a monthly indicator)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Task, TaskProgressReport
from db.repositories import monitoring as repo
from service.auth.principal import Principal
from service.errors import AccessDenied, ValidationFailed, printable_problems
from service.i18n import _
from service.monitoring import plan_window, recording, rights
from service.monitoring.periods import MONTHLY, QUARTERLY, make_period

KIND = "TASK_PROGRESS"
PROGRESS_STATUSES = ("NOT_STARTED", "IN_PROGRESS", "DONE", "DELAYED")
KEY = ("task_id", "year", "period")


@dataclass(frozen=True)
class ProgressInput:
    task: str
    year: int
    quarter: int | None = None
    month: int | None = None
    percent: float | None = None
    status: str | None = None
    note: str | None = None


@dataclass
class TaskFacts:
    tasks: dict[str, Any]
    plans: dict[int, Any]
    chains: dict[int, list[int]]


async def load(session: AsyncSession, codes: Sequence[str]) -> TaskFacts:
    tasks = await repo.rows_by_codes(session, Task, codes)
    jurisdictions = await repo.jurisdiction_rows(session)
    chains: dict[int, list[int]] = {}
    for jurisdiction_id in jurisdictions:
        chain, current = [], jurisdiction_id
        while current is not None and current not in chain:
            chain.append(current)
            current = jurisdictions[current].parent_id
        chains[jurisdiction_id] = chain
    return TaskFacts(tasks, await repo.plan_rows(session), chains)


def check(
    facts: TaskFacts, allowed: rights.Rights | None, item: ProgressInput
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    problems = [(f[-1], m) for f, m in printable_problems({"note": item.note}, [])]
    if item.note is not None and len(item.note) > 2000:
        problems.append(("note", _("must be at most {limit:,} characters", limit=2000)))
    task = facts.tasks.get(item.task)
    if task is None:
        return None, [*problems, ("task", _("no task has the code {code!r}", code=item.task))]
    if allowed is not None and (denied := allowed.task(task.id, facts.chains[task.jurisdiction_id])) is not None:
        problems.append(("access", denied))
    # Months are accepted too: the monthly rules allow a year, a quarter is checked separately.
    period, problem = make_period(item.year, item.quarter, item.month, QUARTERLY if item.quarter else MONTHLY)
    if problem is not None:
        problems.append(
            ("year" if period is None and item.quarter is None and item.month is None else "quarter", problem)
        )
    plan = facts.plans[task.plan_id]
    if not plan_window.plan_covers(plan, item.year):
        problems.append(
            (
                "year",
                _(
                    "{year} is outside the plan {plan} ({start}–{end})",
                    year=item.year,
                    plan=plan.code,
                    start=plan.period_start,
                    end=plan.period_end,
                ),
            )
        )
    if item.percent is None and item.status is None:
        problems.append(("percent", _("give a percentage or a status")))
    if item.percent is not None and (not math.isfinite(item.percent) or not 0 <= item.percent <= 100):
        problems.append(("percent", _("must be between {low} and {high}", low=0, high=100)))
    if item.status is not None and item.status not in PROGRESS_STATUSES:
        problems.append(("status", _("must be one of {choices}", choices=", ".join(PROGRESS_STATUSES))))
    if problems or period is None:
        return None, problems
    return {
        "task_id": task.id,
        "year": period.year,
        "period": period.code,
        "ends_month": period.ends_month,
        "percent": item.percent,
        "status": item.status,
        "note": item.note,
    }, []


async def changes_for(session: AsyncSession, values: Sequence[dict[str, Any]]) -> list[recording.Change]:
    keys = [tuple(v[k] for k in KEY) for v in values]
    current = await repo.current_rows_for_update(session, TaskProgressReport, KEY, keys)
    changes = [recording.Change(key, v, current.get(key)) for key, v in zip(keys, values, strict=True)]
    recording.classify(changes, ("percent", "status", "note"))
    return changes


async def record(
    session: AsyncSession, principal: Principal, items: Sequence[ProgressInput], idempotency_key: str | None
) -> recording.Recorded:
    recording.check_key(idempotency_key, ["input", "idempotencyKey"])
    if not 1 <= len(items) <= 1000:
        raise ValidationFailed([(["input", "reports"], _("give 1 to 1,000 reports (import files for more)"))])
    again = await recording.earlier(session, principal, KIND, idempotency_key, TaskProgressReport, list(items))
    if again is not None:
        return again
    facts = await load(session, [i.task for i in items])
    allowed = await rights.of(session, principal)
    problems: list[tuple[list[str], str]] = []
    values: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for i, item in enumerate(items):
        found, item_problems = check(facts, allowed, item)
        for name, message in item_problems:
            if name == "access":
                raise AccessDenied(message)
            problems.append((["input", "reports", str(i), name], message))
        if found is not None:
            key = tuple(found[k] for k in KEY)
            if key in seen:
                message = _("repeats report {first} (same task and period)", first=seen[key])
                problems.append((["input", "reports", str(i)], message))
            seen.setdefault(key, i)
            values.append(found)
    if problems:
        raise ValidationFailed(problems)
    changes = await changes_for(session, values)
    return await recording.write(
        session, principal, TaskProgressReport, KIND, changes, idempotency_key, given=list(items)
    )
