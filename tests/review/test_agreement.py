"""The panel's agreement: Fleiss' kappa and the per-question counts the committee reads."""

from __future__ import annotations

import pytest

from service.review.agreement import fleiss_kappa, panel_agreement

# The worked example of the English Wikipedia article "Fleiss' kappa": 10 subjects, 14 raters, 5 categories,
# kappa 0.210 (its P-bar 0.378, P-e 0.213).
WORKED_EXAMPLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_kappa_of_the_worked_example() -> None:
    assert fleiss_kappa(WORKED_EXAMPLE) == pytest.approx(0.210, abs=5e-4)


def test_kappa_is_undefined_when_one_answer_is_given_throughout() -> None:
    everyone_no = [dict.fromkeys(range(1, 11), "NO")] * 3
    agreement = panel_agreement(everyone_no, ["MILD"] * 3)
    assert agreement.kappa is None
    assert agreement.observed == 1.0
    assert all(q.unanimous and q.majority == "NO" for q in agreement.questions)


def test_a_tie_has_no_majority_and_one_rating_no_figures() -> None:
    split = panel_agreement([{1: "YES"}, {1: "NO"}], ["MILD", "MAJOR"])
    assert split.questions[0].majority is None
    assert split.questions[0].unanimous is False
    alone = panel_agreement([{1: "YES"}], ["MILD"])
    assert (alone.observed, alone.kappa) == (None, None)
    assert split.degree_counts == {"MINIMAL": 0, "MILD": 1, "MAJOR": 1}


def test_unequal_numbers_of_ratings_are_refused() -> None:
    with pytest.raises(ValueError, match="same number of ratings"):
        fleiss_kappa([[2, 1, 0], [1, 1, 0]])
