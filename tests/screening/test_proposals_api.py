"""Proposals over the API: drafts, answers, submission with idempotency, preview, filters, clear userErrors."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient, count_statements

CREATE = """mutation($input: CreateProposalInput!) { createProposal(input: $input) {
  proposal { id code status version kind title jurisdiction { code } sponsoringDepartment { code }
    checklist { version } answers { questionId yesNo number choice choices } vulnerableGroups }
  userErrors { field message code } } }"""
UPDATE = """mutation($input: UpdateProposalInput!) { updateProposal(input: $input) {
  proposal { id status version title summary answers { questionId yesNo } }
  userErrors { field message code } } }"""
SUBMIT = """mutation($id: ID!, $key: String!) { submitProposal(input: {id: $id, idempotencyKey: $key}) {
  proposal { status impactDegree submittedAt }
  assessment { id inScope impactDegree procedure firedRules derivedFacts inputsHash checklist { version }
    nationalForm { number answer becauseRules }
    findings { indicator { code } effect severity ruleId matched linkedIndicators { code }
      targets { code year } bindingTargetAtRisk }
    requiredPortfolios { portfolio { code } ruleIds }
    requiredDepartments { department { code jurisdiction { code } } reasons { kind code } }
    requiredSpecialties { specialty } needsInformation { questionId } mitigations { zh en } }
  userErrors { field message code } } }"""

AIR_PROJECT: dict[str, Any] = {
    "kind": "PROJECT",
    "title": "垃圾焚烧发电厂",
    "jurisdiction": "panzhihua",
    "sponsoringDepartment": "panzhihua.urban-management-bureau",
    "investmentYuan": 8e8,
    "populationAffected": 50000,
    "vulnerableGroups": ["CHILDREN"],
    "answers": [
        {"question": "air.emissions", "yesNo": "YES"},
        {"question": "air.distance_m", "number": 300},
        {"question": "air.sources", "choices": ["DUST"]},
    ],
}


async def create(api: GraphQLClient, **changes: Any) -> dict[str, Any]:
    data = await api.data(CREATE, {"input": {**AIR_PROJECT, **changes}})
    payload: dict[str, Any] = data["createProposal"]
    return payload


async def test_a_department_drafts_a_proposal_with_answers(screening_api: GraphQLClient) -> None:
    payload = await create(screening_api)
    assert payload["userErrors"] == []
    proposal = payload["proposal"]
    assert proposal["status"] == "DRAFT"
    assert proposal["version"] == 1
    assert proposal["code"].startswith("HIA-")
    assert proposal["checklist"]["version"] == 1000
    assert proposal["sponsoringDepartment"]["code"] == "panzhihua.urban-management-bureau"
    # answers come back in the checklist's order, each in its own typed field
    assert proposal["answers"] == [
        {"questionId": "air.emissions", "yesNo": "YES", "number": None, "choice": None, "choices": None},
        {"questionId": "air.distance_m", "yesNo": None, "number": 300.0, "choice": None, "choices": None},
        {"questionId": "air.sources", "yesNo": None, "number": None, "choice": None, "choices": ["DUST"]},
    ]


async def test_the_same_idempotency_key_creates_one_proposal(screening_api: GraphQLClient) -> None:
    key = uuid.uuid4().hex
    first = await create(screening_api, idempotencyKey=key)
    again = await create(screening_api, idempotencyKey=key)
    assert again["userErrors"] == []
    assert again["proposal"]["id"] == first["proposal"]["id"]


async def test_a_key_sent_again_with_other_input_is_a_conflict_not_the_first_result(
    screening_api: GraphQLClient,
) -> None:
    # given a proposal created with a key
    key = uuid.uuid4().hex
    first = await create(screening_api, idempotencyKey=key)
    before = (await screening_api.data("{ proposals(first: 1) { totalCount } }"))["proposals"]["totalCount"]
    # when the key comes back with another title
    again = await create(screening_api, idempotencyKey=key, title="another title")
    # then the caller is told, nothing is created, and the first proposal is untouched
    assert again["proposal"] is None
    assert again["userErrors"][0]["code"] == "IDEMPOTENCY_CONFLICT"
    assert again["userErrors"][0]["field"] == ["input", "idempotencyKey"]
    after = (await screening_api.data("{ proposals(first: 1) { totalCount } }"))["proposals"]["totalCount"]
    assert after == before
    assert first["proposal"]["title"] == AIR_PROJECT["title"]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"answers": [{"question": "air.nope", "yesNo": "YES"}]}, ["input", "answers", "air.nope"], "INVALID"),
        (
            {"answers": [{"question": "air.distance_m", "yesNo": "YES"}]},
            ["input", "answers", "air.distance_m"],
            "INVALID",
        ),
        (
            # the value fits a yes/no question, but it is given as a choice: answers keep their types
            {"answers": [{"question": "air.emissions", "choice": "YES"}]},
            ["input", "answers", "air.emissions"],
            "INVALID",
        ),
        (
            {"answers": [{"question": "air.sources", "choice": "DUST"}]},
            ["input", "answers", "air.sources"],
            "INVALID",
        ),
        (
            {"answers": [{"question": "air.distance_m", "number": -4}]},
            ["input", "answers", "air.distance_m"],
            "INVALID",
        ),
        (
            {"answers": [{"question": "air.emissions", "yesNo": "YES", "number": 3}]},
            ["input", "answers", "0"],
            "INVALID_ARGUMENT",
        ),
        ({"sponsoringDepartment": "wuzhong.health-commission"}, ["input", "sponsoringDepartment"], "INVALID"),
        ({"sponsoringDepartment": "nobody"}, ["input", "sponsoringDepartment"], "NOT_FOUND"),
        ({"title": "  "}, ["input", "title"], "INVALID"),
        ({"policyType": "REGULATION"}, ["input", "policyType"], "INVALID"),
        ({"checklistVersion": 999999}, ["input", "checklistVersion"], "NOT_FOUND"),
    ],
)
async def test_bad_input_is_a_user_error_naming_the_field_and_creates_nothing(
    screening_api: GraphQLClient, screening_db: DatabaseUnderTest, changes: dict[str, Any], field: list[str], code: str
) -> None:
    before = (await screening_api.data("{ proposals(first: 1) { totalCount } }"))["proposals"]["totalCount"]
    payload = await create(screening_api, **changes)
    assert payload["proposal"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(field, code)]
    after = (await screening_api.data("{ proposals(first: 1) { totalCount } }"))["proposals"]["totalCount"]
    assert after == before


async def test_drafts_are_edited_with_optimistic_versions(screening_api: GraphQLClient) -> None:
    proposal = (await create(screening_api))["proposal"]
    changed = (
        await screening_api.data(
            UPDATE,
            {
                "input": {
                    "id": proposal["id"],
                    "expectedVersion": 1,
                    "summary": "新增除尘设施",
                    "answers": [{"question": "air.emissions", "yesNo": "NO"}],
                }
            },
        )
    )["updateProposal"]
    assert changed["userErrors"] == []
    assert changed["proposal"]["version"] == 2
    assert changed["proposal"]["title"] == proposal["title"]  # untouched fields stay
    assert changed["proposal"]["answers"] == [{"questionId": "air.emissions", "yesNo": "NO"}]
    stale = (
        await screening_api.data(
            UPDATE, {"input": {"id": proposal["id"], "expectedVersion": 1, "title": "lost update"}}
        )
    )["updateProposal"]
    assert stale["proposal"] is None
    assert stale["userErrors"][0]["code"] == "CONFLICT"
    assert "since version 1 (now 2)" in stale["userErrors"][0]["message"]


async def test_submitting_screens_stores_and_is_idempotent(screening_api: GraphQLClient) -> None:
    proposal = (await create(screening_api))["proposal"]
    first = (await screening_api.data(SUBMIT, {"id": proposal["id"], "key": "submit-1"}))["submitProposal"]
    assert first["userErrors"] == []
    # a major impact requires review: the requests open with the screening
    assert first["proposal"]["status"] == "IN_REVIEW"
    assessment = first["assessment"]
    assert assessment["inScope"]
    assert assessment["impactDegree"] == "MAJOR"
    assert assessment["procedure"] == "FULL_ASSESSMENT"
    assert assessment["derivedFacts"] == ["air-quality-impact", "near-sensitive"]
    assert first["proposal"]["impactDegree"] == "MAJOR"
    air = next(f for f in assessment["findings"] if f["indicator"]["code"] == "CN2018-01")
    assert air["effect"] == "NEGATIVE"
    assert air["matched"] == ["air.emissions = YES"]
    # Panzhihua's own five-year-plan indicator for air quality and its binding 2025 target
    assert "PZH14-22" in [i["code"] for i in air["linkedIndicators"]]
    assert air["targets"]
    assert air["bindingTargetAtRisk"] is True
    departments = {d["department"]["code"]: d for d in assessment["requiredDepartments"]}
    assert {d["department"]["jurisdiction"]["code"] for d in assessment["requiredDepartments"]} == {"panzhihua"}
    # the portfolio ecology-environment resolves to Panzhihua's environment bureau
    assert {"kind": "PORTFOLIO", "code": "ecology-environment"} in departments[
        "panzhihua.environmental-protection-bureau"
    ]["reasons"]
    assert {s["specialty"] for s in assessment["requiredSpecialties"]} == {"DISEASE_CONTROL", "ENVIRONMENTAL_HEALTH"}
    # the same key returns the first assessment; another key is refused naming the state
    again = (await screening_api.data(SUBMIT, {"id": proposal["id"], "key": "submit-1"}))["submitProposal"]
    assert again["assessment"]["id"] == assessment["id"]
    other = (await screening_api.data(SUBMIT, {"id": proposal["id"], "key": "submit-2"}))["submitProposal"]
    assert other["assessment"] is None
    assert other["userErrors"][0]["code"] == "INVALID_STATE"
    assert "the proposal is IN_REVIEW" in other["userErrors"][0]["message"]
    edit = (await screening_api.data(UPDATE, {"input": {"id": proposal["id"], "title": "x"}}))["updateProposal"]
    assert edit["userErrors"][0]["code"] == "INVALID_STATE"


async def test_preview_gives_the_submitted_outcome_and_stores_nothing(screening_api: GraphQLClient) -> None:
    count = "{ proposals(first: 1) { totalCount } }"
    before = (await screening_api.data(count))["proposals"]["totalCount"]
    preview = (
        await screening_api.data(
            """mutation($input: CreateProposalInput!) { previewScreening(input: $input) {
          preview { impactDegree firedRules inputsHash checklist { version }
            degreeReasons { degree decisive ruleId textZh matchedZh } } userErrors { field } } }""",
            {"input": AIR_PROJECT},
        )
    )["previewScreening"]
    assert (await screening_api.data(count))["proposals"]["totalCount"] == before
    proposal = (await create(screening_api))["proposal"]
    submitted = (await screening_api.data(SUBMIT, {"id": proposal["id"], "key": "k"}))["submitProposal"]["assessment"]
    assert preview["preview"]["impactDegree"] == submitted["impactDegree"]
    assert preview["preview"]["firedRules"] == submitted["firedRules"]
    assert preview["preview"]["inputsHash"] == submitted["inputsHash"]
    # the preview says why, decisive reasons first, each for the degree it concluded
    reasons = preview["preview"]["degreeReasons"]
    assert reasons[0]["decisive"]
    assert {r["degree"] for r in reasons if r["decisive"]} == {preview["preview"]["impactDegree"]}
    assert all(r["ruleId"] in preview["preview"]["firedRules"] for r in reasons if r["ruleId"])


async def test_dont_know_answers_are_listed_as_information_needed(screening_api: GraphQLClient) -> None:
    proposal = (await create(screening_api, answers=[{"question": "air.emissions", "yesNo": "UNKNOWN"}]))["proposal"]
    assessment = (await screening_api.data(SUBMIT, {"id": proposal["id"], "key": "k"}))["submitProposal"]["assessment"]
    assert assessment["needsInformation"] == [{"questionId": "air.emissions"}]
    assert {"number": 6, "answer": "UNKNOWN", "becauseRules": []} in assessment["nationalForm"]


async def test_policies_projects_and_filters(screening_api: GraphQLClient) -> None:
    sponsor = "panzhihua.civil-affairs-bureau"
    policy = (
        await create(
            screening_api,
            kind="POLICY",
            policyType="FORWARDED_DOCUMENT",
            investmentYuan=None,
            sponsoringDepartment=sponsor,
        )
    )["proposal"]
    await screening_api.data(SUBMIT, {"id": policy["id"], "key": "k"})
    await create(screening_api, sponsoringDepartment=sponsor)
    data = await screening_api.data(
        """query($d: String!) {
        policies(first: 10, filter: {sponsoringDepartment: $d}) { nodes { kind status } }
        projects(first: 10, filter: {sponsoringDepartment: $d}) { nodes { kind status } }
        screened: proposals(first: 10, filter: {sponsoringDepartment: $d, statuses: [SCREENED]}) { nodes { code } }
        minimal: proposals(first: 10, filter: {sponsoringDepartment: $d, impactDegrees: [MINIMAL]}) { totalCount }
      }""",
        {"d": sponsor},
    )
    assert data["policies"]["nodes"] == [{"kind": "POLICY", "status": "SCREENED"}]
    assert data["projects"]["nodes"] == [{"kind": "PROJECT", "status": "DRAFT"}]
    assert len(data["screened"]["nodes"]) == 1
    assert data["minimal"]["totalCount"] == 1  # the forwarded document: out of scope, minimal


async def test_listing_proposals_with_assessments_is_constant_in_page_size(
    screening_api: GraphQLClient, screening_db: DatabaseUnderTest
) -> None:
    for i in range(12):
        proposal = (await create(screening_api, title=f"bulk {i}"))["proposal"]
        await screening_api.data(SUBMIT, {"id": proposal["id"], "key": "k"})
    query = """query($first: Int!) { proposals(first: $first, filter: {statuses: [SCREENED]}) { nodes {
        code jurisdiction { code } sponsoringDepartment { code } checklist { version } answers { questionId }
        assessment { impactDegree findings { indicator { code } targets { code } }
          requiredDepartments { department { code } } requiredPortfolios { portfolio { code } } } } } }"""
    with count_statements(screening_db.engine) as small:
        await screening_api.data(query, {"first": 3})
    with count_statements(screening_db.engine) as large:
        await screening_api.data(query, {"first": 12})
    assert large.count == small.count


async def test_an_answer_in_the_wrong_field_names_the_field_to_use(screening_api: GraphQLClient) -> None:
    draft = (await create(screening_api))["proposal"]
    changed = (
        await screening_api.data(
            UPDATE, {"input": {"id": draft["id"], "answers": [{"question": "air.emissions", "choice": "NO"}]}}
        )
    )["updateProposal"]
    assert changed["proposal"] is None
    [error] = changed["userErrors"]
    assert error["field"] == ["input", "answers", "air.emissions"]
    assert error["message"] == "air.emissions is a YES_NO question: answer it with `yesNo`, not `choice`"


async def test_every_timestamp_carries_its_offset_whichever_database(screening_api: GraphQLClient) -> None:
    # given a proposal drafted and submitted (which records an event and audit entries)
    draft = (await create(screening_api))["proposal"]
    await screening_api.data(SUBMIT, {"id": draft["id"], "key": uuid.uuid4().hex})
    read = await screening_api.data(
        """query($code: String!) { proposal(code: $code) { createdAt updatedAt submittedAt
             events(first: 5) { nodes { at } } assessment { createdAt } }
           auditLog(first: 3) { nodes { at } } }""",
        {"code": draft["code"]},
    )
    proposal = read["proposal"]
    stamps = [
        proposal["createdAt"],
        proposal["updatedAt"],
        proposal["submittedAt"],
        proposal["assessment"]["createdAt"],
        *[e["at"] for e in proposal["events"]["nodes"]],
        *[e["at"] for e in read["auditLog"]["nodes"]],
    ]
    # then each is ISO 8601 with an offset (SQLite keeps none; the service marks them UTC)
    assert len(stamps) >= 6
    for stamp in stamps:
        assert dt.datetime.fromisoformat(stamp).utcoffset() is not None, stamp
