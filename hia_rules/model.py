"""The checklist as data: questions, the national screening form, and rules with conditions and consequences.

A checklist is a YAML file (`checklists/<id>-v<version>.yaml`) validated by these models. Everything a
rule refers to inside the checklist (questions, determinants, answer values, facts) is checked here;
references to the catalog (indicators, portfolios) are checked against code sets the caller passes in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, cast

from pydantic import Field, PrivateAttr, field_validator, model_validator

from hia_rules.drafting.cues import DraftingCues
from hia_rules.strict import Identifier, Strict, Text
from hia_rules.vocabulary import (
    Effect,
    HealthOutcome,
    ImpactDegree,
    PolicyType,
    ProposalKind,
    QuestionType,
    Severity,
    SourceKind,
    Specialty,
    VulnerableGroup,
)

T = TypeVar("T")


class Determinant(Strict):
    code: Identifier
    name_zh: Text
    name_en: Text


class Choice(Strict):
    value: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=60)]
    label_zh: Text
    label_en: Text


class Applicability(Strict):
    """To which proposals a question applies; an empty list does not narrow. `project_types` are values of
    the checklist's project-type question (`settings.project_type_question`)."""

    kinds: list[ProposalKind] = Field(default_factory=list)
    policy_types: list[PolicyType] = Field(default_factory=list)
    project_types: list[Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=60)]] = Field(
        default_factory=list
    )


class Question(Strict):
    id: Identifier
    determinant: Identifier
    type: QuestionType
    text_zh: Text
    text_en: Text
    help_zh: str | None = None
    help_en: str | None = None
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    # Each choice of a MULTI_CHOICE question is one property of its fact: bounded well below the engine limit.
    choices: list[Choice] = Field(default_factory=list, max_length=200)
    # None: every proposal (see hia_rules/applicability.py).
    applies_to: Applicability | None = None
    # Never required: the committee's direct answers to the national form, which the drafting department
    # leaves to the committee.
    optional: bool = False

    @model_validator(mode="after")
    def _shape_fits_type(self) -> Question:
        choice_types = (QuestionType.CHOICE, QuestionType.MULTI_CHOICE)
        if self.type in choice_types and len(self.choices) < 2:
            raise ValueError(f"a {self.type.value} question needs at least two choices")
        if self.type not in choice_types and self.choices:
            raise ValueError(f"choices are only for CHOICE and MULTI_CHOICE questions, not {self.type.value}")
        if self.type is not QuestionType.NUMBER and (self.min is not None or self.max is not None):
            raise ValueError("min and max are only for NUMBER questions")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is above max")
        values = [c.value for c in self.choices]
        if len(values) != len(set(values)):
            raise ValueError("choice values repeat")
        return self


# --- conditions --------------------------------------------------------------------------------

Scalar = str | float | int | bool
ATTRIBUTES = {
    "kind": "enum",
    "policy_type": "enum",
    "investment_yuan": "number",
    "meets_investment_threshold": "boolean",
    "population_affected": "number",
    "vulnerable_groups": "set",
}
ATTRIBUTE_VALUES: dict[str, set[str]] = {
    "kind": {k.value for k in ProposalKind},
    "policy_type": {p.value for p in PolicyType},
    "vulnerable_groups": {g.value for g in VulnerableGroup},
}
OPERATORS = ("is", "eq", "ne", "gt", "gte", "lt", "lte", "in", "includes", "includes_any", "count_gte", "answered")


class Condition(Strict):
    """One node: `all`, `any`, `not`, or a test of an answer, a proposal attribute or a derived fact."""

    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    answer: Identifier | None = None
    attribute: str | None = None
    fact: Identifier | None = None
    is_: Scalar | None = Field(default=None, alias="is")
    eq: Scalar | None = None
    ne: Scalar | None = None
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    includes: str | None = None
    includes_any: list[str] | None = None
    count_gte: int | None = None
    answered: bool | None = None

    def operator(self) -> tuple[str, Any]:
        found = [(name, getattr(self, name if name not in ("is", "in") else name + "_")) for name in OPERATORS]
        given = [(name, value) for name, value in found if value is not None]
        if len(given) != 1:
            raise ValueError(f"a test needs exactly one operator of {', '.join(OPERATORS)}")
        return given[0]

    @model_validator(mode="after")
    def _exactly_one_form(self) -> Condition:
        forms = [
            name for name in ("all", "any", "not_", "answer", "attribute", "fact") if getattr(self, name) is not None
        ]
        if len(forms) != 1:
            raise ValueError("a condition is exactly one of all, any, not, answer, attribute or fact")
        form = forms[0]
        if form in ("all", "any") and not getattr(self, form):
            raise ValueError(f"`{form}` needs at least one condition")
        if form in ("answer", "attribute"):
            self.operator()
        elif any(getattr(self, name if name not in ("is", "in") else name + "_") is not None for name in OPERATORS):
            raise ValueError(f"operators belong to answer and attribute tests, not to `{form.rstrip('_')}`")
        if form == "attribute" and self.attribute not in ATTRIBUTES:
            raise ValueError(f"unknown attribute {self.attribute!r}; known: {', '.join(sorted(ATTRIBUTES))}")
        return self


class Finding(Strict):
    """The end of a pathway: the health `outcome` that may move, and the catalog indicator that measures it
    where one does. `unmeasured: true` says on purpose that no indicator of the frameworks measures it (the
    finding then names no indicator rather than borrowing one). v1 findings name only an indicator."""

    indicator: Annotated[str, Field(max_length=80)] | None = None
    outcome: HealthOutcome | None = None
    unmeasured: bool = False
    effect: Effect
    severity: Severity

    @model_validator(mode="after")
    def _one_indicator_decision(self) -> Finding:
        if self.indicator is not None and self.unmeasured:
            raise ValueError("a finding names an indicator or is `unmeasured`, not both")
        if self.indicator is None and not self.unmeasured:
            raise ValueError("a finding names the indicator that measures its outcome, or says `unmeasured: true`")
        if self.unmeasured and self.outcome is None:
            raise ValueError("an unmeasured finding names its health outcome")
        return self


class Source(Strict):
    """A document a rule rests on: cited with its exact title and number. `verified: false` marks a
    citation still to be checked (shown as 待核实), never an invented one."""

    id: Identifier
    kind: SourceKind
    issuer: Text
    title: Text
    identifier: Annotated[str, Field(max_length=120)] | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    verified: bool = True


class Citation(Strict):
    """What a rule takes from a source: the claim it supports, in both languages."""

    source: Identifier
    claim_zh: Text
    claim_en: Text


class Mitigation(Strict):
    zh: Text
    en: Text


class ScopeDecision(Strict):
    in_scope: bool


class Consequences(Strict):
    findings: list[Finding] = Field(default_factory=list)
    portfolios: list[Identifier] = Field(default_factory=list)
    specialties: list[Specialty] = Field(default_factory=list)
    mitigations: list[Mitigation] = Field(default_factory=list)
    facts: list[Identifier] = Field(default_factory=list)
    degree: ImpactDegree | None = None
    scope: ScopeDecision | None = None


class Rule(Strict):
    id: Identifier
    determinant: Identifier | None = None
    title_zh: Text
    title_en: Text
    rationale_zh: Text
    rationale_en: Text
    when: Condition
    then: Consequences
    evidence: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _does_something(self) -> Rule:
        t = self.then
        if not (t.findings or t.portfolios or t.specialties or t.mitigations or t.facts or t.degree or t.scope):
            raise ValueError("a rule needs at least one consequence in `then`")
        if t.findings and self.determinant is None:
            raise ValueError("a rule with findings names its determinant")
        return self


class NationalQuestion(Strict):
    """One of the ten questions of the national preliminary screening form (健康影响评估初筛表)."""

    number: Annotated[int, Field(ge=1, le=10)]
    text_zh: Text
    text_en: Text
    facts: list[Identifier] = Field(min_length=1)
    questions: list[Identifier] = Field(default_factory=list)
    direct: Identifier | None = None
    # Answered 是 by any adverse or uncertain finding on one of these health outcomes: the form and the
    # findings then follow one logic (a finding on a chronic disease cannot sit beside Q2 answered 否).
    outcomes: list[HealthOutcome] = Field(default_factory=list)


class Settings(Strict):
    investment_threshold_yuan: float = Field(ge=0)
    # A proposal in scope must answer every question that applies to it (UNKNOWN is an answer) before it is
    # submitted; a checklist without it (v1) reads a missing answer as no evidence of anything.
    require_every_applicable_answer: bool = False
    # The CHOICE question whose answer is a project's type, for `applies_to.project_types`.
    project_type_question: Identifier | None = None
    # Every finding names its health outcome, and every rule with findings cites at least one source.
    require_pathways: bool = False


# Fields added to the format after checklist v1 was published, with their defaults (see content_hash).
LATER_FIELDS: dict[str, Any] = {
    "applies_to": None,
    "optional": False,
    "outcomes": [],
    "require_every_applicable_answer": False,
    "project_type_question": None,
    "require_pathways": False,
    "outcome": None,
    "unmeasured": False,
    "evidence": [],
    "sources": [],
}


def _without_later_defaults(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _without_later_defaults(v) for k, v in value.items() if not (k in LATER_FIELDS and v == LATER_FIELDS[k])
        }
    if isinstance(value, list):
        return [_without_later_defaults(v) for v in value]
    return value


class Checklist(Strict):
    id: Identifier
    version: Annotated[int, Field(ge=1)]
    title_zh: Text
    title_en: Text
    description_en: str | None = None
    settings: Settings
    determinants: list[Determinant] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    national_form: list[NationalQuestion]
    rules: list[Rule] = Field(min_length=1)
    sources: list[Source] = Field(default_factory=list)
    # Cues that draft a screening from a proposal's own document (hia_rules/drafting/cues.py).
    drafting: DraftingCues | None = None
    _questions_by_id: dict[str, Question] = PrivateAttr(default_factory=dict)
    _memo: dict[str, Any] = PrivateAttr(default_factory=dict)

    def model_post_init(self, _context: Any) -> None:
        # Looked up for every answer of every evaluation: built once.
        self._questions_by_id.update({q.id: q for q in self.questions})

    @field_validator("national_form")
    @classmethod
    def _ten_questions(cls, entries: list[NationalQuestion]) -> list[NationalQuestion]:
        if sorted(e.number for e in entries) != list(range(1, 11)):
            raise ValueError("the national form has the ten questions numbered 1 to 10, each once")
        return entries

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    def content_hash(self) -> str:
        """What identifies a published version. Fields the format gained later are left out while at their
        default, so a checklist written before them keeps its hash (and stays the version it was published as).
        Drafting cues are left out always: they only suggest answers for a drafter to confirm and never change
        an outcome, so improving them must not make a new version of the screening (suggestions record the
        cues' own hash, `drafting_hash`)."""
        content = _without_later_defaults(self.model_dump(mode="json", by_alias=True, exclude={"drafting"}))
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def drafting_hash(self) -> str | None:
        """What identifies the drafting cues (None without any): recorded with every suggestion they make."""
        if self.drafting is None:
            return None
        canonical = json.dumps(self.drafting.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def question(self, question_id: str) -> Question | None:
        # Straight to pydantic's private storage: attribute access on private fields is slow in a hot loop.
        by_id: dict[str, Question] = self.__pydantic_private__["_questions_by_id"]  # type: ignore[index]
        return by_id.get(question_id)

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """What evaluation derives from the checklist alone (lookups, texts), built once per checklist: a
        checklist never changes once loaded, and evaluation must not redo per proposal what it can do once."""
        memo: dict[str, Any] = self.__pydantic_private__["_memo"]  # type: ignore[index]
        if key not in memo:
            memo[key] = build()
        return cast(T, memo[key])
