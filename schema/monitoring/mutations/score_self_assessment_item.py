"""scoreSelfAssessmentItem: a self-assessed score of one item of a scored list."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.monitoring.inputs import ScoreSelfAssessmentItemInput
from schema.monitoring.types import SelfAssessment, SelfAssessmentItem
from schema.user_errors import UserError, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.monitoring import self_assessment


@strawberry.type(description="Result of scoreSelfAssessmentItem.")
class ScoreSelfAssessmentItemPayload:
    item: SelfAssessmentItem | None = strawberry.field(description="The item with its score now.")
    self_assessment: SelfAssessment | None = strawberry.field(description="The whole self-assessment with its totals.")
    user_errors: list[UserError] = strawberry.field(description="Problems; nothing was recorded.")


async def score_self_assessment_item(
    info: Info, input: Annotated[ScoreSelfAssessmentItemInput, strawberry.argument(description="The mutation's input.")]
) -> ScoreSelfAssessmentItemPayload:
    given = self_assessment.ScoreInput(
        item=input.item,
        jurisdiction=input.jurisdiction,
        year=input.year,
        score=input.score,
        evidence=input.evidence,
        attachments=tuple(input.attachments or ()),
        note=input.note,
    )
    try:
        recorded = await info.context.write(
            Audit("scoreSelfAssessmentItem", "SelfAssessmentScore"),
            self_assessment.score_item,
            info.context.principal,
            given,
            input.idempotency_key,
        )
        row = (recorded.rows or recorded.unchanged)[0]
        assessment = await info.context.db(
            self_assessment.self_assessment_of_item, row.indicator_id, row.jurisdiction_id, row.year
        )
    except HiaError as error:
        return ScoreSelfAssessmentItemPayload(item=None, self_assessment=None, user_errors=user_errors(error))
    item = next(i for h in assessment.headings for i in h.items if i.indicator.id == row.indicator_id)
    return ScoreSelfAssessmentItemPayload(
        item=SelfAssessmentItem.of(item), self_assessment=SelfAssessment.of(assessment), user_errors=[]
    )
