"""The people of a review, with real tokens: Panzhihua's committee (chair, secretary, experts), the sponsoring
department and the departments screening asks to review; and the GraphQL operations they use."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from service.review import settings
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.screening.test_proposals_api import AIR_PROJECT, CREATE

SPONSOR = "panzhihua.urban-management-bureau"
ENVIRONMENT = "panzhihua.environmental-protection-bureau"
EDUCATION = "panzhihua.education-sport-bureau"
TOURISM = "panzhihua.tourism-bureau"

CREATE_COMMITTEE = """mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) {
  committee { id code nameZh } userErrors { field message code } } }"""
ADD_MEMBER = """mutation($input: AddCommitteeMemberInput!) { addCommitteeMember(input: $input) {
  member { id role nameZh specialties affiliationDepartment { code } } userErrors { field message code } } }"""
SUBMIT = """mutation($id: ID!, $key: String!) { submitProposal(input: {id: $id, idempotencyKey: $key}) {
  proposal { id status version availableActions }
  assessment { impactDegree requiredSpecialties { specialty } requiredDepartments { department { code } } }
  userErrors { field message code } } }"""
ROUND = """query($code: String!) { proposal(code: $code) { id status version availableActions actionsInState
  currentRound { number conclusion { decision signedName }
    reviewRequests { id kind status specialty dueOn overdue closingReason reasons { kind code }
      department { code } expert { id nameZh } replaces { id } review { opinion } } }
  reviewRounds { number reviewRequests { status } conclusion { decision } } } }"""
SUBMIT_REVIEW = """mutation($input: SubmitReviewInput!) { submitReview(input: $input) {
  review { id opinion comments signedName answers { questionId yesNo note } conditions { id status textZh
    responsibleDepartment { code } } }
  userErrors { field message code } } }"""
CONCLUDE = """mutation($input: ConcludeReviewInput!) { concludeReview(input: $input) {
  conclusion { id decision signedName signedTitle concludedAt } proposal { status version availableActions }
  userErrors { field message code } } }"""
WAIVE = """mutation($id: ID!, $reason: String!) { waiveReviewRequest(input: {id: $id, reason: $reason}) {
  reviewRequest { id status closingReason } userErrors { field message code } } }"""
REPLACE = """mutation($input: ReplaceReviewerInput!) { replaceReviewer(input: $input) {
  reviewRequest { id status kind department { code } expert { id nameZh } replaces { id status closingReason } }
  userErrors { field message code } } }"""
ADD_REQUEST = """mutation($input: AddReviewRequestInput!) { addReviewRequest(input: $input) {
  reviewRequest { id status kind dueOn department { code } reasons { kind code } }
  userErrors { field message code } } }"""
COMPLETE = """mutation($input: CompleteConditionInput!) { completeCondition(input: $input) {
  condition { id status evidence completedBy version } userErrors { field message code } } }"""
UPDATE = """mutation($input: UpdateProposalInput!) { updateProposal(input: $input) {
  proposal { status version } userErrors { field message code } } }"""


def later(days: int) -> str:
    """A date `days` from today where the service works (China Standard Time, as due dates are)."""
    return (settings.today() + dt.timedelta(days=days)).isoformat()


@dataclass
class Cast:
    anonymous: GraphQLClient
    secretary: GraphQLClient
    chair: GraphQLClient
    sponsor: GraphQLClient
    environment: GraphQLClient
    education: GraphQLClient
    tourism: GraphQLClient
    admin: GraphQLClient
    viewer: GraphQLClient
    experts: dict[str, GraphQLClient]
    expert_ids: dict[str, str]

    async def draft(self, **changes: Any) -> dict[str, Any]:
        payload = (await self.sponsor.data(CREATE, {"input": {**AIR_PROJECT, **changes}}))["createProposal"]
        assert payload["userErrors"] == [], payload
        proposal: dict[str, Any] = payload["proposal"]
        return proposal

    async def submitted(self, **changes: Any) -> dict[str, Any]:
        """A proposal drafted by the sponsor and submitted: screened MAJOR on the test checklist, in review."""
        proposal = await self.draft(**changes)
        result = (await self.sponsor.data(SUBMIT, {"id": proposal["id"], "key": uuid.uuid4().hex}))["submitProposal"]
        assert result["userErrors"] == [], result
        return {**proposal, **result["proposal"]}

    async def round_of(self, proposal: dict[str, Any], client: GraphQLClient | None = None) -> dict[str, Any]:
        data = await (client or self.secretary).data(ROUND, {"code": proposal["code"]})
        found: dict[str, Any] = data["proposal"]
        return found

    async def requests(self, proposal: dict[str, Any]) -> list[dict[str, Any]]:
        round_ = (await self.round_of(proposal))["currentRound"]
        found: list[dict[str, Any]] = round_["reviewRequests"]
        return found

    def reviewer_of(self, request: dict[str, Any]) -> GraphQLClient:
        if request["kind"] == "DEPARTMENT":
            return {ENVIRONMENT: self.environment, EDUCATION: self.education}[request["department"]["code"]]
        name = next(n for n, i in self.expert_ids.items() if i == request["expert"]["id"])
        return self.experts[name]

    async def review_all(self, proposal: dict[str, Any], opinion: str = "CONCUR") -> None:
        for request in await self.requests(proposal):
            if request["status"] != "PENDING":
                continue
            review = {"id": request["id"], "opinion": opinion}
            if opinion == "CONCUR_WITH_CONDITIONS":
                review["conditions"] = [
                    {"textZh": "施工期洒水降尘", "responsibleDepartment": SPONSOR, "dueOn": later(30)}
                ]
            payload = (await self.reviewer_of(request).data(SUBMIT_REVIEW, {"input": review}))["submitReview"]
            assert payload["userErrors"] == [], payload


# name, specialties, affiliated department: the conflicted expert works for the sponsor and joins first,
# so only the conflict rule keeps assignment from picking it.
EXPERTS = [
    ("conflicted", ["ENVIRONMENTAL_HEALTH"], SPONSOR),
    ("env-a", ["ENVIRONMENTAL_HEALTH"], None),
    ("env-b", ["ENVIRONMENTAL_HEALTH", "URBAN_PLANNING"], None),
    ("cdc", ["DISEASE_CONTROL"], None),
]


async def cast_for(db: DatabaseUnderTest, anonymous: GraphQLClient) -> Cast:
    tag = uuid.uuid4().hex[:6]

    async def client(role: str, jurisdiction: str | None, department: str | None, user: str) -> GraphQLClient:
        return anonymous.as_(await issue_token(db, role, jurisdiction, department, user=f"{user}-{tag}"))

    secretary = await client("COMMITTEE_SECRETARY", "panzhihua", None, "secretary")
    chair = await client("COMMITTEE_CHAIR", "panzhihua", None, "chair")
    created = (await secretary.data(CREATE_COMMITTEE, {"input": {"jurisdiction": "panzhihua"}}))["createCommittee"]
    assert created["userErrors"] == []
    members: list[dict[str, Any]] = [
        {"user": f"chair-{tag}", "role": "CHAIR", "nameZh": "王主任", "titleZh": "主任医师"},
        {"user": f"secretary-{tag}", "role": "SECRETARY", "nameZh": "李秘书"},
    ]
    experts: dict[str, GraphQLClient] = {}
    expert_ids: dict[str, str] = {}
    for name, specialties, department in EXPERTS:
        experts[name] = await client("EXPERT", "panzhihua", None, f"expert-{name}")
        members.append(
            {
                "user": f"expert-{name}-{tag}",
                "role": "EXPERT",
                "nameZh": f"专家{name}",
                "titleZh": "研究员",
                "specialties": specialties,
                "affiliationDepartment": department,
            }
        )
    for member in members:
        added = await secretary.data(ADD_MEMBER, {"input": {"jurisdiction": "panzhihua", **member}})
        payload = added["addCommitteeMember"]
        assert payload["userErrors"] == [], payload
        if member["role"] == "EXPERT":
            expert_ids[member["user"].removeprefix("expert-").removesuffix(f"-{tag}")] = payload["member"]["id"]
    return Cast(
        anonymous=anonymous,
        secretary=secretary,
        chair=chair,
        sponsor=await client("DEPARTMENT_OFFICER", None, SPONSOR, "sponsor"),
        environment=await client("DEPARTMENT_OFFICER", None, ENVIRONMENT, "environment"),
        education=await client("DEPARTMENT_OFFICER", None, EDUCATION, "education"),
        tourism=await client("DEPARTMENT_OFFICER", None, TOURISM, "tourism"),
        admin=await client("ADMIN", None, None, "admin"),
        viewer=await client("VIEWER", "panzhihua", None, "viewer"),
        experts=experts,
        expert_ids=expert_ids,
    )
