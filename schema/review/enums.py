"""Enums of the review workflow (values are the stored strings)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="A member's place on the expert committee.")
class CommitteeRole(Enum):
    CHAIR = strawberry.enum_value("CHAIR", description="Chair (主任委员): concludes and signs.")
    SECRETARY = strawberry.enum_value("SECRETARY", description="Secretary (健评办): screens, assigns, follows up.")
    EXPERT = strawberry.enum_value("EXPERT", description="Expert member (专家): reviews in a specialty.")


@strawberry.enum(description="Whom a review request asks.")
class ReviewRequestKind(Enum):
    DEPARTMENT = strawberry.enum_value("DEPARTMENT", description="A department of the jurisdiction (协作部门).")
    EXPERT = strawberry.enum_value("EXPERT", description="An expert of the committee, for a specialty.")


@strawberry.enum(description="Where a review request stands.")
class ReviewRequestStatus(Enum):
    PENDING = strawberry.enum_value("PENDING", description="Waiting for the reviewer's opinion.")
    UNASSIGNED = strawberry.enum_value(
        "UNASSIGNED",
        description="No eligible expert was found: the secretary assigns one (replaceReviewer) or waives it.",
    )
    REVIEWED = strawberry.enum_value("REVIEWED", description="The review is in.")
    WAIVED = strawberry.enum_value("WAIVED", description="Waived by the secretary, with a reason.")
    REPLACED = strawberry.enum_value(
        "REPLACED", description="Closed: another reviewer was asked instead (see `replacedBy`)."
    )


@strawberry.enum(description="Why a review request was made.")
class ReviewRequestReasonKind(Enum):
    PORTFOLIO = strawberry.enum_value(
        "PORTFOLIO", description="The department holds a portfolio the screening requires."
    )
    INDICATOR = strawberry.enum_value("INDICATOR", description="The department answers for an affected indicator.")
    PLACE = strawberry.enum_value("PLACE", description="The department governs a town or street the proposal touches.")
    RULE = strawberry.enum_value("RULE", description="A checklist rule requires the specialty.")
    SECRETARY = strawberry.enum_value("SECRETARY", description="The secretary asked, for the reason given.")


@strawberry.enum(description="A reviewer's opinion (评审意见).")
class Opinion(Enum):
    CONCUR = strawberry.enum_value("CONCUR", description="Agrees (同意).")
    CONCUR_WITH_CONDITIONS = strawberry.enum_value(
        "CONCUR_WITH_CONDITIONS", description="Agrees if the conditions attached are met (有条件同意)."
    )
    OBJECT = strawberry.enum_value("OBJECT", description="Objects (不同意); the comments say why.")


@strawberry.enum(description="The chair's conclusion of a review round (评估结论).")
class ReviewDecision(Enum):
    APPROVED = strawberry.enum_value("APPROVED", description="Approved (同意).")
    APPROVED_WITH_CONDITIONS = strawberry.enum_value(
        "APPROVED_WITH_CONDITIONS",
        description="Approved with conditions (有条件同意); the conditions become obligations.",
    )
    REVISE_AND_RESUBMIT = strawberry.enum_value(
        "REVISE_AND_RESUBMIT", description="Revise and resubmit (修改后重新提交): screened again when resubmitted."
    )
    REJECTED = strawberry.enum_value("REJECTED", description="Rejected (不同意).")


@strawberry.enum(description="Where a condition stands.")
class ConditionStatus(Enum):
    PROPOSED = strawberry.enum_value("PROPOSED", description="Attached by a reviewer; the conclusion decides.")
    OPEN = strawberry.enum_value("OPEN", description="Adopted: the responsible department's obligation, not done yet.")
    DONE = strawberry.enum_value("DONE", description="Done, with evidence.")
    NOT_ADOPTED = strawberry.enum_value("NOT_ADOPTED", description="The conclusion did not adopt it.")


@strawberry.enum(description="What happened in a proposal's review.")
class ProposalEventType(Enum):
    PROPOSAL_SCREENED = strawberry.enum_value("PROPOSAL_SCREENED", description="Submitted and screened.")
    REVIEW_REQUESTED = strawberry.enum_value("REVIEW_REQUESTED", description="A review was requested.")
    REVIEWER_REPLACED = strawberry.enum_value(
        "REVIEWER_REPLACED", description="A request was closed for another reviewer."
    )
    REVIEW_WAIVED = strawberry.enum_value("REVIEW_WAIVED", description="A request was waived.")
    REVIEW_SUBMITTED = strawberry.enum_value("REVIEW_SUBMITTED", description="A review came in.")
    REVIEW_CONCLUDED = strawberry.enum_value("REVIEW_CONCLUDED", description="The chair concluded the round.")
    CONDITION_COMPLETED = strawberry.enum_value("CONDITION_COMPLETED", description="A condition was done.")
    RATING_CLOSED = strawberry.enum_value(
        "RATING_CLOSED", description="The experts' rating of the round closed (the last expert rated, or the chair)."
    )
    FORM_SETTLED = strawberry.enum_value("FORM_SETTLED", description="The chair settled the committee's form.")


@strawberry.enum(description="What can be done to a proposal in its current state (by someone with the right role).")
class ProposalAction(Enum):
    EDIT = strawberry.enum_value("EDIT", description="updateProposal (its department or the secretary).")
    SUBMIT = strawberry.enum_value("SUBMIT", description="submitProposal (its department or the secretary).")
    OPEN_REVIEW = strawberry.enum_value(
        "OPEN_REVIEW", description="addReviewRequest on a screened proposal (secretary)."
    )
    CHANGE_REVIEWERS = strawberry.enum_value(
        "CHANGE_REVIEWERS", description="addReviewRequest, replaceReviewer, waiveReviewRequest (secretary)."
    )
    REVIEW = strawberry.enum_value("REVIEW", description="submitReview (the requests' reviewers).")
    APPROVE = strawberry.enum_value("APPROVE", description="concludeReview APPROVED (chair).")
    APPROVE_WITH_CONDITIONS = strawberry.enum_value(
        "APPROVE_WITH_CONDITIONS", description="concludeReview APPROVED_WITH_CONDITIONS (chair)."
    )
    REQUEST_REVISION = strawberry.enum_value(
        "REQUEST_REVISION", description="concludeReview REVISE_AND_RESUBMIT (chair)."
    )
    REJECT = strawberry.enum_value("REJECT", description="concludeReview REJECTED (chair).")
