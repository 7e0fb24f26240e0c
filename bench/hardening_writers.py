"""Fifty concurrent monitoring writers per kind on PostgreSQL (issue 10, item 4): outcomes and elapsed time.

Each kind sends 50 requests at once through the GraphQL app (in-process ASGI, production settings, the default
pool and statement timeout) at one subject and period: recordObservations, recordTaskProgress,
scoreSelfAssessmentItem, setTargetStatus with 50 different values, and correctObservation with expectedVersion 1
from 50 callers who all read version 1. `--unlocked` turns the writers' locks off first, to show what they prevent.
Each run gets a scratch database (migrated, catalog loaded), dropped at the end.

    .venv/bin/python bench/hardening_writers.py [--unlocked]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SERVER_URL = os.environ.get("HIA_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
WRITERS = 50
MASKED = "masked error"
OK = "succeeded"
RECORD = """mutation($input: RecordObservationsInput!) { recordObservations(input: $input) {
  observations { id version } userErrors { code } } }"""
PROGRESS = """mutation($input: RecordTaskProgressInput!) { recordTaskProgress(input: $input) {
  reports { version } userErrors { code } } }"""
SCORE = """mutation($input: ScoreSelfAssessmentItemInput!) { scoreSelfAssessmentItem(input: $input) {
  item { version } userErrors { code } } }"""
SET_STATUS = """mutation($input: SetTargetStatusInput!) { setTargetStatus(input: $input) {
  status { status } userErrors { code } } }"""
CORRECT = """mutation($input: CorrectObservationInput!) { correctObservation(input: $input) {
  observation { version } userErrors { code } } }"""
# (table, condition) of the versions each kind writes, to check they form one chain 1..n
STORED = {
    "recordObservations": ("observation", "indicator_id = (SELECT id FROM indicator WHERE code = 'PZH14-05')"),
    "recordTaskProgress": (
        "task_progress_report",
        "task_id = (SELECT id FROM task WHERE code = 'panzhihua-2017.HQ1.M2018')",
    ),
    "scoreSelfAssessmentItem": (
        "self_assessment_score",
        "indicator_id = (SELECT id FROM indicator WHERE code = 'WZ2023-01')",
    ),
    "setTargetStatus": (
        "manual_target_status",
        "target_id = (SELECT id FROM target WHERE code = 'panzhihua-2021-health-14fyp:PZH14-02:2025:1')",
    ),
    "correctObservation": ("observation", "indicator_id = (SELECT id FROM indicator WHERE code = 'PZH14-04')"),
}


@dataclass
class Outcome:
    kind: str
    counts: Counter[str]
    seconds: float
    versions: list[int]


def prepare(url: str) -> None:
    for step in (["db", "upgrade"], ["catalog", "load"]):
        subprocess.run(
            [sys.executable, "-m", "service.cli", *step],
            check=True,
            capture_output=True,
            env={"HIA_DATABASE_URL": url, "PATH": ""},
        )


@asynccontextmanager
async def scratch_database() -> AsyncIterator[str]:
    """A new PostgreSQL database, migrated and loaded the way an operator does it (`hia db upgrade`, `catalog load`)."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from db.session import create_engine

    name = f"hia_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER_URL)
    async with admin.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(prepare, url)
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def token(factory: Any, user: str, jurisdiction: str) -> str:
    from db.session import transaction
    from service.auth import tokens

    async with transaction(factory) as session:
        return (await tokens.create(session, user, "COMMITTEE_SECRETARY", jurisdiction, None, 1)).token


def outcome_of(body: dict[str, Any]) -> str:
    if body.get("errors"):
        return MASKED if body["errors"][0].get("extensions", {}).get("code") is None else body["errors"][0]["message"]
    payload = next(iter(body["data"].values()))
    return payload["userErrors"][0]["code"] if payload["userErrors"] else OK


async def versions(engine: Any, kind: str) -> list[int]:
    from sqlalchemy import text

    table, condition = STORED[kind]
    async with engine.connect() as connection:
        rows = await connection.execute(text(f"SELECT version FROM {table} WHERE {condition} ORDER BY version"))
        return [row[0] for row in rows]


