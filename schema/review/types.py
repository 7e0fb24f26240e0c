"""GraphQL types of the review workflow: the committee, review requests, reviews, conditions, conclusions,
review rounds and proposal events. Each is reached through a proposal the caller may see (or a scoped
list), and resolves its relations through the request's DataLoaders."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry

from schema.catalog.types import CatalogNode, Department, Jurisdiction, _load
from schema.context import Info
from schema.review.enums import (
    CommitteeRole,
    ConditionStatus,
    Opinion,
    ProposalEventType,
    ReviewDecision,
    ReviewRequestKind,
    ReviewRequestReasonKind,
    ReviewRequestStatus,
)
from schema.screening.enums import Specialty, Tristate
from service.review import settings
from service.review.reads import event_cursor

if TYPE_CHECKING:
    from schema.review.rating_types import CommitteeForm, RoundRating
    from schema.screening.types import Assessment, Proposal

ProposalRef = Annotated["Proposal", strawberry.lazy("schema.screening.types")]
AssessmentRef = Annotated["Assessment", strawberry.lazy("schema.screening.types")]
RoundRatingRef = Annotated["RoundRating", strawberry.lazy("schema.review.rating_types")]
CommitteeFormRef = Annotated["CommitteeForm", strawberry.lazy("schema.review.rating_types")]


async def _proposal(info: Info, proposal_id: int) -> Proposal | None:
    from schema.screening.types import Proposal

    return Proposal.from_optional(await _load(info, "proposal", proposal_id))


@strawberry.type(description="A jurisdiction's health impact assessment expert committee (健康影响评价专家委员会).")
class Committee(CatalogNode):
    KIND: ClassVar[str] = "committee"
    code: str = strawberry.field(description="Stable code, e.g. `wuzhong.hia-committee`.")
    name_zh: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")

    @classmethod
    def from_row(cls, row: Any) -> Committee:
        return cls(db_id=row.id, row=row, code=row.code, name_zh=row.name_zh, name_en=row.name_en)

    @strawberry.field(
        description="Blind review: reviewers' opinions and proposed conditions stay hidden from the sponsoring "
        "department until the chair concludes the round (`setBlindReview`)."
    )
    def blind_review(self) -> bool:
        return bool(self.row.blind_review)

    @strawberry.field(description="The jurisdiction it serves.")
    async def jurisdiction(self, info: Info) -> Jurisdiction:
        return Jurisdiction.from_row(await _load(info, "jurisdiction", self.row.jurisdiction_id))

    @strawberry.field(description="Its members: chair, secretaries, experts (active and former), by role.")
    async def members(
        self,
        info: Info,
        role: Annotated[CommitteeRole | None, strawberry.argument(description="Only members of this role.")] = None,
        specialty: Annotated[
            Specialty | None, strawberry.argument(description="Only members with this specialty.")
        ] = None,
    ) -> list[CommitteeMember]:
        rows = await info.context.loaders.members_of_committee.load(self.db_id)
        return [
            CommitteeMember.from_row(r)
            for r in rows
            if (role is None or r.role == role.value) and (specialty is None or specialty.value in r.specialties)
        ]


@strawberry.type(description="A person on the committee: chair, secretary, or expert with specialties.")
class CommitteeMember(CatalogNode):
    KIND: ClassVar[str] = "committeeMember"
    role: CommitteeRole = strawberry.field(description="Place on the committee.")
    name_zh: str = strawberry.field(description="Name, as printed in signatures.")
    name_en: str | None = strawberry.field(description="Name in Latin letters.")
    title_zh: str | None = strawberry.field(description="Professional title (职称), e.g. 主任医师.")
    title_en: str | None = strawberry.field(description="Professional title in English, e.g. Chief Physician.")
    affiliation_zh: str | None = strawberry.field(description="Where the person works, as written.")
    affiliation_en: str | None = strawberry.field(description="Where the person works, in English.")
    specialties: list[Specialty] = strawberry.field(description="Specialties reviews are assigned by.")
    active: bool = strawberry.field(description="Whether new reviews may be assigned to the member.")

    @classmethod
    def from_row(cls, row: Any) -> CommitteeMember:
        return cls(
            db_id=row.id,
            row=row,
            role=CommitteeRole(row.role),
            name_zh=row.name_zh,
            name_en=row.name_en,
            title_zh=row.title_zh,
            title_en=row.title_en,
            affiliation_zh=row.affiliation_zh,
            affiliation_en=row.affiliation_en,
            specialties=[Specialty(s) for s in row.specialties or []],
            active=row.active,
        )

    @strawberry.field(
        description="The jurisdiction's department the member works for (conflict of interest: never assigned its "
        "proposals)."
    )
    async def affiliation_department(self, info: Info) -> Department | None:
        return Department.from_optional(await _load(info, "department", self.row.affiliation_department_id))

    @strawberry.field(description="The committee.")
    async def committee(self, info: Info) -> Committee:
        return Committee.from_row(await _load(info, "committee", self.row.committee_id))

    @strawberry.field(description="Reviews assigned to the member and not given yet (the load assignment balances).")
    async def open_review_count(self, info: Info) -> int:
        count: int = await info.context.loaders.open_review_count.load(self.db_id)
        return count


@strawberry.type(description="Why a review request was made.")
class ReviewRequestReason:
    kind: ReviewRequestReasonKind = strawberry.field(description="A portfolio, an indicator, a rule, or the secretary.")
    code: str = strawberry.field(description="Code of the portfolio, indicator or rule; the secretary's words.")


@strawberry.type(description="A review the committee asks of a department or an expert in one screening round.")
class ReviewRequest(CatalogNode):
    KIND: ClassVar[str] = "reviewRequest"
    kind: ReviewRequestKind = strawberry.field(description="Department or expert.")
    status: ReviewRequestStatus = strawberry.field(description="Where it stands.")
    specialties: list[Specialty] = strawberry.field(
        description="Expert requests: every specialty asked of the expert, in the screening's order (an expert "
        "gets one request per proposal, whatever the number of specialties); an UNASSIGNED request lists the one "
        "specialty nobody eligible covers. Empty for department requests."
    )
    specialty: Specialty | None = strawberry.field(
        description="Expert requests: the first of `specialties`.",
        deprecation_reason="Use specialties: a request may ask for several.",
    )
    due_on: dt.date = strawberry.field(description="By when the opinion is due (China Standard Time).")
    reasons: list[ReviewRequestReason] = strawberry.field(description="Why it was made.")
    closing_reason: str | None = strawberry.field(description="Why it was waived or its reviewer replaced.")
    created_at: dt.datetime = strawberry.field(description="When it was made.")
    created_by: str | None = strawberry.field(description="Who made it (the submitter, for screening requests).")
    closed_at: dt.datetime | None = strawberry.field(description="When it was reviewed, waived or replaced.")
    closed_by: str | None = strawberry.field(description="Who closed it.")

    @classmethod
    def from_row(cls, row: Any) -> ReviewRequest:
        return cls(
            db_id=row.id,
            row=row,
            kind=ReviewRequestKind(row.kind),
            status=ReviewRequestStatus(row.status),
            specialties=[Specialty(s) for s in row.specialties],
            specialty=Specialty(row.specialties[0]) if row.specialties else None,
            due_on=row.due_on,
            reasons=[ReviewRequestReason(kind=ReviewRequestReasonKind(r["kind"]), code=r["code"]) for r in row.reasons],
            closing_reason=row.closing_reason,
            created_at=row.created_at,
            created_by=row.created_by,
            closed_at=row.closed_at,
            closed_by=row.closed_by,
        )

    @strawberry.field(description="Open and past its due date.")
    def overdue(self) -> bool:
        return self.row.status in ("PENDING", "UNASSIGNED") and self.row.due_on < settings.today()

    @strawberry.field(description="The proposal to review.")
    async def proposal(self, info: Info) -> ProposalRef | None:
        return await _proposal(info, self.row.proposal_id)

    @strawberry.field(description="Department requests: the department asked.")
    async def department(self, info: Info) -> Department | None:
        return Department.from_optional(await _load(info, "department", self.row.department_id))

    @strawberry.field(description="Expert requests: the expert assigned (null while UNASSIGNED).")
    async def expert(self, info: Info) -> CommitteeMember | None:
        return CommitteeMember.from_optional(await _load(info, "committeeMember", self.row.expert_id))

    @strawberry.field(description="The request this one replaced, if it is a replacement.")
    async def replaces(self, info: Info) -> ReviewRequest | None:
        return ReviewRequest.from_optional(await _load(info, "reviewRequest", self.row.replaces_id))

    @strawberry.field(description="The review given, once REVIEWED.")
    async def review(self, info: Info) -> Review | None:
        return Review.from_optional(await info.context.loaders.review_of_request.load(self.db_id))


@strawberry.type(description="A reviewer's answer to a question the screening left open (\"don't know\").")
class ReviewAnswer:
    question_id: str = strawberry.field(description="Id of the checklist question.")
    yes_no: Tristate | None = strawberry.field(description="Answer of a YES_NO question.")
    number: float | None = strawberry.field(description="Answer of a NUMBER question.")
    choice: str | None = strawberry.field(description="Answer of a CHOICE question.")
    choices: list[str] | None = strawberry.field(description="Answer of a MULTI_CHOICE question.")
    note: str | None = strawberry.field(description="The reviewer's note on the answer.")

    @classmethod
    def of(cls, doc: dict[str, Any]) -> ReviewAnswer:
        value, kind = doc["value"], doc["type"]
        return cls(
            question_id=doc["questionId"],
            yes_no=Tristate(value) if kind == "YES_NO" else None,
            number=float(value) if kind == "NUMBER" else None,
            choice=value if kind == "CHOICE" else None,
            choices=list(value) if kind == "MULTI_CHOICE" else None,
            note=doc.get("note"),
        )


@strawberry.type(description="A reviewer's opinion on one review request (评审意见).")
class Review(CatalogNode):
    KIND: ClassVar[str] = "review"
    opinion: Opinion = strawberry.field(description="Concur, concur with conditions, or object.")
    comments: str | None = strawberry.field(description="The reviewer's comments.")
    answers: list[ReviewAnswer] = strawberry.field(description="Answers to the screening's open questions.")
    signed_name: str = strawberry.field(description="Whom it is from, as printed in the report (name and title).")
    reviewer: str | None = strawberry.field(description="The user account that gave it.")
    submitted_at: dt.datetime = strawberry.field(description="When it was given.")

    @classmethod
    def from_row(cls, row: Any) -> Review:
        return cls(
            db_id=row.id,
            row=row,
            opinion=Opinion(row.opinion),
            comments=row.comments,
            answers=[ReviewAnswer.of(a) for a in row.answers or []],
            signed_name=row.signed_name,
            reviewer=row.reviewer_user,
            submitted_at=row.submitted_at,
        )

    @strawberry.field(description="The request it answers.")
    async def request(self, info: Info) -> ReviewRequest | None:
        return ReviewRequest.from_optional(await _load(info, "reviewRequest", self.row.request_id))

    @strawberry.field(description="The conditions it attaches.")
    async def conditions(self, info: Info) -> list[ReviewCondition]:
        return [ReviewCondition.from_row(r) for r in await info.context.loaders.conditions_of_review.load(self.db_id)]


@strawberry.type(
    description="A condition (mitigation) attached to a proposal, with the department responsible and a due date. "
    "Once the conclusion adopts it, it is that department's obligation (`Department.obligations.conditions`)."
)
class ReviewCondition(CatalogNode):
    KIND: ClassVar[str] = "reviewCondition"
    text_zh: str = strawberry.field(description="What must be done, in Chinese.")
    text_en: str | None = strawberry.field(description="What must be done, in English.")
    due_on: dt.date = strawberry.field(description="By when.")
    status: ConditionStatus = strawberry.field(description="Proposed, open, done, or not adopted.")
    evidence: str | None = strawberry.field(description="What was done and where the proof is (once DONE).")
    completed_at: dt.datetime | None = strawberry.field(description="When it was recorded as done.")
    completed_by: str | None = strawberry.field(description="Who recorded it as done.")
    version: int = strawberry.field(description="Increases with every change; send it as `expectedVersion`.")

    @classmethod
    def from_row(cls, row: Any) -> ReviewCondition:
        return cls(
            db_id=row.id,
            row=row,
            text_zh=row.text_zh,
            text_en=row.text_en,
            due_on=row.due_on,
            status=ConditionStatus(row.status),
            evidence=row.evidence,
            completed_at=row.completed_at,
            completed_by=row.completed_by,
            version=row.version,
        )

    @strawberry.field(description="Adopted, not done, and past its due date.")
    def overdue(self) -> bool:
        return bool(self.row.status == "OPEN" and self.row.due_on < settings.today())

    @strawberry.field(description="The department responsible for it.")
    async def responsible_department(self, info: Info) -> Department:
        return Department.from_row(await _load(info, "department", self.row.responsible_department_id))

    @strawberry.field(description="The proposal it is attached to.")
    async def proposal(self, info: Info) -> ProposalRef | None:
        return await _proposal(info, self.row.proposal_id)

    @strawberry.field(description="The review that proposed it (null when the chair added it in the conclusion).")
    async def review(self, info: Info) -> Review | None:
        return Review.from_optional(await _load(info, "review", self.row.review_id))


@strawberry.type(description="The chair's signed conclusion of a review round (评估结论).")
class ReviewConclusion(CatalogNode):
    KIND: ClassVar[str] = "reviewConclusion"
    decision: ReviewDecision = strawberry.field(description="The decision.")
    summary_zh: str = strawberry.field(description="The conclusion in Chinese.")
    summary_en: str | None = strawberry.field(description="The conclusion in English.")
    signed_name: str = strawberry.field(description="The chair's name as signed.")
    signed_title: str | None = strawberry.field(description="The chair's title.")
    concluded_by: str | None = strawberry.field(description="The user account that concluded.")
    concluded_at: dt.datetime = strawberry.field(description="When it was signed.")

    @classmethod
    def from_row(cls, row: Any) -> ReviewConclusion:
        return cls(
            db_id=row.id,
            row=row,
            decision=ReviewDecision(row.decision),
            summary_zh=row.summary_zh,
            summary_en=row.summary_en,
            signed_name=row.signed_name,
            signed_title=row.signed_title,
            concluded_by=row.concluded_by,
            concluded_at=row.concluded_at,
        )

    @strawberry.field(description="The proposal concluded.")
    async def proposal(self, info: Info) -> ProposalRef | None:
        return await _proposal(info, self.row.proposal_id)


@strawberry.type(
    description="One screening round of a proposal: its assessment, the review requests it raised, the conditions "
    "and the conclusion. A resubmitted proposal has a new round; earlier rounds stay as history."
)
class ReviewRound(CatalogNode):
    # A round is its assessment: the same row, seen through the same visibility; its own global id.
    KIND: ClassVar[str] = "assessment"
    known_number: strawberry.Private[int | None] = None

    @classmethod
    def from_row(cls, row: Any) -> ReviewRound:
        return cls(db_id=row.id, row=row)

    @strawberry.field(description="1 for the first submission, 2 after a first resubmission, ...")
    async def number(self, info: Info) -> int:
        if self.known_number is not None:
            return self.known_number
        rounds = await info.context.loaders.assessments_of_proposal.load(self.row.proposal_id)
        return next(i for i, row in enumerate(rounds, start=1) if row.id == self.db_id)

    @strawberry.field(description="The screening of this round.")
    def assessment(self) -> AssessmentRef:
        from schema.screening.types import Assessment

        return Assessment.from_row(self.row)

    @strawberry.field(description="The review requests of this round, in the order they were made.")
    async def review_requests(self, info: Info) -> list[ReviewRequest]:
        rows = await info.context.loaders.requests_of_assessment.load(self.row.id)
        return [ReviewRequest.from_row(r) for r in rows]

    @strawberry.field(description="Conditions attached in this round (proposed by reviewers or added by the chair).")
    async def conditions(self, info: Info) -> list[ReviewCondition]:
        rows = await info.context.loaders.conditions_of_assessment.load(self.row.id)
        return [ReviewCondition.from_row(r) for r in rows]

    @strawberry.field(description="The chair's conclusion of this round, once given.")
    async def conclusion(self, info: Info) -> ReviewConclusion | None:
        return ReviewConclusion.from_optional(await info.context.loaders.conclusion_of_assessment.load(self.row.id))

    @strawberry.field(
        description="The experts' independent rating of the national form in this round: who is on the panel and who "
        "has rated, the ratings you may read, and the panel's agreement once rating closes. Null for a caller outside "
        "the jurisdiction's committee (the settled form is `committeeForm`)."
    )
    async def rating(self, info: Info) -> RoundRatingRef | None:
        from schema.review.rating_types import RoundRating
        from service.review import ratings

        view = await info.context.db(ratings.view, info.context.principal, self.row)
        return RoundRating(view=view) if view is not None else None

    @strawberry.field(description="The committee's national form of this round, once the chair has settled it.")
    async def committee_form(self, info: Info) -> CommitteeFormRef | None:
        from schema.review.rating_types import CommitteeForm

        row = await info.context.loaders.settled_form_of_assessment.load(self.row.id)
        return CommitteeForm.from_optional(row)


@strawberry.type(description="Something that happened in a proposal's review; subscriptions deliver these.")
class ProposalEvent(CatalogNode):
    KIND: ClassVar[str] = "proposalEvent"
    type: ProposalEventType = strawberry.field(description="What happened.")
    at: dt.datetime = strawberry.field(description="When.")
    actor: str | None = strawberry.field(description="Who did it (user name).")

    @classmethod
    def from_row(cls, row: Any) -> ProposalEvent:
        return cls(db_id=row.id, row=row, type=ProposalEventType(row.type), at=row.at, actor=row.actor)

    @strawberry.field(description="Pass as `after` to a subscription to resume after this event.")
    def cursor(self) -> str:
        return event_cursor(self.db_id)

    @strawberry.field(description="The proposal.")
    async def proposal(self, info: Info) -> ProposalRef | None:
        return await _proposal(info, self.row.proposal_id)

    @strawberry.field(description="The review request concerned, if any.")
    async def review_request(self, info: Info) -> ReviewRequest | None:
        return ReviewRequest.from_optional(await _load(info, "reviewRequest", self.row.request_id))

    @strawberry.field(description="The condition concerned, if any.")
    async def condition(self, info: Info) -> ReviewCondition | None:
        return ReviewCondition.from_optional(await _load(info, "reviewCondition", self.row.condition_id))

    @strawberry.field(description="The conclusion concerned, if any.")
    async def conclusion(self, info: Info) -> ReviewConclusion | None:
        return ReviewConclusion.from_optional(await _load(info, "reviewConclusion", self.row.conclusion_id))


@strawberry.type(
    description="Where to read the proposal's health impact assessment report (健康影响评价报告), as HTML (prints "
    "cleanly on A4 from a browser) or Markdown. The plain URLs are stable and need the caller's token in the "
    "`Authorization` header; the signed ones open without a token until `signedUntil` (for a browser, or to "
    "hand on: whoever holds one can read the report)."
)
class ProposalReport:
    html_url: str = strawberry.field(description="Stable URL of the HTML report (send the bearer token).")
    markdown_url: str = strawberry.field(description="Stable URL of the Markdown report (send the bearer token).")
    signed_html_url: str = strawberry.field(description="The HTML report, signed: opens without a token.")
    signed_markdown_url: str = strawberry.field(description="The Markdown report, signed: opens without a token.")
    signed_until: dt.datetime = strawberry.field(description="When the signed URLs stop working (24 hours).")
