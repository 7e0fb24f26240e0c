"""Bounds of the due dates set in a review: of review requests (`addReviewRequest`, `replaceReviewer`) and of
conditions (`submitReview`, `concludeReview`).

A due date is a day in China Standard Time, not before today, and at most `MAX_DAYS_AHEAD` days ahead. Two
years: well past the longest review period a jurisdiction may set (`settings.MAX_DUE_DAYS`, a year) and long
enough for a condition's follow-up within a plan's phase, while a year typed wrong (9999-12-31, 2205 for 2025)
is refused instead of hiding a request from "overdue" for ever.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from service.i18n import _
from service.review import settings

MAX_DAYS_AHEAD = 730


def latest_due_date() -> dt.date:
    return settings.today() + dt.timedelta(days=MAX_DAYS_AHEAD)


def due_date_problems(due_on: dt.date, field: Sequence[str]) -> list[tuple[list[str], str]]:
    """What is wrong with a due date (nothing, or one problem naming `field`)."""
    if due_on < settings.today():
        return [(list(field), _("is in the past"))]
    if due_on > latest_due_date():
        return [
            (
                list(field),
                _(
                    "must be at most {days} days ahead (on or before {latest})",
                    days=MAX_DAYS_AHEAD,
                    latest=latest_due_date(),
                ),
            )
        ]
    return []
