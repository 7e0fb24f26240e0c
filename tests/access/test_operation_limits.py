"""Operation limits that cannot be escaped: fragment fan-out is measured once per fragment (linear in the
document, whatever its expansion), plain lists of objects count towards the cost, `nodes(ids:)` is bounded
however its ids arrive. Reproductions from issue 10 (items 1, 2 and 9)."""

from __future__ import annotations

from graphql import parse

from schema import build_schema
from schema.limits import MAX_COST, MAX_NODE_IDS, measure_operations
from tests.fixtures.graphql import GraphQLClient


def fan_out(levels: int) -> str:
    """`{ ...F0 } fragment F0 on Query { ...F1 ...F1 } ... fragment F<levels> on Query { __typename }`: 2^levels
    spreads once expanded, about 35 bytes per level."""
    fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"{{ ...F0 }} {fragments} fragment F{levels} on Query {{ __typename }}"


def test_measuring_a_fragment_fan_out_visits_each_node_once() -> None:
    schema = build_schema()._schema
    steps_by_levels = {}
    for levels in (20, 30, 60):
        errors, steps = measure_operations(schema, parse(fan_out(levels)))
        assert [(e.extensions or {})["code"] for e in errors] == ["DOCUMENT_TOO_LARGE"], errors
        steps_by_levels[levels] = steps
    # Linear in the document: two selections per level, plus the operation's one spread and the leaf.
    assert steps_by_levels == {levels: 2 * levels + 2 for levels in (20, 30, 60)}


async def test_a_fragment_fan_out_is_refused_before_any_other_rule_walks_it(
    anonymous_screening_api: GraphQLClient,
) -> None:
    errors = await anonymous_screening_api.errors(fan_out(30))
    assert len(errors) == 1
    assert errors[0]["extensions"]["code"] == "DOCUMENT_TOO_LARGE"
    assert "expands to 3,221,225,471 selections" in errors[0]["message"]


async def test_a_small_fan_out_is_still_answered(anonymous_screening_api: GraphQLClient) -> None:
    data = await anonymous_screening_api.data(fan_out(6))
    assert data == {"__typename": "Query"}


async def test_plain_lists_of_objects_count_towards_the_cost(anonymous_screening_api: GraphQLClient) -> None:
    # 119 bytes, anonymous: answered with 3.3 MB after 15-21 s before plain lists had a cost
    query = (
        "{ indicators(first:100) { nodes { tasks { indicators { tasks { indicators { tasks { "
        "indicators { code } } } } } } } } }"
    )
    assert len(query) == 119
    errors = await anonymous_screening_api.errors(query)
    assert errors[0]["extensions"]["code"] == "COST_LIMIT"
    assert f"the limit is {MAX_COST:,}" in errors[0]["message"]
    # one level of the same lists is an ordinary question and is answered
    data = await anonymous_screening_api.data("{ indicators(first: 100) { nodes { code tasks { code } } } }")
    assert len(data["indicators"]["nodes"]) == 100


async def test_nodes_takes_at_most_a_page_of_ids_even_through_a_variable(
    anonymous_screening_api: GraphQLClient,
) -> None:
    first = (await anonymous_screening_api.data("{ jurisdictions(first: 1) { nodes { id } } }"))["jurisdictions"]
    one_id = first["nodes"][0]["id"]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    errors = await anonymous_screening_api.errors(query, {"ids": [one_id] * (MAX_NODE_IDS + 1)})
    assert errors[0]["extensions"] == {"code": "PAGE_SIZE_LIMIT", "field": ["ids"]}
    assert errors[0]["message"] == f"ids holds {MAX_NODE_IDS + 1} ids; at most {MAX_NODE_IDS} are allowed"
    data = await anonymous_screening_api.data(query, {"ids": [one_id] * 3})
    assert data["nodes"] == [{"id": one_id}] * 3
