"""Whom a screening asks to review is proportionate: a town or street only when the proposal touches it, never
the sponsor, and every reason in words (issue 11, item 7). A road widening used to ask every town and street
of Wuzhong, and list the sponsoring transport bureau among the reviewers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.screening.test_default_checklist_api import as_input

PREVIEW = """mutation($input: CreateProposalInput!) { previewScreening(input: $input) {
  preview { requiredDepartments { department { code governs { code parent { code } } }
    reasons { kind code textZh textEn } } }
  userErrors { field message } } }"""
TRANSPORT = "wuzhong.transport-bureau"


@pytest.fixture
async def wuzhong_admin(screening_db: DatabaseUnderTest, screening_api: GraphQLClient) -> GraphQLClient:
    """Previews for Wuzhong's departments (an administrator drafts for any)."""
    return screening_api.as_(await issue_token(screening_db, "ADMIN", None, user="routing-admin"))


def road_widening(**changes: Any) -> dict[str, Any]:
    return {**as_input("03-road-widening-with-demolition", "wuzhong", TRANSPORT), **changes}


TOWNS: set[str] = set()  # governments of Wuzhong's towns, streets and zones seen in answers


async def required(api: GraphQLClient, proposal: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    payload = (await api.data(PREVIEW, {"input": proposal}))["previewScreening"]
    assert payload["userErrors"] == []
    departments = payload["preview"]["requiredDepartments"]
    TOWNS.update(
        d["department"]["code"]
        for d in departments
        if (d["department"]["governs"] or {}).get("parent") == {"code": "wuzhong"}
    )
    return {d["department"]["code"]: d["reasons"] for d in departments}


def town_governments(codes: dict[str, Any]) -> set[str]:
    return {c for c in codes if c in TOWNS}


async def test_only_the_town_the_road_runs_through_is_asked(wuzhong_admin: GraphQLClient) -> None:
    touched = await required(wuzhong_admin, road_widening(places=["wuzhong.mudu"]))
    assert town_governments(touched) == {"wuzhong.mudu-government"}
    assert touched["wuzhong.mudu-government"][0]["kind"] == "PLACE"
    assert touched["wuzhong.mudu-government"][0]["textZh"] == "因涉及本地：木渎镇"
    untouched = await required(wuzhong_admin, road_widening())
    assert town_governments(untouched) == set()
    everywhere = await required(wuzhong_admin, road_widening(wholeJurisdiction=True))
    assert len(town_governments(everywhere)) >= 10
    # proportionate: naming one town asks far fewer departments than the whole district
    assert len(touched) < len(everywhere) - 9


async def test_the_sponsor_is_never_a_required_reviewer(wuzhong_admin: GraphQLClient) -> None:
    reviewers = await required(wuzhong_admin, road_widening(places=["wuzhong.mudu"]))
    assert TRANSPORT not in reviewers
    # while another sponsor leaves the transport bureau among them (it holds the transport portfolio)
    other = road_widening(places=["wuzhong.mudu"], sponsoringDepartment="wuzhong.housing-construction-bureau")
    assert TRANSPORT in await required(wuzhong_admin, other)


async def test_every_reason_is_given_in_words(wuzhong_admin: GraphQLClient) -> None:
    reviewers = await required(wuzhong_admin, road_widening(places=["wuzhong.mudu"]))
    reasons = [r for rs in reviewers.values() for r in rs]
    assert {r["kind"] for r in reasons} >= {"PORTFOLIO", "INDICATOR", "PLACE"}
    for reason in reasons:
        assert reason["textZh"].startswith(("因主管职能：", "因发现：", "因涉及本地："))
        assert reason["textEn"].startswith("Because ")
        assert reason["code"] not in reason["textZh"] or reason["kind"] == "INDICATOR"


async def test_places_outside_the_jurisdiction_are_refused_by_name(wuzhong_admin: GraphQLClient) -> None:
    payload = (await wuzhong_admin.data(PREVIEW, {"input": road_widening(places=["wuzhong.mudu", "panzhihua.renhe"])}))[
        "previewScreening"
    ]
    assert payload["preview"] is None
    assert payload["userErrors"] == [
        {"field": ["input", "places", "1"], "message": "'panzhihua.renhe' is not a town, street or zone of wuzhong"}
    ]
    both = (
        await wuzhong_admin.data(PREVIEW, {"input": road_widening(places=["wuzhong.mudu"], wholeJurisdiction=True)})
    )["previewScreening"]
    assert both["userErrors"] == [
        {"field": ["input", "places"], "message": "name places or set wholeJurisdiction, not both"}
    ]
