"""How far a panel of experts agrees on the ten questions of the national form: per question, how many answered
是, 不知道 and 否 and whether they were unanimous; for the panel, the share of agreeing pairs and Fleiss' kappa.

Fleiss' kappa (Fleiss 1971, "Measuring nominal scale agreement among many raters", Psychological Bulletin 76(5))
treats the ten questions as the subjects, the experts as the raters and 是/不知道/否 as the categories: 1 is
complete agreement, 0 what chance alone would give, below 0 less than chance. It is undefined when the panel
used a single category throughout (the chance agreement is then 1); the figure is None there and the observed
agreement (1.0) says what happened. It is a dozen lines of arithmetic, written here rather than pulling in
statsmodels (and with it scipy and pandas) for one function; a test checks it against the worked example of
the English Wikipedia article "Fleiss' kappa" (kappa 0.210).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

CATEGORIES = ("YES", "UNKNOWN", "NO")


@dataclass(frozen=True)
class QuestionAgreement:
    number: int
    counts: dict[str, int]  # category -> how many experts chose it
    unanimous: bool
    # The answer most experts gave (None on a tie between the most chosen).
    majority: str | None


@dataclass(frozen=True)
class PanelAgreement:
    raters: int
    questions: tuple[QuestionAgreement, ...]
    # Share of agreeing expert pairs, averaged over the questions (Fleiss' P-bar); None with fewer than 2 raters.
    observed: float | None
    kappa: float | None
    degree_counts: dict[str, int]


def fleiss_kappa(table: Sequence[Sequence[int]]) -> float | None:
    """Fleiss' kappa of a subjects × categories table of counts, each row summing to the same number of raters
    (at least 2). None when undefined (one category used throughout)."""
    if not table:
        return None
    raters = sum(table[0])
    if raters < 2 or any(sum(row) != raters for row in table):
        raise ValueError("every subject needs the same number of ratings, at least 2")
    total = len(table) * raters
    shares = [sum(row[j] for row in table) / total for j in range(len(table[0]))]
    chance = sum(p * p for p in shares)
    if chance >= 1.0:
        return None
    return (observed_agreement(table) - chance) / (1.0 - chance)


def observed_agreement(table: Sequence[Sequence[int]]) -> float:
    """The share of agreeing rater pairs per subject, averaged over the subjects (Fleiss' P-bar)."""
    raters = sum(table[0])
    return sum((sum(n * n for n in row) - raters) / (raters * (raters - 1)) for row in table) / len(table)


def panel_agreement(ratings: Sequence[Mapping[int, str]], degrees: Sequence[str]) -> PanelAgreement:
    """The agreement of experts' answers (one mapping of question number -> YES/UNKNOWN/NO per expert, all with the
    same questions) and the degrees they proposed."""
    numbers = sorted({n for rating in ratings for n in rating})
    questions = []
    table = []
    for number in numbers:
        counts = {c: sum(1 for rating in ratings if rating.get(number) == c) for c in CATEGORIES}
        top = max(counts.values())
        leaders = [c for c in CATEGORIES if counts[c] == top]
        questions.append(
            QuestionAgreement(
                number=number,
                counts=counts,
                unanimous=top == len(ratings) and top > 0,
                majority=leaders[0] if len(leaders) == 1 and top > 0 else None,
            )
        )
        table.append([counts[c] for c in CATEGORIES])
    raters = len(ratings)
    observed = None
    kappa = None
    if raters >= 2 and table:
        observed = observed_agreement(table)
        kappa = fleiss_kappa(table)
    degree_counts = {d: sum(1 for given in degrees if given == d) for d in ("MINIMAL", "MILD", "MAJOR")}
    return PanelAgreement(raters, tuple(questions), observed, kappa, degree_counts)


__all__ = ["CATEGORIES", "PanelAgreement", "QuestionAgreement", "fleiss_kappa", "observed_agreement", "panel_agreement"]
