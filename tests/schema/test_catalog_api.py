"""What integrators rely on: bounded cursor paging, clear errors, opaque ids, typed filters, search."""

from __future__ import annotations

import pytest

from tests.fixtures.graphql import GraphQLClient


@pytest.mark.parametrize("arguments", ["first: 101", "last: 500", "first: -1"])
async def test_a_page_above_the_limit_is_an_error_naming_the_limit(graphql: GraphQLClient, arguments: str) -> None:
    errors = await graphql.errors(f"{{ departments({arguments}) {{ totalCount }} }}")
    assert "100" in errors[0]["message"]
    assert errors[0]["extensions"]["code"] == "PAGE_SIZE_LIMIT"


async def test_a_list_without_first_is_an_error_naming_the_limit(graphql: GraphQLClient) -> None:
    errors = await graphql.errors("{ indicators { totalCount } }")
    assert errors[0]["message"].startswith("pass `first`")
    assert "at most 100" in errors[0]["message"]
    assert errors[0]["extensions"] == {"code": "PAGE_SIZE_LIMIT", "field": ["first"]}


async def test_nested_connections_are_bounded_too(graphql: GraphQLClient) -> None:
    errors = await graphql.errors('{ plan(code: "shangzhou-2022") { tasks(first: 1000) { totalCount } } }')
    assert errors[0]["extensions"]["code"] == "PAGE_SIZE_LIMIT"


