"""Every query field and mutation of the schema, found by introspection, against every role: allowed or denied
exactly as the access table in the README says. A new root field without a row here fails the test."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.review.test_subscriptions import SUBSCRIPTION_ACCESS

ROLES = ["ANONYMOUS", "VIEWER", "DEPARTMENT_OFFICER", "EXPERT", "COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"ANONYMOUS"}

# Monitoring: who records data for what it answers for, and who judges and scores (rows scoped in the service).
RECORDERS = {"DEPARTMENT_OFFICER", "COMMITTEE_SECRETARY", "ADMIN"}
JUDGES = {"DEPARTMENT_OFFICER", "COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"}

PROPOSAL_INPUT = (
    '{kind: POLICY, title: "matrix", jurisdiction: "wuzhong", sponsoringDepartment: "wuzhong.health-commission",'
    " policyType: NORMATIVE_DOCUMENT}"
)
# field -> (who may use it, an operation exercising it)
ACCESS: dict[str, tuple[set[str], str]] = {
    "Query.node": (EVERYONE, '{ node(id: "SnVyaXNkaWN0aW9uOjE=") { id } }'),
    "Query.nodes": (EVERYONE, '{ nodes(ids: ["SnVyaXNkaWN0aW9uOjE="]) { id } }'),
    "Query.jurisdictions": (EVERYONE, "{ jurisdictions(first: 1) { totalCount } }"),
    "Query.jurisdiction": (EVERYONE, '{ jurisdiction(code: "wuzhong") { code } }'),
    "Query.departments": (EVERYONE, "{ departments(first: 1) { totalCount } }"),
    "Query.department": (EVERYONE, '{ department(code: "wuzhong.health-commission") { code } }'),
    "Query.portfolios": (EVERYONE, "{ portfolios(first: 1) { totalCount } }"),
    "Query.portfolio": (EVERYONE, '{ portfolio(code: "health") { code } }'),
    "Query.indicatorFrameworks": (EVERYONE, "{ indicatorFrameworks(first: 1) { totalCount } }"),
    "Query.indicatorFramework": (EVERYONE, '{ indicatorFramework(code: "cn-healthy-city-2018") { code } }'),
    "Query.indicators": (EVERYONE, "{ indicators(first: 1) { totalCount } }"),
    "Query.indicator": (EVERYONE, '{ indicator(code: "CN2018-01") { code } }'),
    "Query.tasks": (EVERYONE, "{ tasks(first: 1) { totalCount } }"),
    "Query.task": (EVERYONE, '{ task(code: "shangzhou-2022.T01") { code } }'),
    "Query.workingGroups": (EVERYONE, "{ workingGroups(first: 1) { totalCount } }"),
    "Query.workingGroup": (EVERYONE, '{ workingGroup(code: "shanting-2019.health-services-group") { code } }'),
    "Query.plan": (EVERYONE, '{ plan(code: "wuzhong-2023") { code } }'),
    "Query.checklists": (EVERYONE, "{ checklists(first: 5) { nodes { version } } }"),
    "Query.checklist": (EVERYONE, "{ checklist { version } }"),
    "Query.viewer": (EVERYONE, "{ viewer { role } }"),
    "Query.proposals": (SIGNED_IN, "{ proposals(first: 1) { totalCount } }"),
    "Query.policies": (SIGNED_IN, "{ policies(first: 1) { totalCount } }"),
    "Query.projects": (SIGNED_IN, "{ projects(first: 1) { totalCount } }"),
    "Query.proposal": (SIGNED_IN, '{ proposal(code: "HIA-0000-000000") { code } }'),
    "Query.auditLog": ({"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"}, "{ auditLog(first: 1) { totalCount } }"),
    "Mutation.createProposal": (
        {"DEPARTMENT_OFFICER", "COMMITTEE_SECRETARY"},
        f"mutation {{ createProposal(input: {PROPOSAL_INPUT}) {{ proposal {{ id }} userErrors {{ code }} }} }}",
    ),
    "Mutation.updateProposal": (
        {"DEPARTMENT_OFFICER", "COMMITTEE_SECRETARY"},
        'mutation { updateProposal(input: {id: "UHJvcG9zYWw6OTk5OTk5", title: "x"}) { userErrors { code } } }',
    ),
    "Mutation.submitProposal": (
        {"DEPARTMENT_OFFICER", "COMMITTEE_SECRETARY"},
        'mutation { submitProposal(input: {id: "UHJvcG9zYWw6OTk5OTk5", idempotencyKey: "k"}) { userErrors { code } } }',
    ),
    "Query.suggestAnswers": (
        {"DEPARTMENT_OFFICER", "COMMITTEE_SECRETARY"},
        '{ suggestAnswers(text: "本项目总投资3000万元。") { undecided } }',
    ),
    "Mutation.createProposalFromDocument": (
        {"DEPARTMENT_OFFICER", "COMMITTEE_SECRETARY"},
        'mutation { createProposalFromDocument(input: {jurisdiction: "wuzhong", sponsoringDepartment: '
        '"wuzhong.health-commission", text: "关于印发某方案的通知"}) { proposal { id } userErrors { code } } }',
    ),
    "Mutation.acceptSuggestions": (
        {"DEPARTMENT_OFFICER", "COMMITTEE_SECRETARY"},
        'mutation { acceptSuggestions(input: {id: "UHJvcG9zYWw6OTk5OTk5"}) { userErrors { code } } }',
    ),
    "Mutation.previewScreening": (
        {"DEPARTMENT_OFFICER", "EXPERT", "COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        f"mutation {{ previewScreening(input: {PROPOSAL_INPUT}) {{ preview {{ inScope }} userErrors {{ code }} }} }}",
    ),
    "Mutation.publishChecklist": (
        {"COMMITTEE_CHAIR", "ADMIN"},
        'mutation { publishChecklist(input: {yaml: "not: [valid"}) { userErrors { code } } }',
    ),
    "Mutation.replayScreening": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        "mutation { replayScreening(input: {checklistVersion: 424242}) { userErrors { code } } }",
    ),
    "Query.committee": (SIGNED_IN, '{ committee(jurisdiction: "wuzhong") { code } }'),
    "Query.reviewRequests": (SIGNED_IN, "{ reviewRequests(first: 1) { totalCount } }"),
    "Query.conditions": (SIGNED_IN, "{ conditions(first: 1) { totalCount } }"),
    "Mutation.createCommittee": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        'mutation { createCommittee(input: {jurisdiction: "wuzhong"}) { committee { code } userErrors { code } } }',
    ),
    "Mutation.addCommitteeMember": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        'mutation { addCommitteeMember(input: {jurisdiction: "wuzhong", user: "matrix-member", role: EXPERT, '
        'nameZh: "某专家", specialties: [DISEASE_CONTROL]}) { member { id } userErrors { code } } }',
    ),
    "Mutation.updateCommitteeMember": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        'mutation { updateCommitteeMember(input: {id: "Q29tbWl0dGVlTWVtYmVyOjk5OTk5OQ==", active: false}) '
        "{ userErrors { code } } }",
    ),
    "Mutation.setReviewDeadlines": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        'mutation { setReviewDeadlines(input: {jurisdiction: "wuzhong", minimalDays: 5, mildDays: 10, majorDays: 20})'
        " { userErrors { code } } }",
    ),
    "Mutation.addReviewRequest": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        'mutation { addReviewRequest(input: {proposal: "UHJvcG9zYWw6OTk5OTk5", '
        'department: "wuzhong.health-commission", reason: "x"}) { userErrors { code } } }',
    ),
    "Mutation.replaceReviewer": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        'mutation { replaceReviewer(input: {id: "UmV2aWV3UmVxdWVzdDo5OTk5OTk=", '
        'department: "wuzhong.health-commission", reason: "x"}) { userErrors { code } } }',
    ),
    "Mutation.waiveReviewRequest": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        'mutation { waiveReviewRequest(input: {id: "UmV2aWV3UmVxdWVzdDo5OTk5OTk=", reason: "x"}) '
        "{ userErrors { code } } }",
    ),
    "Mutation.submitReview": (
        {"DEPARTMENT_OFFICER", "EXPERT"},
        'mutation { submitReview(input: {id: "UmV2aWV3UmVxdWVzdDo5OTk5OTk=", opinion: CONCUR}) '
        "{ userErrors { code } } }",
    ),
    "Mutation.concludeReview": (
        {"COMMITTEE_CHAIR"},
        'mutation { concludeReview(input: {proposal: "UHJvcG9zYWw6OTk5OTk5", decision: APPROVED, summaryZh: "x"}) '
        "{ userErrors { code } } }",
    ),
    "Mutation.setBlindReview": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        'mutation { setBlindReview(input: {jurisdiction: "wuzhong", blind: true}) { userErrors { code } } }',
    ),
    "Query.screeningOverrules": (
        {"COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        "{ screeningOverrules { forms } }",
    ),
    "Mutation.submitExpertRating": (
        {"EXPERT"},
        'mutation { submitExpertRating(input: {proposal: "UHJvcG9zYWw6OTk5OTk5", answers: [], proposedDegree: MILD}) '
        "{ userErrors { code } } }",
    ),
    "Mutation.closeRating": (
        {"COMMITTEE_CHAIR"},
        'mutation { closeRating(input: {proposal: "UHJvcG9zYWw6OTk5OTk5", reason: "x"}) { userErrors { code } } }',
    ),
    "Mutation.settleScreeningForm": (
        {"COMMITTEE_CHAIR"},
        'mutation { settleScreeningForm(input: {proposal: "UHJvcG9zYWw6OTk5OTk5", answers: [], degree: MILD}) '
        "{ userErrors { code } } }",
    ),
    "Mutation.completeCondition": (
        {"DEPARTMENT_OFFICER", "COMMITTEE_SECRETARY", "COMMITTEE_CHAIR", "ADMIN"},
        'mutation { completeCondition(input: {id: "UmV2aWV3Q29uZGl0aW9uOjk5OTk5OQ==", evidence: "x"}) '
        "{ userErrors { code } } }",
    ),
    "Query.scorecard": (EVERYONE, '{ scorecard(jurisdiction: "wuzhong", year: 2024) { asOf } }'),
    "Query.selfAssessment": (
        EVERYONE,
        '{ selfAssessment(framework: "js-healthy-district-2023", jurisdiction: "wuzhong", year: 2024) { achieved } }',
    ),
    "Mutation.recordObservations": (
        RECORDERS,
        'mutation { recordObservations(input: {observations: [{indicator: "XX-00", jurisdiction: "wuzhong", year: 2024,'
        " value: 1}]}) { userErrors { code } } }",
    ),
    "Mutation.correctObservation": (
        RECORDERS,
        'mutation { correctObservation(input: {id: "T2JzZXJ2YXRpb246OTk5OTk5", value: 1, reason: "x"})'
        " { userErrors { code } } }",
    ),
    "Mutation.recordTaskProgress": (
        RECORDERS,
        'mutation { recordTaskProgress(input: {reports: [{task: "xx.T0", year: 2024, percent: 1}]})'
        " { userErrors { code } } }",
    ),
    "Mutation.importSpreadsheet": (
        RECORDERS,
        'mutation { importSpreadsheet(input: {kind: OBSERVATIONS, fileName: "a.xlsx", contentBase64: "%"})'
        " { userErrors { code } } }",
    ),
    "Mutation.setTargetStatus": (
        JUDGES,
        'mutation { setTargetStatus(input: {target: "xx", status: MET, asOf: 2024, note: "x"})'
        " { userErrors { code } } }",
    ),
    "Mutation.scoreSelfAssessmentItem": (
        JUDGES,
        'mutation { scoreSelfAssessmentItem(input: {item: "XX-00", jurisdiction: "wuzhong", year: 2024, score: 1})'
        " { userErrors { code } } }",
    ),
}


@pytest.fixture(scope="module")
async def clients(screening_db: DatabaseUnderTest, anonymous_screening_api: GraphQLClient) -> dict[str, GraphQLClient]:
    scope = {
        "VIEWER": {"jurisdiction": "wuzhong"},
        "DEPARTMENT_OFFICER": {"department": "wuzhong.health-commission"},
        "EXPERT": {"jurisdiction": "wuzhong"},
        "COMMITTEE_SECRETARY": {"jurisdiction": "wuzhong"},
        "COMMITTEE_CHAIR": {"jurisdiction": "wuzhong"},
        "ADMIN": {},
    }
    found = {"ANONYMOUS": anonymous_screening_api}
    for role, where in scope.items():
        token = await issue_token(
            screening_db, role, where.get("jurisdiction"), where.get("department"), f"matrix-{role}"
        )
        found[role] = anonymous_screening_api.as_(token)
    return found


async def root_fields(client: GraphQLClient) -> set[str]:
    data = await client.data(
        """{ __schema { queryType { fields { name } } mutationType { fields { name } }
             subscriptionType { fields { name } } } }"""
    )
    schema = data["__schema"]
    return (
        {f"Query.{f['name']}" for f in schema["queryType"]["fields"]}
        | {f"Mutation.{f['name']}" for f in schema["mutationType"]["fields"]}
        | {f"Subscription.{f['name']}" for f in schema["subscriptionType"]["fields"]}
    )


async def test_every_root_field_has_an_access_rule(clients: dict[str, GraphQLClient]) -> None:
    # Subscriptions run over WebSockets: their rules are checked in tests/review/test_subscriptions.py.
    expected = set(ACCESS) | set(SUBSCRIPTION_ACCESS)
    assert await root_fields(clients["ANONYMOUS"]) == expected, "add the new field's access rule to ACCESS"


def _denied(body: dict[str, Any]) -> bool:
    codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
    assert "INTERNAL" not in codes
    assert not any("Unexpected error" in e["message"] for e in body.get("errors") or [])
    return bool(codes & {"UNAUTHENTICATED", "FORBIDDEN"})


@pytest.mark.parametrize("field", sorted(ACCESS))
async def test_each_role_is_allowed_or_denied_as_the_table_says(clients: dict[str, GraphQLClient], field: str) -> None:
    allowed, operation = ACCESS[field]
    outcome = {}
    for role in ROLES:
        body = await clients[role].post(operation)
        outcome[role] = not _denied(body)
        if not outcome[role]:
            # a denied field returns no data
            data = body.get("data") or {}
            assert all(value is None for value in data.values()), (field, role, data)
    assert {role for role, ok in outcome.items() if ok} == allowed
