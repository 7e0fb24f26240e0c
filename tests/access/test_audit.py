"""Every state-changing mutation appends an audit record in its own transaction; the committee reads them."""

from __future__ import annotations

from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.screening.test_proposals_api import AIR_PROJECT, CREATE, SUBMIT

LOG = """query($actions: [String!]) { auditLog(first: 20, actions: $actions) { nodes {
  action user role tokenPrefix objectType beforeId afterId details } } }"""


async def test_changes_are_audited_with_who_what_and_ids_and_failures_are_not(
    own_screening_db: DatabaseUnderTest, own_screening_api: GraphQLClient
) -> None:
    chair = own_screening_api
    secretary_token = await issue_token(own_screening_db, "COMMITTEE_SECRETARY", "panzhihua", user="sec")
    secretary = chair.as_(secretary_token)
    created = (await secretary.data(CREATE, {"input": AIR_PROJECT}))["createProposal"]["proposal"]
    (await secretary.data(SUBMIT, {"id": created["id"], "key": "k"}))["submitProposal"]
    bad = (await secretary.data(CREATE, {"input": {**AIR_PROJECT, "title": " "}}))["createProposal"]
    assert bad["userErrors"]
    log = (await chair.data(LOG, {"actions": ["createProposal", "submitProposal"]}))["auditLog"]["nodes"]
    # newest first; the failed create left no trace
    assert [e["action"] for e in log] == ["submitProposal", "createProposal"]
    submit_event, create_event = log
    assert create_event["afterId"] == created["id"]
    assert create_event["beforeId"] is None
    assert submit_event["beforeId"] == submit_event["afterId"] == created["id"]
    assert submit_event["details"]["relatedId"]  # the assessment made
    assert (create_event["user"], create_event["role"]) == ("sec", "COMMITTEE_SECRETARY")
    assert create_event["tokenPrefix"] == secretary_token[:12]
    assert secretary_token not in str(log)


async def test_the_audit_log_is_scoped_to_the_committees_jurisdiction(
    own_screening_db: DatabaseUnderTest, own_screening_api: GraphQLClient
) -> None:
    secretary = own_screening_api.as_(await issue_token(own_screening_db, "COMMITTEE_SECRETARY", "panzhihua"))
    await secretary.data(CREATE, {"input": AIR_PROJECT})
    elsewhere = own_screening_api.as_(await issue_token(own_screening_db, "COMMITTEE_CHAIR", "wuzhong"))
    assert (await elsewhere.data(LOG, {"actions": None}))["auditLog"]["nodes"] == []
    officer = own_screening_api.as_(
        await issue_token(own_screening_db, "DEPARTMENT_OFFICER", department="panzhihua.urban-management-bureau")
    )
    body = await officer.post(LOG, {"actions": None})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_cursor_the_api_did_not_issue_is_a_clear_error(screening_api: GraphQLClient) -> None:
    # found by the fuzz test: a malformed `before` of the audit trail reached the user as a masked error
    for argument in ('last: 5, before: ""', 'first: 5, after: "bm90LWpzb24"'):
        errors = await screening_api.errors(f"{{ auditLog({argument}) {{ totalCount }} }}")
        assert errors[0]["extensions"]["code"] == "INVALID_CURSOR"
        assert "cursor" in errors[0]["message"]
