"""Idempotency keys on the committee's creating mutations: a retry of addReviewRequest or addCommitteeMember
with the first call's key gets what that call made (not a CONFLICT, not a second object); the key sent again
with other input is refused as IDEMPOTENCY_CONFLICT and changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from service.idempotency import input_hash
from service.review.committee import MemberDetails
from tests.review.cast import ADD_MEMBER, ADD_REQUEST, ENVIRONMENT, REPLACE, TOURISM, Cast


async def screened_policy(cast: Cast) -> dict[str, object]:
    return await cast.submitted(
        kind="POLICY", policyType="REGULATION", answers=[], investmentYuan=None, vulnerableGroups=[]
    )


async def test_a_retried_review_request_with_its_key_is_the_same_request(cast: Cast) -> None:
    proposal = await screened_policy(cast)
    ask = {"proposal": proposal["id"], "department": ENVIRONMENT, "reason": "群众来信反映扬尘"}
    key = uuid.uuid4().hex
    first = (await cast.secretary.data(ADD_REQUEST, {"input": {**ask, "idempotencyKey": key}}))["addReviewRequest"]
    again = (await cast.secretary.data(ADD_REQUEST, {"input": {**ask, "idempotencyKey": key}}))["addReviewRequest"]
    assert first["userErrors"] == []
    assert again["userErrors"] == []
    assert again["reviewRequest"]["id"] == first["reviewRequest"]["id"]
    assert [r["id"] for r in await cast.requests(proposal)] == [first["reviewRequest"]["id"]]


async def test_a_review_request_key_sent_with_other_input_is_refused_and_adds_nothing(cast: Cast) -> None:
    proposal = await screened_policy(cast)
    key = uuid.uuid4().hex
    ask = {"proposal": proposal["id"], "department": ENVIRONMENT, "reason": "群众来信反映扬尘", "idempotencyKey": key}
    first = (await cast.secretary.data(ADD_REQUEST, {"input": ask}))["addReviewRequest"]
    other = {**ask, "department": TOURISM, "reason": "景区游客量"}
    refused = (await cast.secretary.data(ADD_REQUEST, {"input": other}))["addReviewRequest"]
    assert refused["reviewRequest"] is None
    assert refused["userErrors"][0]["code"] == "IDEMPOTENCY_CONFLICT"
    assert refused["userErrors"][0]["field"] == ["input", "idempotencyKey"]
    assert [r["id"] for r in await cast.requests(proposal)] == [first["reviewRequest"]["id"]]


async def test_a_retried_committee_member_with_its_key_is_the_same_membership(cast: Cast) -> None:
    member = {
        "jurisdiction": "panzhihua",
        "user": f"expert-keyed-{uuid.uuid4().hex[:6]}",
        "role": "EXPERT",
        "nameZh": "张研究员",
        "specialties": ["DISEASE_CONTROL"],
        "idempotencyKey": uuid.uuid4().hex,
    }
    first = (await cast.secretary.data(ADD_MEMBER, {"input": member}))["addCommitteeMember"]
    again = (await cast.secretary.data(ADD_MEMBER, {"input": member}))["addCommitteeMember"]
    assert first["userErrors"] == []
    assert again["userErrors"] == []
    assert again["member"]["id"] == first["member"]["id"]
    # without the key the same person again is still the CONFLICT naming the membership
    unkeyed = {k: v for k, v in member.items() if k != "idempotencyKey"}
    repeated = (await cast.secretary.data(ADD_MEMBER, {"input": unkeyed}))["addCommitteeMember"]
    assert repeated["userErrors"][0]["code"] == "CONFLICT"
    # and the key with another person is refused, nobody added
    other = {**member, "user": f"expert-other-{uuid.uuid4().hex[:6]}", "nameZh": "赵研究员"}
    refused = (await cast.secretary.data(ADD_MEMBER, {"input": other}))["addCommitteeMember"]
    assert refused["member"] is None
    assert refused["userErrors"][0]["code"] == "IDEMPOTENCY_CONFLICT"
    members = await cast.secretary.data('{ committee(jurisdiction: "panzhihua") { members { nameZh } } }')
    assert "赵研究员" not in [m["nameZh"] for m in members["committee"]["members"]]


async def test_keys_belong_to_their_caller(cast: Cast) -> None:
    # the chair using the secretary's key makes a request of its own (on another proposal), not the secretary's
    key = uuid.uuid4().hex
    first_proposal, second_proposal = await screened_policy(cast), await screened_policy(cast)
    by_secretary = {
        "proposal": first_proposal["id"],
        "department": ENVIRONMENT,
        "reason": "扬尘",
        "idempotencyKey": key,
    }
    by_chair = {**by_secretary, "proposal": second_proposal["id"]}
    first = (await cast.secretary.data(ADD_REQUEST, {"input": by_secretary}))["addReviewRequest"]
    second = (await cast.chair.data(ADD_REQUEST, {"input": by_chair}))["addReviewRequest"]
    assert second["userErrors"] == []
    assert second["reviewRequest"]["id"] != first["reviewRequest"]["id"]


async def test_a_retried_replacement_with_its_key_is_the_request_it_opened(cast: Cast) -> None:
    proposal = await screened_policy(cast)
    ask = {"proposal": proposal["id"], "department": ENVIRONMENT, "reason": "群众来信反映扬尘"}
    opened = (await cast.secretary.data(ADD_REQUEST, {"input": ask}))["addReviewRequest"]["reviewRequest"]
    swap = {"id": opened["id"], "department": TOURISM, "reason": "景区扬尘", "idempotencyKey": uuid.uuid4().hex}
    first = (await cast.secretary.data(REPLACE, {"input": swap}))["replaceReviewer"]
    # a retry is the request the first call opened, not INVALID_STATE on the request it closed
    again = (await cast.secretary.data(REPLACE, {"input": swap}))["replaceReviewer"]
    assert first["userErrors"] == []
    assert again["userErrors"] == []
    assert again["reviewRequest"]["id"] == first["reviewRequest"]["id"]
    assert sorted(r["status"] for r in await cast.requests(proposal)) == ["PENDING", "REPLACED"]


def test_the_input_hash_is_the_same_in_every_process() -> None:
    # a set's order follows the process's hash seed: a retry sent to another process (or after a restart) must
    # hash the same, or it would be refused as IDEMPOTENCY_CONFLICT
    details = MemberDetails(name_zh="张研究员", clear={"title_zh", "affiliation_department", "name_en"})
    as_listed = {**dataclasses.asdict(details), "clear": ["affiliation_department", "name_en", "title_zh"]}
    assert input_hash({"details": details}) == input_hash({"details": as_listed})
    assert input_hash({"on": dt.date(2026, 12, 7)}) == input_hash({"on": "2026-12-07"})
