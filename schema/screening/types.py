"""GraphQL types of screening: checklists (to render the form), proposals, assessments and replays."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import strawberry
from strawberry.scalars import JSON

from schema.catalog.types import CatalogNode, Department, Indicator, Jurisdiction, Portfolio, Target, _load
from schema.context import Info
from schema.intake.proposal_fields import AssessmentDrafting, ProposalDrafting
from schema.pagination import PAGE_ARGUMENTS_HELP, Connection, page_request, to_connection
from schema.review.enums import ProposalAction
from schema.screening.enums import (
    Effect,
    ImpactDegree,
    PolicyType,
    Procedure,
    ProposalKind,
    ProposalStatus,
    QuestionType,
    ReplayStatus,
    ReviewerReasonKind,
    Severity,
    Specialty,
    Tristate,
    VulnerableGroup,
)
from service import proposal_states
from service.auth.principal import Role
from service.review import caller_actions
from service.screening import checklists as checklist_service
from service.screening.outcomes import outcome_names

if TYPE_CHECKING:
    from schema.review.overrule_types import ReplayOverruleEffect
    from schema.review.types import ProposalEvent, ProposalReport, ReviewConclusion, ReviewRound

ReviewRoundRef = Annotated["ReviewRound", strawberry.lazy("schema.review.types")]
ReviewConclusionRef = Annotated["ReviewConclusion", strawberry.lazy("schema.review.types")]
ProposalEventRef = Annotated["ProposalEvent", strawberry.lazy("schema.review.types")]
ProposalReportRef = Annotated["ProposalReport", strawberry.lazy("schema.review.types")]
ReplayOverruleEffectRef = Annotated["ReplayOverruleEffect", strawberry.lazy("schema.review.overrule_types")]


@strawberry.type(description="A determinant of health the checklist groups its questions by (健康决定因素).")
class Determinant:
    code: str = strawberry.field(description="Stable code, e.g. `air`.")
    name_zh: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")


@strawberry.type(description="One allowed answer of a choice question.")
class ChecklistChoice:
    value: str = strawberry.field(description="The value to send as the answer.")
    label_zh: str = strawberry.field(description="Label in Chinese.")
    label_en: str = strawberry.field(description="Label in English.")


@strawberry.type(description="To which proposals a question applies (a form hides it from the others).")
class ChecklistApplicability:
    kinds: list[ProposalKind] = strawberry.field(description="Only proposals of these kinds (empty: any).")
    policy_types: list[PolicyType] = strawberry.field(description="Only policies of these types (empty: any).")
    project_types: list[str] = strawberry.field(
        description="Only projects of these types: values of the checklist's project-type question (empty: any)."
    )


@strawberry.type(description="A question of the checklist, with what a form needs to render it.")
class ChecklistQuestion:
    id: str = strawberry.field(description="Question id, used as the key of an answer (e.g. `air.emissions`).")
    determinant: str = strawberry.field(description="Code of the determinant it belongs to.")
    type: QuestionType = strawberry.field(description="How it is answered.")
    text_zh: str = strawberry.field(description="The question in Chinese.")
    text_en: str = strawberry.field(description="The question in English.")
    help_zh: str | None = strawberry.field(description="Help text in Chinese.")
    help_en: str | None = strawberry.field(description="Help text in English.")
    unit: str | None = strawberry.field(description="Unit of a number answer.")
    min: float | None = strawberry.field(description="Smallest number accepted.")
    max: float | None = strawberry.field(description="Largest number accepted.")
    choices: list[ChecklistChoice] = strawberry.field(description="Allowed answers of a choice question.")
    applies_to: ChecklistApplicability | None = strawberry.field(
        description="To which proposals it applies; null: every proposal."
    )

    @classmethod
    def of(cls, q: Any) -> ChecklistQuestion:
        return cls(
            id=q.id,
            determinant=q.determinant,
            type=QuestionType(q.type.value),
            text_zh=q.text_zh,
            text_en=q.text_en,
            help_zh=q.help_zh,
            help_en=q.help_en,
            unit=q.unit,
            min=q.min,
            max=q.max,
            choices=[ChecklistChoice(value=c.value, label_zh=c.label_zh, label_en=c.label_en) for c in q.choices],
            applies_to=None
            if q.applies_to is None
            else ChecklistApplicability(
                kinds=[ProposalKind(k.value) for k in q.applies_to.kinds],
                policy_types=[PolicyType(p.value) for p in q.applies_to.policy_types],
                project_types=list(q.applies_to.project_types),
            ),
        )


@strawberry.type(
    description="One of the ten questions of the national preliminary screening form (健康影响评估初筛表)."
)
class NationalFormQuestion:
    number: int = strawberry.field(description="1 to 10.")
    text_zh: str = strawberry.field(description="The question as the form asks it.")
    text_en: str = strawberry.field(description="The question in English.")
    direct_question: str | None = strawberry.field(description="Id of the checklist question answering it directly.")


@strawberry.type(description="A rule of the checklist: a condition and its consequences, with the reasons.")
class ChecklistRule:
    id: str = strawberry.field(description="Rule id, cited by findings.")
    determinant: str | None = strawberry.field(description="Code of the determinant it concerns.")
    title_zh: str = strawberry.field(description="Title in Chinese.")
    title_en: str = strawberry.field(description="Title in English.")
    rationale_zh: str = strawberry.field(description="Why the rule exists, in Chinese.")
    rationale_en: str = strawberry.field(description="Why the rule exists, in English.")
    condition: JSON = strawberry.field(description="The condition as written in the checklist (all/any/not, tests).")
    consequences: JSON = strawberry.field(description="Findings, portfolios, specialties, mitigations, facts, degree.")


@strawberry.type(
    description="A published version of a screening checklist. Assessments keep the version they were made with."
)
class Checklist(CatalogNode):
    KIND: ClassVar[str] = "checklistVersion"
    checklist_id: str = strawberry.field(description="The checklist's id, e.g. `hiap-screening`.")
    version: int = strawberry.field(description="Version number, increasing.")
    title_zh: str = strawberry.field(description="Title in Chinese.")
    title_en: str = strawberry.field(description="Title in English.")
    content_hash: str = strawberry.field(description="SHA-256 of the checklist's content.")
    published_at: dt.datetime = strawberry.field(description="When it was published.")
    published_by: str | None = strawberry.field(description="Who published it.")

    @classmethod
    def from_row(cls, row: Any) -> Checklist:
        return cls(
            db_id=row.id,
            row=row,
            checklist_id=row.checklist_id,
            version=row.version,
            title_zh=row.title_zh,
            title_en=row.title_en,
            content_hash=row.content_hash,
            published_at=row.published_at,
            published_by=row.published_by,
        )

    def _model(self) -> Any:
        return checklist_service.compiled(self.row).checklist

    @strawberry.field(
        description="Investment (yuan) from which a project is in scope, unless a jurisdiction sets its own."
    )
    def investment_threshold_yuan(self) -> float:
        return float(self._model().settings.investment_threshold_yuan)

    @strawberry.field(description="The determinants of health the questions are grouped by.")
    def determinants(self) -> list[Determinant]:
        return [Determinant(code=d.code, name_zh=d.name_zh, name_en=d.name_en) for d in self._model().determinants]

    @strawberry.field(description="The questions, in order: what a form renders.")
    def questions(self) -> list[ChecklistQuestion]:
        return [ChecklistQuestion.of(q) for q in self._model().questions]

    @strawberry.field(description="The ten questions of the national preliminary screening form.")
    def national_form(self) -> list[NationalFormQuestion]:
        return [
            NationalFormQuestion(number=n.number, text_zh=n.text_zh, text_en=n.text_en, direct_question=n.direct)
            for n in sorted(self._model().national_form, key=lambda n: n.number)
        ]

    @strawberry.field(description="The rules, in order.")
    def rules(self) -> list[ChecklistRule]:
        return [
            ChecklistRule(
                id=r.id,
                determinant=r.determinant,
                title_zh=r.title_zh,
                title_en=r.title_en,
                rationale_zh=r.rationale_zh,
                rationale_en=r.rationale_en,
                condition=r.when.model_dump(mode="json", by_alias=True, exclude_none=True),
                consequences=r.then.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
            )
            for r in self._model().rules
        ]

    @strawberry.field(description="The checklist's YAML source, as published.")
    def source_yaml(self) -> str:
        return str(self.row.source_yaml)


@strawberry.type(description="The answer to one checklist question; exactly one value field is set.")
class Answer:
    question_id: str = strawberry.field(description="Id of the question.")
    yes_no: Tristate | None = strawberry.field(description="Answer of a YES_NO question.")
    number: float | None = strawberry.field(description="Answer of a NUMBER question.")
    choice: str | None = strawberry.field(description="Answer of a CHOICE question.")
    choices: list[str] | None = strawberry.field(description="Answer of a MULTI_CHOICE question.")

    @classmethod
    def of(cls, question_id: str, value: Any, question: Any) -> Answer:
        qtype = question.type.value if question is not None else None
        return cls(
            question_id=question_id,
            yes_no=Tristate(value) if qtype == "YES_NO" else None,
            number=float(value) if qtype == "NUMBER" else None,
            choice=value if qtype == "CHOICE" else None,
            choices=list(value) if qtype == "MULTI_CHOICE" else None,
        )


@strawberry.type(description="A policy or project a department proposes, and its screening.")
class Proposal(CatalogNode, ProposalDrafting):
    KIND: ClassVar[str] = "proposal"
    code: str = strawberry.field(description="Human reference, e.g. `HIA-2026-000042`.")
    kind: ProposalKind = strawberry.field(description="Policy or project.")
    status: ProposalStatus = strawberry.field(description="Where it stands.")
    version: int = strawberry.field(description="Increases with every change; send it as `expectedVersion`.")
    title: str = strawberry.field(description="Title as the department writes it.")
    summary: str | None = strawberry.field(description="What it does.")
    policy_type: PolicyType | None = strawberry.field(description="Policies: the kind of document.")
    investment_yuan: float | None = strawberry.field(description="Projects: government investment in yuan.")
    site: str | None = strawberry.field(description="Projects: where.")
    construction_start: dt.date | None = strawberry.field(description="Projects: start of construction.")
    construction_end: dt.date | None = strawberry.field(description="Projects: end of construction.")
    population_affected: float | None = strawberry.field(
        description="How many people it reaches, whether they gain or could be harmed, if known."
    )
    vulnerable_groups: list[VulnerableGroup] = strawberry.field(description="Vulnerable groups affected.")
    whole_jurisdiction: bool = strawberry.field(
        description="Whether it applies to the whole jurisdiction (every town and street reviews)."
    )
    impact_degree: ImpactDegree | None = strawberry.field(description="Impact degree of the latest assessment.")
    created_at: dt.datetime = strawberry.field(description="When it was created.")
    updated_at: dt.datetime = strawberry.field(description="When it last changed.")
    submitted_at: dt.datetime | None = strawberry.field(description="When it was submitted.")

    @classmethod
    def from_row(cls, row: Any) -> Proposal:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            kind=ProposalKind(row.kind),
            status=ProposalStatus(row.status),
            version=row.version,
            title=row.title,
            summary=row.summary,
            policy_type=PolicyType(row.policy_type) if row.policy_type else None,
            investment_yuan=row.investment_yuan,
            site=row.site,
            construction_start=row.construction_start,
            construction_end=row.construction_end,
            population_affected=row.population_affected,
            vulnerable_groups=[VulnerableGroup(g) for g in row.vulnerable_groups or []],
            whole_jurisdiction=bool(row.whole_jurisdiction),
            impact_degree=ImpactDegree(row.impact_degree) if row.impact_degree else None,
            created_at=row.created_at,
            updated_at=row.updated_at,
            submitted_at=row.submitted_at,
        )

    @strawberry.field(description="The jurisdiction it is proposed in.")
    async def jurisdiction(self, info: Info) -> Jurisdiction:
        return Jurisdiction.from_row(await _load(info, "jurisdiction", self.row.jurisdiction_id))

    @strawberry.field(description="The towns, streets or zones (镇/街道) it touches, in the order named.")
    async def places(self, info: Info) -> list[Jurisdiction]:
        rows = await info.context.loaders.by_code("jurisdiction").load_many(list(self.row.places or []))
        return [Jurisdiction.from_row(row) for row in rows if row is not None]

    @strawberry.field(description="The department responsible for it (责任主体).")
    async def sponsoring_department(self, info: Info) -> Department:
        return Department.from_row(await _load(info, "department", self.row.sponsor_department_id))

    @strawberry.field(description="The checklist version it is answered and screened with.")
    async def checklist(self, info: Info) -> Checklist:
        return Checklist.from_row(await _load(info, "checklistVersion", self.row.checklist_version_id))

    @strawberry.field(description="Its answers to the checklist's questions, in the checklist's order.")
    async def answers(self, info: Info) -> list[Answer]:
        version = await _load(info, "checklistVersion", self.row.checklist_version_id)
        model = checklist_service.compiled(version).checklist
        given = self.row.answers or {}
        ordered = [q.id for q in model.questions if q.id in given]
        return [Answer.of(q, given[q], model.question(q)) for q in ordered]

    @strawberry.field(description="The latest assessment, once screened.")
    async def assessment(self, info: Info) -> Assessment | None:
        return Assessment.from_optional(await _load(info, "assessment", self.row.latest_assessment_id))

    @strawberry.field(description="Every assessment made of it, oldest first.")
    async def assessments(self, info: Info) -> list[Assessment]:
        return [Assessment.from_row(r) for r in await info.context.loaders.assessments_of_proposal.load(self.db_id)]

    @strawberry.field(
        description="What the caller may do next: the actions its state allows that the caller's rights allow too "
        "(the sponsoring department's officers and the secretary edit and submit, the chair and secretaries change "
        "reviewers, a reviewer with an open request of the round reviews, the chair concludes). Empty for a final "
        "state or a caller who may do nothing."
    )
    async def available_actions(self, info: Info) -> list[ProposalAction]:
        principal = info.context.principal
        addressed = False
        allowed = proposal_states.allowed_actions(self.row.status)
        if proposal_states.Action.REVIEW in allowed and self.row.latest_assessment_id is not None:
            requests = await info.context.loaders.requests_of_assessment.load(self.row.latest_assessment_id)
            mine = await info.context.loaders.my_expert_ids.load(None) if principal.has(Role.EXPERT) else []
            addressed = caller_actions.addressed_to(principal, requests, mine)
        return [ProposalAction(a.value) for a in caller_actions.caller_actions(principal, self.row, addressed)]

    @strawberry.field(
        description="What its current state allows next, whoever may do it (see each action; `availableActions` is "
        "what the caller may do). A final state allows nothing."
    )
    def actions_in_state(self) -> list[ProposalAction]:
        return [ProposalAction(a.value) for a in proposal_states.allowed_actions(self.row.status)]

    @strawberry.field(
        description="Its screening rounds, oldest first: each submission is screened and reviewed anew; a "
        "resubmission keeps the earlier rounds as history."
    )
    async def review_rounds(self, info: Info) -> list[ReviewRoundRef]:
        from schema.review.types import ReviewRound

        rows = await info.context.loaders.assessments_of_proposal.load(self.db_id)
        return [ReviewRound(db_id=row.id, row=row, known_number=i) for i, row in enumerate(rows, start=1)]

    @strawberry.field(description="The latest screening round (null for a draft never submitted).")
    async def current_round(self, info: Info) -> ReviewRoundRef | None:
        rounds = await self.review_rounds(info)
        return rounds[-1] if rounds else None

    @strawberry.field(description="The chair's conclusion of the latest round, once given.")
    async def conclusion(self, info: Info) -> ReviewConclusionRef | None:
        from schema.review.types import ReviewConclusion

        if self.row.latest_assessment_id is None:
            return None
        row = await info.context.loaders.conclusion_of_assessment.load(self.row.latest_assessment_id)
        return ReviewConclusion.from_optional(row)

    @strawberry.field(
        description="Its health impact assessment report (of the latest round; marked as a working copy until "
        "concluded); null before it is screened."
    )
    async def report(self, info: Info) -> ProposalReportRef | None:
        from schema.review.types import ProposalReport
        from service.review import links

        if self.row.latest_assessment_id is None:
            return None
        request = info.context.request
        base_url = str(request.base_url) if request is not None else ""
        found = await info.context.db(links.links, self.row.code, base_url)
        return ProposalReport(
            html_url=found.html_url,
            markdown_url=found.markdown_url,
            signed_html_url=found.signed_html_url,
            signed_markdown_url=found.signed_markdown_url,
            signed_until=found.signed_until,
        )

    @strawberry.field(description="What happened in its review, oldest first (its timeline). " + PAGE_ARGUMENTS_HELP)
    async def events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ProposalEventRef]:
        from schema.review.types import ProposalEvent

        page = await info.context.loaders.event_pages.load((self.db_id, page_request(first, after, last, before)))
        return to_connection(page, ProposalEvent.from_row)


@strawberry.type(description="Why a department must review.")
class ReviewerReason:
    kind: ReviewerReasonKind = strawberry.field(
        description="A portfolio it holds, an indicator it answers for, or a place the proposal touches."
    )
    code: str = strawberry.field(description="Code of the portfolio, indicator or place (town or street).")

    async def _named(self, info: Info) -> Any:
        kind = {"PORTFOLIO": "portfolio", "INDICATOR": "indicator", "PLACE": "jurisdiction"}[self.kind.name]
        return await info.context.loaders.by_code(kind).load(self.code)

    @strawberry.field(description="The reason in Chinese, e.g. `因主管职能：生态环境` or `因发现：…可能受影响`.")
    async def text_zh(self, info: Info) -> str:
        row = await self._named(info)
        name = row.name_zh if row is not None else self.code
        if self.kind is ReviewerReasonKind.PORTFOLIO:
            return f"因主管职能：{name}"
        if self.kind is ReviewerReasonKind.INDICATOR:
            return f"因发现：{name}（{self.code}）可能受影响"
        return f"因涉及本地：{name}"

    @strawberry.field(description="The reason in English.")
    async def text_en(self, info: Info) -> str:
        row = await self._named(info)
        name = row.name_en if row is not None else self.code
        if self.kind is ReviewerReasonKind.PORTFOLIO:
            return f"Because of its portfolio: {name}"
        if self.kind is ReviewerReasonKind.INDICATOR:
            return f"Because of a finding: {name} ({self.code}) may be affected"
        return f"Because the proposal touches its area: {name}"


@strawberry.type(description="A department the screening requires as reviewer.")
class DepartmentRequirement:
    department_code: strawberry.Private[str]
    reasons: list[ReviewerReason] = strawberry.field(description="Why it is required.")

    @strawberry.field(description="The department.")
    async def department(self, info: Info) -> Department | None:
        return Department.from_optional(await info.context.loaders.by_code("department").load(self.department_code))


@strawberry.type(description="A portfolio (government function) the screening requires, and the rules that did.")
class PortfolioRequirement:
    portfolio_code: strawberry.Private[str]
    rule_ids: list[str] = strawberry.field(description="Rules that require it.")

    @strawberry.field(description="The portfolio.")
    async def portfolio(self, info: Info) -> Portfolio | None:
        return Portfolio.from_optional(await info.context.loaders.by_code("portfolio").load(self.portfolio_code))


@strawberry.type(description="An expert specialty the screening requires, and the rules that did.")
class SpecialtyRequirement:
    specialty: Specialty = strawberry.field(description="The specialty.")
    rule_ids: list[str] = strawberry.field(description="Rules that require it.")


@strawberry.type(
    description="One reason for the degree of health impact: a rule that sets or raises it, in words, with the "
    "answers it matched."
)
class DegreeReason:
    degree: ImpactDegree = strawberry.field(description="The degree this reason calls for.")
    decisive: bool = strawberry.field(
        description="Whether it calls for the degree concluded (the others would still hold up a lower one)."
    )
    rule_id: str | None = strawberry.field(description="The checklist rule behind it (none for 'nothing found').")
    text_zh: str = strawberry.field(description="The reason in Chinese.")
    text_en: str = strawberry.field(description="The reason in English.")
    matched_zh: list[str] = strawberry.field(description="What the proposal said that the rule matched, in Chinese.")
    matched_en: list[str] = strawberry.field(description="What the proposal said that the rule matched, in English.")

    @classmethod
    def of(cls, doc: dict[str, Any]) -> DegreeReason:
        return cls(
            degree=ImpactDegree(doc["degree"]),
            decisive=bool(doc["decisive"]),
            rule_id=doc["ruleId"],
            text_zh=doc["textZh"],
            text_en=doc["textEn"],
            matched_zh=list(doc["matchedZh"]),
            matched_en=list(doc["matchedEn"]),
        )


@strawberry.type(description="A recommended mitigation.")
class Mitigation:
    zh: str = strawberry.field(description="In Chinese.")
    en: str = strawberry.field(description="In English.")
    rule_id: str = strawberry.field(description="The rule recommending it.")


@strawberry.type(description="The answer the screening gives to one question of the national form.")
class NationalFormAnswer:
    number: int = strawberry.field(description="Question number, 1 to 10.")
    answer: Tristate = strawberry.field(description="Yes, don't know, or no.")
    because_rules: list[str] = strawberry.field(description="Rules whose findings answered it yes.")


@strawberry.type(description='A question whose answer was "don\'t know": the screening needs this information.')
class InformationNeeded:
    question_id: str = strawberry.field(description="Id of the question.")


@strawberry.type(description="A question of the checklist that applies to the proposal, and whether it is answered.")
class ApplicableQuestion:
    question_id: str = strawberry.field(description="Id of the question.")
    answered: bool = strawberry.field(description="Whether the proposal answers it (DON'T KNOW is an answer).")


@strawberry.type(description="A health outcome a finding is about (from a fixed list), in both languages.")
class HealthOutcome:
    code: str = strawberry.field(description="Stable code, e.g. `ROAD_INJURY`.")
    name_zh: str = strawberry.field(description="Name in Chinese.")
    name_en: str = strawberry.field(description="Name in English.")


@strawberry.type(description="A source a finding rests on, cited with its exact title and number.")
class Evidence:
    source_id: str = strawberry.field(description="Id of the source in the checklist.")
    kind: str = strawberry.field(
        description="LAW, REGULATION, POLICY, NATIONAL_STANDARD, TECHNICAL_GUIDANCE, WHO_GUIDELINE or REPORT."
    )
    issuer: str = strawberry.field(description="Who issued it.")
    title: str = strawberry.field(description="Its exact title.")
    identifier: str | None = strawberry.field(description="Its number, e.g. `GB 3096-2008`, `国发〔2020〕15号`.")
    year: int | None = strawberry.field(description="Year of the edition cited.")
    verified: bool = strawberry.field(description="False: the citation is still to be checked (待核实).")
    claim_zh: str = strawberry.field(description="What the rule takes from it, in Chinese.")
    claim_en: str = strawberry.field(description="What the rule takes from it, in English.")


@strawberry.type(description="A way the proposal may move a health indicator, and why the checklist says so.")
class Finding:
    doc: strawberry.Private[dict[str, Any]]
    effect: Effect = strawberry.field(description="Direction of the effect on health.")
    severity: Severity = strawberry.field(description="How strong.")
    determinant: str = strawberry.field(description="Code of the determinant.")
    rule_id: str = strawberry.field(description="The rule that produced it.")
    matched: list[str] = strawberry.field(description="The answers, attributes and facts the rule matched.")
    rationale_zh: str = strawberry.field(description="Why, in Chinese.")
    rationale_en: str = strawberry.field(description="Why, in English.")
    binding_target_at_risk: bool = strawberry.field(
        description="A negative effect on an indicator with a binding target."
    )

    @classmethod
    def of(cls, doc: dict[str, Any]) -> Finding:
        return cls(
            doc=doc,
            effect=Effect(doc["effect"]),
            severity=Severity(doc["severity"]),
            determinant=doc["determinant"],
            rule_id=doc["ruleId"],
            matched=list(doc["matched"]),
            rationale_zh=doc["rationaleZh"],
            rationale_en=doc["rationaleEn"],
            binding_target_at_risk=bool(doc["bindingTargetsAtRisk"]),
        )

    @strawberry.field(
        description="The indicator that measures the outcome; null when none of the frameworks measures it "
        "(the finding names its `outcome` instead of borrowing an indicator)."
    )
    async def indicator(self, info: Info) -> Indicator | None:
        if not self.doc["indicator"]:
            return None
        return Indicator.from_optional(await info.context.loaders.by_code("indicator").load(self.doc["indicator"]))

    @strawberry.field(description="The health outcome it is about (checklists from v2; null for older findings).")
    def outcome(self) -> HealthOutcome | None:
        code = self.doc.get("outcome")
        if code is None:
            return None
        name_zh, name_en = outcome_names(code)
        return HealthOutcome(code=code, name_zh=name_zh, name_en=name_en)

    @strawberry.field(description="The sources the rule behind it rests on, each with the claim it takes.")
    def evidence(self) -> list[Evidence]:
        return [
            Evidence(
                source_id=e["sourceId"],
                kind=e["kind"],
                issuer=e["issuer"],
                title=e["title"],
                identifier=e.get("identifier"),
                year=e.get("year"),
                verified=bool(e.get("verified", True)),
                claim_zh=e["claimZh"],
                claim_en=e["claimEn"],
            )
            for e in self.doc.get("evidence", [])
        ]

    @strawberry.field(description="The jurisdiction's own indicators measuring the same thing.")
    async def linked_indicators(self, info: Info) -> list[Indicator]:
        rows = await info.context.loaders.by_code("indicator").load_many(self.doc["linkedIndicators"])
        return [Indicator.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="The jurisdiction's targets on these indicators.")
    async def targets(self, info: Info) -> list[Target]:
        rows = await info.context.loaders.by_code("target").load_many(self.doc["targets"])
        return [Target.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="The binding targets a negative effect puts at risk.")
    async def binding_targets_at_risk(self, info: Info) -> list[Target]:
        rows = await info.context.loaders.by_code("target").load_many(self.doc["bindingTargetsAtRisk"])
        return [Target.from_row(r) for r in rows if r is not None]


@strawberry.interface(description="The outcome of screening a proposal (stored as an Assessment, or previewed).")
class ScreeningResult:
    doc: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="Whether the proposal is in scope of health impact assessment.")
    def in_scope(self) -> bool:
        return bool(self.doc["inScope"])

    @strawberry.field(description="The scope rule that decided, if any.")
    def scope_rule_id(self) -> str | None:
        rule_id = self.doc["scopeRuleId"]
        return None if rule_id is None else str(rule_id)

    @strawberry.field(description="Why it is in or out of scope, in Chinese.")
    def scope_reason_zh(self) -> str:
        return str(self.doc["scopeReasonZh"])

    @strawberry.field(description="Why it is in or out of scope, in English.")
    def scope_reason_en(self) -> str:
        return str(self.doc["scopeReasonEn"])

    @strawberry.field(description="The degree of health impact (很小/轻度/重大).")
    def impact_degree(self) -> ImpactDegree:
        return ImpactDegree(self.doc["impactDegree"])

    @strawberry.field(
        description="Why the degree is what it is: the decisive reasons first, then others that would still hold "
        "it up. Empty for assessments stored before degree reasons were recorded (replay them to see reasons)."
    )
    def degree_reasons(self) -> list[DegreeReason]:
        return [DegreeReason.of(r) for r in self.doc.get("degreeReasons", [])]

    @strawberry.field(description="What the degree means procedurally.")
    def procedure(self) -> Procedure:
        return Procedure(self.doc["procedure"])

    @strawberry.field(description="The ten answers of the national preliminary screening form.")
    def national_form(self) -> list[NationalFormAnswer]:
        return [
            NationalFormAnswer(number=a["number"], answer=Tristate(a["answer"]), because_rules=a["becauseRules"])
            for a in self.doc["nationalForm"]
        ]

    @strawberry.field(description="Findings: indicators the proposal may move, and how.")
    def findings(self) -> list[Finding]:
        return [Finding.of(f) for f in self.doc["findings"]]

    @strawberry.field(description="Portfolios that must review.")
    def required_portfolios(self) -> list[PortfolioRequirement]:
        return [
            PortfolioRequirement(portfolio_code=p["portfolio"], rule_ids=p["ruleIds"])
            for p in self.doc["requiredPortfolios"]
        ]

    @strawberry.field(description="The jurisdiction's departments that must review, and why.")
    def required_departments(self) -> list[DepartmentRequirement]:
        return [
            DepartmentRequirement(
                department_code=d["department"],
                reasons=[ReviewerReason(kind=ReviewerReasonKind(r["kind"]), code=r["code"]) for r in d["reasons"]],
            )
            for d in self.doc["requiredDepartments"]
        ]

    @strawberry.field(description="Expert specialties that must review.")
    def required_specialties(self) -> list[SpecialtyRequirement]:
        return [
            SpecialtyRequirement(specialty=Specialty(s["specialty"]), rule_ids=s["ruleIds"])
            for s in self.doc["requiredSpecialties"]
        ]

    @strawberry.field(description="Recommended mitigations.")
    def mitigations(self) -> list[Mitigation]:
        return [Mitigation(zh=m["zh"], en=m["en"], rule_id=m["ruleId"]) for m in self.doc["mitigations"]]

    @strawberry.field(description='Questions answered "don\'t know": information the committee needs.')
    def needs_information(self) -> list[InformationNeeded]:
        return [InformationNeeded(question_id=q) for q in self.doc["needsInformation"]]

    @strawberry.field(
        description="The questions that apply to the proposal (by kind, policy type and project type), each "
        "answered or not. Empty for assessments stored before applicability was recorded."
    )
    def applicable_questions(self) -> list[ApplicableQuestion]:
        missing = set(self.doc.get("unanswered", []))
        return [
            ApplicableQuestion(question_id=q, answered=q not in missing)
            for q in self.doc.get("applicableQuestions", [])
        ]

    @strawberry.field(
        description="Applicable questions not answered yet, under a checklist that requires every answer: "
        "`submitProposal` refuses while any remain, and the degree cannot be minimal."
    )
    def unanswered(self) -> list[InformationNeeded]:
        return [InformationNeeded(question_id=q) for q in self.doc.get("unanswered", [])]

    @strawberry.field(description="Facts the rules derived (e.g. `air-quality-impact`).")
    def derived_facts(self) -> list[str]:
        return list(self.doc["derivedFacts"])

    @strawberry.field(description="Ids of the rules that fired, in checklist order.")
    def fired_rules(self) -> list[str]:
        return list(self.doc["firedRules"])

    @strawberry.field(description="SHA-256 of the evaluated input and checklist: equal hashes, equal outcomes.")
    def inputs_hash(self) -> str:
        return str(self.doc["inputsHash"])


@strawberry.type(description="A stored screening of a proposal. Immutable.")
class Assessment(CatalogNode, ScreeningResult, AssessmentDrafting):
    KIND: ClassVar[str] = "assessment"
    created_at: dt.datetime = strawberry.field(description="When it was made.")
    idempotency_key: str = strawberry.field(description="The key the submission carried.")

    @classmethod
    def from_row(cls, row: Any) -> Assessment:
        document = row.outcome if isinstance(row.outcome, dict) else json.loads(row.outcome)
        return cls(db_id=row.id, row=row, doc=document, created_at=row.created_at, idempotency_key=row.idempotency_key)

    @strawberry.field(description="The proposal.")
    async def proposal(self, info: Info) -> Proposal:
        return Proposal.from_row(await _load(info, "proposal", self.row.proposal_id))

    @strawberry.field(description="The checklist version it was made with.")
    async def checklist(self, info: Info) -> Checklist:
        return Checklist.from_row(await _load(info, "checklistVersion", self.row.checklist_version_id))


@strawberry.type(description="What submitting would give, for an unsaved proposal. Nothing is stored.")
class ScreeningPreview(ScreeningResult):
    checklist_row: strawberry.Private[Any]

    @strawberry.field(description="The checklist version used.")
    def checklist(self) -> Checklist:
        return Checklist.from_row(self.checklist_row)


@strawberry.type(description="The parts of an outcome compared in a replay.")
class OutcomeSummary:
    in_scope: bool = strawberry.field(description="In scope.")
    impact_degree: ImpactDegree = strawberry.field(description="Impact degree.")
    findings: list[str] = strawberry.field(
        description="Findings as `indicator:EFFECT`, or `(OUTCOME):EFFECT` for a finding on a health outcome "
        "that no indicator of the catalog measures."
    )
    required_portfolios: list[str] = strawberry.field(description="Codes of required portfolios.")
    required_specialties: list[Specialty] = strawberry.field(description="Required specialties.")
    needs_information: list[str] = strawberry.field(description="Questions needing information.")

    @classmethod
    def of(cls, doc: dict[str, Any]) -> OutcomeSummary:
        return cls(
            in_scope=doc["inScope"],
            impact_degree=ImpactDegree(doc["impactDegree"]),
            findings=doc["findings"],
            required_portfolios=doc["requiredPortfolios"],
            required_specialties=[Specialty(s) for s in doc["requiredSpecialties"]],
            needs_information=doc["needsInformation"],
        )


@strawberry.type(description="A proposal whose outcome would change under the replayed checklist version.")
class ReplayChange:
    row: strawberry.Private[Any]
    changed_fields: list[str] = strawberry.field(description="Which parts of the outcome change.")
    before: OutcomeSummary = strawberry.field(description="The stored outcome.")
    after: OutcomeSummary = strawberry.field(description="The outcome under the replayed version.")

    @strawberry.field(
        description="Why it changes, in Chinese: the degree change with the reasons that decide the new degree, "
        "findings, portfolios and specialties gained or lost, stored answers set aside, questions to answer."
    )
    def reasons_zh(self) -> list[str]:
        return list(self.row.explanation.get("reasonsZh", []))

    @strawberry.field(description="Why it changes, in English (the same sentences as `reasonsZh`).")
    def reasons_en(self) -> list[str]:
        return list(self.row.explanation.get("reasonsEn", []))

    @strawberry.field(
        description="Question ids of stored answers the replayed version does not use: the question is gone, "
        "no longer applies to this proposal, or the answer is no longer a valid one."
    )
    def set_aside_answers(self) -> list[str]:
        return list(self.row.explanation.get("setAside", []))

    @strawberry.field(
        description="Question ids of the replayed version that apply to this proposal and that it has not "
        "answered (new questions): the sponsor must answer them before the version can conclude 很小."
    )
    def unanswered_questions(self) -> list[str]:
        return list(self.row.explanation.get("unanswered", []))

    @strawberry.field(description="The proposal (null if the caller may no longer see it).")
    async def proposal(self, info: Info) -> Proposal | None:
        return Proposal.from_optional(await _load(info, "proposal", self.row.proposal_id))


@strawberry.type(
    description="A re-evaluation of stored proposals under another checklist version: which outcomes "
    "would change. Poll it (`node`) for progress."
)
class ScreeningReplay(CatalogNode):
    KIND: ClassVar[str] = "screeningReplay"
    status: ReplayStatus = strawberry.field(description="Running, done or failed.")
    total: int = strawberry.field(description="Proposals to evaluate.")
    processed: int = strawberry.field(description="Proposals evaluated so far.")
    changed: int = strawberry.field(description="Proposals whose outcome would change, so far.")
    error: str | None = strawberry.field(description="Why it failed.")
    started_at: dt.datetime = strawberry.field(description="When it started.")
    finished_at: dt.datetime | None = strawberry.field(description="When it finished.")

    @classmethod
    def from_row(cls, row: Any) -> ScreeningReplay:
        return cls(
            db_id=row.id,
            row=row,
            status=ReplayStatus(row.status),
            total=row.total,
            processed=row.processed,
            changed=row.changed,
            error=row.error,
            started_at=row.started_at,
            finished_at=row.finished_at,
        )

    @strawberry.field(description="The checklist version replayed.")
    async def checklist(self, info: Info) -> Checklist:
        return Checklist.from_row(await _load(info, "checklistVersion", self.row.checklist_version_id))

    @strawberry.field(
        description="Against the committees: how the replayed version would answer the national forms and degrees "
        "committees settled on these proposals (latest rounds), counting the disagreements with the screening it "
        "removes and introduces. For the committee's chair and secretaries, and administrators."
    )
    async def committee_forms(self, info: Info) -> ReplayOverruleEffectRef:
        from schema.review.overrule_types import ReplayOverruleEffect
        from service.review import overrules

        effect = await info.context.db(overrules.replay_effect, info.context.principal, self.db_id)
        return ReplayOverruleEffect(
            forms=effect.forms, overrules=effect.overrules, removed=effect.removed, introduced=effect.introduced
        )

    @strawberry.field(description="Proposals whose outcome would change. " + PAGE_ARGUMENTS_HELP)
    async def changes(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ReplayChange]:
        page = await info.context.loaders.replay_change_pages.load(
            (self.db_id, page_request(first, after, last, before))
        )
        return to_connection(
            page,
            lambda r: ReplayChange(
                row=r,
                changed_fields=list(r.changes),
                before=OutcomeSummary.of(r.before),
                after=OutcomeSummary.of(r.after),
            ),
        )
