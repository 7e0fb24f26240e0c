"""GraphQL types of experts' independent ratings of the national form and of the committee's settled form."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import strawberry

from schema.catalog.types import CatalogNode, _load
from schema.context import Info
from schema.review.types import CommitteeMember
from schema.screening.enums import ImpactDegree, Tristate
from service.review.agreement import PanelAgreement as PanelAgreementData
from service.review.ratings import RatingView


@strawberry.type(description="One expert's answer to one question of the national form.")
class QuestionRating:
    number: int = strawberry.field(description="The question's number on the national form, 1 to 10.")
    answer: Tristate = strawberry.field(description="是, 不知道 or 否.")
    comment: str | None = strawberry.field(description="The expert's comment on the answer.")


@strawberry.type(
    description="One expert's independent rating of a screening round: the ten answers of the national form and "
    "the degree the expert proposes. Readable by its expert at once, by the rest of the committee once rating closes."
)
class ExpertRating(CatalogNode):
    KIND: ClassVar[str] = "expertRating"
    answers: list[QuestionRating] = strawberry.field(description="The ten answers, in question order.")
    proposed_degree: ImpactDegree = strawberry.field(description="The degree of health impact the expert proposes.")
    comment: str | None = strawberry.field(description="The expert's overall comment.")
    submitted_at: dt.datetime = strawberry.field(description="When it was given.")

    @classmethod
    def from_row(cls, row: Any) -> ExpertRating:
        return cls(
            db_id=row.id,
            row=row,
            answers=[
                QuestionRating(number=a["number"], answer=Tristate(a["answer"]), comment=a["comment"])
                for a in row.answers
            ],
            proposed_degree=ImpactDegree(row.proposed_degree),
            comment=row.comment,
            submitted_at=row.submitted_at,
        )

    @strawberry.field(description="The expert who gave it.")
    async def expert(self, info: Info) -> CommitteeMember | None:
        return CommitteeMember.from_optional(await _load(info, "committeeMember", self.row.expert_id))


@strawberry.type(description="An expert on a round's panel and whether they have rated (not what).")
class PanelSeat:
    expert: CommitteeMember = strawberry.field(description="The expert.")
    rated_at: dt.datetime | None = strawberry.field(description="When the expert rated; null until then.")

    @strawberry.field(description="Whether the expert has rated.")
    def rated(self) -> bool:
        return self.rated_at is not None


@strawberry.type(description="How the panel answered one question of the national form.")
class QuestionAgreement:
    number: int = strawberry.field(description="The question's number, 1 to 10.")
    yes: int = strawberry.field(description="How many experts answered 是.")
    unknown: int = strawberry.field(description="How many experts answered 不知道.")
    no: int = strawberry.field(description="How many experts answered 否.")
    unanimous: bool = strawberry.field(description="Whether every expert gave the same answer.")
    majority: Tristate | None = strawberry.field(description="The answer most experts gave; null on a tie.")


@strawberry.type(description="How far the panel agrees, once rating is closed.")
class PanelAgreement:
    raters: int = strawberry.field(description="How many experts rated.")
    observed_agreement: float | None = strawberry.field(
        description="Share of expert pairs giving the same answer, averaged over the ten questions (0 to 1); null "
        "with fewer than two ratings."
    )
    fleiss_kappa: float | None = strawberry.field(
        description="Fleiss' kappa over the ten questions (1 complete agreement, 0 what chance gives, below 0 less); "
        "null with fewer than two ratings, or when every answer was the same (kappa is undefined there)."
    )
    questions: list[QuestionAgreement] = strawberry.field(description="Per question, in order.")
    minimal: int = strawberry.field(description="How many experts proposed 很小.")
    mild: int = strawberry.field(description="How many experts proposed 轻度.")
    major: int = strawberry.field(description="How many experts proposed 重大.")

    @classmethod
    def of(cls, data: PanelAgreementData) -> PanelAgreement:
        return cls(
            raters=data.raters,
            observed_agreement=data.observed,
            fleiss_kappa=data.kappa,
            questions=[
                QuestionAgreement(
                    number=q.number,
                    yes=q.counts["YES"],
                    unknown=q.counts["UNKNOWN"],
                    no=q.counts["NO"],
                    unanimous=q.unanimous,
                    majority=Tristate(q.majority) if q.majority else None,
                )
                for q in data.questions
            ],
            minimal=data.degree_counts["MINIMAL"],
            mild=data.degree_counts["MILD"],
            major=data.degree_counts["MAJOR"],
        )


@strawberry.type(
    description="The experts' independent rating of a round, as the caller may see it: who is on the panel and who "
    "has rated; the ratings' content (your own at once, everyone's once rating closes); the panel's agreement."
)
class RoundRating:
    view: strawberry.Private[RatingView]

    @strawberry.field(description="The experts asked to review the round, and whether each has rated.")
    def panel(self) -> list[PanelSeat]:
        return [PanelSeat(expert=CommitteeMember.from_row(s.member), rated_at=s.rated_at) for s in self.view.seats]

    @strawberry.field(
        description="Whether rating is closed: every expert of the panel has rated, or the chair closed it early."
    )
    def closed(self) -> bool:
        return self.view.closed

    @strawberry.field(description="When rating closed.")
    def closed_at(self) -> dt.datetime | None:
        return self.view.form.rating_closed_at if self.view.form is not None else None

    @strawberry.field(description="The chair's reason for closing before every expert had rated.")
    def close_reason(self) -> str | None:
        return self.view.form.rating_close_reason if self.view.form is not None else None

    @strawberry.field(description="The experts who had not rated when the chair closed rating.")
    async def missing_experts(self, info: Info) -> list[CommitteeMember]:
        ids = self.view.form.missing_expert_ids if self.view.form is not None else []
        rows = await info.context.loaders.by_id("committeeMember").load_many(ids)
        return [CommitteeMember.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="The ratings you may read: your own before rating closes, every one after.")
    def ratings(self) -> list[ExpertRating]:
        return [ExpertRating.from_row(r) for r in self.view.ratings]

    @strawberry.field(description="The panel's agreement, once rating is closed (null before).")
    def agreement(self) -> PanelAgreement | None:
        return PanelAgreement.of(self.view.agreement) if self.view.agreement is not None else None


@strawberry.type(description="One question of the committee's form: the screening's answer, the panel's, the final.")
class CommitteeFormAnswer:
    number: int = strawberry.field(description="The question's number on the national form, 1 to 10.")
    engine_answer: Tristate | None = strawberry.field(description="The screening's answer.")
    final_answer: Tristate = strawberry.field(description="The committee's answer, as the chair settled it.")
    reason: str | None = strawberry.field(description="Why the committee's answer differs from the screening's.")
    yes: int = strawberry.field(description="How many experts answered 是.")
    unknown: int = strawberry.field(description="How many experts answered 不知道.")
    no: int = strawberry.field(description="How many experts answered 否.")

    @strawberry.field(description="Whether the committee overruled the screening's answer.")
    def overruled(self) -> bool:
        return self.engine_answer is not None and self.engine_answer != self.final_answer


@strawberry.type(
    description="The committee's national form of a round (健康影响评估初筛表), settled by the chair: the ten answers "
    "and the degree beside the screening's, with the reasons for every overrule. Null fields until settled."
)
class CommitteeForm(CatalogNode):
    KIND: ClassVar[str] = "committeeForm"
    answers: list[CommitteeFormAnswer] = strawberry.field(description="The ten answers, in question order.")
    engine_degree: ImpactDegree | None = strawberry.field(description="The screening's degree of health impact.")
    degree: ImpactDegree | None = strawberry.field(description="The committee's degree, as settled.")
    degree_reason: str | None = strawberry.field(description="Why the committee's degree differs from the screening's.")
    settled_at: dt.datetime | None = strawberry.field(description="When the chair settled it.")
    signed_name: str | None = strawberry.field(description="The chair's name as signed.")
    signed_title: str | None = strawberry.field(description="The chair's title.")
    rating_closed_at: dt.datetime | None = strawberry.field(description="When the experts' rating closed.")
    rating_close_reason: str | None = strawberry.field(
        description="The chair's reason for closing rating before every expert had rated."
    )

    @classmethod
    def from_row(cls, row: Any) -> CommitteeForm:
        return cls(
            db_id=row.id,
            row=row,
            answers=[
                CommitteeFormAnswer(
                    number=a["number"],
                    engine_answer=Tristate(a["engineAnswer"]) if a["engineAnswer"] else None,
                    final_answer=Tristate(a["finalAnswer"]),
                    reason=a["reason"],
                    yes=a["distribution"]["YES"],
                    unknown=a["distribution"]["UNKNOWN"],
                    no=a["distribution"]["NO"],
                )
                for a in row.answers
            ],
            engine_degree=ImpactDegree(row.engine_degree) if row.engine_degree else None,
            degree=ImpactDegree(row.final_degree) if row.final_degree else None,
            degree_reason=row.degree_reason,
            settled_at=row.settled_at,
            signed_name=row.signed_name,
            signed_title=row.signed_title,
            rating_closed_at=row.rating_closed_at,
            rating_close_reason=row.rating_close_reason,
        )

    @strawberry.field(description="Whether the chair has settled it.")
    def settled(self) -> bool:
        return self.settled_at is not None

    @strawberry.field(description="Whether the committee's degree differs from the screening's.")
    def degree_overruled(self) -> bool:
        return self.degree is not None and self.engine_degree is not None and self.degree != self.engine_degree
