"""From an engine outcome to what the committee reads: the jurisdiction's own indicators and targets
behind every finding, binding targets at risk, and the departments that must review.

Reviewers: the jurisdiction's departments holding each required portfolio, plus the departments that
answer for an affected indicator there (named for it, or leading a task that moves it); never the sponsoring
department (the responsible party does not review its own proposal), and the government of a town or street
only when the proposal touches that place (service/screening/places.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories import screening as repo
from hia_rules import Outcome
from service.screening.places import PlaceScope

NO_PLACES = PlaceScope()


@dataclass(frozen=True)
class Reviewer:
    department_id: int
    department_code: str
    reasons: list[dict[str, str]]


async def outcome_document(
    session: AsyncSession,
    outcome: Outcome,
    jurisdiction_id: int,
    sponsor_department_id: int | None = None,
    places: PlaceScope = NO_PLACES,
) -> tuple[dict[str, Any], list[Reviewer]]:
    """The stored (and previewed) form of an outcome, and the departments it requires as reviewers."""
    codes = sorted({f.indicator for f in outcome.findings if f.indicator is not None})
    indicators = await repo.indicators_by_code(session, codes)
    finding_ids = [indicators[c].id for c in codes if c in indicators]
    linked = await repo.linked_indicators(session, finding_ids)
    chain = await repo.jurisdiction_chain(session, jurisdiction_id)
    related_ids = sorted({*finding_ids, *(row.id for rows in linked.values() for row in rows)})
    targets_by_indicator: dict[int, list[Any]] = {}
    for target in await repo.targets_in(session, related_ids, chain):
        targets_by_indicator.setdefault(target.indicator_id, []).append(target)

    findings = []
    for f in outcome.findings:
        # A finding whose outcome no indicator measures has no indicator, counterparts or targets.
        indicator = indicators[f.indicator] if f.indicator is not None else None
        others = linked.get(indicator.id, []) if indicator is not None else []
        measured = (indicator.id, *(o.id for o in others)) if indicator is not None else ()
        targets = [t for i in measured for t in targets_by_indicator.get(i, [])]
        at_risk = [t.code for t in targets if f.effect == "NEGATIVE" and t.attribute == "BINDING"]
        findings.append(
            {
                "indicator": f.indicator,
                "effect": f.effect,
                "severity": f.severity,
                "determinant": f.determinant,
                "ruleId": f.rule_id,
                "matched": list(f.matched),
                "rationaleZh": f.rationale_zh,
                "rationaleEn": f.rationale_en,
                "outcome": f.outcome,
                "evidence": [
                    {
                        "sourceId": e.source_id,
                        "kind": e.kind,
                        "issuer": e.issuer,
                        "title": e.title,
                        "identifier": e.identifier,
                        "year": e.year,
                        "verified": e.verified,
                        "claimZh": e.claim_zh,
                        "claimEn": e.claim_en,
                    }
                    for e in f.evidence
                ],
                # Only the jurisdiction's own counterparts: those with a target there.
                "linkedIndicators": sorted({o.code for o in others if targets_by_indicator.get(o.id)}),
                "targets": [t.code for t in targets],
                "bindingTargetsAtRisk": at_risk,
            }
        )

    reviewers: dict[int, Reviewer] = {}

    def require(row: Any, reason: dict[str, str]) -> None:
        if row.id == sponsor_department_id:
            return
        governed = row.governs_jurisdiction_id
        if governed is not None and governed != jurisdiction_id:  # a town's or street's government
            if not places.touches(governed):
                return
            # Asked because the proposal touches its place, which says more than the portfolio it holds.
            place = places.code_of(governed)
            if place is not None and reason["kind"] == "PORTFOLIO":
                reason = {"kind": "PLACE", "code": place}
        reviewer = reviewers.setdefault(row.id, Reviewer(row.id, row.code, []))
        if reason not in reviewer.reasons:
            reviewer.reasons.append(reason)

    portfolio_codes = [r.code for r in outcome.required_portfolios]
    for portfolio_code, row in await repo.departments_for_portfolios(session, portfolio_codes, jurisdiction_id):
        require(row, {"kind": "PORTFOLIO", "code": portfolio_code})
    code_of = {row.id: row.code for row in indicators.values()} | {
        row.id: row.code for rows in linked.values() for row in rows
    }
    for indicator_id, row in await repo.departments_answering_for(session, related_ids, jurisdiction_id):
        require(row, {"kind": "INDICATOR", "code": code_of[indicator_id]})
    ordered = sorted(reviewers.values(), key=lambda r: r.department_code)

    document = {
        "checklist": {"id": outcome.checklist_id, "version": outcome.checklist_version},
        "inputsHash": outcome.inputs_hash,
        "inScope": outcome.in_scope,
        "scopeRuleId": outcome.scope_rule_id,
        "scopeReasonZh": outcome.scope_reason_zh,
        "scopeReasonEn": outcome.scope_reason_en,
        "impactDegree": outcome.impact_degree,
        "degreeReasons": [
            {
                "degree": r.degree,
                "ruleId": r.rule_id,
                "textZh": r.text_zh,
                "textEn": r.text_en,
                "matchedZh": list(r.matched_zh),
                "matchedEn": list(r.matched_en),
                "decisive": r.decisive,
            }
            for r in outcome.degree_reasons
        ],
        "procedure": outcome.procedure,
        "nationalForm": [
            {"number": a.number, "answer": a.answer, "becauseRules": list(a.because_rules)}
            for a in outcome.national_form
        ],
        "findings": findings,
        "requiredPortfolios": [{"portfolio": r.code, "ruleIds": list(r.rule_ids)} for r in outcome.required_portfolios],
        "requiredSpecialties": [
            {"specialty": r.code, "ruleIds": list(r.rule_ids)} for r in outcome.required_specialties
        ],
        "requiredDepartments": [{"department": r.department_code, "reasons": r.reasons} for r in ordered],
        "mitigations": [{"zh": m.zh, "en": m.en, "ruleId": m.rule_id} for m in outcome.mitigations],
        "derivedFacts": list(outcome.derived_facts),
        "firedRules": list(outcome.fired_rules),
        "needsInformation": list(outcome.needs_information),
        "applicableQuestions": list(outcome.applicable_questions),
        "unanswered": list(outcome.unanswered),
    }
    return document, ordered


def finding_key(indicator: str | None, outcome: str | None, effect: str) -> str:
    """A finding as a replay compares it: by the indicator that measures it, or by its health outcome where
    no indicator does (a v1 finding and a v2 finding on the same indicator compare equal)."""
    return f"{indicator or f'({outcome})'}:{effect}"


def summary(document: dict[str, Any]) -> dict[str, Any]:
    """The parts of an outcome a committee compares between checklist versions."""
    return {
        "inScope": document["inScope"],
        "impactDegree": document["impactDegree"],
        "findings": sorted(
            finding_key(f.get("indicator"), f.get("outcome"), f["effect"]) for f in document["findings"]
        ),
        "requiredPortfolios": sorted(p["portfolio"] for p in document["requiredPortfolios"]),
        "requiredSpecialties": sorted(s["specialty"] for s in document["requiredSpecialties"]),
        "needsInformation": sorted(document["needsInformation"]),
    }


def summary_of(outcome: Outcome) -> dict[str, Any]:
    """The same summary, straight from an engine outcome (no catalog look-ups needed)."""
    return {
        "inScope": outcome.in_scope,
        "impactDegree": outcome.impact_degree,
        "findings": sorted(finding_key(f.indicator, f.outcome, f.effect) for f in outcome.findings),
        "requiredPortfolios": sorted(r.code for r in outcome.required_portfolios),
        "requiredSpecialties": sorted(r.code for r in outcome.required_specialties),
        "needsInformation": sorted(outcome.needs_information),
    }


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [key for key in before if before[key] != after.get(key)]
