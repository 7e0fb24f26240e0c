"""One review request per expert per proposal, carrying every specialty asked of that expert: how screening opens
expert requests, what the API and the report show of them, and what a replacement expert must cover.

The test checklist requires DISEASE_CONTROL (rule air.escalate) and ENVIRONMENTAL_HEALTH (rule air.emissions) of
the air project, in that order. Each test gets a fresh committee (the cast's experts: `conflicted` for
environmental health, working for the sponsor; `env-a`, `env-b` for environmental health; `cdc` for disease
control), adjusted through the API to the case at hand.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from service.review.expert_routing import plan
from tests.conftest import client_for, screening_database
from tests.review.cast import ADD_MEMBER, CONCLUDE, REPLACE, SPONSOR, Cast, cast_for

EXPERT_REQUESTS = """query($code: String!) { proposal(code: $code) { currentRound { reviewRequests {
  id kind status specialty specialties reasons { kind code } expert { id nameZh } } } } }"""
UPDATE_MEMBER = """mutation($input: UpdateCommitteeMemberInput!) { updateCommitteeMember(input: $input) {
  member { id active } userErrors { field message code } } }"""
REPORT = """query($code: String!) { proposal(code: $code) { report { markdownUrl } } }"""
BOTH = ["DISEASE_CONTROL", "ENVIRONMENTAL_HEALTH"]


@pytest.fixture
async def cast(tmp_path: Path) -> AsyncIterator[Cast]:
    async with screening_database(tmp_path) as db, client_for(db) as anonymous:
        yield await cast_for(db, anonymous)


async def expert_requests(cast: Cast, proposal: dict[str, Any]) -> list[dict[str, Any]]:
    found = await cast.secretary.data(EXPERT_REQUESTS, {"code": proposal["code"]})
    return [r for r in found["proposal"]["currentRound"]["reviewRequests"] if r["kind"] == "EXPERT"]


async def join(cast: Cast, name: str, specialties: list[str], department: str | None = None) -> str:
    """Put one more expert on the committee; their id."""
    member = {
        "jurisdiction": "panzhihua",
        "user": f"expert-{name}",
        "role": "EXPERT",
        "nameZh": f"专家{name}",
        "specialties": specialties,
        "affiliationDepartment": department,
    }
    payload = (await cast.secretary.data(ADD_MEMBER, {"input": member}))["addCommitteeMember"]
    assert payload["userErrors"] == [], payload
    member_id: str = payload["member"]["id"]
    return member_id


async def leave(cast: Cast, name: str) -> None:
    """The cast's expert `name` takes no new reviews."""
    update = {"id": cast.expert_ids[name], "active": False}
    payload = (await cast.secretary.data(UPDATE_MEMBER, {"input": update}))["updateCommitteeMember"]
    assert payload["userErrors"] == [], payload


async def report(cast: Cast, proposal: dict[str, Any]) -> str:
    url = (await cast.secretary.data(REPORT, {"code": proposal["code"]}))["proposal"]["report"]["markdownUrl"]
    response = await cast.secretary.http.get(url, headers={"authorization": f"Bearer {cast.secretary.token}"})
    assert response.status_code == 200, response.text
    return response.text


async def test_an_expert_with_both_specialties_gets_one_request_listing_both(cast: Cast) -> None:
    # given the only disease-control expert also covers environmental health, like env-a and env-b (who joined
    # earlier, so the load rule alone would pick one of them for environmental health)
    await leave(cast, "cdc")
    generalist = await join(cast, "generalist", BOTH)
    # when a proposal requiring both specialties is submitted
    proposal = await cast.submitted()
    # then the generalist is asked once, for both, with the rules behind each
    [request] = await expert_requests(cast, proposal)
    assert request["expert"]["id"] == generalist
    assert request["status"] == "PENDING"
    assert request["specialties"] == BOTH
    assert request["specialty"] == "DISEASE_CONTROL"  # deprecated: the first
    assert request["reasons"] == [{"kind": "RULE", "code": "air.escalate"}, {"kind": "RULE", "code": "air.emissions"}]
    # and the report and the chair's "reviews missing" name both specialties of that one request
    markdown = await report(cast, proposal)
    assert "专家generalist（疾病预防控制、环境卫生）" in markdown
    conclude = {"proposal": proposal["id"], "decision": "APPROVED", "summaryZh": "同意"}
    [error] = (await cast.chair.data(CONCLUDE, {"input": conclude}))["concludeReview"]["userErrors"]
    assert "an expert in DISEASE_CONTROL, ENVIRONMENTAL_HEALTH" in error["message"]


async def test_two_experts_are_asked_when_no_one_covers_both(cast: Cast) -> None:
    # given the cast's committee: disease control only by cdc, environmental health by others
    # when a proposal requiring both is submitted
    proposal = await cast.submitted()
    # then two experts are asked, each for their own specialty
    requests = await expert_requests(cast, proposal)
    assert [(r["expert"]["id"], r["specialties"]) for r in requests] == [
        (cast.expert_ids["cdc"], ["DISEASE_CONTROL"]),
        (cast.expert_ids["env-a"], ["ENVIRONMENTAL_HEALTH"]),
    ]
    assert [r["reasons"] for r in requests] == [
        [{"kind": "RULE", "code": "air.escalate"}],
        [{"kind": "RULE", "code": "air.emissions"}],
    ]


