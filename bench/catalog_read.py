"""Benchmark the department-obligations query at page size 100 on PostgreSQL.

Prints server time per request (p50/p99 over N requests through the ASGI app, no network), SQL
statements per request, and the floor: the same data fetched with one plain asyncpg query and
serialised with json.dumps, with the ratio between the two. The service is measured with its response
cache off (every request executes: cold) and on (the same request repeated: warm after the first).

    .venv/bin/python bench/catalog_read.py [--requests 300] [--postgres-url postgresql+asyncpg://...]

It creates a scratch database on the server, loads the catalog, measures, and drops it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db.session import create_engine, create_session_factory
from service import database
from service.app import create_app
from service.config import Settings

QUERY = """query($first: Int!) {
  departments(first: $first) {
    nodes {
      code nameZh nameEn
      obligations {
        leads { role task { code titleZh targets { comparator value year } } }
        cooperatesOn { role task { code titleZh } }
        indicators { roles indicator { code nameZh unit } targets { comparator value year } }
      }
    }
  }
}"""

# The same data in one statement: each department of the page with its task responsibilities, the
# indicators its led/responsible tasks move, and the targets of tasks and indicators.
FLOOR_SQL = """
WITH page AS (SELECT id, code, name_zh, name_en, jurisdiction_id FROM department ORDER BY code LIMIT $1)
SELECT p.code, p.name_zh, p.name_en, r.role, t.id AS task_id, t.code AS task_code, t.title_zh,
       i.code AS indicator_code, i.name_zh AS indicator_name, i.unit,
       tt.comparator AS task_comparator, tt.value AS task_value, tt.year AS task_year,
       it.comparator AS ind_comparator, it.value AS ind_value, it.year AS ind_year
FROM page p
LEFT JOIN responsibility r ON r.department_id = p.id AND r.task_id IS NOT NULL
LEFT JOIN task t ON t.id = r.task_id
LEFT JOIN target tt ON tt.task_id = t.id AND r.role = 'LEAD'
LEFT JOIN task_indicator ti ON ti.task_id = t.id AND r.role IN ('LEAD', 'RESPONSIBLE')
LEFT JOIN indicator i ON i.id = ti.indicator_id
LEFT JOIN target it ON it.indicator_id = i.id AND it.jurisdiction_id = r.jurisdiction_id
ORDER BY p.code, r.position, t.id, i.id
"""


def floor_document(rows: list[asyncpg.Record]) -> dict[str, Any]:
    departments: dict[str, dict[str, Any]] = {}
    seen: dict[str, set[Any]] = defaultdict(set)
    for row in rows:
        department = departments.setdefault(
            row["code"],
            {
                "code": row["code"],
                "nameZh": row["name_zh"],
                "nameEn": row["name_en"],
                "obligations": {"leads": {}, "cooperatesOn": {}, "indicators": {}},
            },
        )
        obligations = department["obligations"]
        if row["task_id"] is None:
            continue
        bucket = "leads" if row["role"] == "LEAD" else "cooperatesOn" if row["role"] == "COOPERATING" else None
        if bucket:
            task = obligations[bucket].setdefault(
                row["task_code"],
                {
                    "role": row["role"],
                    "task": {"code": row["task_code"], "titleZh": row["title_zh"], "targets": []},
                },
            )
            key = (row["code"], row["task_code"], row["task_year"], row["task_value"])
            if bucket == "leads" and row["task_year"] is not None and key not in seen["task-target"]:
                seen["task-target"].add(key)
                task["task"]["targets"].append(
                    {"comparator": row["task_comparator"], "value": row["task_value"], "year": row["task_year"]}
                )
        if row["indicator_code"] is not None:
            indicator = obligations["indicators"].setdefault(
                row["indicator_code"],
                {
                    "roles": [],
                    "indicator": {"code": row["indicator_code"], "nameZh": row["indicator_name"], "unit": row["unit"]},
                    "targets": [],
                },
            )
            if row["role"] not in indicator["roles"]:
                indicator["roles"].append(row["role"])
            key = (row["code"], row["indicator_code"], row["ind_year"], row["ind_value"])
            if row["ind_year"] is not None and key not in seen["indicator-target"]:
                seen["indicator-target"].add(key)
                indicator["targets"].append(
                    {"comparator": row["ind_comparator"], "value": row["ind_value"], "year": row["ind_year"]}
                )
    nodes = []
    for department in departments.values():
        obligations = department["obligations"]
        nodes.append({**department, "obligations": {k: list(v.values()) for k, v in obligations.items()}})
    return {"data": {"departments": {"nodes": nodes}}}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def serve(app: Any, body: dict[str, Any], args: argparse.Namespace) -> tuple[list[float], list[int]]:
    """Server time (ms) and SQL statements of each request after a warm-up (connection pool, caches)."""
    engine = app.state.engine
    statements: list[int] = []
    current = [0]

    def count(*_args: Any) -> None:
        current[0] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    timings: list[float] = []
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
            for i in range(args.requests + 20):
                current[0] = 0
                started = time.perf_counter()
                response = await client.post("/graphql", json=body)
                elapsed = time.perf_counter() - started
                assert response.status_code == 200, response.text[:500]
                assert "errors" not in response.json(), response.text[:500]
                if i >= 20:
                    timings.append(elapsed * 1000)
                    statements.append(current[0])
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    return timings, statements


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--postgres-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    name = f"hia_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres_url)
    async with admin.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.postgres_url).set(database=name)
    engine = create_engine(url.render_as_string(hide_password=False))
    try:
        await database.upgrade(engine)
        await database.load(create_session_factory(engine))
        settings = Settings(database_url=url.render_as_string(hide_password=False), env="production")
        body = {"query": QUERY, "variables": {"first": args.page_size}}
        served = {
            label: await serve(create_app(replace(settings, response_cache_entries=entries), engine=engine), body, args)
            for label, entries in (("cache off", 0), ("cache warm", settings.response_cache_entries))
        }

        connection = await asyncpg.connect(
            host=url.host, port=url.port or 5432, user=url.username, password=url.password, database=name
        )
        floor: list[float] = []
        try:
            for i in range(args.requests + 20):
                started = time.perf_counter()
                rows = await connection.fetch(FLOOR_SQL, args.page_size)
                json.dumps(floor_document(rows), ensure_ascii=False)
                if i >= 20:
                    floor.append((time.perf_counter() - started) * 1000)
        finally:
            await connection.close()

        f50, f99 = statistics.median(floor), percentile(floor, 0.99)
        print(f"obligations query, page size {args.page_size}, {args.requests} requests, PostgreSQL")
        print(f"  floor (asyncpg + json.dumps)  p50 {f50:7.2f} ms   p99 {f99:7.2f} ms")
        for label, (timings, statements) in served.items():
            p50, p99 = statistics.median(timings), percentile(timings, 0.99)
            counts = f"{min(statements)}..{max(statements)}"
            print(f"  server, {label:10}  p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   SQL statements {counts}")
            print(f"    ratio server/floor          p50 {p50 / f50:6.1f}x   p99 {p99 / f99:6.1f}x")
    finally:
        await engine.dispose()
        async with admin.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
