"""The status rule on its own, for every comparator and direction: MET, ON_TRACK, AT_RISK, MISSED, NO_DATA."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from service.monitoring import status as rules


def target(
    comparator: str | None, value: float | None, year: int = 2025, baseline: float | None = None, **more: object
) -> SimpleNamespace:
    return SimpleNamespace(
        id=1,
        comparator=comparator,
        value=value,
        year=year,
        baseline_value=baseline,
        baseline_year=2020 if baseline is not None else None,
        attribute=more.get("attribute"),
    )


def seen(*points: tuple[int, float], period: str = "Y") -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i, year=y, period=period, value=v) for i, (y, v) in enumerate(points)]


@pytest.mark.parametrize(
    ("comparator", "threshold", "baseline", "observed", "as_of", "expected"),
    [
        # higher is better (≥): life expectancy 78.84 → 79.5 by 2025
        ("GE", 79.5, 78.84, (2022, 79.6), 2023, rules.MET),
        ("GE", 79.5, 78.84, (2022, 79.2), 2023, rules.ON_TRACK),  # path at 2022: 79.104
        ("GE", 79.5, 78.84, (2022, 79.0), 2023, rules.AT_RISK),
        ("GE", 79.5, 78.84, (2025, 79.4), 2026, rules.MISSED),
        ("GE", 79.5, 78.84, (2025, 79.5), 2026, rules.MET),  # exactly the threshold meets ≥
        # strictly more (>): exactly the threshold does not meet it
        ("GT", 90, 80, (2023, 90), 2023, rules.ON_TRACK),  # path at 2023: 86
        ("GT", 90, 80, (2023, 90.5), 2023, rules.MET),
        ("GT", 90, 80, (2025, 90), 2026, rules.MISSED),
        # lower is better (≤): infant mortality 3.06 with a ceiling of 4.8 is met already
        ("LE", 4.8, 3.06, (2023, 3.5), 2023, rules.MET),
        # lower is better and not met yet: 10.69 → 10.57
        ("LE", 10.57, 10.69, (2022, 10.62), 2023, rules.ON_TRACK),  # path at 2022: 10.642
        ("LE", 10.57, 10.69, (2022, 10.66), 2023, rules.AT_RISK),
        ("LE", 10.57, 10.69, (2022, 10.62), 2026, rules.MISSED),
        # strictly less (<)
        ("LT", 27, 27.26, (2024, 27.0), 2024, rules.ON_TRACK),  # path at 2024: 27.052
        ("LT", 27, 27.26, (2024, 27.1), 2024, rules.AT_RISK),
        ("LT", 27, 27.26, (2025, 26.9), 2025, rules.MET),
        # exactly (=): closer to the value than the path is on track
        ("EQ", 100, 80, (2023, 100), 2023, rules.MET),
        ("EQ", 100, 80, (2023, 95), 2023, rules.ON_TRACK),  # path at 2023: 92
        ("EQ", 100, 80, (2023, 105), 2023, rules.ON_TRACK),  # 5 away, the path is 8 away
        ("EQ", 100, 80, (2023, 90), 2023, rules.AT_RISK),
        ("EQ", 100, 80, (2025, 99), 2026, rules.MISSED),
    ],
)
def test_every_comparator_and_direction(
    comparator: str, threshold: float, baseline: float, observed: tuple[int, float], as_of: int, expected: str
) -> None:
    computed = rules.evaluate(target(comparator, threshold, baseline=baseline), seen(observed), as_of)
    assert computed.status == expected
    assert computed.basis == "RULE"


def test_no_observation_is_no_data_and_later_observations_are_not_known_yet() -> None:
    assert rules.evaluate(target("GE", 95), [], 2023).status == rules.NO_DATA
    # an observation of 2024 does not exist as of 2023
    assert rules.evaluate(target("GE", 95), seen((2024, 99)), 2023).status == rules.NO_DATA
    # nor does one after the target year count for it
    assert rules.evaluate(target("GE", 95, year=2020), seen((2021, 99)), 2022).status == rules.NO_DATA


def test_the_latest_observation_decides() -> None:
    # met in 2022, fell back in 2023: not met any more
    computed = rules.evaluate(target("GE", 95, baseline=90), seen((2022, 96), (2023, 91)), 2023)
    assert computed.status == rules.AT_RISK
    assert computed.latest is not None
    assert computed.latest.value == 91


def test_without_a_baseline_the_earliest_observation_starts_the_path() -> None:
    single = rules.evaluate(target("GT", 90), seen((2022, 88)), 2023)
    assert (single.status, single.expected_value) == (rules.AT_RISK, None)
    # from (2021, 85) to (2025, 90): 86.25 at 2022
    pair = rules.evaluate(target("GT", 90), seen((2021, 85), (2022, 88)), 2023)
    assert pair.status == rules.ON_TRACK
    assert pair.expected_value == pytest.approx(86.25)


def test_quarters_sit_on_the_path_at_their_end() -> None:
    # 80 → 100 over 2020–2025: at the end of 2022Q2 (2021.5) the path is at 86
    rows = [SimpleNamespace(id=1, year=2022, period="Q2", value=86.5)]
    computed = rules.evaluate(target("GE", 100, baseline=80), rows, 2022)
    assert computed.status == rules.ON_TRACK
    assert computed.expected_value == pytest.approx(86.0)


def test_text_targets_are_no_data_only_while_nothing_is_recorded_or_judged() -> None:
    text = target(None, None)
    nothing = rules.evaluate(text, [], 2023)
    assert (nothing.status, nothing.basis) == (rules.NO_DATA, "TEXT_TARGET")
    # one number and no baseline: nothing to judge progress by (as for a numeric target without a path)
    alone = rules.evaluate(text, seen((2022, 1)), 2023, direction="HIGHER_IS_BETTER")
    assert alone.latest is not None
    assert (alone.status, alone.basis, alone.latest.value) == (rules.AT_RISK, "TREND", 1)
    judged = rules.evaluate(text, [], 2023, SimpleNamespace(status="AT_RISK", note="低于全省", recorded_by="x"))
    assert (judged.status, judged.basis) == (rules.AT_RISK, "MANUAL")


def test_the_worst_status_summarises_several() -> None:
    assert rules.worst([rules.MET, rules.AT_RISK, rules.NO_DATA]) == rules.AT_RISK
    assert rules.worst([rules.MET, rules.MISSED]) == rules.MISSED
    assert rules.worst([]) == rules.NO_DATA
