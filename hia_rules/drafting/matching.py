"""Finding cue phrases in a document's sentences, and the negator that may stand before them.

A phrase is searched for once over the whole text (`str.find`, in C) rather than sentence by sentence, and
each occurrence is placed in its sentence by offset; an occurrence that would run past its sentence's end
does not count. A one-character part of a phrase counts only where it is a whole word of its sentence: the
sentence is segmented (jieba, through `text.words`) the first time such a part is found in it, and only then,
so a document whose cues need no words is never segmented. A phrase in parts (距…学校) is looked for only in
the sentences that hold its longest part and all its parts in order as plain text; `requires` and `excludes`
are looked for only in the sentences a cue was found in (`Document.has`).

Negation: a negator (the checklist's `drafting.negations`) counts for an occurrence when it ends at most
`NEGATION_WINDOW` characters before the phrase and in the same clause (a one-character negator where it is a word,
or right before the phrase); a prohibition (禁止, 严禁, 不得) anywhere in the clause up to `PROHIBITION_WINDOW`
characters before it, since the place or time it names stands between (禁止在城区主要道路两侧露天烧烤). A clause ends
at ，, ；; ：: — but not at 、, which joins the items one verb governs (in 禁止销售烟草、酒类 the 禁止 covers 酒类
too). For a phrase in parts (征收…房屋), a negator before any part, in that part's clause and after the part before
it, counts:
in "已完成征收，不涉及新的房屋拆迁" the 房屋 is negated.

Conditions: in a policy (`Document.of_rules`), an occurrence in the condition of a rule — a clause that ends
in 的 or 时 before its comma (举办…体育赛事等活动需要…设置户外广告的，应当…; 城市道路新建、改建时，应当…; 临时占用
公园绿地的，占用面积不得…) — names the case a rule is for, not an act of the document, so it counts for no question
(`counting`). In a project's document the same form anticipates what the project itself may do (确需夜间施工的，
提前公告) and counts. 同时，及时，届时 and the like end in 时 without being conditions.

Aims: an occurrence in a sentence's opening purpose clause (为减少燃放烟花爆竹造成的…噪声扰民…，根据…) names a harm
the document sets out to reduce (`PURPOSE_LEADS`, `Document.in_purpose`): it counts for no question.

Tables: documents put their sensitive receptors, indicators and options in tables written as lines of cells
("方位｜名称｜与用地边界距离｜说明" then "东北｜郭苑幼儿园｜约430米｜…"). A row is read with its table's header (the
first line of the block of rows): `requires` and `excludes` are looked for in both, so a row's 430米 is a distance
because its column says 距离, though the row itself never does.

Citations: an occurrence inside a title in 《》 names a document the text cites, not what the text does
(依据《危险化学品重大危险源辨识》), so it does not count for a question (`counting`, `stated_no`) — except in
the head of the document (its first `HEAD_CHARACTERS`), where the title in 《》 is the document's own
(关于印发《控烟工作实施方案》的通知).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hia_rules.drafting.context import (
    BACKGROUND,
    PROHIBITIONS,
    is_title,
    not_the_proposal,
    prohibited_items,
    table_headers,
    without_label,
)
from hia_rules.drafting.cues import ELLIPSIS, AtLeast, QuestionCues, parts
from hia_rules.drafting.quantities import Quantity
from hia_rules.drafting.text import Sentence, may_straddle, words

NEGATION_WINDOW = 10
PROHIBITION_WINDOW = 30
CLAUSE_ENDS = "，,；;：:"
# A clause opening so states an aim: what follows in it is a harm to reduce or a good to protect.
PURPOSE_LEADS = (
    *("为减少", "为了减少", "为防止", "为了防止", "为降低", "为了降低", "为防治", "为了防治", "为控制", "为了控制"),
    *("为预防", "为了预防", "为解决", "为了解决", "为消除", "为了消除", "为治理", "为了治理"),
)
# Verbs that open a clause of aims naming a harm, and the words with which the aims end and the grounds begin.
HARM_VERBS = ("减少", "防止", "降低", "防治", "控制", "预防", "解决", "消除", "治理", "遏制")
PURPOSE_ENDS = ("根据", "依据", "依照", "按照", "结合", "现就", "现将", "制定")
# A clause ending in one of these before its comma is a condition (…的，应当…; …时，…); the words that end in 时
# without being one are told by the character before it.
CONDITION_ENDS = "的时"
NOT_CONDITIONS = "同及届此适随按准暂小实平"
# A rule's case may also be followed by the party its duty falls on (新建…高架道路，建设单位应当落实声屏障…).
DUTY = re.compile(r"[^，,。；;]{0,10}?(?:单位|者|人|部门|企业|机构|业主)(?:应当|必须|须)")
# The title, number, addressees and opening sentence: where a document says what it is.
HEAD_CHARACTERS = 300
# What stands before a 《title》 that is the document's own (关于印发《…》的通知, 现将《…》印发给你们, 转发…《…》).
OWN_TITLE_LEADS = ("印发", "转发", "发布", "公布", "现将", "关于", "颁布")


@dataclass(frozen=True)
class Hit:
    """One occurrence of a phrase: `index` is the sentence's position (0-based) in the document's sentences."""

    index: int
    start: int
    end: int
    phrase: str
    # Where each part of the phrase starts (one entry unless the phrase has …).
    starts: tuple[int, ...]


class Document:
    """A document's text and sentences, with the occurrences of each phrase and the words of a sentence
    worked out at most once."""

    def __init__(self, text: str, sentences: Sequence[Sentence], facts: Sequence[Quantity] = ()) -> None:
        self.text = text
        self.sentences = tuple(sentences)
        self._facts: dict[int, list[Quantity]] = {}
        for fact in facts:
            self._facts.setdefault(fact.sentence, []).append(fact)
        self._starts = [s.start for s in self.sentences]
        self._hits: dict[str, tuple[Hit, ...]] = {}
        self._word_spans: dict[int, frozenset[tuple[int, int]]] = {}
        self._word_edges: dict[int, frozenset[int]] = {}
        self._printed_before: tuple[int, ...] | None = None
        self._clauses: dict[tuple[int, int], str] = {}
        self._has: dict[tuple[int, str], bool] = {}
        self._not_the_proposal: tuple[str | None, ...] | None = None
        self._headers: tuple[int | None, ...] | None = None
        self._prohibited: tuple[str | None, ...] | None = None
        # Whether the document lays down rules (a policy), so that a rule's condition names a case (`conditional`).
        self.of_rules = False

    def facts_in(self, index: int) -> Sequence[Quantity]:
        """The quantities read in sentence `index` (those the document was made with)."""
        return self._facts.get(self.sentences[index].number, ())

    def sentence_of(self, start: int, end: int) -> int | None:
        index = bisect_right(self._starts, start) - 1
        if index < 0 or end > self.sentences[index].end:
            return None
        return index

    def hits(self, phrase: str) -> tuple[Hit, ...]:
        found = self._hits.get(phrase)
        if found is None:
            found = self._hits[phrase] = tuple(self._find(phrase))
        return found

    def has(self, index: int, phrases: Sequence[str]) -> bool:
        """Whether sentence `index` — or, for a table row, its table's header — holds one of `phrases` (looked for
        in those sentences only, so a sentence is segmented for a one-character phrase only when it is asked
        about)."""
        if self._headers is None:
            self._headers = table_headers(self.sentences)
        header = self._headers[index]
        return self._holds(index, phrases) or (header is not None and self._holds(header, phrases))

    def _holds(self, index: int, phrases: Sequence[str]) -> bool:
        sentence = self.sentences[index]
        for phrase in phrases:
            key = (index, phrase)
            found = self._has.get(key)
            if found is None:
                pieces = parts(phrase)
                found = self._has[key] = self._in_order(pieces, sentence.start, sentence.end) and any(
                    True for _hit in self._find_from(phrase, pieces, sentence.start, sentence.end)
                )
            if found:
                return True
        return False

    def negator(self, hit: Hit, negators: Sequence[str]) -> str | None:
        """The cue as negated — the phrase with the negator put before the part it stands before, as in
        征收…不涉及…房屋 — when a negator stands before `hit` (before any of its parts) in its clause; the
        first of `negators` found there is named (suggest passes them longest first: 不涉及 before 不)."""
        if not negators:
            return None
        low = self.sentences[hit.index].start
        pieces = parts(hit.phrase)
        for i, (start, part) in enumerate(zip(hit.starts, pieces, strict=True)):
            found = self._negator_before(hit.index, low, start, negators)
            if found is not None:
                return ELLIPSIS.join((*pieces[:i], found, *pieces[i:]))
            low = start + len(part)  # the next part's negator stands after this part
        # An item of a list led by a prohibition (禁止…下列行为：) stands under the lead's negator, unless the item
        # is a list of places the prohibition applies to (a scope list, no evidence either way).
        if self._prohibited is None:
            self._prohibited = prohibited_items(self.sentences)
        lead = self._prohibited[hit.index]
        if lead is not None and lead in negators and not self.aside(hit.index, setting=True):
            return ELLIPSIS.join((lead, *pieces))
        return None

    def _negator_before(self, index: int, low: int, start: int, negators: Sequence[str]) -> str | None:
        low = self._clause_start(max(low, start - PROHIBITION_WINDOW), start)
        for negator in negators:
            # The negator must end within the window: search only where it could start.
            position = self.text.find(negator, max(low, start - NEGATION_WINDOW - len(negator)), start)
            while position != -1:
                if self.text[position - 1 : position] == "、" and "、" in self.text[position:start]:
                    # a negator that opens an item of a list negates that item only (颗粒物、非甲烷总烃、臭气浓度)
                    position = self.text.find(negator, position + 1, start)
                    continue
                # A one-character negator counts where it is a word, or right before the phrase: jieba may join it
                # to the phrase's first character (无高|噪声作业), which still reads 无 + 高噪声作业.
                if len(negator) > 1 or position + 1 == start or self._is_word(index, position, position + 1):
                    return negator
                position = self.text.find(negator, position + 1, start)
        # A prohibition governs its clause further than other negators: the place or time it names comes between
        # it and what it forbids (禁止在城区主要道路两侧露天烧烤).
        clause = self.text[low:start]
        return next((word for word in PROHIBITIONS if word in negators and word in clause), None)

    def _clause_start(self, low: int, start: int) -> int:
        """Where the clause holding `start` begins, looking back no further than `low`."""
        cut = max(self.text.rfind(mark, low, start) for mark in CLAUSE_ENDS)
        return cut + 1 if cut >= 0 else low

    def aside(self, index: int, setting: bool = False) -> bool:
        """Whether sentence `index` is no evidence of what the proposal does (context.py): background, a scope
        list or a standing remit; background still counts for a question about the setting."""
        if self._not_the_proposal is None:
            self._not_the_proposal = not_the_proposal(self.sentences)
        reason = self._not_the_proposal[index]
        return reason is not None and not (setting and reason == BACKGROUND)

    def conditional(self, hit: Hit) -> bool:
        """Whether the occurrence is in a rule's condition: its clause ends in 的 or 时 before a comma, or the next
        clause names the party the rule's duty falls on (…高架道路，建设单位应当…)."""
        end = self.sentences[hit.index].end
        # the clause where the phrase begins (a phrase in parts may run on past it)
        begun = hit.starts[0] + len(parts(hit.phrase)[0])
        stop = min((i for mark in CLAUSE_ENDS if (i := self.text.find(mark, begun, end)) != -1), default=-1)
        if stop == -1 or self.text[stop] not in "，,":
            return False
        if DUTY.match(self.text, stop + 1, end):
            return True
        last = self.text[stop - 1]
        return last in CONDITION_ENDS and not (last == "时" and self.text[stop - 2] in NOT_CONDITIONS)

    def prohibited_on_condition(self, hit: Hit, negated: str) -> bool:
        """Whether a prohibition before the occurrence holds only on a condition said before it (未签订协议的，不得拆除
        房屋): it restricts when the thing is done, and says nothing of whether it is."""
        if not any(word in negated for word in PROHIBITIONS):
            return False
        before = self.text[self.sentences[hit.index].start : hit.start]
        return any(f"{end}{mark}" in before for end in CONDITION_ENDS for mark in "，,")

    def in_purpose(self, hit: Hit) -> bool:
        """Whether the occurrence is in a sentence's opening purpose clause (为减少…噪声扰民…，根据…): the harm a
        document sets out to reduce, not one it causes."""
        sentence = self.sentences[hit.index]
        opening = without_label(self.text[sentence.start : hit.start], sentence.heading)
        if opening.startswith(PURPOSE_LEADS) and not any(mark in opening for mark in CLAUSE_ENDS):
            return True
        # …and so does a later clause of the aims that names a harm to reduce, before the grounds begin
        # (为加强市容管理，防治露天烧烤油烟污染，维护…，根据…).
        if not opening.startswith("为") or any(word in opening for word in PURPOSE_ENDS):
            return False
        clause = opening[max(opening.rfind(mark) for mark in CLAUSE_ENDS) + 1 :]
        return clause.startswith(HARM_VERBS)

    def title(self, index: int) -> bool:
        """Whether sentence `index` is only a section's title (context.is_title)."""
        return is_title(self.sentences[index])

    def in_head(self, index: int) -> bool:
        """Whether sentence `index` starts within the document's first `HEAD_CHARACTERS` printed characters
        (whitespace and blank lines not counted: a PDF's text and the same document's .docx have the same head)."""
        if self._printed_before is None:
            before, printed = [], 0
            cursor = 0
            for sentence in self.sentences:
                printed += sum(1 for ch in self.text[cursor : sentence.start] if not ch.isspace())
                cursor = sentence.start
                before.append(printed)
            self._printed_before = tuple(before)
        return self._printed_before[index] < HEAD_CHARACTERS

    def cited(self, hit: Hit) -> bool:
        """Whether the occurrence is inside a title in 《》: in the head of the document, one that names another
        instrument (`cites_another`: 原《…》同时废止), not the document's own (关于印发《…》的通知)."""
        if self.in_head(hit.index):
            return self.cites_another(hit)
        sentence = self.sentences[hit.index]
        opened = self.text.rfind("《", sentence.start, hit.start)
        if opened == -1 or self.text.find("》", opened, hit.start) != -1:
            return False
        closed = self.text.find("》", hit.end, sentence.end)
        return closed != -1 and self.text.find("《", hit.end, closed) == -1

    def cites_another(self, hit: Hit) -> bool:
        """Whether the occurrence is inside a title in 《》 that names another instrument, wherever it stands:
        根据《…管理规定》 and 贯彻《…国土空间规划》 cite others; 关于印发《…》的通知 and 现将《…》印发 name the
        document itself (so does a sentence that opens with its title)."""
        sentence = self.sentences[hit.index]
        opened = self.text.rfind("《", sentence.start, hit.start)
        if opened == -1 or self.text.find("》", opened, hit.start) != -1:
            return False
        if self.text.find("》", hit.end, sentence.end) == -1:
            return False
        lead = self.text[sentence.start : opened].rstrip()
        return bool(lead) and not lead.endswith(OWN_TITLE_LEADS)

    def clause_around(self, start: int, end: int, index: int) -> str:
        """The clause of a sentence that holds text[start:end] (for a quantity and the words said with it)."""
        key = (start, end)
        clause = self._clauses.get(key)
        if clause is None:
            sentence = self.sentences[index]
            low = max([sentence.start] + [self.text.rfind(m, sentence.start, start) + 1 for m in CLAUSE_ENDS])
            high = min([sentence.end] + [i for m in CLAUSE_ENDS if (i := self.text.find(m, end, sentence.end)) != -1])
            clause = self._clauses[key] = self.text[low:high]
        return clause

    def _find(self, phrase: str) -> Iterable[Hit]:
        pieces = parts(phrase)
        if len(pieces) == 1:
            yield from self._find_from(phrase, pieces, 0, len(self.text))
            return
        # Only sentences holding the longest part can hold the phrase: a one-character first part (距…学校)
        # is then looked for, and its sentence segmented, only there.
        anchor = max(pieces, key=len)
        position, seen = self.text.find(anchor), -1
        while position != -1:
            index = self.sentence_of(position, position + len(anchor))
            if index is not None and index != seen:
                seen = index
                sentence = self.sentences[index]
                if self._in_order(pieces, sentence.start, sentence.end):
                    yield from self._find_from(phrase, pieces, sentence.start, sentence.end)
            position = self.text.find(anchor, position + 1)

    def _in_order(self, pieces: Sequence[str], low: int, high: int) -> bool:
        """Whether the parts are there in order as plain text: the check before any segmenting."""
        for piece in pieces:
            low = self.text.find(piece, low, high)
            if low == -1:
                return False
            low += len(piece)
        return True

    def _find_from(self, phrase: str, pieces: Sequence[str], low: int, high: int) -> Iterable[Hit]:
        first, *rest = pieces
        text = self.text
        position = text.find(first, low, high)
        while position != -1:
            end = position + len(first)
            index = self.sentence_of(position, end)
            if index is not None and self._stands(index, position, end):
                found = self._rest(index, end, rest)
                if found is not None:
                    last, starts = found
                    yield Hit(index, position, last, phrase, (position, *starts))
            position = text.find(first, position + 1, high)

    def _rest(self, index: int, cursor: int, rest: Sequence[str]) -> tuple[int, tuple[int, ...]] | None:
        """Where the remaining parts start and end, each following the one before in the sentence (the
        leftmost occurrence of each)."""
        limit = self.sentences[index].end
        starts: list[int] = []
        for part in rest:
            position = self.text.find(part, cursor, limit)
            while position != -1 and len(part) == 1 and not self._is_word(index, position, position + 1):
                position = self.text.find(part, position + 1, limit)
            if position == -1:
                return None
            starts.append(position)
            cursor = position + len(part)
        return cursor, tuple(starts)

    def _stands(self, index: int, start: int, end: int) -> bool:
        """Whether a part found at start..end may count: one character only as a word; two only where they do not
        cut into a word at both ends, which makes them the tail of one word and the head of the next (供餐 in
        提供|餐饮, 食堂 never in 小食|堂...). Longer parts always: they are seldom such accidents."""
        if end - start == 1:
            return self._is_word(index, start, end)
        if end - start == 2:
            # Segmenting is the cost: only where it may straddle two words is the sentence segmented.
            if not may_straddle(self.text, start):
                return True
            edges = self._edges(index)
            return start in edges or end in edges
        return True

    def _edges(self, index: int) -> frozenset[int]:
        edges = self._word_edges.get(index)
        if edges is None:
            spans = self._word_spans.get(index)
            if spans is None:
                spans = self._word_spans[index] = self._segment(index)
            edges = self._word_edges[index] = frozenset(edge for span in spans for edge in span)
        return edges

    def _is_word(self, index: int, start: int, end: int) -> bool:
        spans = self._word_spans.get(index)
        if spans is None:
            spans = self._word_spans[index] = self._segment(index)
        return (start, end) in spans

    def _segment(self, index: int) -> frozenset[tuple[int, int]]:
        # words() gives tokens, not offsets: each is found after the one before (robust to tokens it drops).
        sentence = self.sentences[index]
        spans: set[tuple[int, int]] = set()
        cursor = 0
        for token in words(sentence.text):
            found = sentence.text.find(token, cursor)
            if not token or found == -1:
                continue
            spans.add((sentence.start + found, sentence.start + found + len(token)))
            cursor = found + len(token)
        return frozenset(spans)


