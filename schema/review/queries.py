"""Root query fields of the review workflow."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from schema.catalog.inputs import values
from schema.context import Info
from schema.pagination import PAGE_ARGUMENTS_HELP, Connection, page_request, to_connection
from schema.permissions import AUTHENTICATED, REPLAYERS
from schema.review.inputs import ConditionFilter, ReviewRequestFilter
from schema.review.overrule_types import ScreeningOverrules
from schema.review.types import Committee, ReviewCondition, ReviewRequest
from schema.screening.inputs import node_id
from service.i18n import _
from service.review import overrules, reads


@strawberry.type
class ReviewQuery:
    @strawberry.field(
        description="A jurisdiction's expert committee, with its members; null if it has none yet, or if the caller "
        "may not read that jurisdiction's proposals (a committee is read where its jurisdiction's proposals are).",
        permission_classes=[AUTHENTICATED],
    )
    async def committee(
        self, info: Info, jurisdiction: Annotated[str, strawberry.argument(description="Code of the jurisdiction.")]
    ) -> Committee | None:
        row = await info.context.db(reads.committee_of_jurisdiction, info.context.principal, jurisdiction)
        return Committee.from_optional(row)

    @strawberry.field(
        description="Review requests on proposals the caller may see, soonest due first; `assignedToMe` gives a "
        "department officer its department's and an expert its own. " + PAGE_ARGUMENTS_HELP,
        permission_classes=[AUTHENTICATED],
    )
    async def review_requests(
        self,
        info: Info,
        filter: Annotated[
            ReviewRequestFilter | None, strawberry.argument(description="Narrow the list; omit for all.")
        ] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ReviewRequest]:
        f = filter or ReviewRequestFilter()
        query = reads.RequestQuery(
            jurisdiction=f.jurisdiction,
            statuses=values(f.statuses),
            department=f.department,
            expert_id=node_id(f.expert, "CommitteeMember", _("expert"), ["filter", "expert"]) if f.expert else None,
            assigned_to_me=f.assigned_to_me,
            overdue=f.overdue,
        )
        page = await info.context.db(
            reads.review_requests, info.context.principal, query, page_request(first, after, last, before)
        )
        return to_connection(page, ReviewRequest.from_row)

    @strawberry.field(
        description="Conditions on proposals the caller may see, soonest due first; `overdue` lists adopted "
        "conditions still open after their due date. " + PAGE_ARGUMENTS_HELP,
        permission_classes=[AUTHENTICATED],
    )
    async def conditions(
        self,
        info: Info,
        filter: Annotated[
            ConditionFilter | None, strawberry.argument(description="Narrow the list; omit for all.")
        ] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ReviewCondition]:
        f = filter or ConditionFilter()
        query = reads.ConditionQuery(
            jurisdiction=f.jurisdiction,
            department=f.responsible_department,
            statuses=values(f.statuses),
            overdue=f.overdue,
        )
        page = await info.context.db(
            reads.conditions, info.context.principal, query, page_request(first, after, last, before)
        )
        return to_connection(page, ReviewCondition.from_row)

    @strawberry.field(
        description="What committees overruled: every answer of the national form and every degree that a settled "
        "committee form changed from the screening, with the reasons, counted per question and per rule held "
        "responsible. For checklist maintainers: a committee's chair and secretaries (its jurisdiction), "
        "administrators. Also as a spreadsheet: `GET /exports/overrules.xlsx` with the same arguments.",
        permission_classes=[REPLAYERS],
    )
    async def screening_overrules(
        self,
        info: Info,
        jurisdiction: Annotated[
            str | None, strawberry.argument(description="Code of a jurisdiction; omit for all the caller sees.")
        ] = None,
        settled_from: Annotated[
            dt.date | None, strawberry.argument(description="First day (China Standard Time) a form was settled.")
        ] = None,
        settled_to: Annotated[
            dt.date | None, strawberry.argument(description="Last day (inclusive) a form was settled.")
        ] = None,
    ) -> ScreeningOverrules:
        report = await info.context.db(
            overrules.collect, info.context.principal, jurisdiction, settled_from, settled_to
        )
        return ScreeningOverrules(report=report)
