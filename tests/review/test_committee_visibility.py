"""A jurisdiction's expert committee is read where its proposals are ("scoped as proposals" in the README's access
table): its members, specialties and open review counts, by the root field and by `node(id:)`/`nodes(ids:)`.
Elsewhere it reads as null, as a proposal the caller may not see does (issue 10, item 9)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.review.cast import Cast

COMMITTEE = """query($code: String!) { committee(jurisdiction: $code) {
  id code members { id nameZh specialties openReviewCount } } }"""
NODES = """query($ids: [ID!]!) { nodes(ids: $ids) { id
  ... on Committee { code members { nameZh } }
  ... on CommitteeMember { nameZh specialties openReviewCount committee { code } } } }"""
NODE = """query($id: ID!) { node(id: $id) { id ... on CommitteeMember { nameZh openReviewCount } } }"""


@pytest.fixture(scope="module")
async def panzhihua_committee(cast: Cast) -> dict[str, Any]:
    committee: dict[str, Any] = (await cast.secretary.data(COMMITTEE, {"code": "panzhihua"}))["committee"]
    assert committee["code"] == "panzhihua.hia-committee"
    return committee


@pytest.fixture(scope="module")
async def outsiders(review_db: DatabaseUnderTest, cast: Cast) -> dict[str, GraphQLClient]:
    """Wuzhong's tokens, of every role but ADMIN: none reads Panzhihua's proposals."""
    found = {}
    for role, jurisdiction, department in [
        ("VIEWER", "wuzhong", None),
        ("DEPARTMENT_OFFICER", None, "wuzhong.health-commission"),
        ("EXPERT", "wuzhong", None),
        ("COMMITTEE_SECRETARY", "wuzhong", None),
        ("COMMITTEE_CHAIR", "wuzhong", None),
    ]:
        token = await issue_token(review_db, role, jurisdiction, department, user=f"outsider-{role.lower()}")
        found[f"wuzhong {role}"] = cast.anonymous.as_(token)
    return found


async def insiders(review_db: DatabaseUnderTest, cast: Cast) -> dict[str, GraphQLClient]:
    global_viewer = await issue_token(review_db, "VIEWER", user="viewer-everywhere")
    return {
        "panzhihua VIEWER": cast.viewer,
        "VIEWER without a jurisdiction": cast.anonymous.as_(global_viewer),
        "panzhihua DEPARTMENT_OFFICER": cast.tourism,
        "panzhihua EXPERT": cast.experts["cdc"],
        "panzhihua COMMITTEE_SECRETARY": cast.secretary,
        "panzhihua COMMITTEE_CHAIR": cast.chair,
        "ADMIN": cast.admin,
    }


async def test_the_committee_reads_as_null_where_its_proposals_are_not_readable(
    outsiders: dict[str, GraphQLClient], panzhihua_committee: dict[str, Any]
) -> None:
    for who, client in outsiders.items():
        assert (await client.data(COMMITTEE, {"code": "panzhihua"}))["committee"] is None, who


async def test_its_members_are_not_reachable_by_id_either(
    outsiders: dict[str, GraphQLClient], panzhihua_committee: dict[str, Any]
) -> None:
    member_ids = [m["id"] for m in panzhihua_committee["members"]]
    for who, client in outsiders.items():
        found = (await client.data(NODES, {"ids": [panzhihua_committee["id"], *member_ids]}))["nodes"]
        assert found == [None] * (1 + len(member_ids)), who
        assert (await client.data(NODE, {"id": member_ids[0]}))["node"] is None, who


async def test_anonymous_callers_see_no_committee_by_id(cast: Cast, panzhihua_committee: dict[str, Any]) -> None:
    ids = [panzhihua_committee["id"], panzhihua_committee["members"][0]["id"]]
    assert (await cast.anonymous.data(NODES, {"ids": ids}))["nodes"] == [None, None]


async def test_whoever_reads_the_jurisdictions_proposals_reads_its_committee(
    review_db: DatabaseUnderTest, cast: Cast, panzhihua_committee: dict[str, Any]
) -> None:
    members = panzhihua_committee["members"]
    for who, client in (await insiders(review_db, cast)).items():
        assert (await client.data(COMMITTEE, {"code": "panzhihua"}))["committee"] == panzhihua_committee, who
        found = (await client.data(NODES, {"ids": [panzhihua_committee["id"], members[0]["id"]]}))["nodes"]
        assert found[0]["code"] == "panzhihua.hia-committee", who
        assert found[1]["nameZh"] == members[0]["nameZh"], who
        assert found[1]["committee"] == {"code": "panzhihua.hia-committee"}, who


async def test_an_unknown_jurisdiction_is_still_not_found(cast: Cast) -> None:
    [error] = await cast.viewer.errors(COMMITTEE, {"code": "atlantis"})
    assert error["extensions"]["code"] == "NOT_FOUND"
