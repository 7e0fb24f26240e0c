"""Cold start (issue 15): how long a new user waits. Prints, over N runs each (median and worst):

- `hia --help`: the CLI's import cost (goal: under 0.5 s);
- `hia serve` on an empty data directory (the embedded SQLite default) to the first 200 from /healthz: migrating,
  loading the catalog, importing the app and starting to listen (goal: within 3 s);
- `hia serve` again on the now-loaded directory (a restart);
- and the parts of the first: `hia db upgrade` and `hia catalog load` on their own.

    .venv/bin/python bench/cold_start.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from mixed import free_port, wait_until_up  # bench/mixed.py: this folder is on the path when a bench runs

HIA = [sys.executable, "-m", "service.cli"]


def timed_command(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([*HIA, *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"hia {' '.join(args)} failed: {done.stderr[-2000:]}")
    return elapsed


def timed_serve(env: dict[str, str]) -> float:
    """Seconds from starting `hia serve` to the first 200 from /healthz."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [*HIA, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        return time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(name: str, samples: list[float], goal: str = "") -> None:
    print(f"  {name:52} median {statistics.median(samples):5.2f} s   worst {max(samples):5.2f} s  {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if k not in ("HIA_DATABASE_URL", "HIA_DATA_DIR")}
    results: dict[str, list[float]] = {"help": [], "empty": [], "restart": [], "upgrade": [], "load": []}
    for _ in range(args.runs):
        results["help"].append(timed_command(base, "--help"))
        with tempfile.TemporaryDirectory() as empty:
            env = {**base, "HIA_DATA_DIR": empty}
            results["empty"].append(timed_serve(env))
            results["restart"].append(timed_serve(env))
        with tempfile.TemporaryDirectory() as parts:
            env = {**base, "HIA_DATA_DIR": parts}
            results["upgrade"].append(timed_command(env, "db", "upgrade"))
            results["load"].append(timed_command(env, "catalog", "load"))
    # Without bytecode files every start compiles the project's modules again (about 0.3 s): say which was measured.
    bytecode = "not written (PYTHONDONTWRITEBYTECODE)" if base.get("PYTHONDONTWRITEBYTECODE") else "written and reused"
    print(f"cold start, {args.runs} runs each ({os.cpu_count()} cores; bytecode {bytecode}):")
    report("hia --help", results["help"], "(goal < 0.5 s)")
    report("hia serve, empty data directory, to the first 200", results["empty"], "(goal <= 3 s)")
    report("hia serve, loaded data directory (restart)", results["restart"])
    report("hia db upgrade on an empty directory (process included)", results["upgrade"])
    report("hia catalog load after it (process included)", results["load"])


if __name__ == "__main__":
    main()
