"""Does hardening cost throughput? The same read query with and without the limit rules.

Each mode runs in a fresh process (the schema is built once per process): `limits` is the service as
shipped; `none` empties the depth/alias/cost rules and lifts the token limit before the schema is built.
The validation cache must keep the limits' cost near zero for a repeated query.

    .venv/bin/python bench/hardening.py [--requests 2000]
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
    parser.add_argument("--child", choices=["limits", "none"])
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, args.requests)
        return
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite+aiosqlite:///{directory}/bench.sqlite3"
        subprocess.run(
            [sys.executable, "-m", "service.cli", "db", "upgrade"],
            check=True,
            capture_output=True,
            env={"HIA_DATABASE_URL": url, "PATH": ""},
        )
        subprocess.run(
            [sys.executable, "-m", "service.cli", "catalog", "load"],
            check=True,
            capture_output=True,
            env={"HIA_DATABASE_URL": url, "PATH": ""},
        )
        results: dict[str, list[dict[str, float]]] = {}
        for mode in ("none", "limits", "none", "limits"):  # interleaved against drift
            out = subprocess.run(
                [sys.executable, __file__, "--child", mode, "--url", url, "--requests", str(args.requests)],
                check=True,
                capture_output=True,
                text=True,
            )
            results.setdefault(mode, []).append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"read query, {args.requests} requests per run, two runs per mode (SQLite, in-process ASGI)")
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
