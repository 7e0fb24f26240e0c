"""Answers drawn from the draft's other suggestions (a question's `follows_from` cues).

Some questions are judgements a document rarely states in words but that follow from what it does say: a
project that demolishes homes, puts up a process stack or an odour source has an adverse effect that lasts
for years of operation (scope.irreversible, whose help names exactly these). Where the question's own cues
found nothing, such a question is suggested YES from the suggestions it follows from, quoting their
sentences and naming them in the reason, so the drafter sees what the judgement rests on and confirms or
changes it like any other suggestion. Confidence: MEDIUM when one of those suggestions is HIGH, else LOW —
a judgement drawn from another suggestion is never surer than it.
"""

from __future__ import annotations

from collections.abc import Sequence

from hia_rules.drafting.cues import FollowsFrom
from hia_rules.drafting.suggestion import MAX_QUOTES, Confidence, Suggestion


def follow(
    question_id: str, follows: FollowsFrom, suggested: Sequence[Suggestion], kind: str | None
) -> Suggestion | None:
    if follows.kinds and kind not in follows.kinds:
        return None
    sources = [
        s for s in suggested if s.question_id in follows.answers and _implies(s.answer, follows.answers[s.question_id])
    ]
    if not sources:
        return None
    confidence = Confidence.MEDIUM if any(s.confidence is Confidence.HIGH for s in sources) else Confidence.LOW
    named = "、".join(s.question_id for s in sources)
    return Suggestion(
        question_id,
        "YES",
        confidence,
        f"由本草稿的其他建议推得（{named}）：{follows.reason_zh}",
        f"Drawn from this draft's other suggestions ({named}): {follows.reason_en}",
        tuple(quote for s in sources for quote in s.quotes[:1])[:MAX_QUOTES],
        drawn_from=tuple(s.question_id for s in sources),
    )


def _implies(answer: object, values: Sequence[str]) -> bool:
    if isinstance(answer, list):
        return any(value in values for value in answer)
    return answer in values
