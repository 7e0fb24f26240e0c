"""Row-level visibility of proposals, applied inside the queries that read them (never in resolvers).

A department officer sees its own department's proposals in every state, and submitted proposals whose
assessment requires its department as reviewer, that the committee asked it to review, or that hold a
condition it answers for; the committee of a jurisdiction sees all of that
jurisdiction's; a viewer sees submitted ones; an administrator everything; nobody else anything.

A jurisdiction's expert committee and its members are read where the jurisdiction's proposals are
(`jurisdiction_condition`, built from the same grants).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, false, not_, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, aliased

from db.models import (
    AssessmentReviewer,
    Committee,
    Department,
    Proposal,
    Review,
    ReviewConclusion,
    ReviewCondition,
    ReviewRequest,
)

# A row's jurisdiction, as a model's column or any expression.
JurisdictionColumn = ColumnElement[int] | InstrumentedAttribute[int]


@dataclass(frozen=True)
class ProposalScope:
    everything: bool = False
    all_states_in: tuple[int, ...] = ()
    submitted_in: tuple[int, ...] = ()
    submitted_everywhere: bool = False
    department_id: int | None = None

    def condition(self) -> ColumnElement[bool]:
        """Which proposals the scope reads (a filter on queries that join Proposal)."""
        if self.everything:
            return true()
        submitted = Proposal.status != "DRAFT"
        parts = self._by_jurisdiction(Proposal.jurisdiction_id, submitted)
        if self.department_id is not None:
            parts += self._department_parts(submitted)
        return or_(*parts) if parts else false()

    def unsealed(self, model: type[Review] | type[ReviewCondition]) -> ColumnElement[bool]:
        """Reviews and proposed conditions the scope may read (a filter on queries that join Proposal): a committee
        with blind review keeps them from the sponsoring department's officers until it concludes the round. A
        proposed condition exists only before the conclusion; a review's round is concluded once its conclusion is."""
        if self.everything or self.department_id is None:
            return true()
        blind = exists().where(Committee.jurisdiction_id == Proposal.jurisdiction_id, Committee.blind_review.is_(True))
        if model is Review:
            pending = ~exists().where(
                ReviewRequest.id == Review.request_id, ReviewConclusion.assessment_id == ReviewRequest.assessment_id
            )
        else:
            pending = ReviewCondition.status == "PROPOSED"
        return not_(and_(Proposal.sponsor_department_id == self.department_id, blind, pending))

    def jurisdiction_condition(self, jurisdiction_id: JurisdictionColumn) -> ColumnElement[bool]:
        """Jurisdictions whose proposals the scope reads, in any state (a filter on rows of a jurisdiction: its
        expert committee and the members). A department officer reads its own department's proposals: its
        department's jurisdiction. (The departments and experts asked to review a proposal are always of the
        proposal's jurisdiction, so reviewing adds no other.)"""
        if self.everything:
            return true()
        parts = self._by_jurisdiction(jurisdiction_id, true())
        if self.department_id is not None:
            home = select(Department.jurisdiction_id).where(Department.id == self.department_id).scalar_subquery()
            parts.append(jurisdiction_id == home)
        return or_(*parts) if parts else false()

    def _by_jurisdiction(
        self, jurisdiction_id: JurisdictionColumn, submitted: ColumnElement[bool]
    ) -> list[ColumnElement[bool]]:
        """The jurisdiction-wide grants: a committee's all, a viewer's submitted ones (here or everywhere)."""
        parts: list[ColumnElement[bool]] = []
        if self.all_states_in:
            parts.append(jurisdiction_id.in_(self.all_states_in))
        if self.submitted_in:
            parts.append(and_(submitted, jurisdiction_id.in_(self.submitted_in)))
        if self.submitted_everywhere:
            parts.append(submitted)
        return parts

    def _department_parts(self, submitted: ColumnElement[bool]) -> list[ColumnElement[bool]]:
        # Aliased: the scope also filters queries whose own rows are requests or conditions.
        requested, conditioned = aliased(ReviewRequest), aliased(ReviewCondition)
        return [
            Proposal.sponsor_department_id == self.department_id,
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
            ),
        ]
