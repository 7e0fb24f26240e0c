"""The durable_rules adapter: compile a checklist to a ruleset, evaluate one proposal per fresh session.

The only module that imports durable_rules. It drives the engine's compiled module (`durable_rules_engine`,
the Rete network in C, which `durable.engine` wraps). What the engine needs, and why
(shared/docs/rules-engine.md):

- Every call under one process-wide lock: concurrent use segfaults; a lock is also faster.
- Rulesets are registered once per checklist content hash (registration leaks memory and a name cannot
  be registered twice).
- Facts, not events: every slot is one fact of type `t`, in a session with a fresh `sid`, and
  `delete_state` runs in `finally`, so sessions never pile up (1,024 live sessions crash the engine).
- A proposal is asserted as a few facts, each carrying the fields of several slots (`FactGroup`): the
  engine's cost is mostly per fact. Each group has a sink rule that joins it with a fact that never
  exists: every asserted fact is then "handled" (an unhandled fact makes the whole batch raise) and the
  sink never fires.
- A rule fires once per matching alternative or `$or` branch: it is recorded once, and a derived fact
  is asserted once per session (asserting it twice raises), and only when some rule consumes it (nobody
  would handle it otherwise).
- `delete_state` segfaults the process on a session in which no action has run (measured here; for
  example a proposal no rule matches). Every session therefore asserts a start fact first, which one
  rule matches and whose action is taken like any other.
- Not using `durable.engine.Host`: it wraps every action in a closure and serialises the whole session
  state to JSON and back after each one, none of which an evaluation needs (its actions only record which
  rule fired); that was 40 % of an evaluation on checklist v2."""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

import durable_rules_engine as engine

from hia_rules import limits
from hia_rules.checklist import CompiledChecklist
from hia_rules.conditions import PROPOSAL_SLOT, Atom, fact_slot

_OPERATOR = {"gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte", "ne": "$neq"}
NEVER = "$never"
START = "$start"


class EngineError(RuntimeError):
    """durable_rules failed on an evaluation; the evaluation is abandoned (and never half-stored)."""


@dataclass(frozen=True)
class FactGroup:
    """One engine fact carrying the tested fields of several slots (the proposal's, its answers').

    The engine's cost is mostly per asserted fact (about 50 µs each on checklist v2, against a few µs per
    test), so the slots are packed into as few facts as its limits allow: at most MAX_RULES_PER_SLOT - 1
    rule alternatives test one group (more than 64 rules matching one fact at once is error 303; the
    group's sink is the last), at most MAX_PROPERTIES_PER_FACT fields and MAX_DISTINCT_TESTS tests."""

    type: str
    # (engine field name, slot, field of the slot): engine field names are generated ("f12"), since slot
    # names carry characters ('.', ':') the engine would read as paths.
    fields: tuple[tuple[str, str, str], ...]


def _test(name: str, atom: Atom) -> dict[str, Any]:
    if atom.op == "eq":
        return {name: atom.value}
    return {_OPERATOR[atom.op]: {name: atom.value}}


def _groups(compiled: CompiledChecklist) -> tuple[FactGroup, ...]:
    users: dict[str, set[tuple[str, int]]] = {}
    tests: dict[str, set[Atom]] = {}
    for compiled_rule in compiled.rules:
        for index, conjunction in enumerate(compiled_rule.conjunctions):
            for atom in conjunction:
                if atom.op != "present":  # derived facts stay facts of their own
                    users.setdefault(atom.slot, set()).add((compiled_rule.rule.id, index))
                    tests.setdefault(atom.slot, set()).add(atom)
    packed: list[list[str]] = []
    group_users: set[tuple[str, int]] = set()
    group_tests: set[Atom] = set()
    for slot in [PROPOSAL_SLOT, *sorted(set(users) - {PROPOSAL_SLOT})]:
        if slot not in users:
            continue
        more_users, more_tests = group_users | users[slot], group_tests | tests[slot]
        fits = (
            len(more_users) < limits.MAX_RULES_PER_SLOT
            and len({a.field for a in more_tests}) <= limits.MAX_PROPERTIES_PER_FACT
            and len(more_tests) <= limits.MAX_DISTINCT_TESTS
        )
        if packed and fits:
            packed[-1].append(slot)
            group_users, group_tests = more_users, more_tests
        else:  # load_checklist has refused a single slot beyond the limits, so it fits a group alone
            packed.append([slot])
            group_users, group_tests = set(users[slot]), set(tests[slot])
    groups = []
    numbered = 0
    for number, slots in enumerate(packed):
        fields = sorted({(a.slot, a.field) for slot in slots for a in tests[slot]})
        groups.append(FactGroup(f"g{number}", tuple((f"f{numbered + i}", s, f) for i, (s, f) in enumerate(fields))))
        numbered += len(fields)
    return tuple(groups)