async def test_a_specialty_no_eligible_expert_covers_gets_its_own_unassigned_request(cast: Cast) -> None:
    # given disease control is covered only by an expert working for the sponsoring department
    await leave(cast, "cdc")
    await join(cast, "cdc-conflicted", ["DISEASE_CONTROL", "ENVIRONMENTAL_HEALTH"], SPONSOR)
    # when a proposal requiring both specialties is submitted
    proposal = await cast.submitted()
    # then environmental health goes to an eligible expert, and disease control waits for the secretary alone
    unassigned, assigned = await expert_requests(cast, proposal)
    assert unassigned["status"] == "UNASSIGNED"
    assert unassigned["expert"] is None
    assert unassigned["specialties"] == ["DISEASE_CONTROL"]
    assert unassigned["reasons"] == [{"kind": "RULE", "code": "air.escalate"}]
    assert assigned["expert"]["id"] == cast.expert_ids["env-a"]
    assert assigned["specialties"] == ["ENVIRONMENTAL_HEALTH"]


async def test_a_replacement_must_have_every_specialty_of_the_request(cast: Cast) -> None:
    # given a generalist asked for both specialties, and another generalist free
    await leave(cast, "cdc")
    await join(cast, "generalist", BOTH)
    other = await join(cast, "generalist-2", BOTH)
    proposal = await cast.submitted()
    [request] = await expert_requests(cast, proposal)
    # when the secretary replaces the generalist by an environmental-health expert
    refused = await cast.secretary.data(
        REPLACE, {"input": {"id": request["id"], "expert": cast.expert_ids["env-a"], "reason": "原专家出差"}}
    )
    # then it is refused, naming the specialty env-a lacks, and nothing changes
    [error] = refused["replaceReviewer"]["userErrors"]
    assert error["field"] == ["input", "expert"]
    assert "does not have the specialty DISEASE_CONTROL" in error["message"]
    assert [r["status"] for r in await expert_requests(cast, proposal)] == ["PENDING"]
    # while an expert with both takes the request over, both specialties with it
    replaced = await cast.secretary.data(
        REPLACE, {"input": {"id": request["id"], "expert": other, "reason": "原专家出差"}}
    )
    assert replaced["replaceReviewer"]["userErrors"] == []
    closed, new = await expert_requests(cast, proposal)
    assert (closed["status"], new["status"]) == ("REPLACED", "PENDING")
    assert new["expert"]["id"] == other
    assert new["specialties"] == BOTH


# --- the plan alone, for cases the test checklist cannot raise ------------------------------------------


def expert(id: int, specialties: list[str], department: int | None = None, open_reviews: int = 0) -> Any:
    return SimpleNamespace(
        id=id, specialties=specialties, affiliation_department_id=department, open_reviews=open_reviews
    )


def by_specialty(*experts: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for e in experts:
        for specialty in e.specialties:
            found.setdefault(specialty, []).append(e)
    return found


def test_each_specialty_nobody_covers_gets_its_own_unassigned_request() -> None:
    required = [
        {"specialty": "MENTAL_HEALTH", "ruleIds": ["r1"]},
        {"specialty": "ENVIRONMENTAL_HEALTH", "ruleIds": ["r2"]},
        {"specialty": "ROAD_TRAFFIC", "ruleIds": ["r3"]},
    ]
    asks = plan(required, by_specialty(expert(1, ["ENVIRONMENTAL_HEALTH"])), sponsor_department_id=9)
    assert [(a.expert_id, a.specialties) for a in asks] == [
        (None, ["MENTAL_HEALTH"]),
        (1, ["ENVIRONMENTAL_HEALTH"]),
        (None, ["ROAD_TRAFFIC"]),
    ]


def test_an_expert_already_asked_is_preferred_to_a_less_loaded_one_and_reasons_are_not_repeated() -> None:
    busy_generalist = expert(1, ["DISEASE_CONTROL", "ENVIRONMENTAL_HEALTH"], open_reviews=5)
    idle = expert(2, ["ENVIRONMENTAL_HEALTH"])
    conflicted = expert(3, ["DISEASE_CONTROL"], department=9)
    required = [
        {"specialty": "DISEASE_CONTROL", "ruleIds": ["r1", "shared"]},
        {"specialty": "ENVIRONMENTAL_HEALTH", "ruleIds": ["shared", "r2"]},
    ]
    [ask] = plan(required, by_specialty(busy_generalist, idle, conflicted), sponsor_department_id=9)
    assert ask.expert_id == 1
    assert ask.specialties == ["DISEASE_CONTROL", "ENVIRONMENTAL_HEALTH"]
    assert [r["code"] for r in ask.reasons] == ["r1", "shared", "r2"]
