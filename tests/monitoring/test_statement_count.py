"""No N+1 in monitoring fields: statuses, observation pages and their histories, progress pages cost the same
number of SQL statements whatever the page size."""

from __future__ import annotations

from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient, count_statements
from tests.monitoring.conftest import observation, record

INDICATORS = """query($first: Int!) { indicators(filter: {framework: "panzhihua-health-14fyp"}, first: $first) {
  nodes { code frequency chartUrl(jurisdiction: "panzhihua")
    observations(jurisdiction: "panzhihua", first: 5) {
      totalCount nodes { value period { label } history { version } } }
    targets(jurisdiction: "panzhihua") {
      status(asOf: 2023) { status expectedValue latestObservation { value } } } } } }"""
TASKS = """query($first: Int!) { tasks(filter: {plan: "panzhihua-2017"}, first: $first) {
  nodes { code progress(first: 3) { totalCount nodes { percent } } targets { status(asOf: 2019) { status } } } } }"""


async def statements(client: GraphQLClient, db: DatabaseUnderTest, query: str, first: int) -> int:
    with count_statements(db.engine) as counter:
        await client.data(query, {"first": first})
    return counter.count


async def test_monitoring_fields_are_constant_in_page_size(
    panzhihua_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest
) -> None:
    # given: values for indicators on both pages, one of them corrected
    items = [observation(f"PZH14-{n:02d}", "panzhihua", 2022, 95.0) for n in (1, 3, 14, 16, 22, 24)]
    assert (await record(panzhihua_secretary, *items))["userErrors"] == []
    assert (await record(panzhihua_secretary, {**items[0], "value": 94.5}))["userErrors"] == []
    # when / then
    small = await statements(panzhihua_secretary, monitoring_db, INDICATORS, 10)
    large = await statements(panzhihua_secretary, monitoring_db, INDICATORS, 27)
    assert large == small, f"{small} statements at page size 10, {large} at 27"
    small = await statements(panzhihua_secretary, monitoring_db, TASKS, 10)
    large = await statements(panzhihua_secretary, monitoring_db, TASKS, 40)
    assert large == small, f"{small} statements at page size 10, {large} at 40"
