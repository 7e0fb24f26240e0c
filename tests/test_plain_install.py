"""A plain install (`pip install .`, no extras, the files the Dockerfile copies) serves live subscriptions and
GraphiQL: the package's runtime dependencies include a WebSocket library for uvicorn, and its package data the
GraphiQL files.

The install is real (a fresh venv, dependencies from the index, about 30 s with pip's caches), because what broke
was the difference between the test environment and a user's: only an environment without the test extras shows it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fixtures.server import subscribe

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_S = 60
INSTALL_TIMEOUT_S = 300
DEPARTMENT = "{ departments(first: 1) { nodes { code } } }"
MY_EVENTS = "subscription { myReviewRequestEvents { type proposal { code } } }"
# uvicorn's WebSocket implementations (uvicorn[standard] brings websockets as well).
WEBSOCKET_LIBRARIES = {"websockets", "wsproto", "uvicorn[standard]"}


def requirement_name(requirement: str) -> str:
    return requirement.split(">")[0].split("=")[0].split("<")[0].split(";")[0].strip()


def test_the_runtime_dependencies_include_a_websocket_library() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert {requirement_name(r) for r in project["dependencies"]} & WEBSOCKET_LIBRARIES


def dockerfile_sources() -> list[str]:
    """What the image copies before `pip install .`: the plain install below is made of the same files."""
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    assert "RUN pip install --no-cache-dir ." in lines, "the image installs the package without extras"
    return [source for line in lines if line.startswith("COPY ") for source in line.split()[1:-1]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def plain_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the package installed as a user (or the Dockerfile) installs it: no extras, not editable."""
    scratch = tmp_path_factory.mktemp("plain-install")
    source = scratch / "source"
    source.mkdir()
    # a copy, because building in the working tree would leave build/ and egg-info behind there
    for name in dockerfile_sources():
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    venv = scratch / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=60)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(source)], check=True, timeout=INSTALL_TIMEOUT_S
    )
    # the test extras really are absent
    assert subprocess.run([str(venv / "bin" / "python"), "-c", "import pytest"], capture_output=True).returncode != 0
    return venv


@pytest.fixture(scope="module")
def served(plain_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """`hia serve` from the plain venv, first start (migrates and loads the catalog): its base URL and environment."""
    scratch = tmp_path_factory.mktemp("plain-serve")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIA_")}
    env.update(HIA_DATA_DIR=str(scratch / "data"), HOME=str(scratch / "home"))
    port = free_port()
    log_path = scratch / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(plain_venv / "bin" / "hia"), "serve", "--port", str(port)],
            cwd=scratch,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while True:
                assert process.poll() is None, log_path.read_text()
                try:
                    httpx.get(f"{base}/healthz", timeout=2).raise_for_status()
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the service did not start in time"
                    time.sleep(0.3)
            yield base, env
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture
def officer_token(plain_venv: Path, served: tuple[str, dict[str, str]]) -> str:
    """A department officer's token, issued with the plain install's own `hia` (same data directory as the server)."""
    base, env = served
    departments = httpx.post(f"{base}/graphql", json={"query": DEPARTMENT}, timeout=10).json()["data"]["departments"]
    officer = ("--user", "officer", "--role", "DEPARTMENT_OFFICER", "--department", departments["nodes"][0]["code"])
    issued = subprocess.run(
        [str(plain_venv / "bin" / "hia"), "token", "create", *officer],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return issued.stdout.strip()


async def test_a_plain_install_serves_a_subscription(served: tuple[str, dict[str, str]], officer_token: str) -> None:
    ws_url = served[0].replace("http://", "ws://") + "/graphql"
    # when: the officer subscribes (the handshake used to be answered with HTTP 400)
    async with subscribe(ws_url, MY_EVENTS, token=officer_token) as subscription:
        # then: the connection was acknowledged and the subscription stays open, nothing refused
        with pytest.raises(TimeoutError):
            await subscription.message(within_s=1.0)


async def test_a_plain_install_serves_graphiql_from_its_own_files(served: tuple[str, dict[str, str]]) -> None:
    base, _env = served
    async with httpx.AsyncClient(base_url=base) as http:
        page = await http.get("/graphql", headers={"accept": "text/html"})
        assets = [await http.get(f"/static/graphiql/{name}") for name in ("graphiql.min.js", "start.js", "LICENSES")]
    assert page.status_code == 200
    assert "/static/graphiql/graphiql.min.js" in page.text
    assert [a.status_code for a in assets] == [200, 200, 200]
