"""Two service processes on one PostgreSQL database: a subscription held by one hears an event caused through
the other (LISTEN/NOTIFY). This is a test of the PostgreSQL bus, so it always runs on PostgreSQL (the
embedded SQLite default is one process by design: its events stay in that process)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx

from tests.conftest import screening_database
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.server import subscribe
from tests.review.cast import SUBMIT_REVIEW, cast_for
from tests.review.test_subscriptions import PROPOSAL_EVENTS

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def service_process(db: DatabaseUnderTest, port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "HIA_DATABASE_URL": db.url,
        "HIA_AUTO_SETUP": "false",
        "HIA_ENV": "test",
        "HIA_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen([sys.executable, "-m", "service.cli", "serve", "--port", str(port)], cwd=ROOT, env=env)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


async def until_healthy(base_url: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base_url) as http:
        for _ in range(200):
            assert process.poll() is None, "the service process exited"
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"{base_url} did not become healthy")


@asynccontextmanager
async def two_services(db: DatabaseUnderTest) -> AsyncIterator[tuple[str, str]]:
    ports = free_port(), free_port()
    with service_process(db, ports[0]) as first, service_process(db, ports[1]) as second:
        urls = f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"
        await until_healthy(urls[0], first)
        await until_healthy(urls[1], second)
        yield urls


async def test_a_subscription_in_one_process_hears_an_event_caused_in_the_other(tmp_path: Path) -> None:
    async with (
        screening_database(tmp_path, on="postgresql") as db,
        two_services(db) as (first, second),
        httpx.AsyncClient(base_url=second) as http,
    ):
        cast = await cast_for(db, GraphQLClient(http))
        proposal = await cast.submitted()
        requests = await cast.requests(proposal)
        ws_url = first.replace("http://", "ws://") + "/graphql"
        # Subscribed to the first process without `after`: it replays nothing stored, so whatever arrives
        # came over the bus, live.
        async with subscribe(ws_url, PROPOSAL_EVENTS, {"id": proposal["id"]}, cast.secretary.token) as sub:
            # The reviews go to the second process, one at a time until the first event is heard (the
            # subscription may take a moment to register on the server).
            for request in requests:
                review = {"id": request["id"], "opinion": "CONCUR"}
                payload = await cast.reviewer_of(request).data(SUBMIT_REVIEW, {"input": review})
                assert payload["submitReview"]["userErrors"] == []
                try:
                    event = (await sub.next_data(within_s=2))["proposalEvents"]
                    break
                except TimeoutError:
                    continue
            else:
                raise AssertionError("no event crossed from the second process to the first")
    assert event["type"] == "REVIEW_SUBMITTED"
    assert event["reviewRequest"]["status"] == "REVIEWED"
    assert event["proposal"]["code"] == proposal["code"]