def compile_ruleset(compiled: CompiledChecklist) -> tuple[dict[str, Any], tuple[FactGroup, ...]]:
    """The durable_rules definition of a checklist, and the facts a proposal is asserted as. A rule
    alternative is one engine rule: a pattern per fact group it tests, and one per derived fact."""
    groups = _groups(compiled)
    name_of = {(slot, field): name for group in groups for name, slot, field in group.fields}
    group_of = {slot: group.type for group in groups for _name, slot, _field in group.fields}
    definition: dict[str, Any] = {}
    for compiled_rule in compiled.rules:
        for index, conjunction in enumerate(compiled_rule.conjunctions):
            by_group: dict[str, list[dict[str, Any]]] = {}
            derived: list[dict[str, Any]] = []
            for atom in conjunction:
                if atom.op == "present":
                    derived.append({"t": atom.slot})
                else:
                    by_group.setdefault(group_of[atom.slot], []).append(_test(name_of[atom.slot, atom.field], atom))
            patterns = [{"$and": [{"t": group}, *group_tests]} for group, group_tests in sorted(by_group.items())]
            patterns += derived
            definition[f"{compiled_rule.rule.id}#{index}"] = {
                "all": [{f"m{i}": pattern} for i, pattern in enumerate(patterns)],
                "run": compiled_rule.rule.id,
            }
    definition["$start"] = {"all": [{"m": {"t": START}}], "run": "$start"}
    for group in groups:
        definition[f"$sink#{group.type}"] = {"all": [{"m": {"t": group.type}}, {"z": {"t": NEVER}}], "run": "$sink"}
    return definition, groups


@dataclass
class _Registered:
    handle: int
    groups: tuple[FactGroup, ...]
    # The rule a durable_rules rule name stands for ("<rule id>#<alternative>"), or None for the
    # bookkeeping rules ($start, the sinks).
    rule_of: dict[str, str | None] = field(default_factory=dict)


def _checked(result: tuple[int, Any], what: str) -> Any:
    """The engine's (status, value) pair: 0 is success; 1 (no rule handles a fact) is a compiler bug."""
    status, value = result
    if status == 1:
        raise EngineError(f"a fact matched no rule ({what}): a sink is missing")
    if status not in (0, 3):
        raise EngineError(f"durable_rules returned status {status} on {what}")
    return value


class DurableEngine:
    """Evaluates compiled checklists on durable_rules; safe to share across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._registered: dict[str, _Registered] = {}
        self._live: set[str] = set()  # sessions not deleted yet (only ever one, while `fire` runs)

    def _ensure_registered(self, compiled: CompiledChecklist) -> _Registered:
        registered = self._registered.get(compiled.content_hash)
        if registered is None:
            definition, groups = compile_ruleset(compiled)
            rule_of: dict[str, str | None] = {}
            for name, rule in definition.items():
                run = rule.pop("run")
                rule_of[name] = None if run in ("$sink", "$start") else run
            name = f"hia_{compiled.content_hash[:24]}"
            handle = engine.create_ruleset(name, json.dumps(definition, ensure_ascii=False))
            registered = self._registered[compiled.content_hash] = _Registered(handle, groups, rule_of)
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
            handle = registered.handle
            sid = uuid.uuid4().hex
            fired: set[str] = set()
            derived: set[str] = set()
            batch: list[dict[str, Any]] = [{"t": START, "sid": sid}]
            for group in registered.groups:
                fact: dict[str, Any] = {"t": group.type, "sid": sid}
                for name, slot, slot_field in group.fields:
                    fact[name] = facts[slot][slot_field]
                batch.append(fact)
            self._live.add(sid)
            try:
                state = _checked(engine.assert_facts(handle, json.dumps(batch, ensure_ascii=False)), "the proposal")
                started = engine.start_action_for_state(handle, state)
                message = started[1] if started else None
                while message:
                    # The message is '{"<rule name>": <matched facts>}'; only the name matters here, and
                    # rule names are ours, without quotes, so it is read without parsing the facts.
                    rule_id = registered.rule_of[message[2 : message.index('"', 2)]]
                    # An alternative or an `$or` branch can fire the same rule twice: record it once, and
                    # assert each derived fact once per session (asserting it twice raises), and only when
                    # some rule consumes it (nobody would handle it otherwise).
                    if rule_id is not None and rule_id not in fired:
                        fired.add(rule_id)
                        for name in compiled.rule(rule_id).then.facts:
                            if name not in derived:
                                derived.add(name)
                                if name in compiled.consumed_facts:
                                    derived_fact = json.dumps({"t": fact_slot(name), "sid": sid})
                                    _checked(engine.assert_fact(handle, derived_fact), f"derived fact {name}")
                    message = engine.complete_and_start_action(handle, state)
                return frozenset(fired), frozenset(derived)
            except EngineError:
                raise
            except Exception as exc:  # the engine raises bare exceptions with its error number
                raise EngineError(f"durable_rules failed: {exc!r}") from exc
            finally:
                engine.delete_state(handle, sid)
                self._live.discard(sid)

    @property
    def live_sessions(self) -> int:
        return len(self._live)
