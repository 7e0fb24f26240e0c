"""No N+1 in the review workflow's lists: statements per request do not grow with the page size."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import client_for, screening_database
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import count_statements
from tests.review.cast import Cast, cast_for

REQUESTS = """query($first: Int!) { reviewRequests(first: $first) { totalCount nodes {
  status dueOn overdue reasons { kind code } department { code nameZh }
  expert { nameZh openReviewCount committee { code } }
  review { opinion conditions { textZh responsibleDepartment { code } } }
  proposal { code status sponsoringDepartment { code } conclusion { decision }
    currentRound { number reviewRequests { status } conditions { status } } } } } }"""


@pytest.fixture(scope="module")
async def db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[DatabaseUnderTest]:
    async with screening_database(Path(tmp_path_factory.mktemp("statements"))) as database:
        yield database


@pytest.fixture(scope="module")
async def cast(db: DatabaseUnderTest) -> AsyncIterator[Cast]:
    async with client_for(db) as anonymous:
        cast = await cast_for(db, anonymous)
        for _ in range(6):
            proposal = await cast.submitted()
            await cast.review_all(proposal, "CONCUR_WITH_CONDITIONS")
        yield cast


async def test_review_requests_with_their_proposals_are_constant_in_page_size(
    cast: Cast, db: DatabaseUnderTest
) -> None:
    counts = {}
    for first in (4, 20):
        with count_statements(db.engine) as counter:
            data = await cast.secretary.data(REQUESTS, {"first": first})
        assert len(data["reviewRequests"]["nodes"]) == first
        counts[first] = counter.count
    assert counts[20] == counts[4], counts


async def test_a_submit_writes_its_review_requests_and_their_events_in_one_statement_each(
    cast: Cast, db: DatabaseUnderTest
) -> None:
    with count_statements(db.engine) as counter:
        proposal = await cast.submitted()
    opened = await cast.requests(proposal)
    assert len(opened) >= 3
    inserts = [s for s in counter.statements if s.lstrip().upper().startswith("INSERT")]
    assert sum("INTO review_request" in s for s in inserts) == 1, inserts
    # one for the proposal's own events, one for the requests' (they need the requests' ids)
    assert sum("INTO proposal_event" in s for s in inserts) <= 2, inserts
    # and each request's event names that request and its reviewer (ids handed back in the order given)
    async with db.factory() as session:
        rows = await session.execute(
            text(
                "SELECT r.id, r.department_id, r.expert_id, e.department_id, e.expert_id FROM proposal_event e"
                " JOIN review_request r ON r.id = e.request_id JOIN proposal p ON p.id = e.proposal_id"
                " WHERE p.code = :code"
            ),
            {"code": proposal["code"]},
        )
        announced = [tuple(row) for row in rows]
    assert len({row[0] for row in announced}) == len(opened)
    assert all(row[1:3] == row[3:5] for row in announced), announced
