"""One question's suggested answer from its cues, with the sentences that gave it.

- YES_NO: yes-phrases (passing `requires`/`excludes`, not inside a `no` phrase) against `no` phrases and
  negated yes-phrases (`negated` says what a negator before one means). A sentence that says no is no yes-
  evidence even where it names the thing again (项目不在饮用水水源保护区范围内，距最近的水源保护区超过20公里: the
  second mention is what the no is about), and nor is a section title that names the topic (六、征地拆迁 over
  "本项目不涉及征地拆迁"). Where as many sentences say no as say yes, nothing is suggested (the question is left
  to the drafter); where more say yes, YES is LOW. Confidence: see suggest.py.
- NUMBER: see numbers.py.
- CHOICE: the choice whose cues are in the most sentences: HIGH with 2 or more and no rival, MEDIUM with one
  or twice the rival's, LOW on a closer race (both quoted).
- MULTI_CHOICE: every choice with a cue; NONE only when a NONE cue or a `no` phrase says so. HIGH when each
  listed choice is in 2 or more sentences, LOW when the document also says none, MEDIUM otherwise.
A negated choice phrase counts only under `negated: YES`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hia_rules.drafting.cues import NONE_CHOICE, Negated, QuestionCues
from hia_rules.drafting.matching import Document, Hit, counting, stated_no
from hia_rules.drafting.numbers import number
from hia_rules.drafting.quantities import Quantity
from hia_rules.drafting.suggestion import MAX_QUOTES, Confidence, Suggestion, by_sentence, quote, quotes
from hia_rules.model import Question
from hia_rules.vocabulary import QuestionType


def answer(
    question: Question, cues: QuestionCues, document: Document, facts: Sequence[Quantity], negations: Sequence[str]
) -> Suggestion | None:
    if question.type is QuestionType.YES_NO:
        return _yes_no(question, cues, document, negations)
    if question.type is QuestionType.NUMBER:
        return number(question, cues, document, facts)
    if question.type is QuestionType.CHOICE:
        return choose(question, cues, document, lambda _index: 1, negations)
    return _multi_choice(question, cues, document, negations)


def _positive(
    cues: QuestionCues, document: Document, hits: list[Hit], negations: Sequence[str]
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(sentence, cue) pairs that say yes and that say no, from positive phrases' occurrences."""
    yes: list[tuple[int, str]] = []
    no: list[tuple[int, str]] = []
    for hit in hits:
        negated = document.negator(hit, negations)
        if negated is None or cues.negated is Negated.YES:
            # Background is no evidence that the proposal does a thing, only that it does not.
            if not document.aside(hit.index, cues.setting):
                yes.append((hit.index, hit.phrase))
        elif cues.negated is Negated.NO and not document.prohibited_on_condition(hit, negated):
            no.append((hit.index, negated))
    return yes, no


def _yes_no(question: Question, cues: QuestionCues, document: Document, negations: Sequence[str]) -> Suggestion | None:
    stated = stated_no(cues, document)
    # A yes-phrase inside a stated no (拆迁 in 不涉及拆迁) is that statement, not a yes.
    inside = {(h.index, h.start, h.end) for h in stated}
    hits = [
        hit
        for hit in counting(cues, document, cues.yes, background=True)
        if not any(i == hit.index and s <= hit.start and hit.end <= e for i, s, e in inside)
    ]
    yes_pairs, negated = _positive(cues, document, hits, negations)
    no = by_sentence([(h.index, h.phrase) for h in stated] + negated)
    # A section title names a topic (六、征地拆迁): it is no yes against a sentence that says no.
    yes = by_sentence([(i, c) for i, c in yes_pairs if i not in no and not (no and document.title(i))])
    qid = question.id
    if yes and no and len(yes) <= len(no):
        # As many sentences say no as yes: the document does not settle it, and a guess either way is wrong about
        # as often as right (on the labelled corpus such YESes were wrong 23 times in 37). The drafter decides.
        return None
    if yes:
        first = next(iter(yes.values()))
        if no:
            other = next(iter(no.values()))
            return Suggestion(
                qid,
                "YES",
                Confidence.LOW,
                f"{len(yes)}句提到“{first}”，但另有{len(no)}句表示否定（“{other}”）",
                f"{len(yes)} sentence(s) mention “{first}”, but {len(no)} say otherwise (“{other}”)",
                quotes(document, yes, MAX_QUOTES - 1) + quotes(document, no, 1),
            )
        confidence = Confidence.HIGH if len(yes) >= 2 else Confidence.MEDIUM
        return Suggestion(
            qid,
            "YES",
            confidence,
            f"{len(yes)}句提到“{first}”等相关内容",
            f"{len(yes)} sentence(s) mention “{first}” or the like",
            quotes(document, yes),
        )
    if not no:
        return None
    explicit = {h.index for h in stated}
    confidence = Confidence.HIGH if len(no) >= 2 else Confidence.MEDIUM if explicit else Confidence.LOW
    first = next(iter(no.values()))
    return Suggestion(
        qid,
        "NO",
        confidence,
        f"文件明确表示“{first}”" + (f"（共{len(no)}句）" if len(no) > 1 else ""),
        f"The document states “{first}”" + (f" ({len(no)} sentences)" if len(no) > 1 else ""),
        quotes(document, no),
    )


