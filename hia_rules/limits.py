"""durable_rules' hard limits, checked when a checklist is loaded (docs: shared/docs/rules-engine.md).

Past these the C engine raises, hangs holding the GIL, or segfaults the whole process, so a checklist
that could reach them is refused with a message naming the limit. Our bounds sit below the engine's
with a margin, counting the compiled form (one engine rule per alternative of a condition, plus one
sink rule per slot). Per slot is the conservative count: the engine packs several slots into one fact
(durable_engine.FactGroup) only while the packed fact stays within the same limits.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from hia_rules.messages import _

if TYPE_CHECKING:
    from hia_rules.checklist import ChecklistProblem, CompiledRule

MAX_ENGINE_RULES = 4000  # engine: error 106 above 4,096 rules in one ruleset
MAX_RULES_PER_SLOT = 60  # engine: error 303 when more than 64 rules match one fact at once
MAX_PROPERTIES_PER_FACT = 240  # engine: error 302 at 254 top-level properties in one fact
MAX_DISTINCT_TESTS = 480  # engine: hangs registering more than 512 distinct tests under one condition
MAX_ALTERNATIVES_PER_RULE = 32  # ours: keeps the disjunctive normal form of a condition small


def check(rules: list[CompiledRule]) -> list[ChecklistProblem]:
    from hia_rules.checklist import ChecklistProblem

    problems: list[ChecklistProblem] = []
    engine_rules = 0
    per_slot: dict[str, set[tuple[str, int]]] = defaultdict(set)
    tests_per_slot: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    fields_per_slot: dict[str, set[str]] = defaultdict(set)
    for compiled in rules:
        path = f"rules[{compiled.position}](id={compiled.rule.id}).when"
        if len(compiled.conjunctions) > MAX_ALTERNATIVES_PER_RULE:
            problems.append(
                ChecklistProblem(
                    path,
                    _(
                        "expands to {count} alternatives; the limit is {limit} (split the rule or simplify the `any`s)",
                        count=len(compiled.conjunctions),
                        limit=MAX_ALTERNATIVES_PER_RULE,
                    ),
                )
            )
        engine_rules += len(compiled.conjunctions)
        for index, conjunction in enumerate(compiled.conjunctions):
            for atom in conjunction:
                per_slot[atom.slot].add((compiled.rule.id, index))
                tests_per_slot[atom.slot].add((atom.field, atom.op, repr(atom.value)))
                fields_per_slot[atom.slot].add(atom.field)
    engine_rules += len(per_slot) + 2  # a sink rule per slot, the proposal's, and the start rule
    if engine_rules > MAX_ENGINE_RULES:
        problems.append(
            ChecklistProblem(
                "rules",
                _(
                    "compiles to {count} engine rules; the limit is {limit}",
                    count=engine_rules,
                    limit=MAX_ENGINE_RULES,
                ),
            )
        )
    for slot, users in sorted(per_slot.items()):
        if len(users) + 1 > MAX_RULES_PER_SLOT:
            problems.append(
                ChecklistProblem(
                    "rules",
                    _(
                        "{count} rule alternatives test {slot!r}; the limit is {limit} "
                        "(the engine fails when more than 64 rules match one fact)",
                        count=len(users),
                        slot=slot,
                        limit=MAX_RULES_PER_SLOT - 1,
                    ),
                )
            )
    for slot, tests in sorted(tests_per_slot.items()):
        if len(tests) > MAX_DISTINCT_TESTS:
            problems.append(
                ChecklistProblem(
                    "rules",
                    _(
                        "{count} distinct tests on {slot!r}; the limit is {limit}",
                        count=len(tests),
                        slot=slot,
                        limit=MAX_DISTINCT_TESTS,
                    ),
                )
            )
    if len(per_slot) + 1 > MAX_DISTINCT_TESTS:
        problems.append(
            ChecklistProblem(
                "rules",
                _(
                    "{count} slots (questions and facts tested); the limit is {limit}",
                    count=len(per_slot),
                    limit=MAX_DISTINCT_TESTS,
                ),
            )
        )
    for slot, fields in sorted(fields_per_slot.items()):
        if len(fields) > MAX_PROPERTIES_PER_FACT:
            problems.append(
                ChecklistProblem(
                    "rules",
                    _(
                        "{slot!r} would carry {count} properties; the limit is {limit}",
                        slot=slot,
                        count=len(fields),
                        limit=MAX_PROPERTIES_PER_FACT,
                    ),
                )
            )
    return problems
