"""importSpreadsheet: check a spreadsheet row by row and, when asked, apply its valid rows in one transaction."""

from __future__ import annotations

import base64
import binascii
import functools
from typing import Annotated, Any

import strawberry

from schema.context import Info
from schema.monitoring.enums import RowChange, SpreadsheetKind
from schema.monitoring.inputs import ImportSpreadsheetInput
from schema.monitoring.types import ImportReport, ImportRow, RowProblem
from schema.user_errors import UserError, UserErrorCode, user_errors
from service.audit import Audit
from service.errors import HiaError, InvalidArgumentError
from service.i18n import _
from service.monitoring import imports

MAX_REPORTED_CHANGES = 1000


@strawberry.type(description="Result of importSpreadsheet.")
class ImportSpreadsheetPayload:
    report: ImportReport | None = strawberry.field(description="The row-by-row report (also for a dry run).")
    user_errors: list[UserError] = strawberry.field(
        description="Problems with the file as a whole, or why its valid rows were not applied."
    )


def _row(row: Any) -> ImportRow:
    return ImportRow(
        sheet=row.sheet,
        row=row.row,
        valid=not row.problems,
        change=RowChange(row.change) if row.change else None,
        problems=[RowProblem(column=c, text=m) for c, m in row.problems],
    )


def report_of(outcome: Any) -> ImportReport:
    changing = [r for r in outcome.valid if r.change != "UNCHANGED"]
    return ImportReport(
        kind=SpreadsheetKind(outcome.kind),
        rows_read=len(outcome.rows),
        valid_rows=len(outcome.valid),
        rejected_rows=len(outcome.rejected),
        applied=outcome.applied,
        written=outcome.written,
        rejected=[_row(r) for r in outcome.rejected],
        changes=[_row(r) for r in changing[:MAX_REPORTED_CHANGES]],
    )


async def import_spreadsheet(
    info: Info, input: Annotated[ImportSpreadsheetInput, strawberry.argument(description="The mutation's input.")]
) -> ImportSpreadsheetPayload:
    principal = info.context.principal
    try:
        try:
            content = base64.b64decode(input.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidArgumentError(_("is not valid base64"), ["input", "contentBase64"]) from exc
        if input.dry_run and input.apply_valid_rows:
            raise InvalidArgumentError(
                _("applying valid rows writes: set dryRun to false"), ["input", "applyValidRows"]
            )
        # Read once, off the event loop and before any transaction: parsing a large file takes seconds.
        kind = input.kind.name
        rows = await imports.read_rows(content, input.file_name, kind)
        # Always checked first without writing: a file that cannot be applied leaves no audit record.
        outcome = await info.context.db(imports.examine_rows, principal, kind, rows, input.file_name)
        if input.dry_run or not outcome.valid:
            return ImportSpreadsheetPayload(report=report_of(outcome), user_errors=[])
        if outcome.rejected and not input.apply_valid_rows:
            message = _(
                "{rejected} rows are rejected: nothing was applied. Fix them, or apply the "
                "{valid} valid rows with applyValidRows",
                rejected=len(outcome.rejected),
                valid=len(outcome.valid),
            )
            return ImportSpreadsheetPayload(
                report=report_of(outcome),
                user_errors=[UserError(field=["input", "applyValidRows"], text=message, code=UserErrorCode.INVALID)],
            )
        apply = functools.partial(
            imports.examine_rows,
            apply=True,
            apply_valid_rows=input.apply_valid_rows,
            idempotency_key=input.idempotency_key,
        )
        outcome = await info.context.write(
            Audit("importSpreadsheet", "MonitoringBatch", details={"file": input.file_name[:200]}),
            apply,
            principal,
            kind,
            rows,
            input.file_name,
        )
    except HiaError as error:
        return ImportSpreadsheetPayload(report=None, user_errors=user_errors(error))
    return ImportSpreadsheetPayload(report=report_of(outcome), user_errors=[])
