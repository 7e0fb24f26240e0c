"""How long reviewers have to give their opinion, per impact degree; each jurisdiction may set its own.

Defaults (calendar days from the request): minimal 5, mild 10, major 20 — a rapid assessment within two
weeks, a full one within about a month, as the pilots practise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Jurisdiction, ReviewSetting
from db.repositories import review as repo
from db.repositories import screening as screening_repo
from hia_rules.vocabulary import ImpactDegree
from service.auth.principal import Principal
from service.errors import NotFoundError, ValidationFailed
from service.i18n import _
from service.review.committee import check_may_manage

# Dates (due dates, "overdue") are those of the jurisdictions served: China Standard Time.
LOCAL_TIME = ZoneInfo("Asia/Shanghai")
MAX_DUE_DAYS = 365


@dataclass(frozen=True)
class DueDays:
    minimal: int = 5
    mild: int = 10
    major: int = 20

    def for_degree(self, degree: str) -> int:
        return {ImpactDegree.MINIMAL: self.minimal, ImpactDegree.MILD: self.mild}.get(ImpactDegree(degree), self.major)


DEFAULT_DUE_DAYS = DueDays()


def today() -> dt.date:
    return dt.datetime.now(LOCAL_TIME).date()


def local(moment: dt.datetime | None) -> str:
    """A moment as the committee reads it: China Standard Time, to the minute ("" for none)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M")


async def due_days(session: AsyncSession, jurisdiction_id: int) -> DueDays:
    setting = await repo.review_setting(session, jurisdiction_id)
    if setting is None:
        return DEFAULT_DUE_DAYS
    return DueDays(setting.due_days_minimal, setting.due_days_mild, setting.due_days_major)


async def set_due_days(
    session: AsyncSession, principal: Principal, jurisdiction_code: str, days: DueDays
) -> ReviewSetting:
    jurisdiction = await screening_repo.row_by_code(session, Jurisdiction, jurisdiction_code)
    if jurisdiction is None:
        raise NotFoundError(
            _("no jurisdiction has the code {code!r}", code=jurisdiction_code), ["input", "jurisdiction"]
        )
    check_may_manage(principal, jurisdiction.id)
    problems = [
        (["input", name + "Days"], _("must be 1 to {limit} days", limit=MAX_DUE_DAYS))
        for name, value in (("minimal", days.minimal), ("mild", days.mild), ("major", days.major))
        if not 1 <= value <= MAX_DUE_DAYS
    ]
    if problems:
        raise ValidationFailed(problems)
    setting = await repo.review_setting(session, jurisdiction.id)
    if setting is None:
        setting = ReviewSetting(jurisdiction_id=jurisdiction.id)
        session.add(setting)
    setting.due_days_minimal, setting.due_days_mild, setting.due_days_major = days.minimal, days.mild, days.major
    await session.flush()
    return setting