async def run(url: str) -> list[Outcome]:
    import httpx

    from db.session import create_engine, create_session_factory
    from service.app import create_app
    from service.config import Settings

    settings = Settings(database_url=url, env="production")
    engine = create_engine(url, statement_timeout_ms=settings.statement_timeout_ms)
    factory = create_session_factory(engine)
    panzhihua = await token(factory, "bench-pzh", "panzhihua")
    wuzhong = await token(factory, "bench-wz", "wuzhong")
    transport = httpx.ASGITransport(app=create_app(settings, engine=engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as client:

        async def post(as_: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables}, headers={"authorization": f"Bearer {as_}"}
            )
            if response.status_code != 200:
                return {"errors": [{"message": f"HTTP {response.status_code}", "extensions": {}}]}
            body: dict[str, Any] = response.json()
            return body

        first = await post(
            panzhihua,
            RECORD,
            {
                "input": {
                    "observations": [{"indicator": "PZH14-04", "jurisdiction": "panzhihua", "year": 2022, "value": 4.0}]
                }
            },
        )
        read_id = first["data"]["recordObservations"]["observations"][0]["id"]
        writers: dict[str, Callable[[int], Awaitable[dict[str, Any]]]] = {
            "recordObservations": lambda i: post(
                panzhihua,
                RECORD,
                {"input": {"observations": [{"indicator": "PZH14-05", "jurisdiction": "panzhihua", "year": 2022,
                                             "value": 5 + i / 100}]}},
            ),
            "recordTaskProgress": lambda i: post(
                panzhihua,
                PROGRESS,
                {"input": {"reports": [{"task": "panzhihua-2017.HQ1.M2018", "year": 2019, "percent": float(i)}]}},
            ),
            "scoreSelfAssessmentItem": lambda i: post(
                wuzhong,
                SCORE,
                {"input": {"item": "WZ2023-01", "jurisdiction": "wuzhong", "year": 2024, "score": i / 25}},
            ),
            "setTargetStatus": lambda i: post(
                panzhihua,
                SET_STATUS,
                {"input": {"target": "panzhihua-2021-health-14fyp:PZH14-02:2025:1", "status": "ON_TRACK",
                           "asOf": 2023, "note": f"第{i}次"}},
            ),
            "correctObservation": lambda i: post(
                panzhihua,
                CORRECT,
                {"input": {"id": read_id, "value": 3 + i / 100, "reason": f"更正{i}", "expectedVersion": 1}},
            ),
        }  # fmt: skip
        outcomes = []
        for kind, write in writers.items():
            started = time.perf_counter()
            bodies = await asyncio.gather(*(write(i) for i in range(WRITERS)))
            seconds = time.perf_counter() - started
            counts = Counter(outcome_of(body) for body in bodies)
            outcomes.append(Outcome(kind, counts, seconds, await versions(engine, kind)))
    await engine.dispose()
    return outcomes


def unlock() -> None:
    """Turn the writers' locks off (in this process), as they were before issue 10."""
    from db.repositories import monitoring

    async def nothing(*_args: Any, **_kwargs: Any) -> None:
        return None

    monitoring.lock_parents = nothing
    monitoring.lock_idempotency_key = nothing


async def measure(unlocked: bool) -> list[Outcome]:
    if unlocked:
        unlock()
    # The service logs every masked error with its traceback; the table below counts them instead.
    logging.disable(logging.ERROR)
    async with scratch_database() as url:
        return await run(url)


def show(title: str, outcomes: list[Outcome]) -> None:
    print(title)
    print(f"  {'kind':<24} {'succeeded':>9} {'CONFLICT':>8} {'other':>6}  {'elapsed':>8}  stored versions")
    for o in outcomes:
        other = sum(n for name, n in o.counts.items() if name not in (OK, "CONFLICT"))
        chain = o.versions == list(range(1, len(o.versions) + 1))
        shown = f"{len(o.versions)} ({'1..n' if chain else 'NOT contiguous'})"
        print(f"  {o.kind:<24} {o.counts[OK]:>9} {o.counts['CONFLICT']:>8} {other:>6}  {o.seconds:7.2f}s  {shown}")
        for name, n in sorted(o.counts.items()):
            if name not in (OK, "CONFLICT"):
                print(f"    {n} × {name}")


def report(unlocked: bool = False) -> None:
    """Print the outcomes of 50 concurrent writers per kind (with the locks, or `unlocked` as before issue 10)."""
    mode = "locks off (as before issue 10)" if unlocked else "as shipped"
    show(f"{WRITERS} concurrent writers per kind, PostgreSQL, in-process ASGI, {mode}", asyncio.run(measure(unlocked)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unlocked", action="store_true", help="turn the writers' locks off first")
    report(parser.parse_args().unlocked)


if __name__ == "__main__":
    main()
