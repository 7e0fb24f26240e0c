"""A jurisdiction's own screening settings (Panzhihua's rules put projects from ¥5 million in scope;
other places set their own threshold)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Jurisdiction, ScreeningSetting
from db.repositories import screening as repo
from hia_rules.facts import MAX_NUMBER
from service.errors import NotFoundError, ValidationFailed
from service.i18n import _


async def set_investment_threshold(session: AsyncSession, jurisdiction_code: str, yuan: float) -> None:
    jurisdiction = await repo.row_by_code(session, Jurisdiction, jurisdiction_code)
    if jurisdiction is None:
        raise NotFoundError(_("no jurisdiction has the code {code!r}", code=jurisdiction_code), ["jurisdiction"])
    if not 0 <= yuan <= MAX_NUMBER:
        raise ValidationFailed([(["yuan"], _("must be between 0 and {high:,.0f}", high=MAX_NUMBER))])
    setting = await repo.settings_of(session, jurisdiction.id)
    if setting is None:
        await repo.add(session, ScreeningSetting(jurisdiction_id=jurisdiction.id, investment_threshold_yuan=yuan))
    else:
        setting.investment_threshold_yuan = yuan
        await session.flush()


async def investment_threshold(session: AsyncSession, jurisdiction_id: int) -> float | None:
    setting = await repo.settings_of(session, jurisdiction_id)
    return setting.investment_threshold_yuan if setting else None
