"""The durable_rules adapter: compile a checklist to a ruleset, evaluate one proposal per fresh session.

The only module that imports `durable`. What the engine needs, and why (shared/docs/rules-engine.md):

- One `Host` per process, every call under one lock: concurrent use segfaults; a lock is also faster.
- `_run` is a no-op, so the host starts no timer threads.
- Rulesets are registered once per checklist content hash (registration leaks memory and a name cannot
  be registered twice); the dict passed to `set_rulesets` is a deep copy (the engine mutates it).
- Facts, not events: every slot is one fact of type `t`, in a session with a fresh `sid`, and
  `delete_state` runs in `finally`, so sessions never pile up (1,024 live sessions crash the engine).
- Each slot has a sink rule that joins it with a fact that never exists: every asserted fact is then
  "handled" (an unhandled fact makes the whole batch raise) and the sink never fires.
- Actions are idempotent (an alternative or an `$or` branch can fire the same rule twice) and only
  assert a derived fact once per session (asserting it twice raises), and only when some rule
  consumes it (nobody would handle it otherwise).
- Exceptions inside actions are swallowed into the session state by the engine: checked and raised.
- `delete_state` segfaults the process on a session in which no action has run (measured here; for
  example a proposal no rule matches). Every session therefore asserts a start fact first, which one
  rule matches and acknowledges with a no-op action.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from durable import engine as durable

from hia_rules.checklist import CompiledChecklist
from hia_rules.conditions import PROPOSAL_SLOT, Atom, fact_slot

_OPERATOR = {"gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte", "ne": "$neq"}
NEVER = "$never"
START = "$start"


class EngineError(RuntimeError):
    """durable_rules failed on an evaluation; the evaluation is abandoned (and never half-stored)."""


def _test(atom: Atom) -> dict[str, Any]:
    if atom.op == "eq":
        return {atom.field: atom.value}
    return {_OPERATOR[atom.op]: {atom.field: atom.value}}


def _pattern(slot: str, atoms: list[Atom]) -> dict[str, Any]:
    tests = [{"t": slot}] + [_test(a) for a in atoms if a.op != "present"]
    return {"$and": tests} if len(tests) > 1 else tests[0]


def compile_ruleset(compiled: CompiledChecklist) -> tuple[dict[str, Any], frozenset[str]]:
    """The durable_rules definition of a checklist, and the slots its patterns test."""
    definition: dict[str, Any] = {}
    slots: set[str] = {PROPOSAL_SLOT}
    for compiled_rule in compiled.rules:
        for index, conjunction in enumerate(compiled_rule.conjunctions):
            by_slot: dict[str, list[Atom]] = {}
            for atom in conjunction:
                by_slot.setdefault(atom.slot, []).append(atom)
            slots.update(by_slot)
            patterns = [{f"m{i}": _pattern(slot, atoms)} for i, (slot, atoms) in enumerate(sorted(by_slot.items()))]
            definition[f"{compiled_rule.rule.id}#{index}"] = {"all": patterns, "run": compiled_rule.rule.id}
    definition["$start"] = {"all": [{"m": {"t": START}}], "run": "$start"}
    for i, slot in enumerate(sorted(slots)):
        if not slot.startswith("fact:"):
            definition[f"$sink#{i}"] = {"all": [{"m": {"t": slot}}, {"z": {"t": NEVER}}], "run": "$sink"}
    return definition, frozenset(slots)


@dataclass
class _Session:
    compiled: CompiledChecklist
    fired: set[str] = field(default_factory=set)
    derived: set[str] = field(default_factory=set)
    error: BaseException | None = None


@dataclass
class _Registered:
    name: str
    # The tests of every slot: a fact that passes none of them cannot match any pattern, so it is not
    # sent to the engine at all (most "no" answers, most unanswered questions).
    tests: dict[str, tuple[Atom, ...]]

    def worth_asserting(self, slot: str, fields: dict[str, Any]) -> bool:
        tests = self.tests.get(slot)
        if tests is None:
            return False
        view = {slot: fields}
        return any(test.holds(view) for test in tests)


class _Host(durable.Host):  # type: ignore[misc]
    def __init__(self, action_for: Callable[[str], Callable[[Any], None]]) -> None:
        self._action_for = action_for
        super().__init__()

    def _run(self) -> None:
        # The stock host starts endless timer threads to poll rulesets; evaluation here is synchronous.
        return None

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return self._action_for(action_name)


class DurableEngine:
    """Evaluates compiled checklists on durable_rules; safe to share across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}
        self._registered: dict[str, _Registered] = {}
        self._host = _Host(self._action)

    def _action(self, rule_id: str) -> Callable[[Any], None]:
        def run(closure: Any) -> None:
            if rule_id in ("$sink", "$start"):
                return
            session = self._sessions[closure.s.sid]
            try:
                if rule_id in session.fired:
                    return
                session.fired.add(rule_id)
                rule = session.compiled.rule(rule_id)
                for name in rule.then.facts:
                    if name not in session.derived:
                        session.derived.add(name)
                        if name in session.compiled.consumed_facts:
                            closure.assert_fact({"t": fact_slot(name)})
            except BaseException as exc:  # the engine would swallow it: keep it for the caller
                session.error = exc
                raise

        return run

    def _ensure_registered(self, compiled: CompiledChecklist) -> _Registered:
        registered = self._registered.get(compiled.content_hash)
        if registered is None:
            definition, _slots = compile_ruleset(compiled)
            name = f"hia_{compiled.content_hash[:24]}"
            self._host.set_rulesets({name: copy.deepcopy(definition)})
            tests: dict[str, set[Atom]] = {}
            for compiled_rule in compiled.rules:
                for conjunction in compiled_rule.conjunctions:
                    for atom in conjunction:
                        tests.setdefault(atom.slot, set()).add(atom)
            registered = self._registered[compiled.content_hash] = _Registered(
                name, {slot: tuple(sorted(atoms)) for slot, atoms in tests.items()}
            )
        return registered

    def register(self, compiled: CompiledChecklist) -> None:
        """Register a checklist ahead of its first evaluation (a few ms, once per content hash)."""
        with self._lock:
            self._ensure_registered(compiled)

    def fire(
        self, compiled: CompiledChecklist, facts: dict[str, dict[str, Any]]
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The ids of the rules that fire and the derived facts, for one proposal's flattened facts."""
        with self._lock:
            registered = self._ensure_registered(compiled)
            sid = uuid.uuid4().hex
            session = self._sessions[sid] = _Session(compiled)
            try:
                batch = [{"t": START, "sid": sid}]
                batch += [
                    {**fields, "t": slot, "sid": sid}
                    for slot, fields in facts.items()
                    if registered.worth_asserting(slot, fields)
                ]
                state = self._host.assert_facts(registered.name, batch)
                if session.error is not None:
                    raise EngineError(f"a rule action failed: {session.error!r}") from session.error
                if isinstance(state, dict) and state.get("exception"):
                    raise EngineError(f"durable_rules reported: {state['exception']}")
                return frozenset(session.fired), frozenset(session.derived)
            except durable.MessageNotHandledException as exc:  # a sink is missing: a compiler bug
                raise EngineError(f"a fact matched no rule: {exc}") from exc
            finally:
                del self._sessions[sid]
                self._host.delete_state(registered.name, sid)

    @property
    def live_sessions(self) -> int:
        return len(self._sessions)
