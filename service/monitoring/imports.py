"""Importing observations and task progress from spreadsheets: every row is checked (the same checks as the
mutations, plus the rights of whoever imports), every rejected row is reported with its number and why, and the
valid rows are written in one transaction only when asked: `apply` writes a file without rejected rows;
`apply_valid_rows` writes the valid rows of a file that has rejected ones. A dry run writes nothing.

Rows whose value columns are empty (template rows not filled in) are blank and skipped.

The file is read once, in a worker thread (`read_rows`): parsing is CPU work and the event loop must keep answering
other requests meanwhile; the rows read are then checked (and written) by `examine_rows`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Observation, TaskProgressReport
from service.auth.principal import Principal
from service.i18n import _
from service.monitoring import bounds, observations, progress, recording, rights, sheets
from service.monitoring import facts as facts_module
from service.monitoring.periods import parse_label

Progress = Callable[[int, int], None]
MAX_BYTES = 64 * 1024 * 1024
PROGRESS_STATUS_NAMES = {"未启动": "NOT_STARTED", "推进中": "IN_PROGRESS", "已完成": "DONE", "滞后": "DELAYED"}
FIELD_COLUMNS = {
    "OBSERVATIONS": {
        **sheets.OBSERVATION_COLUMNS,
        "valueText": "文字结果",
        "year": "期间",
        "quarter": "期间",
        "month": "期间",
    },
    "TASK_PROGRESS": {**sheets.PROGRESS_COLUMNS, "year": "期间", "quarter": "期间", "month": "期间"},
}
ROW = "行"


@dataclass
class RowReport:
    sheet: str
    row: int
    problems: list[tuple[str, str]] = field(default_factory=list)
    change: str | None = None


@dataclass
class ImportOutcome:
    kind: str
    rows: list[RowReport]
    applied: bool = False
    written: int = 0
    batch: Any | None = None

    @property
    def rejected(self) -> list[RowReport]:
        return [r for r in self.rows if r.problems]

    @property
    def valid(self) -> list[RowReport]:
        return [r for r in self.rows if not r.problems]

    # The audit record names the batch written and its jurisdiction (none for a multi-place file).
    @property
    def id(self) -> int | None:
        return self.batch.id if self.batch is not None else None

    jurisdiction_id: int | None = None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any) -> tuple[float | None, str | None]:
    """A cell as a number, or its text when it is not one."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, str(value)
    if isinstance(value, (int, float)):
        return float(value), None
    text = str(value).replace(",", "").replace("，", "")
    try:
        return float(text), None
    except ValueError:
        return None, str(value)


def _period(value: Any) -> tuple[int, int | None, int | None] | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value), None, None
    return parse_label(str(value)) if isinstance(value, str) else None


def _not_a_period(value: Any) -> str:
    return _("{value!r} is not a period: write 2023, 2023Q2 or 2023-05", value=value)


def _observation_input(cells: dict[str, Any]) -> tuple[observations.ObservationInput | None, list[tuple[str, str]]]:
    period = _period(cells.get("period"))
    problems: list[tuple[str, str]] = []
    if cells.get("indicator") is None:
        problems.append(("indicator", _("is empty")))
    if cells.get("jurisdiction") is None:
        problems.append(("jurisdiction", _("is empty")))
    if period is None:
        problems.append(("period", _not_a_period(cells.get("period"))))
    if problems or period is None:
        return None, problems
    value, not_a_number = _number(cells.get("value"))
    text = _text(cells.get("value_text"))
    return observations.ObservationInput(
        indicator=str(cells["indicator"]),
        jurisdiction=str(cells["jurisdiction"]),
        year=period[0],
        quarter=period[1],
        month=period[2],
        measure=_text(cells.get("measure")),
        value=value,
        value_text=text if text is not None else not_a_number,
        unit=_text(cells.get("unit")),
        source=_text(cells.get("source")),
        note=_text(cells.get("note")),
    ), []


def _progress_input(cells: dict[str, Any]) -> tuple[progress.ProgressInput | None, list[tuple[str, str]]]:
    period = _period(cells.get("period"))
    problems: list[tuple[str, str]] = []
    if cells.get("task") is None:
        problems.append(("task", _("is empty")))
    if period is None:
        problems.append(("period", _not_a_period(cells.get("period"))))
    percent, not_a_number = _number(cells.get("percent"))
    if not_a_number is not None:
        problems.append(("percent", _("{value!r} is not a number", value=not_a_number)))
    status = _text(cells.get("status"))
    if problems or period is None:
        return None, problems
    return progress.ProgressInput(
        task=str(cells["task"]),
        year=period[0],
        quarter=period[1],
        month=period[2],
        percent=percent,
        status=PROGRESS_STATUS_NAMES.get(status, status) if status else None,
        note=_text(cells.get("note")),
    ), []


def _input(kind: str, cells: dict[str, Any]) -> tuple[Any, list[tuple[str, str]]]:
    return _observation_input(cells) if kind == "OBSERVATIONS" else _progress_input(cells)


def _blank(kind: str, cells: dict[str, Any]) -> bool:
    wanted = ("value", "value_text") if kind == "OBSERVATIONS" else ("percent", "status")
    return all(cells.get(name) is None for name in wanted)


