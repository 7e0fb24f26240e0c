"""Benchmark the spreadsheet import of observations: a generated .xlsx of 10,000 rows (plus a copy with 3 bad rows),
checked (dry run) and applied in one transaction, through the same service function as the API and the CLI.

Prints rows per second for the dry run and for the apply, the peak of Python allocations during each
(tracemalloc) and the process's peak RSS, and checks that the copy with 3 bad rows reports exactly those 3.

    .venv/bin/python bench/import.py [--rows 10000] [--postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres]

Without --postgres-url it uses a scratch SQLite file. It creates a scratch database, loads the catalog, makes
Panzhihua's five-year-plan indicators monthly (so 10,000 distinct periods exist in the city and its districts),
measures, and drops the database.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import resource
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db.session import create_engine, create_session_factory, transaction
from service import database
from service.auth.principal import Principal, Role
from service.monitoring import imports, sheets

PLACES = ["panzhihua", "panzhihua.dongqu", "panzhihua.xiqu", "panzhihua.renhe", "panzhihua.miyi", "panzhihua.yanbian"]
YEARS = range(2020, 2026)
PRINCIPAL = Principal(user="bench", role=Role.ADMIN)


def keys(indicators: list[str]) -> Iterator[tuple[str, str, str]]:
    for place in PLACES:
        for code in indicators:
            for year in YEARS:
                yield code, place, str(year)
                for month in range(1, 13):
                    yield code, place, f"{year}-{month:02d}"


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheets.SHEET_TITLES["OBSERVATIONS"])
    sheet.append(list(sheets.OBSERVATION_COLUMNS.values()))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def peak_rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def timed(work: Callable[[], Awaitable[Any]]) -> tuple[Any, float, float]:
    """Result, seconds, and how much the process's peak RSS grew (MiB) while it ran."""
    before = peak_rss()
    started = time.perf_counter()
    result = await work()
    return result, time.perf_counter() - started, peak_rss() - before


async def traced(work: Callable[[], Awaitable[Any]]) -> tuple[Any, float]:
    """Result and the peak of Python allocations (MiB) while it ran (tracing slows it down: not timed)."""
    tracemalloc.start()
    result = await work()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, peak / 2**20


async def run(rows: int, postgres_url: str | None) -> None:
    scratch = tempfile.mkdtemp()
    name = f"hia_bench_import_{uuid.uuid4().hex[:8]}"
    admin = None
    if postgres_url:
        admin = create_engine(postgres_url)
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite+aiosqlite:///{scratch}/{name}.sqlite3"
    engine = create_engine(url)
    try:
        await database.upgrade(engine)
        factory = create_session_factory(engine)
        await database.load(factory)
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE indicator SET frequency = 'MONTHLY' WHERE code LIKE 'PZH14-%'"))
            found = await connection.execute(
                text(
                    "SELECT i.code FROM indicator i JOIN target t ON t.indicator_id = i.id "
                    "WHERE i.code LIKE 'PZH14-%' AND t.comparator IS NOT NULL ORDER BY i.code"
                )
            )
            indicators = sorted({row[0] for row in found})
        generated = [
            [c, None, None, p, period, 50.0 + i % 40, None, None, "bench", None]
            for i, (c, p, period) in enumerate(keys(indicators))
        ]
        if len(generated) < rows:
            raise SystemExit(f"only {len(generated):,} distinct periods available; ask for fewer rows")
        good = generated[:rows]
        bad = [*good[:-3], ["PZH14-99", None, None, "panzhihua", "2021", 1.0], good[0], [*good[1][:5], "n/a"]]
        content, bad_content = workbook(good), workbook(bad)
        backend = engine.url.get_backend_name()
        print(f"backend {backend}; {rows:,} rows; file {len(content) / 2**20:.2f} MiB")

        async def examine(data: bytes, apply: bool) -> imports.ImportOutcome:
            async with transaction(factory) as session:
                return await imports.examine_and_apply(
                    session, PRINCIPAL, "OBSERVATIONS", data, "bench.xlsx", apply=apply
                )

        print(f"peak RSS after loading the catalog: {peak_rss():.0f} MiB")
        outcome, seconds, grew = await timed(lambda: examine(bad_content, False))
        rejected = ", ".join(str(r.row) for r in outcome.rejected)
        print(f"dry run, file with 3 bad rows: {len(outcome.rejected)} rejected (rows {rejected}), {seconds:.2f} s")
        assert len(outcome.rejected) == 3, outcome.rejected
        outcome, seconds, grew = await timed(lambda: examine(content, False))
        print(f"dry run: {seconds:.2f} s, {rows / seconds:,.0f} rows/s, peak RSS +{grew:.0f} MiB")
        _outcome, allocated = await traced(lambda: examine(content, False))
        print(f"dry run: peak Python allocations {allocated:.1f} MiB (tracemalloc)")
        outcome, seconds, grew = await timed(lambda: examine(content, True))
        assert outcome.written == rows, outcome.written
        print(f"apply (one transaction): {seconds:.2f} s, {rows / seconds:,.0f} rows/s, peak RSS +{grew:.0f} MiB")
        outcome, seconds, grew = await timed(lambda: examine(content, True))
        print(f"re-import (all unchanged, nothing written): {seconds:.2f} s, {rows / seconds:,.0f} rows/s")
        assert outcome.written == 0
        print(f"peak RSS of the process: {peak_rss():.0f} MiB")
    finally:
        await engine.dispose()
        if admin is not None:
            async with admin.connect() as connection:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--postgres-url", default=None)
    args = parser.parse_args()
    asyncio.run(run(args.rows, args.postgres_url))


if __name__ == "__main__":
    main()
