"""Conditions normalised for evaluation: every test becomes total atoms on flat facts, then DNF.

Both evaluators see the same flat facts (`facts.py`): one slot for the proposal's attributes, one per
question, one per derived fact. An atom compares one field of one slot and is defined for every
input (missing numbers carry an explicit `known` flag, missing strings are ""), so negation is exact:
`not (x >= 5)` is `x unknown or x < 5`. A rule's condition becomes a disjunction of conjunctions; each
conjunction compiles to one durable_rules rule, and the reference evaluator checks them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hia_rules.model import ATTRIBUTE_VALUES, ATTRIBUTES, Checklist, Condition, Question
from hia_rules.vocabulary import QuestionType, VulnerableGroup

PROPOSAL_SLOT = "proposal"
# Numbers reach the engine as whole thousandths: durable_rules misreads floats written with an
# exponent (`5e-324`, `1e+16`), and integers are never written so. Comparisons are exact at 0.001.
FIXED_POINT = 1000
NEGATED_OPERATOR = {"eq": "ne", "ne": "eq", "gt": "lte", "lte": "gt", "lt": "gte", "gte": "lt"}


def answer_slot(question_id: str) -> str:
    return f"answer:{question_id}"


def fact_slot(name: str) -> str:
    return f"fact:{name}"


def to_fixed(value: float) -> int:
    return round(value * FIXED_POINT)


def from_fixed(value: int) -> float:
    return value / FIXED_POINT


def known_field(field: str) -> str:
    return f"{field}_known"


def option_field(question: Question, value: str) -> str:
    return f"o{[c.value for c in question.choices].index(value)}"


def group_field(group: str) -> str:
    return f"vg_{group.lower()}"


@dataclass(frozen=True, order=True)
class Atom:
    """`slot.field <op> value`, or (op "present") the slot exists at all (derived facts)."""

    slot: str
    field: str
    op: str
    value: Any

    def negated(self) -> Atom:
        if self.op == "present":
            raise ValueError("a derived fact cannot be negated")
        return Atom(self.slot, self.field, NEGATED_OPERATOR[self.op], self.value)

    def holds(self, facts: dict[str, dict[str, Any]]) -> bool:
        slot = facts.get(self.slot)
        if slot is None:
            return False
        if self.op == "present":
            return True
        actual = slot[self.field]
        match self.op:
            case "eq":
                return bool(actual == self.value)
            case "ne":
                return bool(actual != self.value)
            case "gt":
                return bool(actual > self.value)
            case "gte":
                return bool(actual >= self.value)
            case "lt":
                return bool(actual < self.value)
            case "lte":
                return bool(actual <= self.value)
        raise ValueError(f"unknown operator {self.op}")


# A formula in negation normal form: ("atom", Atom) | ("and", [..]) | ("or", [..])
Formula = tuple[str, Any]


def _and(*parts: Formula) -> Formula:
    return ("and", list(parts))


def _or(*parts: Formula) -> Formula:
    return ("or", list(parts))


def _atom(slot: str, field: str, op: str, value: Any) -> Formula:
    return ("atom", Atom(slot, field, op, value))


def _number_test(slot: str, field: str, op: str, value: float) -> Formula:
    # A comparison on a number nobody gave is false; its negation (via NEGATED_OPERATOR and De Morgan)
    # is therefore true, exactly as the reference semantics say.
    return _and(_atom(slot, known_field(field), "eq", True), _atom(slot, field, op, to_fixed(value)))


class ConditionError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


def _leaf(condition: Condition, checklist: Checklist, path: str) -> Formula:
    op, value = condition.operator()
    if condition.answer is not None:
        question = checklist.question(condition.answer)
        if question is None:
            raise ConditionError(path, f"unknown question {condition.answer!r}")
        return _answer_test(question, op, value, path)
    assert condition.attribute is not None
    return _attribute_test(condition.attribute, op, value, path)


def _answer_test(question: Question, op: str, value: Any, path: str) -> Formula:
    slot = answer_slot(question.id)
    qtype = question.type
    if op == "answered":
        if qtype in (QuestionType.NUMBER, QuestionType.MULTI_CHOICE):
            return _atom(slot, known_field("v"), "eq", bool(value))
        return _atom(slot, "v", "ne" if value else "eq", "")
    if qtype is QuestionType.YES_NO:
        if op != "is" or value not in ("YES", "NO", "UNKNOWN"):
            raise ConditionError(path, f"question {question.id} is YES_NO: test it with `is: YES|NO|UNKNOWN`")
        return _atom(slot, "v", "eq", value)
    if qtype is QuestionType.NUMBER:
        if op not in ("eq", "ne", "gt", "gte", "lt", "lte") or isinstance(value, (str, bool)):
            raise ConditionError(path, f"question {question.id} is a NUMBER: compare it with a number")
        if op == "ne":
            return ("not", _number_test(slot, "v", "eq", value))
        return _number_test(slot, "v", op, value)
    values = [c.value for c in question.choices]
    if qtype is QuestionType.CHOICE:
        if op == "eq" and value in values:
            return _atom(slot, "v", "eq", value)
        if op == "in" and value and all(v in values for v in value):
            return _or(*[_atom(slot, "v", "eq", v) for v in value])
        raise ConditionError(path, f"question {question.id} is a CHOICE: use `eq` or `in` with values of {values}")
    if op == "includes" and value in values:
        return _atom(slot, option_field(question, value), "eq", True)
    if op == "includes_any" and value and all(v in values for v in value):
        return _or(*[_atom(slot, option_field(question, v), "eq", True) for v in value])
    raise ConditionError(
        path, f"question {question.id} is a MULTI_CHOICE: use `includes` or `includes_any` with values of {values}"
    )


def _attribute_test(attribute: str, op: str, value: Any, path: str) -> Formula:
    kind = ATTRIBUTES[attribute]
    slot = PROPOSAL_SLOT
    if kind == "number":
        if op == "answered" and isinstance(value, bool):
            return _atom(slot, known_field(attribute), "eq", value)
        if op not in ("eq", "ne", "gt", "gte", "lt", "lte") or isinstance(value, (str, bool)):
            raise ConditionError(path, f"attribute {attribute} is a number: compare it with a number")
        if op == "ne":
            return ("not", _number_test(slot, attribute, "eq", value))
        return _number_test(slot, attribute, op, value)
    if kind == "boolean":
        if op != "is" or not isinstance(value, bool):
            raise ConditionError(path, f"attribute {attribute} is true or false: test it with `is: true|false`")
        return _atom(slot, attribute, "eq", value)
    allowed = ATTRIBUTE_VALUES[attribute]
    if kind == "enum":
        if op == "eq" and value in allowed:
            return _atom(slot, attribute, "eq", value)
        if op == "in" and value and all(v in allowed for v in value):
            return _or(*[_atom(slot, attribute, "eq", v) for v in value])
        if op == "answered":
            return _atom(slot, attribute, "ne" if value else "eq", "")
        raise ConditionError(path, f"attribute {attribute}: use `eq` or `in` with values of {sorted(allowed)}")
    if op == "includes" and value in allowed:
        return _atom(slot, group_field(value), "eq", True)
    if op == "includes_any" and value and all(v in allowed for v in value):
        return _or(*[_atom(slot, group_field(v), "eq", True) for v in value])
    if op == "count_gte" and isinstance(value, int) and 0 <= value <= len(VulnerableGroup):
        return _atom(slot, "vg_count", "gte", value)
    raise ConditionError(path, f"attribute {attribute}: use `includes`, `includes_any` or `count_gte`")


def to_formula(condition: Condition, checklist: Checklist, path: str) -> Formula:
    if condition.all is not None:
        return _and(*[to_formula(c, checklist, f"{path}.all[{i}]") for i, c in enumerate(condition.all)])
    if condition.any is not None:
        return _or(*[to_formula(c, checklist, f"{path}.any[{i}]") for i, c in enumerate(condition.any)])
    if condition.not_ is not None:
        inner = to_formula(condition.not_, checklist, f"{path}.not")
        return ("not", inner)
    if condition.fact is not None:
        return _atom(fact_slot(condition.fact), "", "present", True)
    return _leaf(condition, checklist, path)


def _push_negations(formula: Formula, negate: bool, path: str) -> Formula:
    kind, body = formula
    if kind == "not":
        return _push_negations(body, not negate, path)
    if kind == "atom":
        if not negate:
            return formula
        if body.op == "present":
            raise ConditionError(path, "a derived fact cannot be negated (`not: {fact: ...}`): rules only add facts")
        return ("atom", body.negated())
    parts = [_push_negations(part, negate, path) for part in body]
    flipped = {"and": "or", "or": "and"}[kind] if negate else kind
    return (flipped, parts)


Conjunction = tuple[Atom, ...]


def _dnf(formula: Formula) -> list[Conjunction]:
    kind, body = formula
    if kind == "atom":
        return [(body,)]
    if kind == "or":
        return [conj for part in body for conj in _dnf(part)]
    result: list[Conjunction] = [()]
    for part in body:
        result = [left + right for left in result for right in _dnf(part)]
    return result


def disjunctive_normal_form(condition: Condition, checklist: Checklist, path: str) -> list[Conjunction]:
    """The condition as alternatives, each a set of atoms that must all hold (sorted, duplicates removed)."""
    formula = _push_negations(to_formula(condition, checklist, path), False, path)
    unique: dict[Conjunction, None] = {}
    for conjunction in _dnf(formula):
        unique[tuple(sorted(set(conjunction)))] = None
    return list(unique)
