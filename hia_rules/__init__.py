"""Health impact screening: a versioned, declarative checklist evaluated on durable_rules.

`load_checklist` validates a checklist (YAML) into a `CompiledChecklist`; `screen` evaluates one
proposal against it and returns an `Outcome`. Two evaluators decide which rules fire: durable_rules
(the default) and a plain-Python reference with the same semantics, used to check the engine. This
package imports nothing else of the project's; only `service` calls it.
"""

from __future__ import annotations

from typing import Literal

from hia_rules.checklist import (
    CHECKLIST_DIR,
    ChecklistError,
    ChecklistProblem,
    CompiledChecklist,
    load_checklist,
    load_checklist_text,
    shipped_checklists,
)
from hia_rules.durable_engine import DurableEngine, EngineError
from hia_rules.facts import InputError, InputProblem, ScreeningInput, flatten, validate
from hia_rules.outcome import Outcome, build_outcome
from hia_rules.reference import fire as reference_fire

Evaluator = Literal["durable", "reference"]
_engine: DurableEngine | None = None


def engine() -> DurableEngine:
    """The process's one durable_rules engine (created on first use)."""
    global _engine
    if _engine is None:
        _engine = DurableEngine()
    return _engine


def screen(compiled: CompiledChecklist, given: ScreeningInput, evaluator: Evaluator = "durable") -> Outcome:
    """Evaluate one proposal. Pure: the same input and checklist give the same outcome, in the same order."""
    validate(compiled.checklist, given)
    facts = flatten(compiled.checklist, given)
    if evaluator == "durable":
        fired, derived = engine().fire(compiled, facts)
    else:
        fired, derived = reference_fire(compiled, facts)
    return build_outcome(compiled, given, facts, fired, derived)


__all__ = [
    "CHECKLIST_DIR",
    "ChecklistError",
    "ChecklistProblem",
    "CompiledChecklist",
    "DurableEngine",
    "EngineError",
    "Evaluator",
    "InputError",
    "InputProblem",
    "Outcome",
    "ScreeningInput",
    "engine",
    "flatten",
    "load_checklist",
    "load_checklist_text",
    "reference_fire",
    "screen",
    "shipped_checklists",
    "validate",
]