def counts(
    cues: QuestionCues, document: Document, index: int, background: bool = False, clause_excludes: bool = False
) -> bool:
    """Whether the question's `requires` (and `requires_also`) and `excludes` let sentence `index` count, and it
    is not a sentence aside from what the proposal does (`Document.aside`; background passes with `background`). With
    `clause_excludes` the caller looks for `excludes` in a clause itself."""
    # A NUMBER question's figure is picked by the words said with it (`near`), background or not.
    if document.aside(index, background or cues.setting or cues.quantity is not None):
        return False
    if cues.excludes and not clause_excludes and document.has(index, cues.excludes):
        return False
    if cues.requires_also and not document.has(index, cues.requires_also):
        return False
    return not cues.requires or document.has(index, cues.requires)


def counting(cues: QuestionCues, document: Document, phrases: Sequence[str], background: bool = False) -> list[Hit]:
    """Occurrences of `phrases` in sentences the question's `requires`/`excludes` let count, not in a cited
    title nor in a rule's condition, not aside from the proposal (background too with `background`: the caller
    keeps only the negated)."""
    return [
        hit
        for phrase in phrases
        for hit in document.hits(phrase)
        if not document.cited(hit)
        and not document.in_purpose(hit)
        and not (document.of_rules and document.conditional(hit))
        and counts(cues, document, hit.index, background)
        and not (cues.at_least is not None and says_too_little(document, hit.index, cues.at_least))
    ]


def says_too_little(document: Document, index: int, at_least: AtLeast) -> bool:
    """Whether sentence `index` counts what the question weighs only below its threshold (约3车次/日 is no clear
    increase of traffic); a sentence that gives no such number says nothing about the size."""
    counted = [f.value for f in document.facts_in(index) if f.kind is at_least.kind and f.value is not None]
    return bool(counted) and max(counted) < at_least.value


def stated_no(cues: QuestionCues, document: Document) -> list[Hit]:
    """Occurrences of the question's `no` phrases (`excludes` apply; `requires` is for yes-evidence). A
    background sentence may state a no: the site as it is rules a harm out (现状为空地，不涉及拆迁)."""
    return [
        hit
        for phrase in cues.no
        for hit in document.hits(phrase)
        if not document.cited(hit)
        and not document.aside(hit.index, setting=True)
        and not (cues.excludes and document.has(hit.index, cues.excludes))
    ]
