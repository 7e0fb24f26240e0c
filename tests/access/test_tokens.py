"""Bearer tokens: random, stored only as a hash, with expiry and revocation; bad tokens are UNAUTHENTICATED."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import select, update

from db.models import ApiToken
from db.session import transaction
from service.auth import tokens
from service.errors import ValidationFailed
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient

PROTECTED = "{ proposals(first: 1) { totalCount } }"
PREFIX = len(tokens.TOKEN_PREFIX) + 8  # what `hia token list` shows of a token


async def problem_of(client: GraphQLClient) -> str:
    body = await client.post(PROTECTED)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    return str(body["errors"][0]["message"])


async def test_tokens_are_stored_only_as_a_hash(screening_db: DatabaseUnderTest) -> None:
    token = await issue_token(screening_db, "VIEWER", user="hash-check")
    async with screening_db.factory() as session:
        stored = list(await session.scalars(select(ApiToken.token_hash)))
    assert token not in stored
    assert tokens.hash_token(token) in stored
    assert token.startswith("hia_")
    assert len(token) > 40


async def test_unknown_expired_and_revoked_tokens_are_unauthenticated(
    screening_db: DatabaseUnderTest, anonymous_screening_api: GraphQLClient
) -> None:
    assert await problem_of(anonymous_screening_api.as_("hia_not-a-real-token")) == "the token is not valid"
    expired = await issue_token(screening_db, "VIEWER", user="expired")
    async with transaction(screening_db.factory) as session:
        await session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == tokens.hash_token(expired))
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        )
    assert await problem_of(anonymous_screening_api.as_(expired)) == "the token has expired"
    revoked = await issue_token(screening_db, "VIEWER", user="revoked")
    assert (await anonymous_screening_api.as_(revoked).data(PROTECTED))["proposals"]["totalCount"] >= 0
    async with transaction(screening_db.factory) as session:
        await tokens.revoke(session, revoked[:12])
    assert await problem_of(anonymous_screening_api.as_(revoked)) == "the token was revoked"


@pytest.mark.parametrize(
    ("role", "jurisdiction", "department", "field"),
    [
        ("DEPARTMENT_OFFICER", "wuzhong", None, "department"),
        ("EXPERT", None, None, "jurisdiction"),
        ("ADMIN", "wuzhong", None, "jurisdiction"),
        ("COMMITTEE_CHAIR", "wuzhong", "wuzhong.health-commission", "department"),
        ("DEPARTMENT_OFFICER", "shangzhou", "wuzhong.health-commission", "department"),
    ],
)
async def test_a_token_grants_a_role_in_a_scope_that_fits_it(
    screening_db: DatabaseUnderTest, role: str, jurisdiction: str | None, department: str | None, field: str
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        async with transaction(screening_db.factory) as session:
            await tokens.create(session, "misfit", role, jurisdiction, department)
    assert [f for f, _m in raised.value.problems] == [[field]]


def test_cli_creates_prints_once_and_revokes(screening_db: DatabaseUnderTest) -> None:
    env = {**os.environ, "HIA_DATABASE_URL": screening_db.url}
    created = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "token",
            "create",
            "--user",
            "carol",
            "--role",
            "COMMITTEE_CHAIR",
            "--jurisdiction",
            "shangzhou",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    token = created.stdout.strip()
    assert token.startswith("hia_")
    listed = subprocess.run(
        [sys.executable, "-m", "service.cli", "token", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    assert token[:12] in listed
    assert token not in listed
    subprocess.run(
        [sys.executable, "-m", "service.cli", "token", "revoke", token[:12]],
        env=env,
        timeout=60,
        check=True,
        capture_output=True,
    )
    assert (
        "REVOKED"
        in subprocess.run(
            [sys.executable, "-m", "service.cli", "token", "list"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        ).stdout
    )


async def test_the_token_list_names_jurisdictions_and_departments_by_code_and_marks_revoked_ones(
    screening_db: DatabaseUnderTest,
) -> None:
    # given an officer's token, and a revoked one that never expires
    officer = await issue_token(
        screening_db, "DEPARTMENT_OFFICER", department="wuzhong.health-commission", user="lister"
    )
    never = await issue_token(screening_db, "VIEWER", "wuzhong", user="never-expires", days=None)
    async with transaction(screening_db.factory) as session:
        await tokens.revoke(session, never[:PREFIX])
    # when the operator lists tokens
    async with screening_db.factory() as session:
        lines = await tokens.listing(session)
    # then each line shows codes people know, not internal ids
    mine = next(line for line in lines if line.startswith(officer[:PREFIX]))
    assert "jurisdiction=wuzhong department=wuzhong.health-commission" in mine
    revoked = next(line for line in lines if line.startswith(never[:PREFIX]))
    assert revoked.endswith("REVOKED")
    assert "department=-" in revoked
