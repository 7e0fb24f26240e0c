"""Root query fields of screening."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.catalog.inputs import values
from schema.context import Info
from schema.pagination import PAGE_ARGUMENTS_HELP, Connection, page_request, to_connection
from schema.permissions import AUTHENTICATED
from schema.screening.enums import ProposalKind
from schema.screening.inputs import ProposalFilter
from schema.screening.types import Checklist, Proposal
from service.screening import checklists as checklist_service
from service.screening.reads import ProposalQuery, proposals

FilterArgument = Annotated[ProposalFilter | None, strawberry.argument(description="Narrow the list; omit for all.")]


async def _proposals(
    info: Info,
    f: ProposalFilter | None,
    kind: ProposalKind | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[Proposal]:
    f = f or ProposalFilter()
    kinds = values([kind] if kind else f.kinds)
    query = ProposalQuery(
        jurisdiction=f.jurisdiction,
        kinds=kinds,
        statuses=values(f.statuses),
        sponsoring_department=f.sponsoring_department,
        impact_degrees=values(f.impact_degrees),
    )
    page = await info.context.db(proposals, info.context.principal, query, page_request(first, after, last, before))
    return to_connection(page, Proposal.from_row)


@strawberry.type
class ScreeningQuery:
    @strawberry.field(
        description="Proposals the caller may see, newest first. " + PAGE_ARGUMENTS_HELP,
        permission_classes=[AUTHENTICATED],
    )
    async def proposals(
        self,
        info: Info,
        filter: FilterArgument = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Proposal]:
        return await _proposals(info, filter, None, first, after, last, before)

    @strawberry.field(
        description="Proposed policies (proposals of kind POLICY) the caller may see, newest first. "
        + PAGE_ARGUMENTS_HELP,
        permission_classes=[AUTHENTICATED],
    )
    async def policies(
        self,
        info: Info,
        filter: FilterArgument = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Proposal]:
        return await _proposals(info, filter, ProposalKind.POLICY, first, after, last, before)

    @strawberry.field(
        description="Proposed projects (proposals of kind PROJECT) the caller may see, newest first. "
        + PAGE_ARGUMENTS_HELP,
        permission_classes=[AUTHENTICATED],
    )
    async def projects(
        self,
        info: Info,
        filter: FilterArgument = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Proposal]:
        return await _proposals(info, filter, ProposalKind.PROJECT, first, after, last, before)

    @strawberry.field(
        description="One proposal by its code (e.g. `HIA-2026-000042`); null when unknown or not visible to the caller.",
        permission_classes=[AUTHENTICATED],
    )
    async def proposal(
        self, info: Info, code: Annotated[str, strawberry.argument(description="The proposal's code.")]
    ) -> Proposal | None:
        return Proposal.from_optional(await info.context.loaders.by_code("proposal").load(code))

    @strawberry.field(description="Every published checklist version, in the order published. " + PAGE_ARGUMENTS_HELP)
    async def checklists(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Checklist]:
        page = await info.context.db(checklist_service.versions, page_request(first, after, last, before))
        return to_connection(page, Checklist.from_row)

    @strawberry.field(description="One checklist version (the latest when `version` is omitted); null when unknown.")
    async def checklist(
        self,
        info: Info,
        version: Annotated[int | None, strawberry.argument(description="Version number; latest if omitted.")] = None,
        id: Annotated[
            str, strawberry.argument(description="The checklist's id.")
        ] = checklist_service.DEFAULT_CHECKLIST,
    ) -> Checklist | None:
        from service.errors import NotFoundError

        try:
            return Checklist.from_row(await info.context.db(checklist_service.resolve, version, ["version"], id))
        except NotFoundError:
            return None
