"""Receipts of creating mutations sent with an idempotency key (db.models.receipts)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.receipts import MutationReceipt
from db.repositories.monitoring import lock_idempotency_key

T = TypeVar("T")


async def lock_key(session: AsyncSession, recorded_by: str, operation: str, key: str) -> None:
    """Until commit: a repeat sent while the first call runs waits, then finds its receipt (PostgreSQL; SQLite
    serialises writers already)."""
    await lock_idempotency_key(session, recorded_by, operation, key)


async def receipt_by_key(session: AsyncSession, recorded_by: str, operation: str, key: str) -> MutationReceipt | None:
    statement = select(MutationReceipt).where(
        MutationReceipt.recorded_by == recorded_by,
        MutationReceipt.operation == operation,
        MutationReceipt.idempotency_key == key,
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def add_receipt(session: AsyncSession, receipt: MutationReceipt) -> None:
    session.add(receipt)
    await session.flush()


async def created(session: AsyncSession, model: type[T], row_id: int) -> T | None:
    """What a receipt's call made (None if it has since been removed)."""
    return await session.get(model, row_id)
