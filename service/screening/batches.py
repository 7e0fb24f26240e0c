"""Batch reads behind the screening DataLoaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories import screening as repo
from db.repositories.paging import Page, PageRequest

assessments_of = repo.assessments_of


async def replay_change_pages(session: AsyncSession, keys: Sequence[tuple[int, PageRequest]]) -> list[Page[Any]]:
    pages: dict[tuple[int, PageRequest], Page[Any]] = {}
    for request in dict.fromkeys(request for _id, request in keys):
        ids = [replay_id for replay_id, r in keys if r == request]
        for replay_id, page in (await repo.replay_changes_pages(session, ids, request)).items():
            pages[(replay_id, request)] = page
    return [pages[key] for key in keys]
