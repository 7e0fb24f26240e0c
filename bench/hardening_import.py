"""Hostile spreadsheets refused (issue 10, item 3): the 1,000,000-row .xlsx (1.2 MB) and 1 MB of compressed
whitespace (1 GiB unzipped), sent by a department officer through the importSpreadsheet mutation (the real HTTP
stack in-process, httpx.ASGITransport) to a scratch SQLite database with the catalog loaded.

Each case runs in a child process of its own, so the memory figures are that request's alone. Printed per case:
the time to refuse; how much the child's peak RSS grew during the request (getrusage ru_maxrss, before and after);
the peak of Python allocations in all threads (tracemalloc, on a second request, untimed since tracing slows it);
the slowest /healthz answered while the file was read (pinged every 20 ms); and the message given.

    .venv/bin/python bench/hardening_import.py
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scratch import loaded_database

from tests.fixtures import spreadsheets

IMPORT = """mutation($input: ImportSpreadsheetInput!) { importSpreadsheet(input: $input) {
  report { rowsRead } userErrors { field message code } } }"""
DEPARTMENT = "wuzhong.health-commission"
CASES = {
    "1,000,000 rows": lambda: spreadsheets.many_rows(1_000_000),
    "1 GiB of whitespace": spreadsheets.whitespace_bomb,
}


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def slowest_health(client: Any, done: asyncio.Event) -> float:
    """Ping /healthz every 20 ms until `done`; the slowest answer, in seconds."""
    slowest = 0.0
    while not done.is_set():
        started = time.perf_counter()
        response = await client.get("/healthz")
        assert response.status_code == 200, response.text
        slowest = max(slowest, time.perf_counter() - started)
        await asyncio.sleep(0.02)
    return slowest


async def measure(url: str, content: bytes) -> dict[str, Any]:
    import httpx

    from service.app import create_app
    from service.config import Settings

    app = create_app(Settings(database_url=url, env="production"))
    token = await officer_token(url)
    body = {"query": IMPORT, "variables": {"input": _input(content)}}
    small = {"query": IMPORT, "variables": {"input": _input(spreadsheets.many_rows(10))}}
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        await client.post("/graphql", json=small, headers=headers)  # warm up: imports, schema, connections
        before = peak_rss_mib()
        done = asyncio.Event()
        pinging = asyncio.create_task(slowest_health(client, done))
        started = time.perf_counter()
        response = await client.post("/graphql", json=body, headers=headers)
        seconds = time.perf_counter() - started
        done.set()
        health = await pinging
        grew = peak_rss_mib() - before
        tracemalloc.start()
        await client.post("/graphql", json=body, headers=headers)
        allocated = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    payload = response.json()["data"]["importSpreadsheet"]
    return {
        "seconds": seconds,
        "rss_growth_mib": grew,
        "allocated_mib": allocated,
        "slowest_healthz_s": health,
        "message": payload["userErrors"][0]["message"] if payload["userErrors"] else f"accepted: {payload['report']}",
    }


def _input(content: bytes) -> dict[str, Any]:
    return {"kind": "OBSERVATIONS", "fileName": "data.xlsx", "contentBase64": base64.b64encode(content).decode()}


async def officer_token(url: str) -> str:
    """Any department officer can send a file: a token for one, issued as `hia token create` does."""
    from db.session import create_engine, create_session_factory, transaction
    from service.auth import tokens

    engine = create_engine(url)
    try:
        async with transaction(create_session_factory(engine)) as session:
            issued = await tokens.create(session, "bench-officer", "DEPARTMENT_OFFICER", None, DEPARTMENT, 1)
    finally:
        await engine.dispose()
    return issued.token


def child(case: str, url: str) -> None:
    content = CASES[case]()
    result = asyncio.run(measure(url, content))
    print(json.dumps({"bytes": len(content), **result}, ensure_ascii=False))


def report() -> None:
    """Build each hostile file, send it in a child process, print what refusing it cost."""
    with tempfile.TemporaryDirectory() as directory:
        url = loaded_database(directory)
        print("importSpreadsheet as a department officer (SQLite, in-process ASGI); one child process per case")
        for case in CASES:
            out = subprocess.run(
                [sys.executable, __file__, "--child", case, "--url", url], check=True, capture_output=True, text=True
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"  {case:<20} {result['bytes'] / 1e6:5.2f} MB  refused in {result['seconds']:6.3f} s   "
                f"peak RSS +{result['rss_growth_mib']:5.1f} MiB   tracemalloc peak {result['allocated_mib']:5.1f} MiB"
                f"   slowest /healthz meanwhile {result['slowest_healthz_s'] * 1000:5.1f} ms"
            )
            print(f"  {'':<20} {result['message']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", choices=list(CASES))
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url)
        return
    report()


if __name__ == "__main__":
    main()
