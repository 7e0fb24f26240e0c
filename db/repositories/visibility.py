"""Row-level visibility of proposals, applied inside the queries that read them (never in resolvers).

A department officer sees its own department's proposals in every state, and submitted proposals whose
assessment requires its department as reviewer, that the committee asked it to review, or that hold a
condition it answers for; the committee of a jurisdiction sees all of that
jurisdiction's; a viewer sees submitted ones; an administrator everything; nobody else anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true
from sqlalchemy.orm import aliased

from db.models import AssessmentReviewer, Proposal, ReviewCondition, ReviewRequest


@dataclass(frozen=True)
class ProposalScope:
    everything: bool = False
    all_states_in: tuple[int, ...] = ()
    submitted_in: tuple[int, ...] = ()
    submitted_everywhere: bool = False
    department_id: int | None = None

    def condition(self) -> ColumnElement[bool]:
        if self.everything:
            return true()
        submitted = Proposal.status != "DRAFT"
        parts: list[ColumnElement[bool]] = []
        if self.all_states_in:
            parts.append(Proposal.jurisdiction_id.in_(self.all_states_in))
        if self.submitted_in:
            parts.append(and_(submitted, Proposal.jurisdiction_id.in_(self.submitted_in)))
        if self.submitted_everywhere:
            parts.append(submitted)
        if self.department_id is not None:
            # Aliased: the scope also filters queries whose own rows are requests or conditions.
            requested, conditioned = aliased(ReviewRequest), aliased(ReviewCondition)
            parts.append(Proposal.sponsor_department_id == self.department_id)
            parts.append(
                and_(
                    submitted,
                    or_(
                        exists(
                            select(AssessmentReviewer.department_id).where(
                                AssessmentReviewer.assessment_id == Proposal.latest_assessment_id,
                                AssessmentReviewer.department_id == self.department_id,
                            )
                        ),
                        exists(
                            select(requested.id).where(
                                requested.proposal_id == Proposal.id,
                                requested.department_id == self.department_id,
                            )
                        ),
                        exists(
                            select(conditioned.id).where(
                                conditioned.proposal_id == Proposal.id,
                                conditioned.responsible_department_id == self.department_id,
                            )
                        ),
                    ),
                )
            )
        return or_(*parts) if parts else false()
