"""The plain-Python evaluator: the checklist semantics, defined without durable_rules.

Forward chaining to a fixed point: a rule fires when any alternative of its condition holds on the
proposal's facts and the facts derived so far; firing adds the rule's derived facts. Rules only add
facts (a condition cannot test a fact's absence), so the result does not depend on rule order.
"""

from __future__ import annotations

from typing import Any

from hia_rules.checklist import CompiledChecklist
from hia_rules.conditions import Conjunction, fact_slot


def holds(conjunction: Conjunction, facts: dict[str, dict[str, Any]]) -> bool:
    return all(atom.holds(facts) for atom in conjunction)


def fire(compiled: CompiledChecklist, facts: dict[str, dict[str, Any]]) -> tuple[frozenset[str], frozenset[str]]:
    """The ids of the rules that fire and the derived facts, for one proposal's flattened facts."""
    known = dict(facts)
    fired: set[str] = set()
    derived: set[str] = set()
    changed = True
    while changed:
        changed = False
        for compiled_rule in compiled.rules:
            rule = compiled_rule.rule
            if rule.id in fired:
                continue
            if any(holds(c, known) for c in compiled_rule.conjunctions):
                fired.add(rule.id)
                for name in rule.then.facts:
                    if name not in derived:
                        derived.add(name)
                        known[fact_slot(name)] = {}
                        changed = True
    return frozenset(fired), frozenset(derived)
