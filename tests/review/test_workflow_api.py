"""The review workflow over the API: requests opened by screening, assignment, reviews, the conclusion,
follow-up of conditions, and the userErrors of bad input (which change nothing)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.fixtures.graphql import GraphQLClient
from tests.review.cast import (
    ADD_REQUEST,
    COMPLETE,
    CONCLUDE,
    EDUCATION,
    ENVIRONMENT,
    REPLACE,
    SPONSOR,
    SUBMIT,
    SUBMIT_REVIEW,
    UPDATE,
    WAIVE,
    Cast,
    later,
)


def by_kind(requests: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    departments = {r["department"]["code"]: r for r in requests if r["kind"] == "DEPARTMENT"}
    experts = {r["specialty"]: r for r in requests if r["kind"] == "EXPERT"}
    return departments, experts


async def test_a_major_screening_opens_requests_for_departments_and_specialties(cast: Cast) -> None:
    # given a MAJOR air-quality project of the urban management bureau, near homes, affecting children
    proposal = await cast.submitted()
    # then it is in review, with one request per required department (never the sponsor) and specialty
    found = await cast.round_of(proposal)
    assert found["status"] == "IN_REVIEW"
    assert "REVIEW" in found["actionsInState"]
    assert "SUBMIT" not in found["actionsInState"]
    departments, experts = by_kind(found["currentRound"]["reviewRequests"])
    assert ENVIRONMENT in departments
    assert EDUCATION in departments
    assert SPONSOR not in departments
    assert set(departments) == {ENVIRONMENT, EDUCATION}
    # the screening's reasons come with the request: a portfolio held, an indicator answered for
    assert {"kind": "PORTFOLIO", "code": "ecology-environment"} in departments[ENVIRONMENT]["reasons"]
    assert {"kind": "INDICATOR", "code": "CN2018-01"} in departments[ENVIRONMENT]["reasons"]
    assert set(experts) == {"ENVIRONMENTAL_HEALTH", "DISEASE_CONTROL"}
    assert all(r["status"] == "PENDING" for r in found["currentRound"]["reviewRequests"])
    # a major impact gives the default 20 days
    assert {r["dueOn"] for r in found["currentRound"]["reviewRequests"]} == {later(20)}


async def test_assignment_excludes_conflicts_and_balances_the_load(cast: Cast) -> None:
    assigned = []
    for _ in range(4):
        _departments, experts = by_kind(await cast.requests(await cast.submitted()))
        assigned.append(experts["ENVIRONMENTAL_HEALTH"]["expert"]["id"])
        assert experts["DISEASE_CONTROL"]["expert"]["id"] == cast.expert_ids["cdc"]
    # the expert of the sponsoring department is never asked; the two others take turns
    assert cast.expert_ids["conflicted"] not in assigned
    assert sorted(assigned) == sorted([cast.expert_ids["env-a"], cast.expert_ids["env-b"]] * 2)


async def test_only_the_addressed_reviewer_may_review_and_a_wrong_one_changes_nothing(cast: Cast) -> None:
    proposal = await cast.submitted()
    departments, experts = by_kind(await cast.requests(proposal))
    environment_request = departments[ENVIRONMENT]["id"]
    # another department that can see the proposal (it is asked too) is not the environment bureau
    wrong = await cast.education.data(SUBMIT_REVIEW, {"input": {"id": environment_request, "opinion": "CONCUR"}})
    assert wrong["submitReview"]["userErrors"][0]["code"] == "NOT_ASSIGNED"
    assert "市环境保护局" in wrong["submitReview"]["userErrors"][0]["message"]
    # an expert of another specialty is not the assigned one
    cdc_on_env = await cast.experts["cdc"].data(
        SUBMIT_REVIEW, {"input": {"id": experts["ENVIRONMENTAL_HEALTH"]["id"], "opinion": "CONCUR"}}
    )
    assert cdc_on_env["submitReview"]["userErrors"][0]["code"] == "NOT_ASSIGNED"
    # a department that cannot see the proposal gets "not found", as for a request that does not exist
    hidden = await cast.tourism.data(SUBMIT_REVIEW, {"input": {"id": environment_request, "opinion": "CONCUR"}})
    assert hidden["submitReview"]["userErrors"][0]["code"] == "NOT_FOUND"
    # nothing changed
    departments, _ = by_kind(await cast.requests(proposal))
    assert departments[ENVIRONMENT]["status"] == "PENDING"
    assert departments[ENVIRONMENT]["review"] is None


@pytest.mark.parametrize(
    ("review", "field", "message"),
    [
        ({"opinion": "CONCUR_WITH_CONDITIONS"}, ["input", "conditions"], "at least one condition"),
        (
            {"opinion": "CONCUR_WITH_CONDITIONS", "conditions": [{"textZh": "洒水降尘", "dueOn": later(10)}]},
            ["input", "conditions", "0", "responsibleDepartment"],
            "is required",
        ),
        (
            {
                "opinion": "CONCUR_WITH_CONDITIONS",
                "conditions": [
                    {"textZh": "洒水降尘", "responsibleDepartment": "wuzhong.health-commission", "dueOn": later(10)}
                ],
            },
            ["input", "conditions", "0", "responsibleDepartment"],
            "no department of this jurisdiction",
        ),
        (
            {
                "opinion": "CONCUR_WITH_CONDITIONS",
                "conditions": [{"textZh": "洒水降尘", "responsibleDepartment": SPONSOR, "dueOn": "2020-01-01"}],
            },
            ["input", "conditions", "0", "dueOn"],
            "in the past",
        ),
        ({"opinion": "OBJECT"}, ["input", "comments"], "required with OBJECT"),
        (
            {"opinion": "CONCUR", "conditions": [{"textZh": "x", "responsibleDepartment": SPONSOR, "dueOn": later(1)}]},
            ["input", "conditions"],
            "CONCUR_WITH_CONDITIONS",
        ),
        (
            {"opinion": "CONCUR", "answers": [{"question": "air.emissions", "yesNo": "NO"}]},
            ["input", "answers", "air.emissions"],
            "not an open question",
        ),
    ],
)
async def test_a_bad_review_is_refused_naming_the_field_and_stores_nothing(
    cast: Cast, review: dict[str, Any], field: list[str], message: str
) -> None:
    proposal = await cast.submitted()
    departments, _ = by_kind(await cast.requests(proposal))
    request = departments[ENVIRONMENT]
    payload = (await cast.environment.data(SUBMIT_REVIEW, {"input": {"id": request["id"], **review}}))["submitReview"]
    assert payload["review"] is None
    assert any(e["field"] == field and message in e["message"] for e in payload["userErrors"]), payload
    departments, _ = by_kind(await cast.requests(proposal))
    assert departments[ENVIRONMENT]["status"] == "PENDING"


async def test_concluding_with_reviews_missing_names_them_and_changes_nothing(cast: Cast) -> None:
    proposal = await cast.submitted()
    departments, _ = by_kind(await cast.requests(proposal))
    review = {"id": departments[ENVIRONMENT]["id"], "opinion": "CONCUR"}
    assert (await cast.environment.data(SUBMIT_REVIEW, {"input": review}))["submitReview"]["userErrors"] == []
    payload = (
        await cast.chair.data(
            CONCLUDE, {"input": {"proposal": proposal["id"], "decision": "APPROVED", "summaryZh": "同意"}}
        )
    )["concludeReview"]
    assert payload["conclusion"] is None
    [error] = payload["userErrors"]
    assert error["code"] == "REVIEWS_MISSING"
    assert "3 required review(s)" in error["message"]
    assert "市教育体育局" in error["message"]
    assert "an expert in ENVIRONMENTAL_HEALTH" in error["message"]
    found = await cast.round_of(proposal)
    assert found["status"] == "IN_REVIEW"
    assert found["currentRound"]["conclusion"] is None


async def test_the_secretary_waives_and_replaces_with_reasons_and_history_stays(cast: Cast) -> None:
    proposal = await cast.submitted()
    departments, experts = by_kind(await cast.requests(proposal))
    # a waiver needs a reason
    empty = await cast.secretary.data(WAIVE, {"id": departments[EDUCATION]["id"], "reason": "  "})
    assert empty["waiveReviewRequest"]["userErrors"][0]["field"] == ["input", "reason"]
    waived = await cast.secretary.data(WAIVE, {"id": departments[EDUCATION]["id"], "reason": "不涉及学校"})
    assert waived["waiveReviewRequest"]["reviewRequest"]["status"] == "WAIVED"
    # the conflicted expert may not be put on the sponsor's proposal by hand either
    env = experts["ENVIRONMENTAL_HEALTH"]
    other = next(name for name in ("env-a", "env-b") if cast.expert_ids[name] != env["expert"]["id"])
    conflict = await cast.secretary.data(
        REPLACE, {"input": {"id": env["id"], "expert": cast.expert_ids["conflicted"], "reason": "换人"}}
    )
    assert "conflict of interest" in conflict["replaceReviewer"]["userErrors"][0]["message"]
    wrong_specialty = await cast.secretary.data(
        REPLACE, {"input": {"id": experts["DISEASE_CONTROL"]["id"], "expert": cast.expert_ids["env-a"], "reason": "x"}}
    )
    assert "does not have the specialty" in wrong_specialty["replaceReviewer"]["userErrors"][0]["message"]
    replaced = await cast.secretary.data(
        REPLACE, {"input": {"id": env["id"], "expert": cast.expert_ids[other], "reason": "原专家出差"}}
    )
    new = replaced["replaceReviewer"]["reviewRequest"]
    assert new["status"] == "PENDING"
    assert new["expert"]["id"] == cast.expert_ids[other]
    assert new["replaces"] == {"id": env["id"], "status": "REPLACED", "closingReason": "原专家出差"}
    # a closed request cannot be waived
    again = await cast.secretary.data(WAIVE, {"id": env["id"], "reason": "x"})
    assert again["waiveReviewRequest"]["userErrors"][0]["code"] == "INVALID_STATE"
    # the department officer may not change reviewers at all
    denied = await cast.sponsor.post(WAIVE, {"id": new["id"], "reason": "我不想"})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    statuses = sorted(r["status"] for r in await cast.requests(proposal))
    assert statuses == sorted(["PENDING", "WAIVED", "REPLACED", "PENDING", "PENDING"])


async def test_the_secretary_adds_a_reviewer_to_a_minimal_screening(cast: Cast) -> None:
    # a minimal-impact policy needs no review: it rests SCREENED and the chair may conclude it at once
    proposal = await cast.submitted(
        kind="POLICY", policyType="REGULATION", answers=[], investmentYuan=None, vulnerableGroups=[]
    )
    found = await cast.round_of(proposal)
    assert found["status"] == "SCREENED"
    assert found["currentRound"]["reviewRequests"] == []
    added = await cast.secretary.data(
        ADD_REQUEST,
        {"input": {"proposal": proposal["id"], "department": ENVIRONMENT, "reason": "群众来信反映扬尘"}},
    )
    request = added["addReviewRequest"]["reviewRequest"]
    assert request["status"] == "PENDING"
    assert request["dueOn"] == later(5)
    assert request["reasons"] == [{"kind": "SECRETARY", "code": "群众来信反映扬尘"}]
    assert (await cast.round_of(proposal))["status"] == "IN_REVIEW"
    duplicate = await cast.secretary.data(
        ADD_REQUEST, {"input": {"proposal": proposal["id"], "department": ENVIRONMENT, "reason": "again"}}
    )
    assert "already asked" in duplicate["addReviewRequest"]["userErrors"][0]["message"]
    sponsor = await cast.secretary.data(
        ADD_REQUEST, {"input": {"proposal": proposal["id"], "department": SPONSOR, "reason": "x"}}
    )
    assert "sponsoring department" in sponsor["addReviewRequest"]["userErrors"][0]["message"]


async def test_conditions_become_obligations_followed_up_to_done(cast: Cast) -> None:
    proposal = await cast.submitted()
    await cast.review_all(proposal, "CONCUR_WITH_CONDITIONS")
    concluded = await cast.chair.data(
        CONCLUDE,
        {
            "input": {
                "proposal": proposal["id"],
                "decision": "APPROVED_WITH_CONDITIONS",
                "summaryZh": "有条件同意",
                "conditions": [
                    {"textZh": "设立空气质量监测点", "responsibleDepartment": ENVIRONMENT, "dueOn": later(60)}
                ],
            }
        },
    )
    payload = concluded["concludeReview"]
    assert payload["userErrors"] == []
    assert payload["conclusion"]["signedName"] == "王主任"
    assert payload["conclusion"]["signedTitle"] == "主任医师"
    assert payload["proposal"]["status"] == "APPROVED_WITH_CONDITIONS"
    assert payload["proposal"]["availableActions"] == []
    obligations = """query($code: String!, $after: String) { department(code: $code) { obligations {
      conditions(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        nodes { id status dueOn overdue textZh proposal { code } version } } } } }"""
    first = (await cast.sponsor.data(obligations, {"code": SPONSOR}))["department"]["obligations"]["conditions"]
    # a page of three, and the rest after it, soonest due first
    assert len(first["nodes"]) == 3
    assert first["pageInfo"]["hasNextPage"]
    rest = await cast.sponsor.data(obligations, {"code": SPONSOR, "after": first["pageInfo"]["endCursor"]})
    mine = first["nodes"] + rest["department"]["obligations"]["conditions"]["nodes"]
    assert len(mine) == first["totalCount"]
    assert [c["dueOn"] for c in mine] == sorted(c["dueOn"] for c in mine)
    ours = [c for c in mine if c["proposal"]["code"] == proposal["code"]]
    # every reviewer proposed one condition for the sponsor: all four adopted
    assert len(ours) == 4
    assert {c["status"] for c in ours} == {"OPEN"}
    environment = (await cast.environment.data(obligations, {"code": ENVIRONMENT}))["department"]["obligations"]
    assert [c["textZh"] for c in environment["conditions"]["nodes"] if c["proposal"]["code"] == proposal["code"]] == [
        "设立空气质量监测点"
    ]
    # anonymous callers read the catalog, not conditions
    anonymous = await cast.anonymous.post(obligations, {"code": SPONSOR})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # evidence is required; then the condition is done
    first = ours[0]
    missing = await cast.sponsor.data(COMPLETE, {"input": {"id": first["id"], "evidence": ""}})
    assert missing["completeCondition"]["userErrors"][0]["field"] == ["input", "evidence"]
    stale = await cast.sponsor.data(COMPLETE, {"input": {"id": first["id"], "evidence": "x", "expectedVersion": 7}})
    assert stale["completeCondition"]["userErrors"][0]["code"] == "CONFLICT"
    others = await cast.environment.post(COMPLETE, {"input": {"id": first["id"], "evidence": "已洒水"}})
    assert others["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    done = await cast.sponsor.data(
        COMPLETE, {"input": {"id": first["id"], "evidence": "每日洒水四次，见台账", "expectedVersion": 1}}
    )
    assert done["completeCondition"]["condition"]["status"] == "DONE"
    assert done["completeCondition"]["condition"]["version"] == 2
    # a review after the conclusion is refused naming the state
    late = await cast.experts["cdc"].data(SUBMIT_REVIEW, {"input": {"id": first["id"], "opinion": "CONCUR"}})
    assert late["submitReview"]["userErrors"][0]["code"] == "NOT_FOUND"  # a condition id is no request id


async def test_reviewing_after_the_conclusion_is_refused_naming_the_state(cast: Cast) -> None:
    proposal = await cast.submitted()
    requests = await cast.requests(proposal)
    departments, _ = by_kind(requests)
    await cast.review_all(proposal)
    # the secretary had already waived nothing; all are reviewed: conclude
    payload = (
        await cast.chair.data(
            CONCLUDE, {"input": {"proposal": proposal["id"], "decision": "REJECTED", "summaryZh": "不同意"}}
        )
    )["concludeReview"]
    assert payload["userErrors"] == []
    assert payload["proposal"]["status"] == "REJECTED"
    again = await cast.environment.data(
        SUBMIT_REVIEW, {"input": {"id": departments[ENVIRONMENT]["id"], "opinion": "OBJECT", "comments": "晚了"}}
    )
    error = again["submitReview"]["userErrors"][0]
    assert error["code"] == "INVALID_STATE"
    assert "REJECTED" in error["message"]
    twice = await cast.chair.data(
        CONCLUDE, {"input": {"proposal": proposal["id"], "decision": "APPROVED", "summaryZh": "改为同意"}}
    )
    assert "the proposal is REJECTED" in twice["concludeReview"]["userErrors"][0]["message"]


async def test_a_draft_cannot_be_concluded_and_only_the_chair_concludes(cast: Cast) -> None:
    draft = await cast.draft()
    payload = (
        await cast.chair.data(
            CONCLUDE, {"input": {"proposal": draft["id"], "decision": "APPROVED", "summaryZh": "同意"}}
        )
    )["concludeReview"]
    assert payload["userErrors"][0]["code"] == "INVALID_STATE"
    assert "the proposal is DRAFT" in payload["userErrors"][0]["message"]
    denied = await cast.secretary.post(
        CONCLUDE, {"input": {"proposal": draft["id"], "decision": "APPROVED", "summaryZh": "同意"}}
    )
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_available_actions_are_what_this_caller_may_do_now(cast: Cast) -> None:
    # given a proposal in review with a request addressed to the environment bureau
    proposal = await cast.submitted()
    departments, _experts = by_kind(await cast.requests(proposal))
    assert ENVIRONMENT in departments

    async def actions(client: GraphQLClient) -> list[str]:
        found: list[str] = (await cast.round_of(proposal, client))["availableActions"]
        return found

    # then each caller sees only the buttons that will work for it
    assert await actions(cast.environment) == ["REVIEW"]
    assert await actions(cast.secretary) == ["CHANGE_REVIEWERS"]
    assert await actions(cast.chair) == [
        "CHANGE_REVIEWERS",
        "APPROVE",
        "APPROVE_WITH_CONDITIONS",
        "REQUEST_REVISION",
        "REJECT",
    ]
    assert await actions(cast.sponsor) == []  # its proposal, but nothing is the sponsor's to do in review
    assert await actions(cast.viewer) == []
    # an expert sees REVIEW only where a request is its own
    expert_requests = [r for r in await cast.requests(proposal) if r["kind"] == "EXPERT" and r["expert"]]
    assigned = {r["expert"]["id"] for r in expert_requests}
    for name, member_id in cast.expert_ids.items():
        assert (await actions(cast.experts[name]) == ["REVIEW"]) == (member_id in assigned), name
    # once the environment bureau has reviewed, REVIEW is no longer its action
    review = {"id": departments[ENVIRONMENT]["id"], "opinion": "CONCUR"}
    submitted = (await cast.environment.data(SUBMIT_REVIEW, {"input": review}))["submitReview"]
    assert submitted["userErrors"] == []
    assert await actions(cast.environment) == []


async def test_a_resubmission_is_screened_again_and_keeps_the_first_round(cast: Cast) -> None:
    proposal = await cast.submitted()
    await cast.review_all(proposal)
    revise = await cast.chair.data(
        CONCLUDE, {"input": {"proposal": proposal["id"], "decision": "REVISE_AND_RESUBMIT", "summaryZh": "请补充"}}
    )
    assert revise["concludeReview"]["proposal"]["status"] == "REVISION_REQUESTED"
    # the chair concluded; editing and submitting again are the sponsor's
    assert revise["concludeReview"]["proposal"]["availableActions"] == []
    assert (await cast.round_of(proposal, cast.sponsor))["availableActions"] == ["EDIT", "SUBMIT"]
    version = revise["concludeReview"]["proposal"]["version"]
    edited = await cast.sponsor.data(
        UPDATE,
        {
            "input": {
                "id": proposal["id"],
                "expectedVersion": version,
                "answers": [
                    {"question": "air.emissions", "yesNo": "NO"},
                    {"question": "air.distance_m", "number": 2000},
                ],
            }
        },
    )
    assert edited["updateProposal"]["userErrors"] == []
    again = await cast.sponsor.data(SUBMIT, {"id": proposal["id"], "key": uuid.uuid4().hex})
    assert again["submitProposal"]["userErrors"] == []
    found = await cast.round_of(proposal)
    assert [r["number"] for r in found["reviewRounds"]] == [1, 2]
    first, second = found["reviewRounds"]
    assert first["conclusion"] == {"decision": "REVISE_AND_RESUBMIT"}
    assert {r["status"] for r in first["reviewRequests"]} == {"REVIEWED"}
    assert second["conclusion"] is None
    assert found["currentRound"]["number"] == 2


MINE = """query($filter: ReviewRequestFilter) { reviewRequests(filter: $filter, first: 100) {
  totalCount nodes { id status overdue dueOn proposal { code } department { code } expert { id } } } }"""
LATE_CONDITIONS = """query { conditions(filter: {overdue: true}, first: 100) {
  nodes { id overdue dueOn status proposal { code } responsibleDepartment { code } } } }"""


async def test_each_reviewer_lists_what_is_assigned_to_it(cast: Cast) -> None:
    proposal = await cast.submitted()
    mine = (await cast.environment.data(MINE, {"filter": {"assignedToMe": True}}))["reviewRequests"]["nodes"]
    assert {r["department"]["code"] for r in mine} == {ENVIRONMENT}
    assert proposal["code"] in {r["proposal"]["code"] for r in mine}
    cdc = (await cast.experts["cdc"].data(MINE, {"filter": {"assignedToMe": True}}))["reviewRequests"]["nodes"]
    assert {r["expert"]["id"] for r in cdc} == {cast.expert_ids["cdc"]}
    # "mine" means nothing for the secretary: said so, naming the filter
    refused = await cast.secretary.post(MINE, {"filter": {"assignedToMe": True}})
    assert refused["errors"][0]["extensions"]["field"] == ["filter", "assignedToMe"]


async def test_overdue_requests_and_conditions_are_listed(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from service.review import settings

    proposal = await cast.submitted()
    await cast.review_all(proposal, "CONCUR_WITH_CONDITIONS")
    done = await cast.chair.data(
        CONCLUDE, {"input": {"proposal": proposal["id"], "decision": "APPROVED_WITH_CONDITIONS", "summaryZh": "同意"}}
    )
    assert done["concludeReview"]["userErrors"] == []
    pending = await cast.submitted()
    # nothing is late today
    assert (await cast.secretary.data(LATE_CONDITIONS))["conditions"]["nodes"] == []
    # a hundred days on, the open conditions (due in 30) and requests (due in 20) are late
    today = settings.today()
    monkeypatch.setattr(settings, "today", lambda: today + dt.timedelta(days=100))
    late = (await cast.secretary.data(LATE_CONDITIONS))["conditions"]["nodes"]
    ours = [c for c in late if c["proposal"]["code"] == proposal["code"]]
    assert len(ours) == 4
    assert all(c["overdue"] and c["status"] == "OPEN" for c in ours)
    overdue = (await cast.secretary.data(MINE, {"filter": {"overdue": True}}))["reviewRequests"]["nodes"]
    assert pending["code"] in {r["proposal"]["code"] for r in overdue}
    assert all(r["overdue"] and r["status"] in ("PENDING", "UNASSIGNED") for r in overdue)
    # a condition done is no longer late
    first = ours[0]
    await cast.sponsor.data(COMPLETE, {"input": {"id": first["id"], "evidence": "已完成"}})
    still_late = {c["id"] for c in (await cast.secretary.data(LATE_CONDITIONS))["conditions"]["nodes"]}
    assert first["id"] not in still_late


async def test_review_requests_page_soonest_due_first(cast: Cast) -> None:
    await cast.submitted()
    page = """query($after: String) { reviewRequests(first: 3, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id dueOn } } }"""
    first = (await cast.secretary.data(page))["reviewRequests"]
    assert first["totalCount"] > 3
    second = (await cast.secretary.data(page, {"after": first["pageInfo"]["endCursor"]}))["reviewRequests"]
    seen = first["nodes"] + second["nodes"]
    assert len({n["id"] for n in seen}) == len(seen)
    assert [n["dueOn"] for n in seen] == sorted(n["dueOn"] for n in seen)


async def test_a_reviewer_answers_what_the_screening_left_open(cast: Cast) -> None:
    from tests.screening.test_proposals_api import AIR_PROJECT

    answers = [*AIR_PROJECT["answers"], {"question": "air.school_nearby", "yesNo": "UNKNOWN"}]
    proposal = await cast.submitted(answers=answers)
    departments, _ = by_kind(await cast.requests(proposal))
    review = {
        "id": departments[ENVIRONMENT]["id"],
        "opinion": "CONCUR",
        "answers": [{"question": "air.school_nearby", "yesNo": "YES", "note": "厂址东侧800米有小学"}],
    }
    payload = (await cast.environment.data(SUBMIT_REVIEW, {"input": review}))["submitReview"]
    assert payload["userErrors"] == []
    assert payload["review"]["answers"] == [
        {"questionId": "air.school_nearby", "yesNo": "YES", "note": "厂址东侧800米有小学"}
    ]
    wrong_type = {
        **review,
        "id": departments[EDUCATION]["id"],
        "answers": [{"question": "air.school_nearby", "number": 3}],
    }
    refused = (await cast.education.data(SUBMIT_REVIEW, {"input": wrong_type}))["submitReview"]
    assert refused["userErrors"][0]["field"][:3] == ["input", "answers", "air.school_nearby"]
    # a value that fits a yes/no question, given as a choice, is refused too: answers keep their types
    wrong_field = {**wrong_type, "answers": [{"question": "air.school_nearby", "choice": "YES"}]}
    refused = (await cast.education.data(SUBMIT_REVIEW, {"input": wrong_field}))["submitReview"]
    assert refused["review"] is None
    assert refused["userErrors"][0]["field"] == ["input", "answers", "air.school_nearby"]
    assert "answer it with `yesNo`, not `choice`" in refused["userErrors"][0]["message"]