def _choice_hits(
    cues: QuestionCues, document: Document, negations: Sequence[str], one_answer: bool = True
) -> dict[str, dict[int, str]]:
    """Per choice, sentence → the first of its phrases found there. For a question with one answer, where one
    choice's phrase lies inside another choice's longer phrase at the same place (水厂 in 再生水厂), only the
    longer, more specific one counts."""
    found = {
        value: [
            hit
            for hit in counting(cues, document, phrases)
            if cues.negated is Negated.YES or document.negator(hit, negations) is None
        ]
        for value, phrases in cues.choices.items()
    }
    everything = [(value, hit) for value, hits in found.items() for hit in hits]

    def covered(value: str, hit: Hit) -> bool:
        return one_answer and any(
            other != value and o.start <= hit.start and hit.end <= o.end and o.end - o.start > hit.end - hit.start
            for other, o in everything
        )

    return {
        value: by_sentence([(h.index, h.phrase) for h in hits if not covered(value, h)])
        for value, hits in found.items()
    }


def choose(
    question: Question,
    cues: QuestionCues,
    document: Document,
    weight: Callable[[int], int],
    negations: Sequence[str] = (),
) -> Suggestion | None:
    """A CHOICE question: the choice whose cues are in the most sentences (each weighted by `weight`)."""
    order = [c.value for c in question.choices]
    per_choice = _choice_hits(cues, document, negations)
    hits = {value: per_choice.get(value, {}) for value in order}
    scores = {value: sum(weight(i) for i in found) for value, found in hits.items()}
    ranked = [v for v in sorted(order, key=lambda v: -scores[v]) if scores[v] > 0]
    if not ranked:
        return None
    best = ranked[0]
    top, rival = scores[best], scores[ranked[1]] if len(ranked) > 1 else 0
    first = next(iter(hits[best].values()))
    if not rival:
        confidence = Confidence.HIGH if top >= 2 else Confidence.MEDIUM
        weighted_zh = f"（加权得分{top}）" if top != len(hits[best]) else ""
        weighted_en = f" (weighted score {top})" if top != len(hits[best]) else ""
        return Suggestion(
            question.id,
            best,
            confidence,
            f"{len(hits[best])}句提到“{first}”{weighted_zh}",
            f"{len(hits[best])} sentence(s) mention “{first}”{weighted_en}",
            quotes(document, hits[best]),
        )
    second = ranked[1]
    confidence = Confidence.MEDIUM if top >= 2 * rival else Confidence.LOW
    other = next(iter(hits[second].values()))
    return Suggestion(
        question.id,
        best,
        confidence,
        f"“{first}”（{top}分）多于另一选项{second}的“{other}”（{rival}分）"
        if top > rival
        else f"“{first}”与另一选项{second}的“{other}”得分相同（{top}分），取靠前的选项",
        f"“{first}” (score {top}) against {second}'s “{other}” (score {rival})"
        + ("" if top > rival else ": a tie, the earlier choice is suggested"),
        quotes(document, hits[best], MAX_QUOTES - 1) + quotes(document, hits[second], 1),
    )


def _multi_choice(
    question: Question, cues: QuestionCues, document: Document, negations: Sequence[str]
) -> Suggestion | None:
    values = [c.value for c in question.choices]
    per_choice = _choice_hits(cues, document, negations, one_answer=False)
    hits = {value: per_choice.get(value, {}) for value in values if value != NONE_CHOICE}
    chosen = [value for value in values if hits.get(value)]
    none: dict[int, str] = {}
    if NONE_CHOICE in values:
        none = by_sentence(
            [(h.index, h.phrase) for h in stated_no(cues, document)] + list(per_choice.get(NONE_CHOICE, {}).items())
        )
    if chosen:
        if none:
            confidence = Confidence.LOW
        elif all(len(hits[v]) >= 2 for v in chosen):
            confidence = Confidence.HIGH
        else:
            confidence = Confidence.MEDIUM
        first_quotes = tuple(quote(document, *next(iter(hits[v].items()))) for v in chosen)
        cues_zh = "、".join(f"{v}（“{next(iter(hits[v].values()))}”）" for v in chosen)
        return Suggestion(
            question.id,
            chosen,
            confidence,
            f"文件提到：{cues_zh}" + ("；但另有句子表示不涉及" if none else ""),
            f"The document mentions: {cues_zh}" + ("; but another sentence says none" if none else ""),
            first_quotes[:MAX_QUOTES],
        )
    if not none:
        return None
    first = next(iter(none.values()))
    return Suggestion(
        question.id,
        [NONE_CHOICE],
        Confidence.HIGH if len(none) >= 2 else Confidence.MEDIUM,
        f"文件明确表示“{first}”",
        f"The document states “{first}”",
        quotes(document, none),
    )
