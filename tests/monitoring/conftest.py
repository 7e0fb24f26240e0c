"""Monitoring tests write: each module gets its own loaded catalog, and clients acting in the roles it needs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import client_for, issue_token
from tests.fixtures.database import DatabaseUnderTest, fresh_database
from tests.fixtures.graphql import GraphQLClient


@pytest.fixture(scope="module")
async def monitoring_db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[DatabaseUnderTest]:
    async with fresh_database(Path(tmp_path_factory.mktemp("monitoring")), load=True) as db:
        yield db


@pytest.fixture(scope="module")
async def anonymous(monitoring_db: DatabaseUnderTest) -> AsyncIterator[GraphQLClient]:
    async with client_for(monitoring_db) as client:
        yield client


async def acting(db: DatabaseUnderTest, client: GraphQLClient, role: str, where: str, user: str) -> GraphQLClient:
    """The client with a token of `role` for a jurisdiction (or, for an officer, a department) code."""
    if role == "DEPARTMENT_OFFICER":
        return client.as_(await issue_token(db, role, department=where, user=user))
    return client.as_(await issue_token(db, role, where or None, user=user))


@pytest.fixture(scope="module")
async def panzhihua_secretary(monitoring_db: DatabaseUnderTest, anonymous: GraphQLClient) -> GraphQLClient:
    return await acting(monitoring_db, anonymous, "COMMITTEE_SECRETARY", "panzhihua", "pzh-secretary")


@pytest.fixture(scope="module")
async def wuzhong_secretary(monitoring_db: DatabaseUnderTest, anonymous: GraphQLClient) -> GraphQLClient:
    return await acting(monitoring_db, anonymous, "COMMITTEE_SECRETARY", "wuzhong", "wz-secretary")


RECORD = """mutation($input: RecordObservationsInput!) { recordObservations(input: $input) {
  observations { id measure period { year quarter month label } value valueText unit source note version isCurrent
    recordedBy recordedRole indicator { code } jurisdiction { code } }
  userErrors { field message code } } }"""

STATUS = """query($code: String!, $jurisdiction: String!, $asOf: Int) { indicator(code: $code) {
  targets(jurisdiction: $jurisdiction) { code isBinding status(asOf: $asOf) { status basis asOf isBinding expectedValue
    reason latestObservation { value period { label } } } } } }"""


def observation(indicator: str, jurisdiction: str, year: int, value: float | None, **more: object) -> dict[str, object]:
    return {"indicator": indicator, "jurisdiction": jurisdiction, "year": year, "value": value, **more}


async def record(client: GraphQLClient, *items: dict[str, object], key: str | None = None) -> dict:
    data = await client.data(RECORD, {"input": {"observations": list(items), "idempotencyKey": key}})
    payload: dict = data["recordObservations"]
    return payload


async def statuses(client: GraphQLClient, code: str, jurisdiction: str, as_of: int) -> list[dict]:
    data = await client.data(STATUS, {"code": code, "jurisdiction": jurisdiction, "asOf": as_of})
    return [t["status"] for t in data["indicator"]["targets"]]
