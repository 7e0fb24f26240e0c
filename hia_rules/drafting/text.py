"""A document's text as numbered sentences with offsets, and its words.

Sentences. A line break always ends a sentence; within a line a sentence ends after 。！？；!?; (and any closing
quotes or brackets right after them). Nothing inside 《》, “” or 「」 (closed on the same line) ends a sentence,
so a title or a quoted phrase is never cut in two; a quotation that itself ends with 。！？； (他说：“不行。”) ends
the sentence after its closing mark. Surrounding whitespace is left out, offsets are kept:
`text[s.start:s.end] == s.text`; a line with nothing but whitespace gives no sentence.

Headings. A clause heading is recognised at the start of a line only (after any indentation). Levels, outermost
first: 第X章 / 第X部分 / 第X编, 第X节, 第X条, 一、, （一）, 1. / 1、 / "7　" (a number set off by a space; then 1.1,
1.1.1 …), (1), ①. A heading stays in
force until the next heading of the same or an outer level; a sentence's `heading` is the innermost heading in
force, as printed ("第三条", "（二）", "3.", "一、"), or None before the first one. So a paragraph after a list
item （二） under 第五条 still reports "（二）" until the next item or article: simple and predictable.

Words. `words` is jieba's precise mode (`jieba.lcut`), tokens exactly as jieba gives them (whitespace and
punctuation included, so `"".join(words(t)) == t`). jieba is imported and its dictionary loaded once, lazily,
under a lock, with its logging and import-time warnings silenced; its dictionary cache goes to the temp
directory when there is a usable one and is skipped otherwise.
"""

from __future__ import annotations

import functools
import logging
import re
import tempfile
import threading
import warnings
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Sentence:
    """One sentence or clause of a document, with its place in the text."""

    number: int  # 1-based, in document order
    start: int  # offset of the first character in the document text
    end: int  # offset just past the last character: text[start:end] == text
    text: str
    heading: str | None  # the clause it belongs to as printed: "第三条", "（二）", "3.", "一、" … or None


# Every whitespace character (all are below U+3001), plus the byte-order mark and zero-width space that
# converted documents often carry.
_BLANK = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\ufeff\u200b"

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_UNIT_START = "万亿千百元米公平亩户人吨年个月日天周倍"  # 1.2亿元 at the start of a line is not a heading
# (pattern, level): a smaller level is an outer heading. 1.1 sits between 1. and (1).
_HEADINGS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"第[{_CN_DIGITS}0-9０-９]+(?:章|部分|编)"), 0),
    (re.compile(rf"第[{_CN_DIGITS}0-9０-９]+节"), 10),
    (re.compile(rf"第[{_CN_DIGITS}0-9０-９]+条"), 20),
    (re.compile(r"[一二三四五六七八九十]+[、.．]"), 30),
    (re.compile(r"[（(][一二三四五六七八九十]+[）)]"), 40),
    # 1.1 / 1.1.1: followed by a space, or by text that does not read as a number with a unit (1.2亿元).
    (re.compile(r"[0-9０-９]{1,2}(?:[.．][0-9０-９]{1,2})+(?=[ \t\u3000]|$|[^0-9０-９.．%％" + _UNIT_START + "])"), 50),
    (re.compile(r"[0-9０-９]{1,3}(?:[.．](?![0-9０-９])|、)"), 50),
    # A chapter number set off by a space, as feasibility reports print it (7　征地拆迁; 4 停车场方案比选), not a
    # number with its unit (3 个).
    (re.compile(r"[0-9０-９]{1,2}(?=[ \t\u3000]+[^\s0-9０-９.．%％" + _UNIT_START + "])"), 50),
    (re.compile(r"[（(][0-9０-９]{1,3}[）)]"), 60),
    (re.compile(r"[\u2460-\u2473\u2474-\u2487\u2488-\u249b]"), 70),
)
# A quoted span (consumed whole, so nothing inside it ends a sentence) or a sentence end.
_SPLIT = re.compile(r"《[^《》\n]*》|(?P<quote>“[^“”\n]*”|「[^「」\n]*」)|(?P<end>[。！？；!?;]+[”’」』）)]*)")
_ENDS = frozenset("。！？；!?;")


