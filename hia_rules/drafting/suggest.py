"""Draft a screening from a proposal's own document: suggested answers, each with the sentences behind it.

`suggest(checklist, text, places)` reads the text into sentences and quantities, decides what kind of proposal
it is (and the policy type or the project type) from the checklist's cue votes, then, for each question that
applies to such a proposal, looks for its cues. Pure and deterministic: the same checklist and text give the
same draft. Nothing here is an answer until the drafter confirms it; a question the text is silent on stays
undecided (`Draft.undecided`), never a silent "no".

Confidence (reasons say which rule gave it):
- kind, policy type, project type: votes are distinct sentences with a cue, a sentence in the head of the
  document (its first `matching.HEAD_CHARACTERS`: title, number, addressees, opening) counting `HEAD_WEIGHT` times;
  for the project type the first line, the project's name, counts `TITLE_WEIGHT` times.
  HIGH when the winner has at least 3 and twice the runner-up; LOW on a tie (the first value in the
  vocabulary's order is suggested); MEDIUM otherwise. A scope exclusion (转发上级文件, 内部文件) said in the head
  wins outright: it is what the whole document is, whatever the forwarded text goes on to say; so does a
  `decisive` phrase of a policy type (人民政府令, 现予公布: only a 规章 is promulgated so).
- YES: HIGH with yes-evidence in 2 or more sentences, MEDIUM in one; LOW when another sentence says no. A
  question with `follows_from` cues and nothing of its own is drawn from the other suggestions (following.py).
- NO (only from a `no` phrase, or a yes-phrase after a negator under `negated: NO`): HIGH from 2 or more
  sentences, MEDIUM from one `no` phrase, LOW from one negated yes-phrase alone.
- See `answers.py` for CHOICE and MULTI_CHOICE, `numbers.py` for NUMBER, `matching.py` for what a clause, a
  negator and a cited title are.
Total investment (projects, and documents of undecided kind): the MONEY_YUAN figure whose qualifier says 总投资
(or 投资总额, 总概算, 总估算), never one qualified 其中/政府投资/财政…; the figure stated most often, HIGH when
all agree, MEDIUM when they differ, LOW when 总投资 is only elsewhere in the clause. Places: the given names
the text names in full.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hia_rules.applicability import applicable_questions
from hia_rules.drafting.answers import answer, choose
from hia_rules.drafting.cues import FollowsFrom, ProjectForm, QuestionCues
from hia_rules.drafting.following import follow
from hia_rules.drafting.matching import Document
from hia_rules.drafting.quantities import Quantity, QuantityKind, quantities
from hia_rules.drafting.suggestion import MAX_QUOTES, Confidence, Quote, Suggestion, quote, quotes
from hia_rules.drafting.text import sentences
from hia_rules.facts import ScreeningInput
from hia_rules.model import Checklist, Question
from hia_rules.vocabulary import PolicyType, ProposalKind

__all__ = ["Confidence", "Draft", "Quote", "Suggestion", "suggest"]

HEAD_WEIGHT = 3
# A project document's first line is the project's name (…处置中心工程): for the project's type it outweighs the
# body, whose sentences name the works it serves and the plants around it as often as the project itself.
TITLE_WEIGHT = 10
EXCLUSIONS = (PolicyType.FORWARDED_DOCUMENT.value, PolicyType.INTERNAL_DOCUMENT.value)
# What a project document calls its total investment; a figure qualified so is preferred over 政府投资 or 其中….
TOTAL_INVESTMENT = ("总投资", "投资总额", "总概算", "总估算")
PART_OF_INVESTMENT = ("其中", "政府投资", "财政", "补助", "自筹")


@dataclass(frozen=True)
class Draft:
    kind: Suggestion | None
    policy_type: Suggestion | None
    investment_yuan: Suggestion | None
    suggestions: tuple[Suggestion, ...]  # in checklist question order
    undecided: tuple[str, ...]  # applicable question ids with no suggestion
    facts: tuple[Quantity, ...]
    places: tuple[str, ...]
    sentences: int
    characters: int


@dataclass(frozen=True)
class _Tables:
    """What suggest walks for every document, built once per checklist (`Checklist.memo`)."""

    negations: tuple[str, ...]
    kind: tuple[tuple[str, tuple[str, ...]], ...]  # (value, phrases) in the vocabulary's order
    policy_type: tuple[tuple[str, tuple[str, ...]], ...]
    decisive: tuple[tuple[str, tuple[str, ...]], ...]  # policy type -> phrases that decide it in the head
    # The cued questions (not `undecidable`) in checklist order, with their cues.
    questions: dict[str, tuple[Question, QuestionCues]]
    project_type: tuple[Question, QuestionCues] | None
    project_form: ProjectForm | None
    # The questions drawn from the others' answers where their own cues find nothing (following.py).
    following: tuple[tuple[str, FollowsFrom], ...]


def _tables(checklist: Checklist) -> _Tables | None:
    drafting = checklist.drafting
    if drafting is None:
        return None
    questions = {
        q.id: (q, cues)
        for q in checklist.questions
        if (cues := drafting.questions.get(q.id)) is not None and cues.undecidable is None
    }
    return _Tables(
        # Longest first: 不涉及 rather than 不 names the negator of 不涉及拆迁.
        negations=tuple(sorted(drafting.negations, key=len, reverse=True)),
        kind=tuple((k.value, tuple(drafting.kind.get(k.value, ()))) for k in ProposalKind),
        policy_type=tuple((p.value, tuple(drafting.policy_type.get(p.value, ()))) for p in PolicyType),
        decisive=tuple((value, tuple(phrases)) for value, phrases in drafting.decisive.items()),
        questions=questions,
        project_type=questions.get(checklist.settings.project_type_question or ""),
        project_form=drafting.project_form,
        following=tuple(
            (question_id, cues.follows_from)
            for question_id, (_question, cues) in questions.items()
            if cues.follows_from is not None
        ),
    )


def suggest(checklist: Checklist, text: str, places: Sequence[str] = ()) -> Draft:
    read = sentences(text)
    facts = quantities(text, read)
    document = Document(text, read, facts)
    tables = checklist.memo("drafting tables", lambda: _tables(checklist))
    kind = policy_type = project_type = None
    if tables is not None:
        kind = _vote(document, "kind", tables.kind, ())
        if kind is not None and kind.answer == ProposalKind.POLICY.value and tables.project_form is not None:
            kind = _project_in_policy_form(document, tables.project_form) or kind
        if kind is not None and kind.answer == ProposalKind.POLICY.value:
            policy_type = _vote(document, "policy_type", tables.policy_type, EXCLUSIONS, tables.decisive)
        if tables.project_type is not None and (kind is None or kind.answer == ProposalKind.PROJECT.value):
            # A project's type is said in its title: the head counts more, as for kind.
            question, cues = tables.project_type
            weight = functools.partial(_type_weight, document)
            project_type = choose(question, cues, document, weight, tables.negations)
    document.of_rules = kind is not None and kind.answer == ProposalKind.POLICY.value
    applicable = _applicable(checklist, kind, policy_type, project_type)
    suggested = [] if tables is None else _answers(tables, applicable, project_type, document, facts, kind)
    answered = {s.question_id for s in suggested}
    is_policy = kind is not None and kind.answer == ProposalKind.POLICY.value
    return Draft(
        kind=kind,
        policy_type=policy_type,
        investment_yuan=None if is_policy else _investment(document, facts),
        suggestions=tuple(suggested),
        undecided=tuple(q for q in applicable if q not in answered),
        facts=facts,
        places=_places(text, places),
        sentences=len(read),
        characters=len(text),
    )


def _answers(
    tables: _Tables,
    applicable: Sequence[str],
    project_type: Suggestion | None,
    document: Document,
    facts: Sequence[Quantity],
    kind: Suggestion | None,
) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    for question_id in applicable:
        if project_type is not None and question_id == project_type.question_id:
            found[question_id] = project_type
        elif question_id in tables.questions:
            question, cues = tables.questions[question_id]
            suggestion = answer(question, cues, document, facts, tables.negations)
            if suggestion is not None:
                found[question_id] = suggestion
    # Then the questions drawn from those answers (following.py), where their own cues found nothing.
    drawn_from = tuple(found.values())
    for question_id, follows in tables.following:
        if question_id in applicable and question_id not in found:
            drawn = follow(question_id, follows, drawn_from, kind.answer if kind else None)
            if drawn is not None:
                found[question_id] = drawn
    return [found[q] for q in applicable if q in found]


def _weight(document: Document, index: int) -> int:
    return HEAD_WEIGHT if document.in_head(index) else 1


def _type_weight(document: Document, index: int) -> int:
    """A sentence's votes for the project's type: the first line counts `TITLE_WEIGHT` times, the head
    `HEAD_WEIGHT` times."""
    if index == 0:
        return TITLE_WEIGHT
    return _weight(document, index)


def _vote(
    document: Document,
    name: str,
    table: tuple[tuple[str, tuple[str, ...]], ...],
    exclusions: Sequence[str],
    decisive: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Suggestion | None:
    """The value whose cues are in the most sentences (see the module's docstring for the confidence)."""
    order = [value for value, _phrases in table]
    hits = {value: _first_hits(document, phrases) for value, phrases in table}
    # A scope exclusion first (a forward of a 政府令 is a forward), then a phrase that decides the type.
    deciding = [(value, hits[value]) for value in exclusions] + [
        (value, _first_hits(document, phrases)) for value, phrases in decisive
    ]
    for value, found in deciding:
        head = [i for i in found if document.in_head(i)]
        if head:
            confidence = Confidence.HIGH if len(found) >= 2 else Confidence.MEDIUM
            return Suggestion(
                name,
                value,
                confidence,
                f"文件开头写明“{found[head[0]]}”，整份文件即为此类",
                f"The head of the document says “{found[head[0]]}”: that is what the whole document is",
                quotes(document, found),
            )
    scores = {value: sum(_weight(document, i) for i in found) for value, found in hits.items()}
    ranked = sorted(order, key=lambda value: -scores[value])
    best, runner_up = ranked[0], scores[ranked[1]] if len(ranked) > 1 else 0
    top = scores[best]
    if top == 0:
        return None
    if top == runner_up:
        confidence, because_zh, because_en = Confidence.LOW, "与另一类得票相同", "tied with another value"
    elif top >= 3 and top >= 2 * runner_up:
        confidence, because_zh, because_en = Confidence.HIGH, "明显多于其他类", "well ahead of the others"
    else:
        confidence, because_zh, because_en = Confidence.MEDIUM, "多于其他类", "ahead of the others"
    evidence = quotes(document, hits[best])
    if runner_up and confidence is Confidence.LOW:
        evidence = quotes(document, hits[best], 2) + quotes(document, hits[ranked[1]], 1)
    return Suggestion(
        name,
        best,
        confidence,
        f"{len(hits[best])}句含此类用语（得分{top}，次高{runner_up}，开头的句子计{HEAD_WEIGHT}分），{because_zh}",
        f"{len(hits[best])} sentence(s) use its terms (score {top}, next {runner_up}; a sentence in the head "
        f"counts {HEAD_WEIGHT}): {because_en}",
        evidence,
    )


def _project_in_policy_form(document: Document, cues: ProjectForm) -> Suggestion | None:
    """PROJECT when the head names a plan's form and the text states a fact of every group (`ProjectForm`)."""
    form = {i: cue for i, cue in _first_hits(document, cues.form).items() if document.in_head(i)}
    facts = [_first_hits(document, group) for group in cues.facts]
    if not form or not all(facts):
        return None
    named = next(iter(form.values()))
    stated = "、".join(next(iter(found.values())) for found in facts)
    evidence = [next(iter(form.items()))] + [next(iter(found.items())) for found in facts]
    return Suggestion(
        "kind",
        ProposalKind.PROJECT.value,
        Confidence.MEDIUM,
        f"文件以“{named}”的形式印发，但写明了一个工程的{stated}：是一个建设项目的方案",
        f"issued as a “{named}”, but it states one works' {stated}: the plan of a construction project",
        quotes(document, dict(evidence), MAX_QUOTES),
    )


def _first_hits(document: Document, phrases: Sequence[str]) -> dict[int, str]:
    """Sentence index → the first phrase found in it, in document order; a phrase in the title of another
    instrument the document cites (根据《…管理规定》) says nothing of what this one is."""
    found: dict[int, str] = {}
    for phrase in phrases:
        for hit in document.hits(phrase):
            if not document.cites_another(hit):
                found.setdefault(hit.index, phrase)
    return dict(sorted(found.items()))


def _applicable(
    checklist: Checklist, kind: Suggestion | None, policy_type: Suggestion | None, project_type: Suggestion | None
) -> tuple[str, ...]:
    """The questions that apply to the proposal as suggested; while kind or policy type is undecided, the
    questions that apply to any value of it."""
    kinds = [kind.answer] if kind is not None else [k.value for k in ProposalKind]
    applicable: set[str] = set()
    for each in kinds:
        if each == ProposalKind.POLICY.value:
            types: list[str | None] = [policy_type.answer] if policy_type else [p.value for p in PolicyType]
        else:
            types = [None]
        answers: dict[str, Any] = {}
        if each == ProposalKind.PROJECT.value and project_type is not None:
            answers[project_type.question_id] = project_type.answer
        for policy in types:
            applicable.update(applicable_questions(checklist, ScreeningInput(each, policy, answers=answers)))
    return tuple(q.id for q in checklist.questions if q.id in applicable)


def _investment(document: Document, facts: Sequence[Quantity]) -> Suggestion | None:
    money = [f for f in facts if f.kind is QuantityKind.MONEY_YUAN and f.value is not None]
    qualified = [f for f in money if f.qualifier and any(t in f.qualifier for t in TOTAL_INVESTMENT)]
    confidence = Confidence.HIGH
    if not qualified:
        qualified = [
            f
            for f in money
            if not any(p in (f.qualifier or "") for p in PART_OF_INVESTMENT)
            and any(t in document.clause_around(f.start, f.end, f.sentence - 1) for t in TOTAL_INVESTMENT)
        ]
        confidence = Confidence.LOW
    if not qualified:
        return None
    counts = Counter(f.value for f in qualified)
    if len(counts) > 1:
        confidence = Confidence.MEDIUM if confidence is Confidence.HIGH else Confidence.LOW
    # The figure stated most often; on a tie, the first stated.
    chosen = max(qualified, key=lambda f: (counts[f.value], -f.start))
    index = chosen.sentence - 1
    return Suggestion(
        "investment_yuan",
        chosen.value,
        confidence,
        f"文件写明总投资“{chosen.text}”" + ("（文中另有不同的总投资数额）" if len(counts) > 1 else ""),
        f"The document states the total investment as “{chosen.text}”"
        + (" (it also states other totals)" if len(counts) > 1 else ""),
        (quote(document, index, chosen.text),),
    )


def _places(text: str, places: Sequence[str]) -> tuple[str, ...]:
    """The given places the text names in full, in the order it first names them. Short names are not read:
    临湖 (临湖镇) also means "by the lake", 太湖 (太湖街道) is the lake, and 木渎 in 木渎分院 names a hospital."""
    first = {name: position for name in dict.fromkeys(places) if (position := text.find(name)) != -1}
    return tuple(sorted(first, key=lambda name: first[name]))
