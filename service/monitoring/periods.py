"""Periods of observations and progress reports: a year, or a quarter or month of it where the indicator is
measured so (`Indicator.frequency`: ANNUAL by default, QUARTERLY or MONTHLY).

A period is stored as the year plus `Y`, `Q1`..`Q4` or `M01`..`M12`. An annual figure is always accepted
(the official statistic); quarters only for quarterly indicators, months only for monthly ones. In time,
a period stands at its end: the year Y at Y, its quarter q at Y - 1 + q/4, its month m at Y - 1 + m/12,
so Q4 and the whole year fall on the same point.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.i18n import _
from service.ids import ascii_digits

ANNUAL, QUARTERLY, MONTHLY = "ANNUAL", "QUARTERLY", "MONTHLY"
FREQUENCIES = (ANNUAL, QUARTERLY, MONTHLY)
MIN_YEAR, MAX_YEAR = 1949, 2100
# How often an indicator is measured, as a refusal names it ("the indicator is measured annual").
MEASURED = {ANNUAL: _("annual"), QUARTERLY: _("quarterly"), MONTHLY: _("monthly")}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    ends_month: int
    code: str  # Y, Qn, Mnn

    @property
    def quarter(self) -> int | None:
        return int(self.code[1:]) if self.code.startswith("Q") else None

    @property
    def month(self) -> int | None:
        return int(self.code[1:]) if self.code.startswith("M") else None

    @property
    def label(self) -> str:
        """`2023`, `2023Q2` or `2023-05`: how the API and spreadsheets write it."""
        if self.code == "Y":
            return str(self.year)
        if self.code.startswith("Q"):
            return f"{self.year}{self.code}"
        return f"{self.year}-{self.code[1:]}"

    @property
    def time(self) -> float:
        """Where the period ends on a time axis measured in years."""
        return self.year - 1 + self.ends_month / 12


def period_of(year: int, code: str) -> Period:
    """The period of a stored (year, code)."""
    if code == "Y":
        return Period(year, 12, "Y")
    if code.startswith("Q"):
        return Period(year, 3 * int(code[1:]), code)
    return Period(year, int(code[1:]), code)


def make_period(year: int, quarter: int | None, month: int | None, frequency: str) -> tuple[Period | None, str | None]:
    """The period asked for, or why it cannot be one for an indicator of this frequency."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, _("{year} is not a plausible year ({low} to {high})", year=year, low=MIN_YEAR, high=MAX_YEAR)
    if quarter is not None and month is not None:
        return None, _("give a quarter or a month, not both")
    measured = MEASURED.get(frequency, frequency.lower())
    if quarter is not None:
        if not 1 <= quarter <= 4:
            return None, _("quarter {quarter} does not exist (1 to 4)", quarter=quarter)
        if frequency != QUARTERLY:
            return None, _("the indicator is measured {frequency}: record the year, not a quarter", frequency=measured)
        return Period(year, 3 * quarter, f"Q{quarter}"), None
    if month is not None:
        if not 1 <= month <= 12:
            return None, _("month {month} does not exist (1 to 12)", month=month)
        if frequency != MONTHLY:
            return None, _("the indicator is measured {frequency}: record the year, not a month", frequency=measured)
        return Period(year, month, f"M{month:02d}"), None
    return Period(year, 12, "Y"), None


def parse_label(text: str) -> tuple[int, int | None, int | None] | None:
    """Year, quarter and month from `2023`, `2023Q2`/`2023-Q2`, `2023-05`/`2023M05`; None if it is none of them."""
    cleaned = text.strip().upper().replace("年", "").replace(" ", "")
    if ascii_digits(cleaned) and len(cleaned) == 4:
        return int(cleaned), None, None
    for separator, kind in (("-Q", "Q"), ("Q", "Q"), ("-M", "M"), ("M", "M"), ("-", "M")):
        head, found, tail = cleaned.partition(separator)
        if found and ascii_digits(head) and len(head) == 4 and ascii_digits(tail) and 1 <= len(tail) <= 2:
            return (int(head), int(tail), None) if kind == "Q" else (int(head), None, int(tail))
    return None
