"""Root query fields of monitoring and evaluation (public, like the catalog: they are official statistics)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from schema.context import Info
from schema.monitoring.types import Scorecard, SelfAssessment
from service.errors import NotFoundError
from service.monitoring import scorecard as scorecard_service
from service.monitoring import self_assessment as self_assessment_service

AsOfYear = Annotated[
    int | None, strawberry.argument(description="The year to judge statuses as of; the current year when omitted.")
]


def as_of_year(year: int | None) -> int:
    return year if year is not None else dt.date.today().year


@strawberry.type
class MonitoringQuery:
    @strawberry.field(
        description="The scorecard of a jurisdiction (监测评估总览): every target of its plans in force in `year` (or "
        "ended the year before) with its status as of `year`, by framework and first-level heading; null when "
        "no jurisdiction has the code."
    )
    async def scorecard(
        self,
        info: Info,
        jurisdiction: Annotated[str, strawberry.argument(description="Code of the jurisdiction, e.g. `panzhihua`.")],
        year: AsOfYear = None,
    ) -> Scorecard | None:
        try:
            card = await info.context.db(scorecard_service.scorecard, jurisdiction, as_of_year(year))
        except NotFoundError as error:
            if error.field == ["jurisdiction"]:
                return None
            raise
        return Scorecard(card=card, as_of=card.as_of)

    @strawberry.field(
        description="The scored self-assessment (自评) of a scored list for a jurisdiction and year, with totals by "
        "heading and overall beside the points the source prints; null when the list or jurisdiction is unknown."
    )
    async def self_assessment(
        self,
        info: Info,
        framework: Annotated[
            str, strawberry.argument(description="Code of the scored list, e.g. `js-healthy-district-2023`.")
        ],
        jurisdiction: Annotated[str, strawberry.argument(description="Code of the jurisdiction, e.g. `wuzhong`.")],
        year: Annotated[int, strawberry.argument(description="The year assessed, e.g. 2024 (the acceptance check).")],
    ) -> SelfAssessment | None:
        try:
            found = await info.context.db(self_assessment_service.self_assessment, framework, jurisdiction, year)
        except NotFoundError:
            return None
        return SelfAssessment.of(found)
