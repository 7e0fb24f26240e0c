"""`hia serve --workers N`: one machine's cores all serve. On PostgreSQL N processes share the port and every
worker's subscribers hear events caused in any worker; the embedded SQLite default is served by one process
and says so when asked for more."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from service.config import ConfigError, Settings
from tests.conftest import screening_database
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.processes import ROOT, free_port, service_process, spawned_by, until_healthy
from tests.fixtures.server import subscribe
from tests.review.cast import SUBMIT_REVIEW, cast_for
from tests.review.test_subscriptions import PROPOSAL_EVENTS

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/hia"
SQLITE = "sqlite+aiosqlite:///hia.sqlite3"


def test_the_default_is_one_process_per_core_on_postgresql_and_one_on_sqlite() -> None:
    assert Settings(database_url=POSTGRES).serving_processes() == (os.cpu_count() or 1)
    assert Settings(database_url=POSTGRES, workers=3).serving_processes() == 3
    assert Settings(database_url=POSTGRES, workers=3).serving_processes(requested=5) == 5
    assert Settings(database_url=SQLITE).serving_processes() == 1
    assert Settings(database_url=SQLITE).serving_processes(requested=1) == 1


def test_more_than_one_process_on_sqlite_is_refused_before_anything_is_created(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PostgreSQL"):
        Settings(database_url=SQLITE, workers=2).serving_processes()
    database = tmp_path / "hia.sqlite3"
    env = {**os.environ, "HIA_DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "serve", "--workers", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "need PostgreSQL" in done.stderr
    assert "Traceback" not in done.stderr
    assert not database.exists()


async def test_two_workers_serve_and_each_hears_events_caused_in_the_other(tmp_path: Path) -> None:
    async with screening_database(tmp_path, on="postgresql") as db:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with service_process(db, port, "--workers", "2") as server:
            await until_healthy(base, server)
            # uvicorn's supervisor and its two worker processes
            assert len(spawned_by(server.pid)) == 2
            async with httpx.AsyncClient(base_url=base) as http:
                cast = await cast_for(db, GraphQLClient(http))
                proposal = await cast.submitted()
                requests = await cast.requests(proposal)
            # Without `after` nothing stored is replayed: whatever arrives came over the bus, live. Each review
            # is sent on a new connection, so the kernel hands it to either worker.
            async with subscribe(
                base.replace("http", "ws") + "/graphql", PROPOSAL_EVENTS, {"id": proposal["id"]}, cast.secretary.token
            ) as sub:
                heard = []
                for request in requests:
                    async with httpx.AsyncClient(base_url=base) as fresh:
                        reviewer = GraphQLClient(fresh, cast.reviewer_of(request).token)
                        payload = await reviewer.data(
                            SUBMIT_REVIEW, {"input": {"id": request["id"], "opinion": "CONCUR"}}
                        )
                    assert payload["submitReview"]["userErrors"] == []
                    try:
                        heard.append((await sub.next_data(within_s=3))["proposalEvents"]["type"])
                    except TimeoutError:
                        continue  # the first may be sent before the subscription is registered
    assert heard
    assert set(heard) == {"REVIEW_SUBMITTED"}
