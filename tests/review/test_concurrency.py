"""Conflicting actions at once: fifty conclusions race and exactly one wins; a review racing the chair's
conclusions is either in before the conclusion or refused, never lost; the audit trail has every success."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import client_for, screening_database
from tests.review.cast import CONCLUDE, SUBMIT_REVIEW, Cast, cast_for

DECISIONS = ["APPROVED", "REJECTED", "REVISE_AND_RESUBMIT"]
AUDIT = """query($actions: [String!]) { auditLog(actions: $actions, first: 100) { nodes { afterId } } }"""
HISTORY = """query($code: String!) { proposal(code: $code) { status version
  currentRound { conclusion { id decision } reviewRequests { status review { id } } } } }"""


@pytest.fixture
async def cast(tmp_path: Path) -> AsyncIterator[Cast]:
    async with screening_database(tmp_path) as db, client_for(db) as anonymous:
        yield await cast_for(db, anonymous)


def conclude(cast: Cast, proposal: dict[str, Any], i: int) -> Any:
    return cast.chair.data(
        CONCLUDE,
        {
            "input": {
                "proposal": proposal["id"],
                "decision": DECISIONS[i % len(DECISIONS)],
                "summaryZh": f"结论{i}",
                "idempotencyKey": uuid.uuid4().hex,
            }
        },
    )


async def audited(cast: Cast, action: str) -> list[str]:
    """Ids of what the audit trail says `action` made (this test's database holds only this test's work)."""
    nodes = (await cast.secretary.data(AUDIT, {"actions": [action]}))["auditLog"]["nodes"]
    return [n["afterId"] for n in nodes]


async def test_fifty_conclusions_at_once_give_exactly_one(cast: Cast) -> None:
    proposal = await cast.submitted()
    await cast.review_all(proposal)
    before = await cast.secretary.data(HISTORY, {"code": proposal["code"]})

    results = await asyncio.gather(*(conclude(cast, proposal, i) for i in range(50)))

    payloads = [r["concludeReview"] for r in results]
    winners = [p for p in payloads if not p["userErrors"]]
    assert len(winners) == 1
    losers = Counter(p["userErrors"][0]["code"] for p in payloads if p["userErrors"])
    assert losers == {"INVALID_STATE": 49}
    after = await cast.secretary.data(HISTORY, {"code": proposal["code"]})
    conclusion = after["proposal"]["currentRound"]["conclusion"]
    assert conclusion["id"] == winners[0]["conclusion"]["id"]
    assert after["proposal"]["status"] == winners[0]["proposal"]["status"]
    assert after["proposal"]["version"] == before["proposal"]["version"] + 1
    # every review is still there, and the trail records the one conclusion
    requests = after["proposal"]["currentRound"]["reviewRequests"]
    assert [r["status"] for r in requests] == ["REVIEWED"] * len(requests)
    assert all(r["review"] is not None for r in requests)
    assert await audited(cast, "concludeReview") == [conclusion["id"]]
    assert len(await audited(cast, "submitReview")) == len(requests)


async def test_a_review_racing_the_conclusions_is_never_lost(cast: Cast) -> None:
    proposal = await cast.submitted()
    requests = await cast.requests(proposal)
    last, earlier = requests[-1], requests[:-1]
    for request in earlier:
        review = {"id": request["id"], "opinion": "CONCUR"}
        assert (await cast.reviewer_of(request).data(SUBMIT_REVIEW, {"input": review}))["submitReview"][
            "userErrors"
        ] == []

    review_of_last = cast.reviewer_of(last).data(
        SUBMIT_REVIEW, {"input": {"id": last["id"], "opinion": "OBJECT", "comments": "并发"}}
    )
    results = await asyncio.gather(review_of_last, *(conclude(cast, proposal, i) for i in range(49)))

    # the review can only succeed: no conclusion can happen before it is in
    assert results[0]["submitReview"]["userErrors"] == []
    payloads = [r["concludeReview"] for r in results[1:]]
    winners = [p for p in payloads if not p["userErrors"]]
    codes = Counter(p["userErrors"][0]["code"] for p in payloads if p["userErrors"])
    # a conclusion is refused while the review is missing, or because another one won
    assert set(codes) <= {"REVIEWS_MISSING", "INVALID_STATE"}
    assert len(winners) <= 1
    if winners:
        assert codes["INVALID_STATE"] == 48 - codes["REVIEWS_MISSING"]
    after = await cast.secretary.data(HISTORY, {"code": proposal["code"]})
    round_ = after["proposal"]["currentRound"]
    assert [r["status"] for r in round_["reviewRequests"]] == ["REVIEWED"] * len(requests)
    assert (round_["conclusion"] is not None) == bool(winners)
    assert await audited(cast, "concludeReview") == [w["conclusion"]["id"] for w in winners]
    assert results[0]["submitReview"]["review"]["id"] in await audited(cast, "submitReview")
    assert len(await audited(cast, "submitReview")) == len(requests)
