"""The towns and streets (镇/街道) a proposal touches, which decide which of their governments review it.

A district's town governments and street offices hold the town/street portfolio (`township-street`) and
often answer for indicators. Asking all of them to review every road or marathon is not proportionate: a
town or street is asked only when the proposal touches it. A project names its site's town or street; a
policy names those it concerns, or says it applies to the whole jurisdiction (a district-wide policy), and
then every town and street is asked. A proposal that names none asks none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories import screening as repo
from service.i18n import _

MAX_PLACES = 100


@dataclass(frozen=True)
class PlaceScope:
    """The sub-jurisdictions a proposal touches: every one (`whole`), or those in `codes_by_id`."""

    whole: bool = False
    codes_by_id: tuple[tuple[int, str], ...] = ()

    def touches(self, jurisdiction_id: int) -> bool:
        return self.whole or any(i == jurisdiction_id for i, _code in self.codes_by_id)

    def code_of(self, jurisdiction_id: int) -> str | None:
        return next((code for i, code in self.codes_by_id if i == jurisdiction_id), None)


async def check(
    session: AsyncSession, jurisdiction: Any, places: Sequence[str], whole: bool
) -> tuple[list[tuple[list[str], str]], PlaceScope]:
    """Problems with the named places (each must be a town, street or zone directly under the proposal's
    jurisdiction, named once), and the scope they give."""
    problems: list[tuple[list[str], str]] = []
    if whole and places:
        problems.append((["input", "places"], _("name places or set wholeJurisdiction, not both")))
    if len(places) > MAX_PLACES:
        problems.append((["input", "places"], _("at most {limit} places", limit=MAX_PLACES)))
        return problems, PlaceScope()
    found = await repo.jurisdictions_by_code(session, list(places))
    chosen: list[tuple[int, str]] = []
    for i, code in enumerate(places):
        row = found.get(code)
        if row is None or row.parent_id != jurisdiction.id:
            problems.append(
                (
                    ["input", "places", str(i)],
                    _(
                        "{place!r} is not a town, street or zone of {jurisdiction}",
                        place=code,
                        jurisdiction=jurisdiction.code,
                    ),
                )
            )
        elif any(j == row.id for j, _c in chosen):
            problems.append((["input", "places", str(i)], _("{place} is named twice", place=code)))
        else:
            chosen.append((row.id, code))
    return problems, PlaceScope(whole=whole, codes_by_id=tuple(chosen))
