"""The GraphQL schema: strawberry types over the service layer. `build_schema()` is the only entry point."""

from __future__ import annotations

from functools import cache

import strawberry
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache

from schema.catalog.queries import CatalogQuery
from schema.extensions import DomainErrors, RequestSession, mask_unexpected_errors
from schema.screening.mutations.create_proposal import create_proposal
from schema.screening.mutations.preview_screening import preview_screening
from schema.screening.mutations.publish_checklist import publish_checklist
from schema.screening.mutations.replay_screening import replay_screening
from schema.screening.mutations.submit_proposal import submit_proposal
from schema.screening.mutations.update_proposal import update_proposal
from schema.screening.queries import ScreeningQuery


@strawberry.type(
    description="Read the catalog of Health in All Policies (将健康融入所有政策): jurisdictions, plans, "
    "departments, working groups, indicator frameworks, targets and tasks."
)
class Query(CatalogQuery, ScreeningQuery):
    node: relay.Node | None = relay.node(description="Any object by its global id.")
    nodes: list[relay.Node | None] = relay.node(
        description="Objects by their global ids, null where an id matches nothing."
    )


@strawberry.type(description="Change data: proposals, their screening, checklists.")
class Mutation:
    create_proposal = strawberry.mutation(resolver=create_proposal, description="Start a draft proposal.")
    update_proposal = strawberry.mutation(resolver=update_proposal, description="Change a draft proposal.")
    submit_proposal = strawberry.mutation(
        resolver=submit_proposal, description="Submit a draft: screen it and store the assessment (idempotent)."
    )
    preview_screening = strawberry.mutation(
        resolver=preview_screening, description="Screen an unsaved proposal and show the outcome; stores nothing."
    )
    publish_checklist = strawberry.mutation(
        resolver=publish_checklist,
        description="Publish a new checklist version (validated; old assessments keep theirs).",
    )
    replay_screening = strawberry.mutation(
        resolver=replay_screening,
        description="Re-evaluate stored proposals under a checklist version and report which outcomes would change.",
    )


@cache  # strawberry's relay fields can be bound to one schema only; the schema is immutable anyway
def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            RequestSession,
            # Order matters: masking runs after domain errors got their codes.
            mask_unexpected_errors,
            DomainErrors,
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
        ],
    )
