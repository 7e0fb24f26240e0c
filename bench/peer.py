"""hia beside PostGraphile v4 on one PostgreSQL database (issue 15): the same nested reads, 1 and 20 clients.

The script creates a scratch database, migrates it and loads the catalog with `hia`, installs PostGraphile v4 from
the npm registry into a cache folder (once), starts both servers on that database, checks that both answer each
read with the same leaf rows, and prints requests/s, p50/p99 latency, server CPU per request (user + system time
of the server's processes, PostgreSQL's own excluded) and the ratio hia / PostGraphile. hia runs twice: with
its response cache (service/response_cache.py; the load repeats one read, so every request after the first is
served warm from it) and with the cache off (HIA_RESPONSE_CACHE_ENTRIES=0: every request executes: cold).

    .venv/bin/python bench/peer.py [--seconds 15] [--workers N] [--npm-cache ~/.cache/hia-bench]

Without npm it says so and stops. The load generator runs in this process on the same machine as both servers,
the same way for each; PostGraphile runs as its CLI starts it (one Node process).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# bench/mixed.py: this folder is on the path when a bench runs
from mixed import database_url, drop_database, free_port, hia, percentile, start_hia, wait_until_up

Rows = set[tuple[Any, ...]]
HIA_WARM = "hia (cache warm)"
HIA_COLD = "hia (cache off)"


@dataclass(frozen=True)
class Read:
    name: str
    hia: str
    postgraphile: str
    hia_rows: Callable[[dict[str, Any]], Rows]
    postgraphile_rows: Callable[[dict[str, Any]], Rows]


def _department_tasks_hia(data: dict[str, Any]) -> Rows:
    return {
        (department["code"], responsibility["role"], responsibility["task"]["code"], responsibility["task"]["titleZh"])
        for department in data["departments"]["nodes"]
        for group in ("leads", "cooperatesOn", "responsibleFor")
        for responsibility in department["obligations"][group]
        if responsibility["task"] is not None
    }


def _department_tasks_postgraphile(data: dict[str, Any]) -> Rows:
    return {
        (department["code"], responsibility["role"], responsibility["task"]["code"], responsibility["task"]["titleZh"])
        for department in data["allDepartments"]["nodes"]
        for responsibility in department["responsibilitiesByDepartmentId"]["nodes"]
        if responsibility["task"] is not None
    }


def _value(number: Any) -> float | None:
    return None if number is None else round(float(number), 6)  # PostGraphile sends numerics as strings


def _indicator_targets_hia(data: dict[str, Any]) -> Rows:
    return {
        (indicator["code"], indicator["nameZh"], t["jurisdiction"]["code"], t["year"], _value(t["value"]))
        for indicator in data["indicators"]["nodes"]
        for t in indicator["targets"]
    }


def _indicator_targets_postgraphile(data: dict[str, Any]) -> Rows:
    return {
        (indicator["code"], indicator["nameZh"], t["jurisdiction"]["code"], t["year"], _value(t["value"]))
        for indicator in data["allIndicators"]["nodes"]
        for t in indicator["targetsByIndicatorId"]["nodes"]
    }


READS = [
    Read(
        "100 departments with their task responsibilities and tasks",
        """{ departments(first: 100, orderBy: CODE) { nodes { code nameZh obligations {
             leads { role task { code titleZh } } cooperatesOn { role task { code titleZh } }
             responsibleFor { role task { code titleZh } } } } } }""",
        """{ allDepartments(first: 100, orderBy: CODE_ASC) { nodes { code nameZh
             responsibilitiesByDepartmentId { nodes { role task: taskByTaskId { code titleZh } } } } } }""",
        _department_tasks_hia,
        _department_tasks_postgraphile,
    ),
    Read(
        "100 indicators with their targets",
        """{ indicators(first: 100, orderBy: CODE) { nodes { code nameZh unit
             targets { year value comparator jurisdiction { code } } } } }""",
        """{ allIndicators(first: 100, orderBy: CODE_ASC) { nodes { code nameZh unit
             targetsByIndicatorId { nodes { year value comparator jurisdiction: jurisdictionByJurisdictionId
             { code } } } } } }""",
        _indicator_targets_hia,
        _indicator_targets_postgraphile,
    ),
]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` and every process below it (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    family, grew = {pid}, True
    while grew:
        below = {child for child, parent in parents.items() if parent in family} - family
        family |= below
        grew = bool(below)
    return sum(used.get(member, 0.0) for member in family)


async def run_load(url: str, query: str, clients: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        until = time.perf_counter() + seconds

        async def client() -> None:
            while time.perf_counter() < until:
                started = time.perf_counter()
                response = await http.post(url, json={"query": query})
                if response.status_code != 200 or "errors" in response.json():
                    raise SystemExit(f"{url} failed: {response.text[:500]}")
                latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(client() for _ in range(clients)))
    return latencies


def measure(url: str, pid: int, query: str, clients: int, seconds: float) -> dict[str, float]:
    asyncio.run(run_load(url, query, clients, min(seconds, 3)))  # warm-up: pools, caches, JIT
    cpu = cpu_seconds(pid)
    latencies = asyncio.run(run_load(url, query, clients, seconds))
    return {
        "rps": len(latencies) / seconds,
        "p50": percentile(latencies, 0.5) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "cpu": (cpu_seconds(pid) - cpu) / len(latencies) * 1000,
    }


def fetch(url: str, query: str) -> dict[str, Any]:
    response = httpx.post(url, json={"query": query}, timeout=60)
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or "errors" in body:
        raise SystemExit(f"{url} failed: {response.text[:1000]}")
    data: dict[str, Any] = body["data"]
    return data


def install_postgraphile(cache: Path) -> Path | None:
    executable = cache / "postgraphile4" / "node_modules" / ".bin" / "postgraphile"
    if executable.exists():
        return executable
    npm = shutil.which("npm")
    if npm is None:
        print("skipped: npm is not installed, so PostGraphile cannot be installed (apt-get install npm)")
        return None
    folder = executable.parents[2]
    folder.mkdir(parents=True, exist_ok=True)
    print(f"installing postgraphile@4 into {folder} ...", flush=True)
    command = [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--loglevel=error", "postgraphile@4"]
    subprocess.run(command, check=True)
    return executable


def rename_for_postgraphile(database: str) -> None:
    """PostGraphile names the `condition` argument type of table `review` ReviewCondition, the name it also gives
    table `review_condition`, and refuses to start. A smart comment (metadata only, in the scratch database)
    renames the latter; no table this bench reads is affected."""
    comment = "COMMENT ON TABLE review_condition IS E'@name review_condition_row'"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", database, "-c", comment], check=True)


def start_postgraphile(executable: Path, libpq_url: str, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(executable), "-c", libpq_url, "-s", "public", "-n", "127.0.0.1", "-p", str(port), "--disable-query-log"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_up(f"http://127.0.0.1:{port}/graphql", server)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15, help="measured seconds per read and client count")
    parser.add_argument("--workers", help="passed to `hia serve --workers` (default: the service's own default)")
    parser.add_argument("--npm-cache", type=Path, default=Path.home() / ".cache" / "hia-bench")
    args = parser.parse_args()
    executable = install_postgraphile(args.npm_cache)
    if executable is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        url, name = database_url("postgresql", Path(folder))
        assert name is not None
        env = {**os.environ, "HIA_DATABASE_URL": url, "HIA_ENV": "production", "HIA_LOG_LEVEL": "warning"}
        servers: list[subprocess.Popen[bytes]] = []
        try:
            hia(env, "db", "upgrade")
            hia(env, "catalog", "load")
            options = ("--workers", args.workers) if args.workers else ()
            servers.append(kept := start_hia(env, kept_port := free_port(), *options))
            cold_env = {**env, "HIA_RESPONSE_CACHE_ENTRIES": "0"}
            servers.append(cold := start_hia(cold_env, cold_port := free_port(), *options))
            rename_for_postgraphile(name)
            libpq = url.replace("postgresql+asyncpg://", "postgres://")
            servers.append(theirs := start_postgraphile(executable, libpq, peer_port := free_port()))
            endpoints = {
                HIA_WARM: (f"http://127.0.0.1:{kept_port}/graphql", kept.pid),
                HIA_COLD: (f"http://127.0.0.1:{cold_port}/graphql", cold.pid),
                "PostGraphile": (f"http://127.0.0.1:{peer_port}/graphql", theirs.pid),
            }
            print(f"hia workers: {args.workers or 'default'}; {os.cpu_count()} cores; {args.seconds:.0f} s per figure")
            for read in READS:
                ours_rows = read.hia_rows(fetch(endpoints[HIA_COLD][0], read.hia))
                theirs_rows = read.postgraphile_rows(fetch(endpoints["PostGraphile"][0], read.postgraphile))
                if ours_rows != theirs_rows:
                    raise SystemExit(
                        f"{read.name}: the leaf rows differ ({len(ours_rows)} vs {len(theirs_rows)}): "
                        f"only hia {sorted(ours_rows - theirs_rows)[:3]}, only PostGraphile "
                        f"{sorted(theirs_rows - ours_rows)[:3]}"
                    )
                print(f"\n{read.name}: {len(ours_rows)} leaf rows, the same in both")
                print(f"  {'':22}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>12}")
                for clients in (1, 20):
                    figures = {
                        server: measure(
                            endpoint,
                            pid,
                            read.postgraphile if server == "PostGraphile" else read.hia,
                            clients,
                            args.seconds,
                        )
                        for server, (endpoint, pid) in endpoints.items()
                    }
                    for server, f in figures.items():
                        row = f"{f['rps']:>9.1f}{f['p50']:>9.1f}{f['p99']:>9.1f}{f['cpu']:>12.1f}"
                        print(f"  {server:22}{clients:>8}{row}")
                    for server in (HIA_WARM, HIA_COLD):
                        ratio = figures[server]["rps"] / figures["PostGraphile"]["rps"]
                        print(f"  {server + ' / PostGraphile requests/s':52} {ratio:.2f}×")
        finally:
            for process in servers:
                process.terminate()
                process.wait(20)
            drop_database(name)


if __name__ == "__main__":
    main()