async def test_cursor_paging_visits_every_item_once_forwards_and_backwards(graphql: GraphQLClient) -> None:
    query = """query($after: String, $before: String, $first: Int, $last: Int) {
        indicators(filter: {framework: "cn-healthy-city-2018"}, first: $first, after: $after, last: $last,
                   before: $before) {
          totalCount edges { cursor node { code } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""
    forward: list[str] = []
    after = None
    while True:
        page = (await graphql.data(query, {"first": 10, "after": after}))["indicators"]
        forward += [e["node"]["code"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert forward == [f"CN2018-{n:02d}" for n in range(1, 43)]
    backward: list[str] = []
    before = None
    while True:
        page = (await graphql.data(query, {"last": 10, "before": before}))["indicators"]
        backward = [e["node"]["code"] for e in page["edges"]] + backward
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert backward == forward


async def test_nested_pages_follow_their_own_cursors(graphql: GraphQLClient) -> None:
    query = """query($after: String) { jurisdiction(code: "panzhihua") {
        departments(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = (await graphql.data(query, {"after": after}))["jurisdiction"]["departments"]
        seen += [n["code"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"]
    assert seen == sorted(seen)


async def test_a_forged_cursor_is_a_clear_error(graphql: GraphQLClient) -> None:
    errors = await graphql.errors('{ tasks(first: 5, after: "bm90LWEtY3Vyc29y") { totalCount } }')
    assert errors[0]["extensions"] == {"code": "INVALID_CURSOR", "field": ["after"]}
    # a cursor of another list is refused as well
    other = await graphql.data("{ departments(first: 1) { pageInfo { endCursor } } }")
    cursor = other["departments"]["pageInfo"]["endCursor"]
    errors = await graphql.errors(f'{{ tasks(first: 5, after: "{cursor}") {{ totalCount }} }}')
    assert errors[0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_unknown_codes_give_null_or_a_clear_error(graphql: GraphQLClient) -> None:
    data = await graphql.data('{ jurisdiction(code: "atlantis") { code } indicator(code: "X-1") { code } }')
    assert data == {"jurisdiction": None, "indicator": None}
    errors = await graphql.errors('{ departments(filter: {jurisdiction: "atlantis"}, first: 5) { totalCount } }')
    assert errors[0]["message"] == "no jurisdiction has the code 'atlantis'"
    assert errors[0]["extensions"] == {"code": "NOT_FOUND", "field": ["filter", "jurisdiction"]}


async def test_ids_are_opaque_and_fetch_any_object(graphql: GraphQLClient) -> None:
    data = await graphql.data("""{ department(code: "wuzhong.health-commission") { id nameZh }
        indicator(code: "CN2018-39") { id } }""")
    department_id, indicator_id = data["department"]["id"], data["indicator"]["id"]
    assert "wuzhong" not in department_id
    assert not department_id.isdigit()
    fetched = await graphql.data(
        """query($ids: [ID!]!, $one: ID!) { node(id: $one) { id ... on Department { nameZh } }
           nodes(ids: $ids) { id ... on Indicator { code } } }""",
        {"ids": [indicator_id, department_id], "one": department_id},
    )
    assert fetched["node"] == {"id": department_id, "nameZh": data["department"]["nameZh"]}
    assert fetched["nodes"][0] == {"id": indicator_id, "code": "CN2018-39"}


async def test_a_malformed_id_is_a_client_error_not_a_crash(graphql: GraphQLClient) -> None:
    errors = await graphql.errors('{ node(id: "garbage") { id } }')
    assert errors[0]["extensions"]["code"] == "INVALID_ID"
    assert "Unexpected error" not in errors[0]["message"]


async def test_search_finds_chinese_english_and_former_names(graphql: GraphQLClient) -> None:
    query = """query($q: String!) { departments(filter: {search: $q}, first: 50) { nodes { code } } }"""
    chinese = await graphql.data(query, {"q": "卫生计生委"})  # a former name (alias) in Panzhihua
    assert "panzhihua" in " ".join(n["code"] for n in chinese["departments"]["nodes"])
    english = await graphql.data(query, {"q": "health"})
    assert len(english["departments"]["nodes"]) >= 4
    errors = await graphql.errors('{ departments(filter: {search: "  "}, first: 5) { totalCount } }')
    assert errors[0]["extensions"]["field"] == ["filter", "search"]


async def test_a_jurisdiction_resolves_a_portfolio_to_its_own_departments(graphql: GraphQLClient) -> None:
    data = await graphql.data("""{ shangzhou: jurisdiction(code: "shangzhou") {
          departmentsForPortfolio(portfolio: "ecology-environment") { nameZh jurisdiction { code } } }
        panzhihua: jurisdiction(code: "panzhihua") {
          departmentsForPortfolio(portfolio: "ecology-environment") { nameZh } } }""")
    shangzhou = data["shangzhou"]["departmentsForPortfolio"]
    assert shangzhou
    assert {d["jurisdiction"]["code"] for d in shangzhou} == {"shangzhou"}
    assert "市环境保护局" in [d["nameZh"] for d in data["panzhihua"]["departmentsForPortfolio"]]


async def test_department_obligations_answer_lead_cooperate_and_indicators(graphql: GraphQLClient) -> None:
    data = await graphql.data("""{ department(code: "panzhihua.health-family-planning-commission") {
        obligations { leads { task { code } workingGroup { code } }
          cooperatesOn { task { code } workingGroup { code } }
          indicators { direct roles indicator { code } viaTasks { code } targets { year value } } } } }""")
    obligations = data["department"]["obligations"]
    led_groups = [r["workingGroup"]["code"] for r in obligations["leads"] if r["workingGroup"]]
    assert led_groups == ["panzhihua-2017.health-hq"]
    led_tasks = {r["task"]["code"] for r in obligations["leads"] if r["task"]}
    assert {"panzhihua-2017.HQ1", "panzhihua-2017.HQ1.M2017"} <= led_tasks
    assert obligations["cooperatesOn"], "the health commission co-operates in other headquarters"
    via = [i for i in obligations["indicators"] if i["viaTasks"]]
    assert via
    assert all(not i["direct"] for i in via)
    assert any(i["targets"] for i in via)


async def test_tasks_filter_by_department_role_and_year(graphql: GraphQLClient) -> None:
    query = """query($year: Int) { tasks(filter: {department: "panzhihua.health-family-planning-commission",
        roles: [LEAD], kinds: [MILESTONE], year: $year}, first: 50) { nodes { year } } }"""
    every_year = await graphql.data(query, {"year": None})
    assert sorted(t["year"] for t in every_year["tasks"]["nodes"]) == [2017, 2018, 2019, 2020]
    one_year = await graphql.data(query, {"year": 2019})
    assert [t["year"] for t in one_year["tasks"]["nodes"]] == [2019]