def _heading_at(line: str) -> tuple[str, int] | None:
    body = line.lstrip(_BLANK)
    offset = len(line) - len(body)
    for pattern, level in _HEADINGS:
        match = pattern.match(body, 0)
        if match is not None:
            printed = line[offset : offset + match.end()]
            if level == 50:  # 1.1 is inside 1., 1.1.1 inside 1.1
                level += printed.rstrip(".．").count(".") + printed.rstrip(".．").count("．")
            return printed, level
    return None


def heading_level(label: str) -> int:
    """The level of a heading label as `Sentence.heading` prints it (smaller is outer); an unknown label is
    taken as innermost."""
    found = _heading_at(label)
    return found[1] if found is not None else 100


def sentences(text: str) -> tuple[Sentence, ...]:
    """The document's sentences and clauses in order, numbered from 1, each with its heading."""
    found: list[Sentence] = []
    in_force: dict[int, str] = {}
    line_start = 0
    for line in text.splitlines(keepends=True):
        line_end = line_start + len(line)
        content = line.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        heading = _heading_at(content)
        if heading is not None:
            printed, level = heading
            in_force = {lv: h for lv, h in in_force.items() if lv < level}
            in_force[level] = printed
        current = in_force[max(in_force)] if in_force else None
        cut = 0
        for match in _SPLIT.finditer(content):
            # A quotation that is a whole sentence (他说：“不行。”) ends the sentence after its closing mark.
            quote = match.group("quote")
            if match.group("end") is not None or (quote is not None and len(quote) > 2 and quote[-2] in _ENDS):
                _add(found, text, line_start, content[cut : match.end()], cut, current)
                cut = match.end()
        _add(found, text, line_start, content[cut:], cut, current)
        line_start = line_end
    return tuple(found)


def _add(found: list[Sentence], text: str, line_start: int, piece: str, cut: int, heading: str | None) -> None:
    body = piece.strip(_BLANK)
    if not body:
        return
    start = line_start + cut + len(piece) - len(piece.lstrip(_BLANK))
    found.append(Sentence(len(found) + 1, start, start + len(body), body, heading))


_lock = threading.Lock()
_tokenizer: Any = None  # jieba.Tokenizer (jieba ships no type information)


def words(text: str) -> tuple[str, ...]:
    """jieba's tokens of `text` (precise mode), in order."""
    return tuple(_jieba().lcut(text))


def in_dictionary(word: str) -> bool:
    """Whether jieba's dictionary holds `word` as a word (its prefixes are kept there too, with no count)."""
    return bool(_jieba().FREQ.get(word))


def may_straddle(text: str, start: int) -> bool:
    """Whether the two characters at `start` could be the tail of one word and the head of the next (目前 in 项目|前期,
    供餐 in 提供|餐饮): a dictionary word ends on the first and another starts on the second. Only then is it worth
    segmenting to know (`straddles`)."""
    return start > 0 and in_dictionary(text[start - 1 : start + 1]) and in_dictionary(text[start + 1 : start + 3])


def straddles(text: str, start: int) -> bool:
    """Whether the two characters at `start` cut into a word at both ends as jieba segments `text`."""
    if not may_straddle(text, start):
        return False
    edges = word_edges(text)
    return start not in edges and start + 2 not in edges


@functools.lru_cache(maxsize=4096)
def word_edges(text: str) -> frozenset[int]:
    """The offsets in `text` where jieba's words start or end (its tokens join to the text exactly)."""
    offset = 0
    edges = {0}
    for token in words(text):
        offset += len(token)
        edges.add(offset)
    return frozenset(edges)


def _jieba() -> Any:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _load_jieba()
    return _tokenizer


def _load_jieba() -> Any:
    # jieba imports pkg_resources (deprecated: a warning, an error under the test settings) and logs to stderr
    # at DEBUG while it loads its dictionary.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.dt
        if _cache_dir() is not None:
            tokenizer.initialize()
        else:
            # No writable temp directory: jieba would fail looking for one. Build the dictionary without the cache.
            tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
            tokenizer.initialized = True
    return tokenizer


def _cache_dir() -> str | None:
    try:
        return tempfile.gettempdir()  # only returns a directory it could write a file in
    except OSError:
        return None
