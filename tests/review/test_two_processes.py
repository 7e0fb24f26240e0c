"""Two service processes on one PostgreSQL database: a subscription held by one hears an event caused through
the other (LISTEN/NOTIFY). This is a test of the PostgreSQL bus, so it always runs on PostgreSQL (the
embedded SQLite default is one process by design: its events stay in that process)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from tests.conftest import screening_database
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.processes import free_port, service_process, until_healthy
from tests.fixtures.server import subscribe
from tests.review.cast import SUBMIT_REVIEW, cast_for
from tests.review.test_subscriptions import PROPOSAL_EVENTS


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
