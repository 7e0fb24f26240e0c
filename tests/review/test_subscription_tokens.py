"""A subscription does not outlive its token: revoked or expired while connected, the token ends every
subscription of the connection (an UNAUTHENTICATED `error` saying why) and the connection (close code 4401),
within seconds, and no event is delivered after it (issue 10, item 5)."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from websockets.exceptions import ConnectionClosed

from db.models import ApiToken
from db.session import transaction
from schema.token_watch import TOKEN_REFUSED_CLOSE_CODE
from service.auth import tokens
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.server import LiveServer, Subscription, live_server, subscribe
from tests.review.cast import ENVIRONMENT, SUBMIT_REVIEW, Cast, cast_for
from tests.review.test_subscriptions import PROPOSAL_EVENTS, last_cursor

# The watch re-checks this often here; a few seconds is the bound the issue asks for.
RECHECK_S = 0.3
WITHIN_S = 5.0


@pytest.fixture(scope="module")
async def server(review_db: DatabaseUnderTest) -> AsyncIterator[LiveServer]:
    async with live_server(review_db, token_recheck_s=RECHECK_S) as running:
        yield running


@pytest.fixture(scope="module")
async def unwatched_server(review_db: DatabaseUnderTest) -> AsyncIterator[LiveServer]:
    """A server whose periodic watch never comes round in a test: only the check before each event can act."""
    async with live_server(review_db, token_recheck_s=3600.0) as running:
        yield running


@pytest.fixture(scope="module")
async def cast(review_db: DatabaseUnderTest, server: LiveServer) -> AsyncIterator[Cast]:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        yield await cast_for(review_db, GraphQLClient(http))


async def secretary_token(db: DatabaseUnderTest) -> str:
    """A token of its own, so revoking it touches no other test."""
    return await issue_token(db, "COMMITTEE_SECRETARY", "panzhihua", user=f"watched-{uuid.uuid4().hex[:6]}")


def prefix_of(token: str) -> str:
    return token[: len(tokens.TOKEN_PREFIX) + 8]


async def revoke(db: DatabaseUnderTest, token: str) -> None:
    async with transaction(db.factory) as session:
        await tokens.revoke(session, prefix_of(token))


async def expire_at(db: DatabaseUnderTest, token: str, when: dt.datetime) -> None:
    async with transaction(db.factory) as session:
        await session.execute(update(ApiToken).where(ApiToken.prefix == prefix_of(token)).values(expires_at=when))


async def review_by(client: GraphQLClient, cast: Cast, proposal: dict[str, Any], department: str) -> None:
    """The department's review of the proposal: one REVIEW_SUBMITTED event."""
    request = next(
        r for r in await cast.requests(proposal) if r["kind"] == "DEPARTMENT" and r["department"]["code"] == department
    )
    payload = (await client.data(SUBMIT_REVIEW, {"input": {"id": request["id"], "opinion": "CONCUR"}}))["submitReview"]
    assert payload["userErrors"] == [], payload


async def ends_unauthenticated(subscription: Subscription, reason: str, operations: int = 1) -> None:
    """Each operation gets its UNAUTHENTICATED error with the reason, then the connection closes with 4401."""
    ended = set()
    for _ in range(operations):
        message = await subscription.message(within_s=WITHIN_S)
        assert message["type"] == "error", message
        [error] = message["payload"]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"
        assert reason in error["message"]
        ended.add(message["id"])
    assert len(ended) == operations
    code, close_reason = await subscription.closed(within_s=WITHIN_S)
    assert code == TOKEN_REFUSED_CLOSE_CODE
    assert close_reason is not None
    assert reason in close_reason


async def test_revoking_the_token_ends_open_subscriptions_within_seconds(
    cast: Cast, server: LiveServer, review_db: DatabaseUnderTest
) -> None:
    # given a secretary following two proposals on one connection, and hearing their events
    first, second = await cast.submitted(), await cast.submitted()
    token = await secretary_token(review_db)
    variables = {"id": first["id"], "after": await last_cursor(cast.secretary, first)}
    async with subscribe(server.ws_url, PROPOSAL_EVENTS, variables, token) as subscription:
        other = {"id": second["id"], "after": await last_cursor(cast.secretary, second)}
        await subscription.connection.send(
            json.dumps({"id": "2", "type": "subscribe", "payload": {"query": PROPOSAL_EVENTS, "variables": other}})
        )
        await review_by(cast.environment, cast, first, ENVIRONMENT)
        assert (await subscription.next_data())["proposalEvents"]["type"] == "REVIEW_SUBMITTED"
        # when the token is revoked (no event happens meanwhile: the periodic re-check must notice)
        revoked_at = time.monotonic()
        await revoke(review_db, token)
        # then both subscriptions end with the reason, and the connection closes, within seconds
        await ends_unauthenticated(subscription, "the token was revoked", operations=2)
        assert time.monotonic() - revoked_at < WITHIN_S
        # and what happens next reaches nobody on that connection
        await review_by(cast.environment, cast, second, ENVIRONMENT)
        with pytest.raises(ConnectionClosed):
            await subscription.connection.recv()


async def test_an_event_after_revocation_is_not_delivered(
    cast: Cast, unwatched_server: LiveServer, review_db: DatabaseUnderTest
) -> None:
    # given a subscription on a server whose periodic re-check will not come round during the test
    proposal = await cast.submitted()
    token = await secretary_token(review_db)
    variables = {"id": proposal["id"], "after": await last_cursor(cast.secretary, proposal)}
    async with (
        httpx.AsyncClient(base_url=unwatched_server.base_url) as http,
        subscribe(unwatched_server.ws_url, PROPOSAL_EVENTS, variables, token) as subscription,
    ):
        # when the token is revoked and then an event happens
        await revoke(review_db, token)
        await review_by(GraphQLClient(http, cast.environment.token), cast, proposal, ENVIRONMENT)
        # then the event is not delivered: the subscription ends with the reason instead
        await ends_unauthenticated(subscription, "the token was revoked")


async def test_a_token_expiring_while_connected_ends_the_subscription(
    cast: Cast, server: LiveServer, review_db: DatabaseUnderTest
) -> None:
    # given a token that expires two seconds from now, subscribed while it is still valid
    proposal = await cast.submitted()
    token = await secretary_token(review_db)
    await expire_at(review_db, token, dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2))
    async with subscribe(server.ws_url, PROPOSAL_EVENTS, {"id": proposal["id"]}, token) as subscription:
        with pytest.raises(TimeoutError):
            await subscription.message(within_s=0.5)  # accepted, and waiting for events
        # then, once it has expired, the subscription ends saying so, and the connection closes
        await ends_unauthenticated(subscription, "the token has expired")


async def test_a_valid_token_keeps_its_subscription(
    cast: Cast, server: LiveServer, review_db: DatabaseUnderTest
) -> None:
    # given a subscription whose token holds, open over several re-checks
    proposal = await cast.submitted()
    token = await secretary_token(review_db)
    variables = {"id": proposal["id"], "after": await last_cursor(cast.secretary, proposal)}
    async with subscribe(server.ws_url, PROPOSAL_EVENTS, variables, token) as subscription:
        with pytest.raises(TimeoutError):
            await subscription.message(within_s=RECHECK_S * 4)
        # then it still hears what happens
        await review_by(cast.environment, cast, proposal, ENVIRONMENT)
        assert (await subscription.next_data())["proposalEvents"]["type"] == "REVIEW_SUBMITTED"
