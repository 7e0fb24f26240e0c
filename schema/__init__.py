"""The GraphQL schema: strawberry types over the service layer. `build_schema()` is the only entry point."""

from __future__ import annotations

from functools import cache

import strawberry
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache

from schema.catalog.queries import CatalogQuery
from schema.extensions import DomainErrors, RequestSession, mask_unexpected_errors


@strawberry.type(
    description="Read the catalog of Health in All Policies (将健康融入所有政策): jurisdictions, plans, "
    "departments, working groups, indicator frameworks, targets and tasks."
)
class Query(CatalogQuery):
    node: relay.Node | None = relay.node(description="Any object by its global id.")
    nodes: list[relay.Node | None] = relay.node(
        description="Objects by their global ids, null where an id matches nothing."
    )


@cache  # strawberry's relay fields can be bound to one schema only; the schema is immutable anyway
def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        extensions=[
            RequestSession,
            # Order matters: masking runs after domain errors got their codes.
            mask_unexpected_errors,
            DomainErrors,
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )
