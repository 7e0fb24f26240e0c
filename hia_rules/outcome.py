"""The outcome of a screening, built the same way whichever evaluator decided which rules fired.

Given the fired rules and derived facts, everything else follows deterministically and in a stable
order: scope, findings, impact degree and its procedure, the ten answers of the national form,
required portfolios and specialties, mitigations, questions needing information.

Degree: the highest of the degrees fired rules set, at least MILD when any finding is NEGATIVE or
UNCERTAIN, MAJOR when a NEGATIVE finding is HIGH severity; MINIMAL otherwise. Scope: out when a fired
rule says out; else in when a fired rule says in; else out ("no scope rule applies"). Out of scope
means no procedure: no findings, requirements, mitigations or degree beyond MINIMAL are reported. The
national form, derived facts and "don't know" answers are still reported: they describe the proposal,
and a committee may still want to see them when it disagrees with the scope decision.

Only YES_NO questions answered "don't know" (UNKNOWN) count as needing information; a question left
unanswered is not evidence of anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from hia_rules.applicability import applicable_questions, unanswered
from hia_rules.checklist import CompiledChecklist, CompiledRule
from hia_rules.conditions import Atom, fact_slot, from_fixed
from hia_rules.degree_reasons import DegreeReason, degree_reasons
from hia_rules.facts import ScreeningInput, inputs_hash
from hia_rules.model import Checklist, Rule
from hia_rules.reference import holds
from hia_rules.vocabulary import (
    DEGREE_ORDER,
    PROCEDURE_FOR_DEGREE,
    Effect,
    ImpactDegree,
    Procedure,
    QuestionType,
    Severity,
    Tristate,
)


@dataclass(frozen=True)
class Evidence:
    """A source a finding rests on (a checklist `sources` entry) and the claim the rule takes from it."""

    source_id: str
    kind: str
    issuer: str
    title: str
    identifier: str | None
    year: int | None
    verified: bool
    claim_zh: str
    claim_en: str


@dataclass(frozen=True)
class Finding:
    indicator: str | None  # None: no indicator of the frameworks measures the outcome (said, not borrowed)
    effect: str
    severity: str
    determinant: str
    rule_id: str
    rationale_zh: str
    rationale_en: str
    matched: tuple[str, ...]
    outcome: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class NationalAnswer:
    number: int
    answer: str
    because_rules: tuple[str, ...]


@dataclass(frozen=True)
class Requirement:
    code: str
    rule_ids: tuple[str, ...]


@dataclass(frozen=True)
class MitigationAdvice:
    zh: str
    en: str
    rule_id: str


@dataclass(frozen=True)
class Outcome:
    checklist_id: str
    checklist_version: int
    inputs_hash: str
    in_scope: bool
    scope_rule_id: str | None
    scope_reason_zh: str
    scope_reason_en: str
    impact_degree: str
    procedure: str
    national_form: tuple[NationalAnswer, ...]
    findings: tuple[Finding, ...]
    required_portfolios: tuple[Requirement, ...]
    required_specialties: tuple[Requirement, ...]
    mitigations: tuple[MitigationAdvice, ...]
    derived_facts: tuple[str, ...]
    fired_rules: tuple[str, ...]
    needs_information: tuple[str, ...]
    # Why the degree is what it is: decisive reasons first (see hia_rules/degree_reasons.py).
    degree_reasons: tuple[DegreeReason, ...] = ()
    # Questions that apply to the proposal (hia_rules/applicability.py), and those of them not answered yet
    # (only under a checklist that requires every applicable answer, and only for a proposal in scope).
    applicable_questions: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()


def describe(atom: Atom, checklist: Checklist) -> str:
    """A matched test in words an expert can check: `air.emissions = YES`, `kind = PROJECT`."""
    if atom.op == "present":
        return f"fact {atom.slot.split(':', 1)[1]}"
    symbol = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}[atom.op]
    value = atom.value
    if (
        atom.field in ("v", "investment_yuan", "population_affected")
        and isinstance(value, int)
        and value is not True
        and value is not False
    ):
        value = from_fixed(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if atom.slot.startswith("answer:"):
        question = checklist.question(atom.slot.split(":", 1)[1])
        assert question is not None
        if atom.field.startswith("o") and atom.field[1:].isdigit():
            chosen = (atom.op == "eq") == (value is True)
            return f"{question.id} {'includes' if chosen else 'excludes'} {question.choices[int(atom.field[1:])].value}"
        return f"{question.id} {symbol} {value if value != '' else '(no answer)'}"
    if atom.field.startswith("vg_") and atom.field != "vg_count":
        chosen = (atom.op == "eq") == (value is True)
        return f"vulnerable_groups {'includes' if chosen else 'excludes'} {atom.field[3:].upper()}"
    name = "vulnerable_groups count" if atom.field == "vg_count" else atom.field
    return f"{name} {symbol} {value if value != '' else '(none)'}"


@dataclass(frozen=True)
class _Consequences:
    """What a rule does to an outcome when it fires, in the outcome's plain values: worked out once per rule."""

    determinant: str
    findings: tuple[tuple[str | None, str, str, str | None], ...]  # indicator, effect, severity, outcome
    degree: ImpactDegree  # the least degree its findings and its own `degree` call for
    portfolios: tuple[str, ...]
    specialties: tuple[str, ...]
    mitigations: tuple[MitigationAdvice, ...]


def _consequences(rule: Rule) -> _Consequences:
    then = rule.then
    degree = ImpactDegree.MINIMAL
    for f in then.findings:
        if f.effect in (Effect.NEGATIVE, Effect.UNCERTAIN):
            degree = max(degree, ImpactDegree.MILD, key=DEGREE_ORDER.__getitem__)
        if f.effect is Effect.NEGATIVE and f.severity is Severity.HIGH:
            degree = ImpactDegree.MAJOR
    if then.degree is not None:
        degree = max(degree, then.degree, key=DEGREE_ORDER.__getitem__)
    assert rule.determinant is not None or not then.findings  # the checklist validator requires it
    return _Consequences(
        rule.determinant or "",
        tuple(
            (f.indicator, f.effect.value, f.severity.value, f.outcome.value if f.outcome else None)
            for f in then.findings
        ),
        degree,
        tuple(then.portfolios),
        tuple(s.value for s in then.specialties),
        tuple(MitigationAdvice(m.zh, m.en, rule.id) for m in then.mitigations),
    )


def _matched(compiled_rule: CompiledRule, facts: dict[str, dict[str, Any]]) -> int:
    """The position of the first alternative of the rule's condition that holds (-1: none does)."""
    for i, conjunction in enumerate(compiled_rule.conjunctions):
        if holds(conjunction, facts):
            return i
    return -1


def _shown(conjunction: tuple[Atom, ...]) -> tuple[Atom, ...]:
    # `known` flags are plumbing; the value tests next to them say what matched.
    return tuple(a for a in conjunction if not a.field.endswith("_known"))


@dataclass(frozen=True)
class _Fired:
    """What one alternative of one rule contributes when it is the one that matched: the same objects for
    every proposal that matches it, so a screening copies nothing it can share."""

    atoms: tuple[Atom, ...]
    findings: tuple[Finding, ...]


def _fired(
    compiled_rule: CompiledRule,
    alternative: int,
    per_rule: dict[str, tuple[_Consequences, tuple[Evidence, ...]]],
    checklist: Checklist,
) -> _Fired:
    rule = compiled_rule.rule
    consequences, cited = per_rule[rule.id]
    atoms = _shown(compiled_rule.conjunctions[alternative]) if alternative >= 0 else ()
    matched = tuple(describe(a, checklist) for a in atoms)
    findings = tuple(
        Finding(
            indicator,
            effect,
            severity,
            consequences.determinant,
            rule.id,
            rule.rationale_zh,
            rule.rationale_en,
            matched,
            outcome,
            cited,
        )
        for indicator, effect, severity, outcome in consequences.findings
    )
    return _Fired(atoms, findings)


