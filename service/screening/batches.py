"""Batch reads behind the screening DataLoaders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories import screening as repo
from db.repositories.paging import Page, PageRequest
from service.paging import pages_by_parent

assessments_of = repo.assessments_of


async def replay_change_pages(session: AsyncSession, keys: Sequence[tuple[int, PageRequest]]) -> list[Page[Any]]:
    return await pages_by_parent(session, keys, repo.replay_changes_pages)
