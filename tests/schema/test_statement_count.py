"""No N+1: the SQL statements of a nested query do not grow with the page size."""

from __future__ import annotations

import itertools

import pytest

from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient, count_statements

OBLIGATIONS_QUERY = """query($first: Int!) {
  departments(first: $first) {
    totalCount
    nodes {
      code nameZh nameEn aliases portfolios { code } jurisdiction { code }
      obligations {
        leads { role task { code targets { value year } indicators { code } } workingGroup { code } }
        cooperatesOn { task { code } workingGroup { code } }
        responsibleFor { task { code } }
        indicators { roles direct
          indicator { code nameZh unit direction framework { code } dimension { code } linkedIndicators { code } }
          targets { comparator value year attribute jurisdiction { code } }
          viaTasks { code }
        }
      }
    }
  }
}"""


async def statements_for(graphql: GraphQLClient, db: DatabaseUnderTest, query: str, first: int) -> int:
    with count_statements(db.engine) as counter:
        data = await graphql.data(query, {"first": first})
    assert len(data["departments"]["nodes"]) == first
    return counter.count


async def test_department_obligations_query_is_constant_in_page_size(
    graphql: GraphQLClient, catalog_db: DatabaseUnderTest
) -> None:
    # A small page at each end of the list: between them they reach every nested path (the first departments,
    # Panzhihua's, have no task with targets; the last ones do), so a batch round the data needs is counted.
    from_the_end = OBLIGATIONS_QUERY.replace("departments(first: $first)", "departments(last: $first)")
    small = max(
        await statements_for(graphql, catalog_db, OBLIGATIONS_QUERY, 10),
        await statements_for(graphql, catalog_db, from_the_end, 10),
    )
    large = await statements_for(graphql, catalog_db, OBLIGATIONS_QUERY, 100)
    assert large <= small, f"{small} statements for pages of 10, {large} for a page of 100"
    assert small <= 20


@pytest.mark.parametrize(
    "query",
    [
        """query($first: Int!) { departments: jurisdictions(first: $first) { nodes { code
             departments(first: 20) { totalCount nodes { code portfolios { code } } } children { code } plans { code
             phases { seq } tasks(first: 5) { nodes { code assignments { department { code } } } } } } } }""",
        """query($first: Int!) { departments: indicators(first: $first) { nodes { code
             targets { value } responsibleDepartments { department { code } } linkedIndicators { code }
             tasks { code } framework { code } dimension { parent { code } } } } }""",
    ],
)
async def test_other_nested_queries_are_constant_in_page_size(
    graphql: GraphQLClient, catalog_db: DatabaseUnderTest, query: str
) -> None:
    # page sizes chosen so both pages reach every nested path (tasks with assignments, indicators with targets)
    with count_statements(catalog_db.engine) as small:
        await graphql.data(query, {"first": 10})
    with count_statements(catalog_db.engine) as large:
        await graphql.data(query, {"first": 25})
    assert large.count == small.count


def _nested(root: str, field: str, depth: int) -> str:
    selection = "code"
    for _ in range(depth):
        selection = f"code {field} {{ {selection} }}"
    return f"{{ {root} {{ nodes {{ {selection} }} }} }}"


@pytest.mark.parametrize(
    ("root", "field"),
    [
        ("jurisdictions(first: 2)", "children"),
        ("indicators(first: 10)", "linkedIndicators"),
        ("tasks(first: 10)", "subtasks"),
    ],
)
async def test_each_level_of_nesting_costs_a_fixed_number_of_batches(
    graphql: GraphQLClient, catalog_db: DatabaseUnderTest, root: str, field: str
) -> None:
    # Whatever the rows at a level, the next level is one batch (a link table and its rows: two statements at
    # most): the count grows with depth by a fixed step, never with the number of rows the levels hold.
    counts = []
    for depth in range(1, 4):
        with count_statements(catalog_db.engine) as counter:
            await graphql.data(_nested(root, field, depth))
        counts.append(counter.count)
    steps = [deeper - shallower for shallower, deeper in itertools.pairwise(counts)]
    assert all(step <= 2 for step in steps), f"statements at depths 1 to 3: {counts}"
