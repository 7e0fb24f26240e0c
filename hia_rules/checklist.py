"""Loading and validating a checklist: the YAML, its internal references, catalog codes, engine limits.

`load_checklist` returns a `CompiledChecklist`: the checklist with every rule condition in disjunctive
normal form, ready for either evaluator. A checklist that would crash or hang durable_rules (see
`limits.py`) is refused here, at load time, never at evaluation time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hia_rules import applicability, evidence, limits
from hia_rules.conditions import (
    PROPOSAL_SLOT,
    ConditionError,
    Conjunction,
    disjunctive_normal_form,
)
from hia_rules.drafting.cues import check_cues
from hia_rules.messages import _
from hia_rules.model import Checklist, Rule
from hia_rules.yaml_loader import load_yaml

CHECKLIST_DIR = Path(__file__).resolve().parent / "checklists"


@dataclass(frozen=True)
class ChecklistProblem:
    path: str
    message: str


class ChecklistError(ValueError):
    """A checklist that cannot be used; every problem names its path in the file."""

    def __init__(self, problems: list[ChecklistProblem], source: str = "checklist") -> None:
        super().__init__("\n".join(f"{source}: {p.path}: {p.message}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class CompiledRule:
    position: int
    rule: Rule
    conjunctions: tuple[Conjunction, ...]


@dataclass(frozen=True)
class CompiledChecklist:
    checklist: Checklist
    rules: tuple[CompiledRule, ...]
    content_hash: str
    # Derived facts some condition uses (only these are asserted in the engine).
    consumed_facts: frozenset[str]

    def rule(self, rule_id: str) -> Rule:
        return self._rules_by_id()[rule_id]

    def _rules_by_id(self) -> dict[str, Rule]:
        found: dict[str, Rule] | None = self.__dict__.get("_rules")
        if found is None:
            found = {c.rule.id: c.rule for c in self.rules}
            # A frozen dataclass: the cache is set past __setattr__, once.
            object.__setattr__(self, "_rules", found)
        return found

    @property
    def key(self) -> str:
        return self.checklist.key


def _location(data: Any, loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            ident = None
            try:
                node = node[step]
                ident = node.get("id") if isinstance(node, dict) else None
            except (IndexError, KeyError, TypeError, AttributeError):
                node = None
            parts.append(f"[{step}]" + (f"(id={ident})" if ident else ""))
        else:
            node = node.get(step) if isinstance(node, dict) else None
            parts.append(("." if parts else "") + str(step))
    return "".join(parts) or "(top)"


def parse_checklist(data: Any, source: str = "checklist") -> Checklist:
    try:
        return Checklist.model_validate(data)
    except ValidationError as exc:
        problems = [ChecklistProblem(_location(data, tuple(e["loc"])), e["msg"]) for e in exc.errors()]
        raise ChecklistError(problems, source) from exc


def _twice(ids: list[str]) -> list[str]:
    return sorted({i for i in ids if ids.count(i) > 1})


def compile_checklist(
    checklist: Checklist,
    *,
    indicators: Collection[str] | None = None,
    portfolios: Collection[str] | None = None,
    source: str = "checklist",
) -> CompiledChecklist:
    """Check references and limits; `indicators`/`portfolios` are the catalog's codes (None skips that check)."""
    problems: list[ChecklistProblem] = []
    determinants = {d.code for d in checklist.determinants}
    question_ids = [q.id for q in checklist.questions]
    rule_ids = [r.id for r in checklist.rules]
    problems += [
        ChecklistProblem("questions", _("question id {id!r} is used twice", id=i)) for i in _twice(question_ids)
    ]
    problems += [ChecklistProblem("rules", _("rule id {id!r} is used twice", id=i)) for i in _twice(rule_ids)]
    problems += [
        ChecklistProblem("determinants", _("determinant id {id!r} is used twice", id=i))
        for i in _twice([d.code for d in checklist.determinants])
    ]
    for i, question in enumerate(checklist.questions):
        if question.determinant not in determinants:
            problems.append(
                ChecklistProblem(
                    f"questions[{i}](id={question.id}).determinant",
                    _("unknown determinant {code!r}", code=question.determinant),
                )
            )
    for check in (applicability.check_references, evidence.check_references, check_cues):
        problems += [ChecklistProblem(path, message) for path, message in check(checklist)]
    produced = {fact for rule in checklist.rules for fact in rule.then.facts}
    consumed: set[str] = set()
    compiled: list[CompiledRule] = []
    for i, rule in enumerate(checklist.rules):
        path = f"rules[{i}](id={rule.id})"
        if rule.determinant is not None and rule.determinant not in determinants:
            problems.append(
                ChecklistProblem(f"{path}.determinant", _("unknown determinant {code!r}", code=rule.determinant))
            )
        for j, finding in enumerate(rule.then.findings):
            if indicators is not None and finding.indicator is not None and finding.indicator not in indicators:
                problems.append(
                    ChecklistProblem(
                        f"{path}.then.findings[{j}].indicator",
                        _("unknown indicator {code!r}", code=finding.indicator),
                    )
                )
        for j, portfolio in enumerate(rule.then.portfolios):
            if portfolios is not None and portfolio not in portfolios:
                problems.append(
                    ChecklistProblem(f"{path}.then.portfolios[{j}]", _("unknown portfolio {code!r}", code=portfolio))
                )
        try:
            conjunctions = tuple(disjunctive_normal_form(rule.when, checklist, f"{path}.when"))
        except ConditionError as exc:
            problems.append(ChecklistProblem(exc.path, str(exc).split(": ", 1)[1]))
            continue
        for conjunction in conjunctions:
            for atom in conjunction:
                if atom.op == "present":
                    name = atom.slot.split(":", 1)[1]
                    consumed.add(name)
                    if name not in produced:
                        problems.append(
                            ChecklistProblem(f"{path}.when", _("no rule produces the fact {fact!r}", fact=name))
                        )
        compiled.append(CompiledRule(i, rule, conjunctions))
    for i, entry in enumerate(checklist.national_form):
        path = f"national_form[{i}](number={entry.number})"
        for name in entry.facts:
            if name not in produced:
                problems.append(ChecklistProblem(f"{path}.facts", _("no rule produces the fact {fact!r}", fact=name)))
        for question_id in [*entry.questions, *([entry.direct] if entry.direct else [])]:
            if checklist.question(question_id) is None:
                problems.append(ChecklistProblem(f"{path}", _("unknown question {question!r}", question=question_id)))
    if not problems:
        problems += limits.check(compiled)
    if problems:
        raise ChecklistError(problems, source)
    return CompiledChecklist(checklist, tuple(compiled), checklist.content_hash(), frozenset(consumed))


