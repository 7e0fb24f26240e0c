"""A mixed load against `hia serve`, on the embedded SQLite default or on PostgreSQL (issue 15): N clients for S
seconds, each request drawn at random: 70 % catalog reads of varying size, 20 % previewScreening, 10 %
createProposal + submitProposal. Prints throughput, p50/p99 per operation, and every error (a GraphQL error, a
userError or an HTTP failure), which is what the embedded default must not produce under load.

    .venv/bin/python bench/mixed.py [--backend sqlite|postgresql] [--clients 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from review import example_input  # bench/review.py: this folder is on the path when a bench runs

SERVER_URL = os.environ.get("HIA_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
SPONSOR = "wuzhong.health-commission"
READS = [
    ("departments(first: 5)", "{ departments(first: 5) { edges { node { code nameZh } } } }"),
    (
        "departments(first: 50) with portfolios",
        "{ departments(first: 50) { edges { node { code nameZh portfolios { code nameZh } } } } }",
    ),
    (
        "indicators(first: 100) with targets",
        "{ indicators(first: 100) { edges { node { code nameZh targets { year value comparator } } } } }",
    ),
]
PREVIEW = """mutation($input: CreateProposalInput!) { previewScreening(input: $input) {
  preview { impactDegree } userErrors { code message } } }"""
CREATE = """mutation($input: CreateProposalInput!) { createProposal(input: $input) {
  proposal { id } userErrors { code message } } }"""
SUBMIT = """mutation($id: ID!, $key: String!) { submitProposal(input: {id: $id, idempotencyKey: $key}) {
  proposal { status } userErrors { code message } } }"""


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hia(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "service.cli", *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"hia {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout.strip()


def start_hia(env: dict[str, str], port: int, *options: str) -> subprocess.Popen[bytes]:
    """`hia serve` on `port`, once it answers /healthz; its output goes to the file HIA_BENCH_SERVER_LOG names, if
    set (to see why a request failed)."""
    named = os.environ.get("HIA_BENCH_SERVER_LOG")
    output = open(named, "ab") if named else subprocess.DEVNULL  # noqa: SIM115 - the server holds it open
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port), *options],
        env=env,
        stdout=output,
        stderr=output,
    )
    wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
    return server


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before answering {url}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def problem(body: dict[str, Any]) -> str | None:
    if "errors" in body:
        return str(body["errors"][0].get("message"))
    for payload in (body.get("data") or {}).values():
        if isinstance(payload, dict) and payload.get("userErrors"):
            error = payload["userErrors"][0]
            return f"{error['code']}: {error['message']}"
    return None


async def client(
    http: httpx.AsyncClient, token: str, values: dict[str, Any], until: float, seed: int, results: dict[str, Any]
) -> None:
    rng = random.Random(seed)
    headers = {"authorization": f"Bearer {token}"}

    async def post(name: str, query: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        started = time.perf_counter()
        try:
            response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
            body: dict[str, Any] = response.json()
            error = f"HTTP {response.status_code}" if response.status_code != 200 else problem(body)
        except (httpx.HTTPError, ValueError) as exc:
            body, error = {}, f"{type(exc).__name__}: {exc}"
        results["times"].setdefault(name, []).append(time.perf_counter() - started)
        if error is not None:
            results["errors"][f"{name}: {error[:160]}"] += 1
            return None
        return body

    n = 0
    while time.perf_counter() < until:
        draw = rng.random()
        if draw < 0.7:
            name, query = rng.choice(READS)
            await post(f"read {name}", query, {})
        elif draw < 0.9:
            await post("previewScreening", PREVIEW, {"input": values})
        else:
            created = await post("createProposal", CREATE, {"input": values})
            if created is not None:
                proposal = created["data"]["createProposal"]["proposal"]
                await post("submitProposal", SUBMIT, {"id": proposal["id"], "key": f"{seed}-{n}"})
        n += 1


async def load(base_url: str, token: str, clients: int, seconds: float) -> dict[str, Any]:
    values = example_input("wuzhong", SPONSOR)
    results: dict[str, Any] = {"times": {}, "errors": Counter()}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as http:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(client(http, token, values, until, seed, results) for seed in range(clients)))
    return results


def report(backend: str, workers: str, clients: int, seconds: float, results: dict[str, Any]) -> None:
    total = sum(len(t) for t in results["times"].values())
    print(
        f"{backend}, `hia serve` with workers={workers}, {clients} clients for {seconds:.0f} s: {total} requests, "
        f"{total / seconds:.1f} requests/s"
    )
    for name, samples in sorted(results["times"].items()):
        print(
            f"  {name:42} n={len(samples):5}  p50 {percentile(samples, 0.5) * 1000:8.1f} ms"
            f"  p99 {percentile(samples, 0.99) * 1000:8.1f} ms"
        )
    errors = sum(results["errors"].values())
    print(f"errors: {errors}")
    for message, count in results["errors"].most_common(10):
        print(f"  {count:5} × {message}")


def database_url(backend: str, scratch: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{scratch / 'mixed.sqlite3'}", None
    from sqlalchemy.engine import make_url

    name = f"hia_mixed_{uuid.uuid4().hex[:10]}"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f'CREATE DATABASE "{name}"'], check=True)
    return make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False), name


def drop_database(name: str) -> None:
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", drop], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", help="passed to `hia serve --workers` (default: the service's own default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, pg_name = database_url(args.backend, Path(folder))
        env = {**os.environ, "HIA_DATABASE_URL": url, "HIA_ENV": "production"}
        server = None
        try:
            hia(env, "db", "upgrade")
            hia(env, "catalog", "load")
            token = hia(
                env, "token", "create", "--user", "mixed", "--role", "DEPARTMENT_OFFICER", "--department", SPONSOR
            )
            options = ("--workers", args.workers) if args.workers else ()
            server = start_hia(env, port := free_port(), *options)
            base = f"http://127.0.0.1:{port}"
            results = asyncio.run(load(base, token, args.clients, args.seconds))
            report(args.backend, args.workers or "default", args.clients, args.seconds, results)
        finally:
            if server is not None:
                server.terminate()
                server.wait(10)
            if pg_name is not None:
                drop_database(pg_name)


if __name__ == "__main__":
    main()