_UNKNOWN = Tristate.UNKNOWN.value
_LOOKUPS: dict[str, tuple[tuple[str, ...], tuple[Any, ...], dict[str, frozenset[int]]]] = {}


def _lookups(compiled: CompiledChecklist) -> tuple[tuple[str, ...], tuple[Any, ...], dict[str, frozenset[int]]]:
    """Per checklist, once: the ids of the questions that can be answered "don't know" in order (YES_NO ones,
    and CHOICE ones with a choice valued UNKNOWN), the national form in order, and for each rule the
    national questions it answers 是 when it fires (by a fact it derives, or an adverse finding on an outcome)."""
    found = _LOOKUPS.get(compiled.content_hash)
    if found is None:
        checklist = compiled.checklist
        yes_no = tuple(
            q.id
            for q in checklist.questions
            if q.type is QuestionType.YES_NO
            or (q.type is QuestionType.CHOICE and any(c.value == Tristate.UNKNOWN.value for c in q.choices))
        )
        entries = tuple(sorted(checklist.national_form, key=lambda e: e.number))
        answers_yes = {
            rule.id: frozenset(
                e.number for e in entries if set(e.facts) & set(rule.then.facts) or _adverse_on(rule, e.outcomes)
            )
            for rule in checklist.rules
        }
        found = _LOOKUPS[compiled.content_hash] = (yes_no, entries, answers_yes)
    return found


def _adverse_on(rule: Any, outcomes: Any) -> bool:
    """Whether the rule finds an adverse or uncertain effect on one of `outcomes`."""
    return any(f.outcome in outcomes and f.effect in (Effect.NEGATIVE, Effect.UNCERTAIN) for f in rule.then.findings)


def _per_rule(checklist: Checklist) -> dict[str, tuple[_Consequences, tuple[Evidence, ...]]]:
    """What each rule contributes when it fires, and the evidence it cites: once per checklist."""
    return {rule.id: (_consequences(rule), _cited(rule, checklist)) for rule in checklist.rules}


def _cited(rule: Any, checklist: Checklist) -> tuple[Evidence, ...]:
    sources = {s.id: s for s in checklist.sources}
    found = []
    for citation in rule.evidence:
        source = sources[citation.source]  # checked when the checklist was compiled
        found.append(
            Evidence(
                source.id,
                source.kind.value,
                source.issuer,
                source.title,
                source.identifier,
                source.year,
                source.verified,
                citation.claim_zh,
                citation.claim_en,
            )
        )
    return tuple(found)


def _positions(compiled: CompiledChecklist) -> dict[str, int]:
    """Each rule's place in checklist order, by id: fired rules are reported in that order."""
    return compiled.checklist.memo(
        f"rule positions {compiled.content_hash}", lambda: {c.rule.id: i for i, c in enumerate(compiled.rules)}
    )


