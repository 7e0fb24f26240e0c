"""Names come in Chinese (the source text) and English (the catalog's translation): every `*Zh` field has its
`*En`, except text printed at length (a task's text, a target as printed), which is quoted, not translated
(issue 14)."""

from __future__ import annotations

from graphql import GraphQLObjectType

from schema import build_schema
from tests.fixtures.graphql import GraphQLClient

# Printed text quoted as the source prints it: no English is recorded, and none is made up.
PRINTED_TEXT = {
    "Indicator.descriptionZh",
    "PlanPhase.descriptionZh",
    "Target.targetTextZh",
    "Target.baselineTextZh",
    "Task.descriptionZh",
    "WorkingGroup.domainZh",
}


def test_every_chinese_name_has_its_english() -> None:
    schema = build_schema()._schema
    missing = sorted(
        f"{name}.{field}"
        for name, graphql_type in schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType) and not name.startswith("__")
        for field in graphql_type.fields
        if field.endswith("Zh") and f"{field[:-2]}En" not in graphql_type.fields
    )
    assert missing == sorted(PRINTED_TEXT)


async def test_the_higher_level_the_issuer_and_the_head_read_in_english(graphql: GraphQLClient) -> None:
    data = await graphql.data(
        """{ jurisdiction(code: "wuzhong") { parentNameZh parentNameEn }
             plan(code: "wuzhong-2023") { issuedByZh issuedByEn }
             workingGroup(code: "wuzhong-2023.leading-group") { headZh headEn } }"""
    )
    assert data["jurisdiction"] == {"parentNameZh": "苏州市", "parentNameEn": "Suzhou City"}
    assert data["plan"] == {
        "issuedByZh": "苏州市吴中区人民政府办公室",
        "issuedByEn": "General Office of the People's Government of Wuzhong District, Suzhou",
    }
    assert data["workingGroup"]["headZh"] == "区委副书记、区政府区长"
    assert data["workingGroup"]["headEn"].startswith("Deputy Secretary of the District Party Committee")
