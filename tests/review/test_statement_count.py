"""No N+1 in the review workflow's lists: statements per request do not grow with the page size."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

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
