"""Row-level access: drafts are confidential to their department and the committee, submitted proposals reach
the departments asked to review them, nothing leaks across departments or jurisdictions."""

from __future__ import annotations

from typing import Any

from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.screening.test_proposals_api import AIR_PROJECT, CREATE, SUBMIT, UPDATE

SEE = """query($code: String!, $id: ID!) { proposal(code: $code) { code }
  node(id: $id) { id } proposals(first: 100) { nodes { code } } }"""


async def clients(db: DatabaseUnderTest, anonymous: GraphQLClient) -> dict[str, GraphQLClient]:
    made = {
        "sponsor": ("DEPARTMENT_OFFICER", None, "panzhihua.urban-management-bureau"),
        "colleague": ("DEPARTMENT_OFFICER", None, "panzhihua.tourism-bureau"),
        "environment": ("DEPARTMENT_OFFICER", None, "panzhihua.environmental-protection-bureau"),
        "expert": ("EXPERT", "panzhihua", None),
        "chair": ("COMMITTEE_CHAIR", "panzhihua", None),
        "viewer": ("VIEWER", "panzhihua", None),
        "other_committee": ("COMMITTEE_SECRETARY", "wuzhong", None),
        "admin": ("ADMIN", None, None),
    }
    return {
        name: anonymous.as_(await issue_token(db, role, jurisdiction, department, user=f"rows-{name}"))
        for name, (role, jurisdiction, department) in made.items()
    }


async def sees(client: GraphQLClient, proposal: dict[str, Any]) -> bool:
    data = await client.data(SEE, {"code": proposal["code"], "id": proposal["id"]})
    in_list = proposal["code"] in [n["code"] for n in data["proposals"]["nodes"]]
    found = data["proposal"] is not None
    # the three ways to reach a proposal always agree
    assert found == in_list == (data["node"] is not None)
    return found


async def test_drafts_and_submissions_are_seen_by_exactly_the_right_people(
    screening_db: DatabaseUnderTest, anonymous_screening_api: GraphQLClient
) -> None:
    c = await clients(screening_db, anonymous_screening_api)
    created = (await c["sponsor"].data(CREATE, {"input": AIR_PROJECT}))["createProposal"]
    assert created["userErrors"] == []
    draft = created["proposal"]
    draft_view = {name: await sees(client, draft) for name, client in c.items()}
    assert draft_view == {
        "sponsor": True,
        "colleague": False,
        "environment": False,
        "expert": True,
        "chair": True,
        "viewer": False,
        "other_committee": False,
        "admin": True,
    }
    # a colleague cannot change it, and is told it does not exist (no existence leak)
    denied = (await c["colleague"].data(UPDATE, {"input": {"id": draft["id"], "title": "x"}}))["updateProposal"]
    assert denied["userErrors"] == [
        {"field": ["input", "id"], "message": "no proposal has this id", "code": "NOT_FOUND"}
    ]
    await c["sponsor"].data(SUBMIT, {"id": draft["id"], "key": "k"})
    submitted_view = {name: await sees(client, draft) for name, client in c.items()}
    # the environment bureau is a required reviewer (ecology-environment); the viewer now sees it too
    assert submitted_view == {
        "sponsor": True,
        "colleague": False,
        "environment": True,
        "expert": True,
        "chair": True,
        "viewer": True,
        "other_committee": False,
        "admin": True,
    }


async def test_anonymous_callers_get_unauthenticated_and_no_data(anonymous_screening_api: GraphQLClient) -> None:
    body = await anonymous_screening_api.post("{ proposals(first: 5) { nodes { code title } } }")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # the public catalog stays readable
    catalog = await anonymous_screening_api.data('{ jurisdiction(code: "wuzhong") { nameZh } }')
    assert catalog["jurisdiction"]["nameZh"] == "吴中区"


async def test_an_officer_cannot_draft_for_another_department(
    screening_db: DatabaseUnderTest, anonymous_screening_api: GraphQLClient
) -> None:
    officer = anonymous_screening_api.as_(
        await issue_token(screening_db, "DEPARTMENT_OFFICER", department="panzhihua.tourism-bureau")
    )
    body = await officer.post(CREATE, {"input": AIR_PROJECT})  # sponsored by the urban management bureau
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "only its officers or the committee's secretary" in body["errors"][0]["message"]
