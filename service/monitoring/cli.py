"""`hia import observations FILE` and `hia import task-progress FILE`: the spreadsheet import from the command
line, with no body limit. A dry run unless `--apply`; a file with rejected rows writes nothing unless
`--apply-valid-rows`. The report goes to standard output, a progress bar to standard error."""

from __future__ import annotations

import asyncio
import getpass
import sys
import time
from pathlib import Path
from typing import TextIO

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.session import transaction
from service.auth.principal import Principal, Role
from service.monitoring import imports

Factory = async_sessionmaker[AsyncSession]


class ProgressBar:
    """`checked 4,500/10,000 rows [#########.........] 45%` on one line, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.drawn_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.drawn_at < 0.1:
            return
        self.drawn_at = now
        share = done / total if total else 1.0
        filled = int(share * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\rchecked {done:,}/{total:,} rows [{bar}] {share:4.0%}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def print_report(outcome: imports.ImportOutcome, out: TextIO) -> None:
    for row in outcome.rejected:
        for column, message in row.problems:
            print(f"{row.sheet} row {row.row}: {column}: {message}", file=out)
    changes = {kind: sum(r.change == kind for r in outcome.valid) for kind in ("NEW", "CORRECTION", "UNCHANGED")}
    print(
        f"{len(outcome.rows):,} rows: {len(outcome.valid):,} valid ({changes['NEW']:,} new, "
        f"{changes['CORRECTION']:,} corrections, {changes['UNCHANGED']:,} unchanged), "
        f"{len(outcome.rejected):,} rejected",
        file=out,
    )
    if outcome.applied:
        print(f"applied: {outcome.written:,} versions written in one transaction", file=out)
    elif outcome.rejected and outcome.valid:
        print("nothing applied: fix the rejected rows, or pass --apply-valid-rows", file=out)
    else:
        print("dry run: nothing applied (pass --apply to write)", file=out)


async def run(
    factory: Factory,
    kind: str,
    path: Path,
    *,
    apply: bool,
    apply_valid_rows: bool,
    user: str | None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Exit status: 0 when every row is valid (or the valid ones were applied as asked), 1 when rows are rejected."""
    # The command line acts with the database's own authority, recorded under the operator's name.
    principal = Principal(user=user or f"cli:{getpass.getuser()}", role=Role.ADMIN)
    # The size first: a file over the limit is refused without being read into memory.
    imports.check_size((await asyncio.to_thread(path.stat)).st_size, path.name)
    content = await asyncio.to_thread(path.read_bytes)
    async with transaction(factory) as session:
        outcome = await imports.examine_and_apply(
            session,
            principal,
            kind,
            content,
            path.name,
            apply=apply or apply_valid_rows,
            apply_valid_rows=apply_valid_rows,
            on_progress=ProgressBar(err),
        )
    print_report(outcome, out)
    return 0 if not outcome.rejected or (apply_valid_rows and outcome.applied) else 1
