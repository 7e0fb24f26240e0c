"""A new user's first command: `hia serve` with no configuration migrates a SQLite file, loads the catalog
and serves real data."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

STARTUP_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_hia_serve_with_no_configuration_serves_the_catalog(tmp_path: Path) -> None:
    # the `hia` script installed beside the interpreter running the tests
    hia = str(Path(sys.executable).parent / "hia")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIA_") and k != "XDG_DATA_HOME"}
    env["HOME"] = str(tmp_path / "home")
    port = free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [hia, "serve", "--port", str(port)], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            assert process.poll() is None, log_path.read_text()
            try:
                health = httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the service did not start in time"
                time.sleep(0.3)
        assert health.status_code == 200
        assert health.json()["database"]["backend"] == "sqlite"
        # the SQLite file sits in the user's data directory, not in the working directory
        assert (tmp_path / "home" / ".local" / "share" / "hia" / "hia.sqlite3").is_file()
        assert not (tmp_path / "hia.sqlite3").exists()
        response = httpx.post(
            f"{base}/graphql",
            timeout=10,
            json={"query": "{ jurisdictions(first: 10, filter: {topLevelOnly: true}) { nodes { code } } }"},
        )
        codes = [n["code"] for n in response.json()["data"]["jurisdictions"]["nodes"]]
        assert codes == ["panzhihua", "shangzhou", "shanting", "wuzhong"]
        # GraphiQL is served on GET in development
        ide = httpx.get(f"{base}/graphql", headers={"accept": "text/html"}, timeout=5)
        assert ide.status_code == 200
        assert "graphiql" in ide.text.lower()
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_hia_serve_says_why_the_first_start_set_up_failed_and_serves_nothing(tmp_path: Path) -> None:
    # The set-up runs beside the app's import (service.cli_setup): its failure must still stop the start with the
    # one-line reason, not leave a service listening on a database without a catalog.
    hia = str(Path(sys.executable).parent / "hia")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "plans").mkdir()  # a seed directory without a plan
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIA_") and k != "XDG_DATA_HOME"}
    env.update(HOME=str(tmp_path / "home"), HIA_SEED_DIR=str(seeds))
    port = free_port()
    done = subprocess.run(
        [hia, "serve", "--port", str(port)], env=env, capture_output=True, text=True, timeout=STARTUP_TIMEOUT_S
    )
    assert done.returncode == 2, done.stderr
    assert f"hia: {seeds / 'portfolios.yaml'}: missing" in done.stderr
    assert "Traceback" not in done.stderr
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens


def test_a_connection_left_idle_between_requests_is_still_served(tmp_path: Path) -> None:
    # Clients keep connections in a pool between requests (httpx for 5 s, browsers longer): the service must not
    # close one as the client reuses it, or the client gets a reset instead of an answer.
    hia = str(Path(sys.executable).parent / "hia")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIA_") and k != "XDG_DATA_HOME"}
    env["HOME"] = str(tmp_path / "home")
    port = free_port()
    process = subprocess.Popen(
        [hia, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            while True:
                try:
                    assert client.get("/healthz").status_code == 200
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the service did not start in time"
                    time.sleep(0.3)
        # one connection, two requests: http.client keeps it open and does not reconnect a closed one
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            first = connection.getresponse()
            first.read()
            assert first.status == 200
            time.sleep(6.5)  # past uvicorn's default keep-alive of 5 s
            connection.request("GET", "/healthz")
            again = connection.getresponse()
            again.read()
            assert again.status == 200
        finally:
            connection.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
