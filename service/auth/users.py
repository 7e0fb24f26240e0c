"""The person behind a login: the name, title and organisation that signatures print (a department officer's
review is signed "生态环境局 赵敏（科长）", not with a login name). Set by the operator with `hia user set`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AppUser
from db.repositories import access as repo
from service.errors import NotFoundError, ValidationFailed, printable_problems
from service.i18n import _

LIMITS = {"display_name_zh": 120, "display_name_en": 120, "title_zh": 120, "organisation_zh": 200}


@dataclass(frozen=True)
class UserDetails:
    """Fields to set; None leaves a field as it is, "" clears it."""

    display_name_zh: str | None = None
    display_name_en: str | None = None
    title_zh: str | None = None
    organisation_zh: str | None = None


async def set_details(session: AsyncSession, name: str, details: UserDetails) -> AppUser:
    user = await repo.user_for_update(session, name)
    if user is None:
        raise NotFoundError(
            _("no user is called {name!r}: `hia token create --user {name} ...` creates it", name=name), ["user"]
        )
    given = {field: getattr(details, field) for field in LIMITS if getattr(details, field) is not None}
    problems = printable_problems(given, [])
    problems += [
        ([field], _("must be at most {limit} characters", limit=limit))
        for field, limit in LIMITS.items()
        if len(given.get(field, "")) > limit
    ]
    if problems:
        raise ValidationFailed(problems)
    for field, value in given.items():
        setattr(user, field, value.strip() or None)
    await session.flush()
    return user


def signature(user: AppUser | None, login: str | None) -> str:
    """How a person signs: their name and title once recorded, else their login name."""
    if user is None or not user.display_name_zh:
        return str(login)
    return f"{user.display_name_zh}（{user.title_zh}）" if user.title_zh else user.display_name_zh


__all__ = ["UserDetails", "set_details", "signature"]
