"""Which experts a screening asks, and for what: one request per expert per proposal, carrying every specialty
asked of that expert.

Specialties are taken in the screening's order. Each goes to an expert already asked on this proposal who has
it, if there is one (fewer people asked for the same proposal: proportional routing); otherwise to the
committee's rule: never an expert affiliated with the sponsoring department (conflict of interest), then the
one with the fewest open reviews, ties to the longest-standing member (lowest id). A specialty no eligible
expert covers gets a request of its own, UNASSIGNED, for the secretary to fill.

Pure: rows in, a plan out; `service.review.requests` turns the plan into review requests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ExpertAsk:
    """One expert request to open: its expert (None: UNASSIGNED), its specialties and the rules behind them."""

    expert_id: int | None
    specialties: list[str] = field(default_factory=list)
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def add(self, specialty: str, reasons: Sequence[dict[str, Any]]) -> None:
        if specialty not in self.specialties:
            self.specialties.append(specialty)
        # A rule that requires two specialties of the same expert is one reason, not two.
        self.reasons.extend(r for r in reasons if r not in self.reasons)


def pick_expert(candidates: Sequence[Any], sponsor_department_id: int, chosen: set[int]) -> Any | None:
    """The expert to ask, from `candidates` (rows with `id`, `affiliation_department_id`, `open_reviews`), or
    None if nobody is eligible. Experts in `chosen` are already asked on this proposal and come first."""
    eligible = [c for c in candidates if c.affiliation_department_id != sponsor_department_id]
    if not eligible:
        return None
    return min(eligible, key=lambda c: (c.id not in chosen, c.open_reviews, c.id))


def plan(
    required: Sequence[Mapping[str, Any]], experts_by_specialty: Mapping[str, Sequence[Any]], sponsor_department_id: int
) -> list[ExpertAsk]:
    """The expert requests for a screening's `requiredSpecialties` ({specialty, ruleIds}), in the order their
    first specialty comes. Open-review counts need no update as experts are chosen here: a chosen expert is
    preferred whatever its load, and an expert not chosen yet has had nothing added."""
    asks: list[ExpertAsk] = []
    by_expert: dict[int, ExpertAsk] = {}
    for requirement in required:
        specialty = requirement["specialty"]
        reasons = [{"kind": "RULE", "code": rule_id} for rule_id in requirement["ruleIds"]]
        chosen = pick_expert(experts_by_specialty.get(specialty, []), sponsor_department_id, set(by_expert))
        if chosen is None:
            asks.append(ExpertAsk(None, [specialty], reasons))
            continue
        ask = by_expert.get(chosen.id)
        if ask is None:
            ask = by_expert[chosen.id] = ExpertAsk(chosen.id)
            asks.append(ask)
        ask.add(specialty, reasons)
    return asks


__all__ = ["ExpertAsk", "pick_expert", "plan"]
