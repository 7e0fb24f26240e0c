"""Hostile input, measured. Four parts, all by default (`--part` picks one):

- `throughput`: does hardening cost throughput? The same read query with and without the limit rules. Each
  mode runs in a fresh process (the schema is built once per process): `limits` is the service as shipped;
  `none` turns the operation limits off and lifts the token limit before the schema is built.
- `documents`: time to refuse the documents of issue 10 (fragment fan-out of 2^18, 2^20 and 2^30 spreads;
  nested plain lists, alone and under 15 aliases), each sent once to the app (SQLite, in-process ASGI).
- `import`: the 1,000,000-row spreadsheet and a zip bomb (bench/hardening_import.py).
- `writers`: 50 concurrent monitoring writers per kind on PostgreSQL (bench/hardening_writers.py).

    .venv/bin/python bench/hardening.py [--part documents] [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the parts in bench/hardening_*.py

from scratch import loaded_database

QUERY = """query Catalog { departments(first: 20, filter: {jurisdiction: "wuzhong"}) { totalCount
  nodes { code nameZh nameEn kind portfolios { code } jurisdiction { code } } } }"""


async def measure(url: str, requests: int) -> dict[str, float]:
    import httpx

    from service.app import create_app
    from service.config import Settings

    app = create_app(Settings(database_url=url, env="production"))
    timings = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        for i in range(requests + 100):
            started = time.perf_counter()
            response = await client.post("/graphql", json={"query": QUERY})
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.text[:300]
            assert "errors" not in response.json(), response.text[:300]
            if i >= 100:
                timings.append(elapsed * 1000)
    total = sum(timings) / 1000
    return {
        "p50": statistics.median(timings),
        "p99": sorted(timings)[int(len(timings) * 0.99)],
        "rps": len(timings) / total,
    }


def fan_out(levels: int) -> str:
    fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"{{ ...F0 }} {fragments} fragment F{levels} on Query {{ __typename }}"


# The 119-byte document, without its outer braces.
NESTED_LISTS = (
    "indicators(first:100) { nodes { tasks { indicators { tasks { indicators { tasks { "
    "indicators { code } } } } } } } }"
)
HOSTILE_DOCUMENTS = {
    "fan-out 2^18": fan_out(18),
    "fan-out 2^20": fan_out(20),
    "fan-out 2^30": fan_out(30),
    "nested plain lists": f"{{ {NESTED_LISTS} }}",
    "nested plain lists x15 aliases": "{ " + " ".join(f"a{i}: {NESTED_LISTS}" for i in range(15)) + " }",
}


async def refuse_documents(url: str) -> None:
    import httpx

    from service.app import create_app
    from service.config import Settings

    app = create_app(Settings(database_url=url, env="production"))
    print("hostile documents, anonymous, production mode (SQLite, in-process ASGI): time to answer")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        for name, document in HOSTILE_DOCUMENTS.items():
            started = time.perf_counter()
            response = await client.post("/graphql", json={"query": document})
            elapsed = (time.perf_counter() - started) * 1000
            errors = response.json().get("errors") or [{}]
            code = (errors[0].get("extensions") or {}).get("code", "answered")
            print(
                f"  {name:32} {len(document):6,} bytes  HTTP {response.status_code}  {code:19}"
                f" {elapsed:8.1f} ms  {len(response.content):,} bytes back"
            )


def child(mode: str, url: str, requests: int) -> None:
    if mode == "none":
        import schema
        import schema.limits

        schema.limits.LIMITS_ON = False
        schema.MAX_TOKENS = 10**9  # type: ignore[attr-defined]
    print(json.dumps(asyncio.run(measure(url, requests))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--part", choices=["throughput", "documents", "import", "writers"])
    parser.add_argument("--child", choices=["limits", "none"])
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, args.requests)
        return
    parts = [args.part] if args.part else ["documents", "throughput", "import", "writers"]
    for part in parts:
        if part in ("documents", "throughput"):
            with tempfile.TemporaryDirectory() as directory:
                url = loaded_database(directory)
                if part == "documents":
                    asyncio.run(refuse_documents(url))
                else:
                    throughput(url, args.requests)
        elif part == "import":
            import hardening_import

            hardening_import.report()
        else:
            import hardening_writers

            hardening_writers.report()
        print()


def throughput(url: str, requests: int) -> None:
    results: dict[str, list[dict[str, float]]] = {}
    for mode in ("none", "limits", "none", "limits"):  # interleaved against drift
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, "--url", url, "--requests", str(requests)],
            check=True,
            capture_output=True,
            text=True,
        )
        results.setdefault(mode, []).append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"read query, {requests} requests per run, two runs per mode (SQLite, in-process ASGI)")
    for mode, runs in results.items():
        rps = statistics.mean(r["rps"] for r in runs)
        p50 = statistics.mean(r["p50"] for r in runs)
        p99 = statistics.mean(r["p99"] for r in runs)
        print(
            f"  {'with limits' if mode == 'limits' else 'no limits  '}  {rps:7.0f} req/s   p50 {p50:6.2f} ms   "
            f"p99 {p99:6.2f} ms"
        )
    ratio = statistics.mean(r["rps"] for r in results["limits"]) / statistics.mean(r["rps"] for r in results["none"])
    print(f"  throughput with limits / without: {ratio:.2f}")


if __name__ == "__main__":
    main()
