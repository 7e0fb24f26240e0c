"""The SDL is a product: checked in, current, and documented on every type, field, argument and enum value."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from schema import build_schema

SDL_PATH = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def test_checked_in_sdl_is_current() -> None:
    exported = build_schema().as_str() + "\n"
    assert SDL_PATH.read_text(encoding="utf-8") == exported, (
        "schema/schema.graphql is stale: run `hia export-schema -o schema/schema.graphql` and note breaking "
        "changes in CHANGELOG.md"
    )


def test_every_type_field_argument_and_enum_value_has_a_description() -> None:
    graphql_schema = build_schema()._schema
    missing: list[str] = []
    for name, type_ in graphql_schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID", "Date"}:
            continue
        if not getattr(type_, "description", None):
            missing.append(name)
        if isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            for field_name, field in type_.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description and arg_name not in _SELF_EXPLANATORY_ARGUMENTS:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(type_, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in type_.values.items() if not value.description]
    assert not missing, f"undocumented: {missing}"


# Paging arguments are documented once on each connection field's description (Relay standard names).
_SELF_EXPLANATORY_ARGUMENTS = {"first", "after", "last", "before"}
