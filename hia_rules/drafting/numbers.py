"""A NUMBER question's suggested answer: an extracted quantity, or 0 from a stated no.

The quantities of the cue's kind said with one of its `near` words — in the quantity's qualifier first, else in
its clause, else in its sentence (HIGH, MEDIUM, LOW by that tier; a HIGH comes down to MEDIUM when the qualified
figures differ) — are picked (MIN/MAX/SUM/FIRST) and converted to the question's unit. Without a quantity, a
`no` phrase ("不涉及拆迁" for the households to relocate) suggests 0.

A figure's `excludes` are looked for in its clause, not its whole sentence: they say what a figure measures
(高度, 服务半径, 范围内无), and a sentence often states several figures. The origin of a distance
(最近住宅距幼儿园用地边界约35米: the kindergarten is where it is measured from) is not what the figure is said
with, so "距…边界/红线/厂界" is left out when looking for `near` words; what follows a distance and stands
there (约350米为现有幼儿园) is read as its qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hia_rules.drafting.context import has_phrase
from hia_rules.drafting.cues import UNIT_FACTORS, Pick, QuestionCues
from hia_rules.drafting.matching import Document, counts, stated_no
from hia_rules.drafting.quantities import Quantity
from hia_rules.drafting.suggestion import MAX_QUOTES, Confidence, Suggestion, by_sentence, quote, quotes
from hia_rules.model import Question


def number(question: Question, cues: QuestionCues, document: Document, facts: Sequence[Quantity]) -> Suggestion | None:
    cue = cues.quantity
    if cue is not None:
        found = _quantity(question, cues, document, facts)
        if found is not None:
            return found
    stated = by_sentence([(h.index, h.phrase) for h in stated_no(cues, document)])
    if not stated:
        return None
    first = next(iter(stated.values()))
    return Suggestion(
        question.id,
        0.0,
        Confidence.MEDIUM,
        f"文件明确表示“{first}”，按0计",
        f"The document states “{first}”: taken as 0",
        quotes(document, stated),
    )


def _quantity(
    question: Question, cues: QuestionCues, document: Document, facts: Sequence[Quantity]
) -> Suggestion | None:
    cue = cues.quantity
    assert cue is not None
    factor = UNIT_FACTORS[cue.kind].get(question.unit)
    if factor is None:
        return None
    tiers: list[list[tuple[Quantity, float, str]]] = [[], [], []]
    # Figures of the site being left (a relocation's 目前储罐区距最近的住宅楼仅约28米): used only where the
    # document gives no other (`FORMER_SITE`).
    former: list[list[tuple[Quantity, float, str]]] = [[], [], []]
    for fact in facts:
        index = fact.sentence - 1
        if fact.kind is not cue.kind or fact.value is None or not counts(cues, document, index, clause_excludes=True):
            continue
        if cues.excludes and has_phrase(document.clause_around(fact.start, fact.end, index), cues.excludes):
            continue
        value = float(f"{fact.value * factor:.10g}")
        if (question.min is not None and value < question.min) or (question.max is not None and value > question.max):
            continue
        placed = former if _aside_figure(document, fact, index) else tiers
        if not cue.near:
            placed[0].append((fact, value, fact.text))
            continue
        said = _said_with(document, fact, index, cue.near)
        if said is not None:
            level, near = said
            placed[level].append((fact, value, near))
    if not any(tiers):
        tiers = former
    tier = next((t for t, found in enumerate(tiers) if found), None)
    if tier is None:
        return None
    candidates = tiers[tier]
    pick = cue.picking()
    chosen: list[tuple[Quantity, float, str]]
    if pick is Pick.SUM:
        chosen = candidates
        value = float(f"{sum(v for _f, v, _n in candidates):.10g}")
    else:
        # The two figures of a rise may be qualified differently (…就医的距离由约1公里 / 增加至约10公里).
        rise = _rise(document, [c for found in tiers for c in found]) if pick is Pick.INCREASE else None
        if rise is not None:
            best = (rise[0][0], rise[1], rise[0][2])
        elif pick is Pick.FIRST:
            best = candidates[0]
        elif pick is Pick.MIN:
            best = min(candidates, key=lambda c: c[1])
        else:
            best = max(candidates, key=lambda c: c[1])
        chosen, value = [best], best[1]
    confidence = (Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW)[tier]
    if confidence is Confidence.HIGH and len({v for _f, v, _n in candidates}) > 1:
        confidence = Confidence.MEDIUM
    where_zh = ("数量前写明", "同一分句提到", "同一句提到")[tier]
    where_en = ("qualified by", "in a clause with", "in a sentence with")[tier]
    texts = "、".join(f.text for f, _v, _n in chosen[:MAX_QUOTES])
    near = chosen[0][2]
    unit = question.unit or ""
    pick_zh = {
        Pick.MIN: "取最小值",
        Pick.MAX: "取最大值",
        Pick.SUM: "求和",
        Pick.FIRST: "取首个",
        Pick.INCREASE: "取增加量",
    }[pick]
    return Suggestion(
        question.id,
        value,
        confidence,
        f"{where_zh}“{near}”的数量：{texts}（共{len(candidates)}个，{pick_zh}，换算为{value:g}{unit}）",
        f"Quantities {where_en} “{near}”: {texts} ({len(candidates)} found, {pick.value}, as {value:g} {unit})",
        tuple(quote(document, f.sentence - 1, f.text) for f, _v, _n in chosen[:MAX_QUOTES]),
    )


# What a relocation leaves: said before a figure in its sentence (目前储罐区距最近的住宅楼仅约28米，距…小学约150米),
# unless the new site is named between them (搬迁后新厂址距…).
FORMER_SITE = ("目前", "现厂区", "现厂址", "现站", "现址", "原址", "原厂", "原站", "老厂", "老站", "搬迁前", "现市场")
NEW_SITE = ("新址", "新厂址", "新厂区", "新站", "搬迁后", "迁建后", "拟建", "本项目", "项目选址", "新市场")
# A distance a standard requires, or the width of a protection zone (防火间距不应小于75米, 卫生防护距离为200米), is
# no distance of the site.
REQUIRED = (
    "不应小于",
    "不得小于",
    "不小于",
    "不应低于",
    "不得低于",
    "应大于",
    "应不小于",
    "防护距离",
    "防火间距",
    "安全间距",
)


def _aside_figure(document: Document, fact: Quantity, index: int) -> bool:
    """Whether a figure describes the site a relocation leaves, or what a standard requires: such figures are
    suggested only where the document gives no other."""
    if has_phrase(document.clause_around(fact.start, fact.end, index), REQUIRED):
        return True
    before = document.text[document.sentences[index].start : fact.start]
    former = max((before.rfind(word) for word in FORMER_SITE), default=-1)
    return former != -1 and all(before.rfind(word) < former for word in NEW_SITE)


# Where a distance is measured from: 距 + a place + its edge (距幼儿园用地边界, 距停保场用地红线).
_ORIGIN = re.compile(r"距[^，,。；;：:]{0,12}?(?:用地边界|用地红线|边界|红线|厂界|场界|围墙)")

# What follows a distance and names what stands there (约350米为…, 约2公里处有…).
_STANDS_AT = ("为", "处为", "处有", "是")

RISE_WORDS = ("增加至", "增加到", "增至", "延长至", "延长到", "提高至", "提高到", "变为")


def _rise(
    document: Document, candidates: Sequence[tuple[Quantity, float, str]]
) -> tuple[tuple[Quantity, float, str], float] | None:
    """The later figure less the earlier for "由A增加至B" (A and B in one sentence, 由/从 before A, a rise word
    between them): the candidate B and the rise; None when no such pair is there."""
    text = document.text
    for a in candidates:
        for b in candidates:
            first, second = a[0], b[0]
            if first.sentence != second.sentence or first.end > second.start or b[1] <= a[1]:
                continue
            low = document.sentences[first.sentence - 1].start
            between = text[first.end : second.start]
            if any(w in between for w in RISE_WORDS) and any(w in text[low : first.start][-6:] for w in "由从"):
                return b, float(f"{b[1] - a[1]:.10g}")
    return None


def _said_with(document: Document, fact: Quantity, index: int, near: Sequence[str]) -> tuple[int, str] | None:
    """(0, word) when a `near` word is in the quantity's qualifier, (1, word) in its clause, (2, word) in its
    sentence; the clause and the sentence are looked at only when needed."""
    for level in range(3):
        if level == 0:
            # "约350米为现有幼儿园": what stands at that distance follows the figure, as its qualifier would.
            clause = document.clause_around(fact.start, fact.end, index)
            after = clause[clause.find(fact.text) + len(fact.text) :] if fact.text in clause else ""
            said = (fact.qualifier or "") + (after if after.startswith(_STANDS_AT) else "")
        elif level == 1:
            said = document.clause_around(fact.start, fact.end, index)
        else:
            said = document.sentences[index].text
        said = _ORIGIN.sub("", said)
        word = next((w for w in near if w in said), None)
        if word is not None:
            return level, word
    return None
