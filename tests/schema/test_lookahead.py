"""Loading ahead (issue 15): a resolver that sees what the query selects below it loads those rows in one batch,
and the fields below answer at once from them. What a query returns never depends on it."""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any, cast

from graphql import FieldNode, FragmentDefinitionNode, OperationDefinitionNode, parse
from strawberry.dataloader import DataLoader

from schema.context import Info
from schema.lookahead import asks_for, now_or_later
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient, count_statements

PLAIN = """{ departments(first: 30) { nodes { code obligations {
    leads { role task { code titleZh targets { year value } } }
    cooperatesOn { role task { code } }
    indicators { roles indicator { code } targets { year jurisdiction { code } } } } } } }"""

# The same selection through a named fragment and inline fragments.
FRAGMENTS = """{ departments(first: 30) { nodes { code obligations { ...Duties } } } }
fragment Duties on DepartmentObligations {
    leads { ... on Responsibility { role task { code titleZh ... { targets { year value } } } } }
    cooperatesOn { role task { code } }
    indicators { roles ... { indicator { code } } targets { year jurisdiction { code } } } }"""


def resolving(document: str, *names: str) -> Info:
    """What a resolver of the field at `names` (from the operation's root) sees of the query."""
    parsed = parse(document)
    fragments = {d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)}
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    root, *below = names
    nodes = [s for s in operation.selection_set.selections if isinstance(s, FieldNode) and s.name.value == root]
    for name in below:
        nodes = [
            child
            for node in nodes
            if node.selection_set is not None
            for child in node.selection_set.selections
            if isinstance(child, FieldNode) and child.name.value == name
        ]
    return cast(Info, SimpleNamespace(_raw_info=SimpleNamespace(field_nodes=nodes, fragments=fragments)))


def test_the_look_ahead_sees_fields_through_named_and_inline_fragments() -> None:
    for document in (PLAIN, FRAGMENTS):
        obligations = resolving(document, "departments", "nodes", "obligations")
        assert asks_for(obligations, ("leads", "cooperatesOn"), ("task",))
        assert asks_for(obligations, ("leads",), ("task",), ("targets",))
        assert not asks_for(obligations, ("cooperatesOn",), ("task",), ("targets",))
        assert not asks_for(obligations, ("responsibleFor",), ("task",))


async def test_a_row_loaded_ahead_is_answered_at_once_and_any_other_is_loaded() -> None:
    async def load(keys: list[int]) -> list[str]:
        return [f"row {key}" for key in keys]

    loader: DataLoader[int, str] = DataLoader(load_fn=load)
    await loader.load_many([1, 2])
    at_once = now_or_later(loader, 1, str.upper)
    assert at_once == "ROW 1"
    later = now_or_later(loader, 3, str.upper)
    assert inspect.isawaitable(later)
    assert await cast(Any, later) == "ROW 3"


async def test_a_read_through_fragments_returns_what_the_plain_read_does_in_as_many_statements(
    graphql: GraphQLClient, catalog_db: DatabaseUnderTest
) -> None:
    with count_statements(catalog_db.engine) as plain_count:
        plain = await graphql.data(PLAIN)
    with count_statements(catalog_db.engine) as fragment_count:
        through_fragments = await graphql.data(FRAGMENTS)
    assert through_fragments == plain
    assert any(node["obligations"]["leads"] for node in plain["departments"]["nodes"])
    assert fragment_count.count == plain_count.count