async def examine_and_apply(
    session: AsyncSession,
    principal: Principal,
    kind: str,
    content: bytes,
    file_name: str,
    *,
    apply: bool = False,
    apply_valid_rows: bool = False,
    idempotency_key: str | None = None,
    on_progress: Progress | None = None,
) -> ImportOutcome:
    """Read the file and check every row; write the valid ones when asked (see the module's docstring)."""
    recording.check_key(idempotency_key, ["input", "idempotencyKey"])
    rows = await read_rows(content, file_name, kind)
    return await examine_rows(
        session,
        principal,
        kind,
        rows,
        file_name,
        apply=apply,
        apply_valid_rows=apply_valid_rows,
        idempotency_key=idempotency_key,
        on_progress=on_progress,
    )


async def read_rows(content: bytes, file_name: str, kind: str) -> list[sheets.Row]:
    """The rows of the file worth checking (blank template rows left out), read in a worker thread. When the
    waiting is cancelled (the request's time limit, a client gone) the thread stops at its next row."""
    check_size(len(content), file_name)
    stop = threading.Event()
    try:
        return await asyncio.to_thread(_rows_worth_checking, content, file_name, kind, stop)
    finally:
        stop.set()


def check_size(size: int, file_name: str) -> None:
    if size > MAX_BYTES:
        raise bounds.too_large(_("{file} is over {limit}: split it", file=file_name, limit=bounds.mib(MAX_BYTES)))


def _rows_worth_checking(content: bytes, file_name: str, kind: str, stop: threading.Event) -> list[sheets.Row]:
    return [
        row
        for sheet in sheets.read(content, file_name, kind, stop)
        for row in sheet.rows
        if row.problems or not _blank(kind, row.cells)
    ]


async def examine_rows(
    session: AsyncSession,
    principal: Principal,
    kind: str,
    rows: list[sheets.Row],
    file_name: str,
    *,
    apply: bool = False,
    apply_valid_rows: bool = False,
    idempotency_key: str | None = None,
    on_progress: Progress | None = None,
) -> ImportOutcome:
    """Check the rows read from a file; write the valid ones when asked (see the module's docstring)."""
    recording.check_key(idempotency_key, ["input", "idempotencyKey"])
    columns = FIELD_COLUMNS[kind]
    reports = [RowReport(row.sheet, row.number) for row in rows]
    allowed = await rights.of(session, principal)
    parsed: list[Any] = []
    for row, report in zip(rows, reports, strict=True):
        # A cell that could not be read leaves the row unchecked: its other columns might mislead.
        item, problems = (None, list(row.problems)) if row.problems else _input(kind, row.cells)
        report.problems += [(columns.get(name, ROW), message) for name, message in problems]
        parsed.append(item)
    check: Callable[[Any], tuple[Any, list[tuple[str, str]]]]
    if kind == "OBSERVATIONS":
        facts = await facts_module.load(session, [p.indicator for p in parsed if p is not None])

        def check(item: Any) -> tuple[Any, list[tuple[str, str]]]:
            return observations.check(facts, allowed, item)

        def key_of(found: Any) -> tuple[Any, ...]:
            return tuple(found.key)
    else:
        task_facts = await progress.load(session, [p.task for p in parsed if p is not None])

        def check(item: Any) -> tuple[Any, list[tuple[str, str]]]:
            return progress.check(task_facts, allowed, item)

        def key_of(found: Any) -> tuple[Any, ...]:
            return tuple(found[k] for k in progress.KEY)

    checked: list[Any] = [None] * len(rows)
    for i, item in enumerate(parsed):
        if item is not None:
            checked[i], problems = check(item)
            reports[i].problems += [(columns.get(name, ROW), message) for name, message in problems]
        if on_progress is not None and (i + 1) % 500 == 0:
            on_progress(i + 1, len(rows))
    keys = [key_of(c) if c is not None else None for c in checked]
    for i, first in observations.duplicates(keys).items():
        reports[i].problems.append(
            (
                ROW,
                _(
                    "repeats row {row} of {sheet} (same subject and period)",
                    row=reports[first].row,
                    sheet=reports[first].sheet,
                ),
            )
        )
    if on_progress is not None:
        on_progress(len(rows), len(rows))
    good = [i for i, r in enumerate(reports) if not r.problems]
    model = Observation if kind == "OBSERVATIONS" else TaskProgressReport
    if kind == "OBSERVATIONS":
        changes = await observations.changes_for(session, [checked[i] for i in good])
    else:
        changes = await progress.changes_for(session, [checked[i] for i in good])
    for i, change in zip(good, changes, strict=True):
        reports[i].change = change.kind
    outcome = ImportOutcome(kind, reports)
    if not apply or (outcome.rejected and not apply_valid_rows) or not good:
        return outcome
    # the rows written are the input: the same file (or the same rows again) under a key is a retry
    sent = [row.cells for row in rows]
    again = await recording.earlier(session, principal, kind, idempotency_key, model, sent)
    if again is not None:
        outcome.applied, outcome.written, outcome.batch = True, len(again.rows), again.batch
        return outcome
    written = await recording.write(
        session, principal, model, kind, changes, idempotency_key, file_name[:400], given=sent
    )
    outcome.applied, outcome.written, outcome.batch = True, len(written.rows), written.batch
    outcome.jurisdiction_id = written.jurisdiction_id
    return outcome
