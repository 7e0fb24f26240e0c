"""GraphQL types of what committees overrule: the settled forms' disagreements with the screening, for checklist
maintainers."""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.screening.enums import Tristate
from service.review.overrules import Overrule, OverruleReport, Tally


@strawberry.type(description="One answer or degree a committee's settled form changed from the screening's.")
class ScreeningOverrule:
    proposal_code: str = strawberry.field(description="Code of the proposal.")
    proposal_title: str = strawberry.field(description="Title of the proposal.")
    jurisdiction: str = strawberry.field(description="Code of the proposal's jurisdiction.")
    checklist: str = strawberry.field(description="The checklist version that screened it, e.g. `hiap-screening v2`.")
    settled_at: dt.datetime = strawberry.field(description="When the chair settled the form.")
    question: int | None = strawberry.field(description="The national form's question (1 to 10); null for the degree.")
    engine: str = strawberry.field(
        description="The screening's answer (YES, UNKNOWN, NO) or degree (MINIMAL, MILD, MAJOR)."
    )
    final: str = strawberry.field(description="The committee's answer or degree.")
    raised: bool = strawberry.field(
        description="Whether the committee's is more concerning (否 < 不知道 < 是; 很小 < 轻度 < 重大)."
    )
    reason: str = strawberry.field(description="The chair's reason.")
    rule_ids: list[str] = strawberry.field(
        description="Rules held responsible: those that answered the question 是, or the degree's decisive rules "
        "(empty where the committee raised what no rule flagged: a gap in the checklist)."
    )

    @classmethod
    def of(cls, o: Overrule) -> ScreeningOverrule:
        return cls(
            proposal_code=o.proposal_code,
            proposal_title=o.proposal_title,
            jurisdiction=o.jurisdiction_code,
            checklist=o.checklist,
            settled_at=o.settled_at,
            question=o.number,
            engine=o.engine,
            final=o.final,
            raised=o.raised,
            reason=o.reason,
            rule_ids=list(o.rule_ids),
        )

    @strawberry.field(description="For a question: the screening's answer as an enum (null for the degree).")
    def engine_answer(self) -> Tristate | None:
        return Tristate(self.engine) if self.question is not None else None


@strawberry.type(description="How often one subject (a question, the degree, or a rule) was overruled.")
class OverruleTally:
    subject: str = strawberry.field(
        description="`1`…`10` for a national question, `DEGREE`, or `<checklist> · <rule id>` for a rule."
    )
    overruled: int = strawberry.field(description="Times the committees changed it.")
    raised: int = strawberry.field(description="Of those, towards more concern.")
    lowered: int = strawberry.field(description="Of those, towards less concern.")

    @classmethod
    def of(cls, t: Tally) -> OverruleTally:
        return cls(subject=t.subject, overruled=t.overruled, raised=t.raised, lowered=t.lowered)


@strawberry.type(description="What committees overruled in the forms they settled in a period.")
class ScreeningOverrules:
    report: strawberry.Private[OverruleReport]

    @strawberry.field(description="Settled committee forms considered.")
    def forms(self) -> int:
        return self.report.forms

    @strawberry.field(description="Every overrule, oldest first.")
    def overrules(self) -> list[ScreeningOverrule]:
        return [ScreeningOverrule.of(o) for o in self.report.overrules]

    @strawberry.field(description="Per national question (1 to 10), then the degree (`DEGREE`).")
    def questions(self) -> list[OverruleTally]:
        return [OverruleTally.of(t) for t in self.report.by_question()]

    @strawberry.field(description="Per rule held responsible, by checklist version.")
    def rules(self) -> list[OverruleTally]:
        return [OverruleTally.of(t) for t in self.report.by_rule()]


@strawberry.type(
    description="How a replayed checklist version would answer the forms committees settled on the replayed "
    "proposals (their latest rounds): the committees' disagreements with the screening it removes and introduces."
)
class ReplayOverruleEffect:
    forms: int = strawberry.field(description="Settled forms the version could evaluate.")
    overrules: int = strawberry.field(description="Answers and degrees the committees changed from the screening.")
    removed: int = strawberry.field(description="Of those, where the version now agrees with the committee.")
    introduced: int = strawberry.field(
        description="New disagreements: where the screening agreed with the committee and the version does not."
    )
