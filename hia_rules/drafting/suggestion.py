"""A suggested answer and the quoted sentences behind it: what the drafter reviews, never an answer itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hia_rules.drafting.matching import Document

MAX_QUOTES = 3


class Confidence(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


@dataclass(frozen=True)
class Quote:
    sentence: int  # Sentence.number
    start: int
    end: int
    text: str
    cue: str


@dataclass(frozen=True)
class Suggestion:
    question_id: str
    answer: Any
    confidence: Confidence
    reason_zh: str
    reason_en: str
    quotes: tuple[Quote, ...]
    # The other suggestions a judgement is drawn from (following.py); empty when it rests on its own sentences.
    drawn_from: tuple[str, ...] = ()


def quote(document: Document, index: int, cue: str) -> Quote:
    """The whole sentence (its number and offsets in the document) and the cue found in it."""
    sentence = document.sentences[index]
    return Quote(sentence.number, sentence.start, sentence.end, sentence.text, cue)


def by_sentence(pairs: list[tuple[int, str]]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cue in sorted(pairs, key=lambda pair: pair[0]):
        found.setdefault(index, cue)
    return found


def quotes(document: Document, found: dict[int, str], limit: int = MAX_QUOTES) -> tuple[Quote, ...]:
    return tuple(quote(document, index, cue) for index, cue in list(found.items())[:limit])
