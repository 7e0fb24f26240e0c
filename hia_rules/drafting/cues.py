"""The `drafting:` section of a checklist: the cues that draft a screening from a proposal's own document.

Cues are versioned with the checklist they belong to: for each question, Chinese phrases whose presence in a
sentence suggests YES, phrases that state NO, what a negator before a yes-phrase means, which extracted
quantity answers a NUMBER question, and phrases per choice; plus phrases that say what kind of proposal and
what type of policy a document is. A phrase is a plain string matched as a substring of one sentence; `…`
inside it means "these parts, in this order, within the same sentence"; a one-character part is matched
against the sentence's words, never inside one (核 must not match 审核).

`check_cues` is run when a checklist is compiled (`hia checklist validate`): everything a cue names must exist
in the checklist, and every question is either cued or marked `undecidable` with the reason.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, Field

from hia_rules.drafting.quantities import QuantityKind
from hia_rules.messages import _
from hia_rules.strict import Strict, Text
from hia_rules.vocabulary import PolicyType, ProposalKind, QuestionType

if TYPE_CHECKING:
    from hia_rules.model import Checklist

# Separates the parts of a phrase that must follow each other in one sentence.
ELLIPSIS = "…"


def _phrase(value: str) -> str:
    if not value.strip():
        raise ValueError("a phrase has text (not empty, not only spaces)")
    if value != value.strip():
        raise ValueError(f"a phrase does not start or end with spaces: {value!r}")
    if any(not part.strip() for part in value.split(ELLIPSIS)):
        raise ValueError(f"each part of a phrase around {ELLIPSIS} has text: {value!r}")
    return value


Phrase = Annotated[str, Field(max_length=80), AfterValidator(_phrase)]
ChoiceValue = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=60)]


def parts(phrase: str) -> tuple[str, ...]:
    """The parts of a phrase that must appear in this order in one sentence."""
    return tuple(part.strip() for part in phrase.split(ELLIPSIS))


class Negated(StrEnum):
    """What a negator right before a yes-phrase means for the question."""

    NO = "NO"  # "不涉及拆迁": the document states the answer is no
    IGNORE = "IGNORE"  # "禁止…销售烟草": neither more supply nor an answer; the sentence does not count
    YES = "YES"  # "禁止吸烟": the prohibition is what the question asks about


class Pick(StrEnum):
    """Which of several matching quantities answers a NUMBER question."""

    MIN = "MIN"
    MAX = "MAX"
    SUM = "SUM"
    FIRST = "FIRST"
    # "由约1公里增加至约10公里": the rise (9), from a from-to pair in one sentence; otherwise the largest.
    INCREASE = "INCREASE"


class QuantityCue(Strict):
    kind: QuantityKind
    # At least one of these must be said with the quantity (its qualifier, its clause or its sentence).
    near: list[Phrase] = Field(default_factory=list)
    # None: MIN for distances, MAX otherwise.
    pick: Pick | None = None

    def picking(self) -> Pick:
        if self.pick is not None:
            return self.pick
        return Pick.MIN if self.kind is QuantityKind.DISTANCE_M else Pick.MAX


class FollowsFrom(Strict):
    """A YES drawn from the draft's other suggestions where the document does not say it in words: a project
    whose suggestions already show a lasting source of harm (demolition, a process stack, an odour source) has
    an adverse effect that lasts for years (scope.irreversible)."""

    # question id -> the suggested answers that imply YES (a choice value, or YES)
    answers: dict[str, list[Annotated[str, Field(max_length=60)]]]
    # the kinds of proposal it is drawn for (empty: any)
    kinds: list[ProposalKind] = Field(default_factory=list)
    # why, for the drafter: shown with the suggestions it follows from
    reason_zh: Text
    reason_en: Text


class AtLeast(Strict):
    """How much a sentence must state for a question that asks about a clear or large change (明显增加, 大规模):
    a yes-sentence that counts what the question weighs only in numbers below `value` says the change is small
    (日均约3车次), and does not count. A sentence with no such number is left to its phrases."""

    kind: QuantityKind
    value: float = Field(gt=0)


class QuestionCues(Strict):
    yes: list[Phrase] = Field(default_factory=list)
    no: list[Phrase] = Field(default_factory=list)
    requires: list[Phrase] = Field(default_factory=list)
    # A second condition that must hold too: one of these phrases as well (consultation done, and with the
    # people rather than with departments).
    requires_also: list[Phrase] = Field(default_factory=list)
    excludes: list[Phrase] = Field(default_factory=list)
    negated: Negated = Negated.NO
    quantity: QuantityCue | None = None
    choices: dict[ChoiceValue, list[Phrase]] = Field(default_factory=dict)
    undecidable: Text | None = None
    # The question asks about the proposal's setting (its site, its neighbours), which a document describes as
    # it is now: background sentences (context.py) count for it.
    setting: bool = False
    follows_from: FollowsFrom | None = None
    at_least: AtLeast | None = None

    def has_cues(self) -> bool:
        return bool(
            self.yes or self.no or self.requires or self.excludes or self.quantity or self.choices or self.follows_from
        )


class ProjectForm(Strict):
    """A project written in a policy's form: a document whose head names one of `form` (实施方案) and whose text
    states a fact of each group of `facts` (a total investment, a floor area, construction) is the plan of building
    one thing, however it is issued (印发…的通知): a project."""

    form: list[Phrase] = Field(min_length=1)
    facts: list[list[Phrase]] = Field(min_length=1)


class DraftingCues(Strict):
    negations: list[Phrase] = Field(default_factory=list)
    kind: dict[str, list[Phrase]] = Field(default_factory=dict)
    policy_type: dict[str, list[Phrase]] = Field(default_factory=dict)
    # Phrases that, in the head of a document, say outright what type of policy it is, whatever the rest votes:
    # only a 规章 is promulgated by a 人民政府令 and 现予公布.
    decisive: dict[str, list[Phrase]] = Field(default_factory=dict)
    project_form: ProjectForm | None = None
    questions: dict[str, QuestionCues] = Field(default_factory=dict)


# The unit each quantity kind is normalised to (quantities.py), and the factor to each unit a NUMBER question
# may be asked in: answer = value × factor.
UNIT_FACTORS: dict[QuantityKind, dict[str | None, float]] = {
    QuantityKind.DISTANCE_M: {None: 1, "m": 1, "米": 1, "km": 1e-3, "公里": 1e-3, "千米": 1e-3},
    QuantityKind.AREA_M2: {
        None: 1,
        "m2": 1,
        "m²": 1,
        "平方米": 1,
        "hm2": 1e-4,
        "ha": 1e-4,
        "公顷": 1e-4,
        "km2": 1e-6,
        "km²": 1e-6,
        "平方公里": 1e-6,
        "亩": 3 / 2000,
    },
    QuantityKind.MONEY_YUAN: {None: 1, "元": 1, "yuan": 1, "万元": 1e-4, "亿元": 1e-8},
    QuantityKind.HOUSEHOLDS: {None: 1, "户": 1, "households": 1},
    QuantityKind.PEOPLE: {None: 1, "人": 1, "people": 1, "万人": 1e-4},
    QuantityKind.CAPACITY_T_PER_DAY: {None: 1, "t/d": 1, "吨/日": 1, "吨/天": 1},
    QuantityKind.DURATION_DAYS: {None: 1, "d": 1, "天": 1, "日": 1, "days": 1},
}

_CHOICE_TYPES = (QuestionType.CHOICE, QuestionType.MULTI_CHOICE)
NONE_CHOICE = "NONE"


def check_cues(checklist: Checklist) -> list[tuple[str, str]]:
    """(path, problem) for every cue that names what the checklist does not have or cannot use."""
    cues = checklist.drafting
    if cues is None:
        return []
    problems: list[tuple[str, str]] = []
    for section, vocabulary in (("kind", ProposalKind), ("policy_type", PolicyType), ("decisive", PolicyType)):
        known = [v.value for v in vocabulary]
        for key in getattr(cues, section):
            if key not in known:
                problems.append(
                    (
                        f"drafting.{section}.{key}",
                        _("{value!r} is not one of {values}", value=key, values=", ".join(known)),
                    )
                )
    for question_id, entry in cues.questions.items():
        problems += _check_question(checklist, question_id, entry)
    for question in checklist.questions:
        if question.id not in cues.questions:
            problems.append(
                (f"drafting.questions.{question.id}", _("every question has cues or says why it is `undecidable`"))
            )
    return problems


def _check_question(checklist: Checklist, question_id: str, entry: QuestionCues) -> list[tuple[str, str]]:
    path = f"drafting.questions.{question_id}"
    question = checklist.question(question_id)
    if question is None:
        return [(path, _("no question {question!r} in the checklist", question=question_id))]
    problems: list[tuple[str, str]] = []
    kind = question.type
    if entry.undecidable is not None and entry.has_cues():
        problems.append((path, _("a question is either cued or `undecidable`, not both")))
    if entry.undecidable is None and not entry.has_cues():
        problems.append((path, _("give cues or say why the question is `undecidable`")))
    if entry.quantity is not None:
        if kind is not QuestionType.NUMBER:
            problems.append(
                (f"{path}.quantity", _("a quantity answers only NUMBER questions, not {type}", type=kind.value))
            )
        elif question.unit not in UNIT_FACTORS.get(entry.quantity.kind, {}):
            problems.append(
                (
                    f"{path}.quantity.kind",
                    _(
                        "{kind} cannot be given in the unit {unit!r}",
                        kind=entry.quantity.kind.value,
                        unit=question.unit,
                    ),
                )
            )
    if entry.choices and kind not in _CHOICE_TYPES:
        problems.append(
            (
                f"{path}.choices",
                _("choices are only for CHOICE and MULTI_CHOICE questions, not {type}", type=kind.value),
            )
        )
    elif entry.choices:
        values = {c.value for c in question.choices}
        for value in entry.choices:
            if value not in values:
                problems.append(
                    (
                        f"{path}.choices.{value}",
                        _("{value!r} is not a choice of {question}", value=value, question=question_id),
                    )
                )
    if entry.yes and kind is not QuestionType.YES_NO:
        problems.append(
            (f"{path}.yes", _("yes-phrases are for YES_NO questions; cue a {type} question otherwise", type=kind.value))
        )
    if entry.no:
        values = {c.value for c in question.choices}
        if kind is QuestionType.CHOICE or (kind is QuestionType.MULTI_CHOICE and NONE_CHOICE not in values):
            problems.append(
                (f"{path}.no", _("a stated no has no answer among the choices of {question}", question=question_id))
            )
    if kind is QuestionType.NUMBER and entry.has_cues() and entry.quantity is None and not entry.no:
        problems.append((f"{path}.quantity", _("a NUMBER question is answered by a quantity")))
    if entry.at_least is not None and not entry.yes:
        problems.append((f"{path}.at_least", _("`at_least` weighs yes-phrases: give the question yes-phrases")))
    if entry.follows_from is not None:
        problems += _check_follows_from(checklist, path, kind, entry.follows_from)
    return problems


def _check_follows_from(
    checklist: Checklist, path: str, kind: QuestionType, follows: FollowsFrom
) -> list[tuple[str, str]]:
    path = f"{path}.follows_from"
    if kind is not QuestionType.YES_NO:
        return [(path, _("only a YES_NO question follows from other answers, not {type}", type=kind.value))]
    problems: list[tuple[str, str]] = []
    drafting = checklist.drafting
    for source_id, answers in follows.answers.items():
        source = checklist.question(source_id)
        if source is None:
            problems.append(
                (f"{path}.answers.{source_id}", _("no question {question!r} in the checklist", question=source_id))
            )
            continue
        source_cues = drafting.questions.get(source_id) if drafting is not None else None
        if source_cues is not None and source_cues.follows_from is not None:
            # one step only: a chain would make the order of the questions matter
            problems.append(
                (f"{path}.answers.{source_id}", _("{question} itself follows from other answers", question=source_id))
            )
        allowed = {c.value for c in source.choices} if source.choices else {"YES", "NO", "UNKNOWN"}
        for value in answers:
            if value not in allowed:
                problems.append(
                    (
                        f"{path}.answers.{source_id}",
                        _("{value!r} is not an answer of {question}", value=value, question=source_id),
                    )
                )
    return problems