def cues_file(path: Path) -> Path:
    """Where a checklist file's drafting cues live when they are not inline: `drafting/<stem>.cues.yaml` beside
    it. Kept apart because they are long and tuned on their own; they are part of the checklist all the same
    (validated with it, loaded with it)."""
    return path.parent / "drafting" / f"{path.stem}.cues.yaml"


def load_checklist(
    path: Path, *, indicators: Collection[str] | None = None, portfolios: Collection[str] | None = None
) -> CompiledChecklist:
    source = str(path)
    cues = cues_file(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "drafting" not in data and cues.is_file():
            data["drafting"] = load_yaml(cues.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ChecklistError(
            [ChecklistProblem("(file)", _("not valid YAML: {error}", error=str(exc)))], source
        ) from exc
    checklist = parse_checklist(data, source)
    return compile_checklist(checklist, indicators=indicators, portfolios=portfolios, source=source)


def load_checklist_text(
    text: str,
    *,
    indicators: Collection[str] | None = None,
    portfolios: Collection[str] | None = None,
    source: str = "checklist",
) -> CompiledChecklist:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ChecklistError(
            [ChecklistProblem("(file)", _("not valid YAML: {error}", error=str(exc)))], source
        ) from exc
    checklist = parse_checklist(data, source)
    return compile_checklist(checklist, indicators=indicators, portfolios=portfolios, source=source)


def shipped_checklists() -> list[Path]:
    """The checklist files that ship with the service, oldest version first."""
    return sorted(CHECKLIST_DIR.glob("*.yaml"))


def slots_of(rules: tuple[CompiledRule, ...]) -> dict[str, list[tuple[str, Conjunction]]]:
    """Which compiled rules (rule id, conjunction) test each slot: the input of the engine-limit checks."""
    by_slot: dict[str, list[tuple[str, Conjunction]]] = defaultdict(list)
    for compiled in rules:
        for conjunction in compiled.conjunctions:
            for slot in sorted({atom.slot for atom in conjunction}):
                by_slot[slot].append((compiled.rule.id, conjunction))
    by_slot.setdefault(PROPOSAL_SLOT, [])
    return by_slot