def build_outcome(
    compiled: CompiledChecklist,
    given: ScreeningInput,
    facts: dict[str, dict[str, Any]],
    fired: frozenset[str],
    derived: frozenset[str],
) -> Outcome:
    checklist = compiled.checklist
    in_order = [compiled.rules[i] for i in sorted(_positions(compiled)[rule_id] for rule_id in fired)]
    known = {**facts, **{fact_slot(name): {} for name in derived}}

    out = next((c.rule for c in in_order if c.rule.then.scope and not c.rule.then.scope.in_scope), None)
    inside = next((c.rule for c in in_order if c.rule.then.scope and c.rule.then.scope.in_scope), None)
    scope_rule = out or inside
    in_scope = out is None and inside is not None
    reason_zh = scope_rule.rationale_zh if scope_rule else "不属于检查表范围规则所列的重大政策或项目"
    reason_en = scope_rule.rationale_en if scope_rule else "no scope rule of the checklist applies to this proposal"

    findings: list[Finding] = []
    portfolios: dict[str, list[str]] = {}
    specialties: dict[str, list[str]] = {}
    mitigations: list[MitigationAdvice] = []
    degree = ImpactDegree.MINIMAL
    matched_by_rule: list[tuple[Any, tuple[Atom, ...]]] = []
    per_rule = checklist.memo("rule contributions", partial(_per_rule, checklist))
    # Keyed by (rule, alternative): bounded by the checklist's size, whatever the proposals.
    contributions: dict[tuple[str, int], _Fired] = checklist.memo("fired contributions", dict)
    for compiled_rule in in_order if in_scope else []:
        rule = compiled_rule.rule
        consequences = per_rule[rule.id][0]
        alternative = _matched(compiled_rule, known)
        contribution = contributions.get((rule.id, alternative))
        if contribution is None:
            contribution = contributions[(rule.id, alternative)] = _fired(
                compiled_rule, alternative, per_rule, checklist
            )
        matched_by_rule.append((rule, contribution.atoms))
        findings += contribution.findings
        degree = max(degree, consequences.degree, key=DEGREE_ORDER.__getitem__)
        for code in consequences.portfolios:
            portfolios.setdefault(code, []).append(rule.id)
        for specialty in consequences.specialties:
            specialties.setdefault(specialty, []).append(rule.id)
        mitigations += consequences.mitigations

    applicable = applicable_questions(checklist, given)
    missing = unanswered(checklist, given, applicable) if in_scope else ()
    if missing:
        # A skipped question is no evidence of "no": the screening cannot conclude 很小 until it is answered.
        degree = max(degree, ImpactDegree.MILD, key=DEGREE_ORDER.__getitem__)

    yes_no_ids, national_entries, answers_yes = _lookups(compiled)
    answers = given.answers
    unknown = tuple(q for q in yes_no_ids if answers.get(q) == _UNKNOWN)
    because_of: dict[int, list[str]] = {}
    for compiled_rule in in_order:
        for number in answers_yes[compiled_rule.rule.id]:
            because_of.setdefault(number, []).append(compiled_rule.rule.id)
    national = []
    for entry in national_entries:
        because = tuple(because_of.get(entry.number, ()))
        direct = given.answers.get(entry.direct) if entry.direct else None
        if because or direct == Tristate.YES.value:
            answer = Tristate.YES
        elif direct == Tristate.UNKNOWN.value or any(q in unknown for q in entry.questions):
            answer = Tristate.UNKNOWN
        else:
            answer = Tristate.NO
        national.append(NationalAnswer(entry.number, answer.value, because))

    return Outcome(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        inputs_hash=inputs_hash(checklist, compiled.content_hash, given),
        in_scope=in_scope,
        scope_rule_id=scope_rule.id if scope_rule else None,
        scope_reason_zh=reason_zh,
        scope_reason_en=reason_en,
        impact_degree=degree.value,
        procedure=(PROCEDURE_FOR_DEGREE[degree] if in_scope else Procedure.NOT_REQUIRED).value,
        national_form=tuple(national),
        findings=tuple(sorted(findings, key=lambda f: (f.indicator or "", f.outcome or "", f.effect, f.rule_id))),
        required_portfolios=tuple(Requirement(k, tuple(v)) for k, v in sorted(portfolios.items())),
        required_specialties=tuple(Requirement(k, tuple(v)) for k, v in sorted(specialties.items())),
        mitigations=tuple(mitigations),
        derived_facts=tuple(sorted(derived)),
        fired_rules=tuple(c.rule.id for c in in_order),
        needs_information=unknown,
        degree_reasons=degree_reasons(
            degree.value, in_scope, (reason_zh, reason_en), matched_by_rule, checklist, given, missing
        ),
        applicable_questions=applicable,
        unanswered=missing,
    )
