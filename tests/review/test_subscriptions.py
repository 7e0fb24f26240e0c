"""Subscriptions over graphql-transport-ws on a real socket: a proposal's events and "my review requests",
catching up from a cursor, and who may subscribe (the access rules of the Subscription root fields)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.server import LiveServer, live_server, subscribe
from tests.review.cast import ENVIRONMENT, SUBMIT_REVIEW, Cast, cast_for

PROPOSAL_EVENTS = """subscription($id: ID!, $after: String) { proposalEvents(id: $id, after: $after) {
  type cursor actor proposal { code status } reviewRequest { kind status department { code } } } }"""
MY_EVENTS = """subscription($after: String) { myReviewRequestEvents(after: $after) {
  type cursor proposal { code } reviewRequest { kind specialty status expert { nameZh } department { code } } } }"""
LAST_EVENT = """query($code: String!) { proposal(code: $code) { events(last: 1) { nodes { type cursor } } } }"""

# Who may subscribe to what (checked below, over WebSockets; the HTTP root fields are in the matrix test).
SUBSCRIPTION_ACCESS: dict[str, set[str]] = {
    "Subscription.proposalEvents": {
        "VIEWER",
        "DEPARTMENT_OFFICER",
        "EXPERT",
        "COMMITTEE_SECRETARY",
        "COMMITTEE_CHAIR",
        "ADMIN",
    },
    "Subscription.myReviewRequestEvents": {"DEPARTMENT_OFFICER", "EXPERT"},
}


@pytest.fixture(scope="module")
async def server(review_db: DatabaseUnderTest) -> AsyncIterator[LiveServer]:
    async with live_server(review_db) as running:
        yield running


@pytest.fixture(scope="module")
async def cast(review_db: DatabaseUnderTest, server: LiveServer) -> AsyncIterator[Cast]:
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        yield await cast_for(review_db, GraphQLClient(http))


async def last_cursor(client: GraphQLClient, proposal: dict[str, Any]) -> str:
    data = await client.data(LAST_EVENT, {"code": proposal["code"]})
    cursor: str = data["proposal"]["events"]["nodes"][0]["cursor"]
    return cursor


async def test_a_subscriber_hears_a_proposals_events_as_they_happen(cast: Cast, server: LiveServer) -> None:
    proposal = await cast.submitted()
    after = await last_cursor(cast.secretary, proposal)
    requests = await cast.requests(proposal)
    environment = next(r for r in requests if r["kind"] == "DEPARTMENT" and r["department"]["code"] == ENVIRONMENT)
    variables = {"id": proposal["id"], "after": after}
    async with subscribe(server.ws_url, PROPOSAL_EVENTS, variables, cast.secretary.token) as subscription:
        review = {"id": environment["id"], "opinion": "CONCUR"}
        assert (await cast.environment.data(SUBMIT_REVIEW, {"input": review}))["submitReview"]["userErrors"] == []
        event = (await subscription.next_data())["proposalEvents"]
    assert event["type"] == "REVIEW_SUBMITTED"
    assert event["actor"].startswith("environment-")
    assert event["proposal"] == {"code": proposal["code"], "status": "IN_REVIEW"}
    # resolved afresh when it is delivered: the request already shows the review
    assert event["reviewRequest"] == {"kind": "DEPARTMENT", "status": "REVIEWED", "department": {"code": ENVIRONMENT}}


async def test_a_subscriber_catches_up_from_its_cursor_first(cast: Cast, server: LiveServer) -> None:
    proposal = await cast.submitted()
    data = await cast.secretary.data(
        """query($code: String!) { proposal(code: $code) { events(first: 100) { nodes { type cursor } } } }""",
        {"code": proposal["code"]},
    )
    stored = data["proposal"]["events"]["nodes"]
    assert stored[0]["type"] == "PROPOSAL_SCREENED"
    assert {e["type"] for e in stored[1:]} == {"REVIEW_REQUESTED"}
    variables = {"id": proposal["id"], "after": stored[0]["cursor"]}
    async with subscribe(server.ws_url, PROPOSAL_EVENTS, variables, cast.sponsor.token) as subscription:
        missed = [(await subscription.next_data())["proposalEvents"] for _ in stored[1:]]
    assert [e["cursor"] for e in missed] == [e["cursor"] for e in stored[1:]]


async def test_an_expert_hears_of_the_requests_assigned_to_them(cast: Cast, server: LiveServer) -> None:
    earlier = await cast.submitted()
    after = await last_cursor(cast.secretary, earlier)
    async with subscribe(server.ws_url, MY_EVENTS, {"after": after}, cast.experts["cdc"].token) as subscription:
        proposal = await cast.submitted()
        event = (await subscription.next_data())["myReviewRequestEvents"]
    assert event["type"] == "REVIEW_REQUESTED"
    assert event["proposal"] == {"code": proposal["code"]}
    assert event["reviewRequest"]["specialty"] == "DISEASE_CONTROL"
    assert event["reviewRequest"]["expert"] == {"nameZh": "专家cdc"}


async def test_a_department_hears_only_its_own_requests(cast: Cast, server: LiveServer) -> None:
    earlier = await cast.submitted()
    after = await last_cursor(cast.secretary, earlier)
    async with subscribe(server.ws_url, MY_EVENTS, {"after": after}, cast.environment.token) as subscription:
        await cast.submitted()
        events = [(await subscription.next_data())["myReviewRequestEvents"]]
    assert events[0]["reviewRequest"]["department"] == {"code": ENVIRONMENT}


async def denied_codes(server: LiveServer, query: str, variables: dict[str, Any], token: str | None) -> set[str]:
    async with subscribe(server.ws_url, query, variables, token) as subscription:
        message = await subscription.message()
    if message["type"] == "next" and not message["payload"].get("errors"):
        return set()
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    return {str((e.get("extensions") or {}).get("code")) for e in errors}


async def test_each_role_may_subscribe_as_the_table_says(
    cast: Cast, server: LiveServer, review_db: DatabaseUnderTest
) -> None:
    proposal = await cast.submitted()
    tokens = {
        "ANONYMOUS": None,
        "VIEWER": cast.viewer.token,
        "DEPARTMENT_OFFICER": cast.environment.token,
        "EXPERT": cast.experts["cdc"].token,
        "COMMITTEE_SECRETARY": cast.secretary.token,
        "COMMITTEE_CHAIR": cast.chair.token,
        "ADMIN": cast.admin.token,
    }
    operations = {
        "Subscription.proposalEvents": (PROPOSAL_EVENTS, {"id": proposal["id"], "after": None}),
        "Subscription.myReviewRequestEvents": (MY_EVENTS, {"after": None}),
    }
    for field, (query, variables) in operations.items():
        allowed = set()
        for role, token in tokens.items():
            # an allowed subscription stays open and silent: ask it for something that makes an event
            codes = await denied_or_open(server, query, variables, token)
            assert not codes & {"INTERNAL"}, (field, role, codes)
            if not codes & {"UNAUTHENTICATED", "FORBIDDEN"}:
                allowed.add(role)
        assert allowed == SUBSCRIPTION_ACCESS[field], field


async def denied_or_open(server: LiveServer, query: str, variables: dict[str, Any], token: str | None) -> set[str]:
    """Error codes if the subscription is refused at once; empty if it is accepted and waits for events."""
    async with subscribe(server.ws_url, query, variables, token) as subscription:
        try:
            message = await subscription.message(within_s=0.5)
        except TimeoutError:
            return set()
    errors = message["payload"] if message["type"] == "error" else message["payload"].get("errors") or []
    return {str((e.get("extensions") or {}).get("code")) for e in errors}


async def test_a_refused_token_and_a_hidden_proposal_say_why(cast: Cast, server: LiveServer) -> None:
    proposal = await cast.submitted()
    codes = await denied_or_open(server, PROPOSAL_EVENTS, {"id": proposal["id"]}, "hia_not-a-token")
    assert codes == {"UNAUTHENTICATED"}
    async with subscribe(server.ws_url, PROPOSAL_EVENTS, {"id": proposal["id"]}, "hia_not-a-token") as subscription:
        [error] = await subscription.errors()
    # the connection sent no Accept-Language: Chinese ("the token is not valid")
    assert "令牌无效" in error["message"]
    # a department that may not see the proposal learns nothing of it: "not found"
    hidden = await denied_or_open(server, PROPOSAL_EVENTS, {"id": proposal["id"]}, cast.tourism.token)
    assert hidden == {"NOT_FOUND"}
    bogus = await denied_or_open(
        server, PROPOSAL_EVENTS, {"id": proposal["id"], "after": "bogus"}, cast.secretary.token
    )
    assert bogus == {"INVALID_CURSOR"}


async def test_an_expert_without_membership_is_told_so(
    cast: Cast, server: LiveServer, review_db: DatabaseUnderTest
) -> None:
    stranger = await issue_token(review_db, "EXPERT", "panzhihua", user=f"stranger-{uuid.uuid4().hex[:6]}")
    codes = await denied_or_open(server, MY_EVENTS, {}, stranger)
    assert codes == {"NOT_FOUND"}
