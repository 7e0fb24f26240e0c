"""Shared mechanics of recording: a batch per act (who, when, idempotency key), and versioned rows.

A value recorded for a subject and period that already has one becomes its next version (a correction); the
same value again changes nothing. Nothing is ever overwritten. Writers of one subject at the same time take turns
(the repository locks the subject's parent row before the current version is read), so versions form one chain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import MonitoringBatch
from db.repositories import monitoring as repo
from service import idempotency
from service.auth.principal import Principal
from service.errors import ValidationFailed, require_authenticated
from service.i18n import _

NEW, CORRECTION, UNCHANGED = "NEW", "CORRECTION", "UNCHANGED"


@dataclass
class Recorded:
    """What one act recorded: the batch and the rows it wrote (the audit record names the batch)."""

    batch: Any
    rows: list[Any] = field(default_factory=list)
    unchanged: list[Any] = field(default_factory=list)
    jurisdiction_id: int | None = None

    @property
    def id(self) -> int:
        return int(self.batch.id)


@dataclass
class Change:
    """One version to write (or not): its key, its values, and the current version it would replace."""

    key: tuple[Any, ...]
    values: dict[str, Any]
    previous: Any | None
    kind: str = NEW


def check_key(key: str | None, field_path: Sequence[str]) -> None:
    if key is not None and (not 1 <= len(key) <= 200 or not key.isprintable()):
        raise ValidationFailed([(list(field_path), _("must be 1 to 200 printable characters"))])


def who(principal: Principal) -> tuple[str, str]:
    require_authenticated(principal)
    role = principal.role
    assert role is not None
    return principal.user or "unnamed", role.value


async def earlier(
    session: AsyncSession, principal: Principal, kind: str, key: str | None, model: Any, given: Any = None
) -> Recorded | None:
    """What an earlier call with the same idempotency key recorded, if there was one; IDEMPOTENCY_CONFLICT when
    that call's input (`given`, hashed) was other than this one's."""
    if key is None:
        return None
    user, _role = who(principal)
    batch = await repo.batch_by_key(session, user, kind, key)
    if batch is None:
        return None
    if batch.input_hash is not None and given is not None and batch.input_hash != _hash(given):
        raise idempotency.conflict(kind)
    rows = await repo.rows_of_batch(session, model, batch.id)
    return Recorded(batch=batch, rows=rows, jurisdiction_id=getattr(rows[0], "jurisdiction_id", None) if rows else None)


def classify(changes: Sequence[Change], compared: Sequence[str]) -> None:
    """NEW when there is no current version, UNCHANGED when it has the same `compared` values, else CORRECTION."""
    for change in changes:
        if change.previous is None:
            change.kind = NEW
        elif all(getattr(change.previous, name) == change.values.get(name) for name in compared):
            change.kind = UNCHANGED
        else:
            change.kind = CORRECTION


async def write(
    session: AsyncSession,
    principal: Principal,
    model: Any,
    kind: str,
    changes: Sequence[Change],
    key: str | None = None,
    file_name: str | None = None,
    given: Any = None,
) -> Recorded:
    """One batch with every NEW and CORRECTION change as a new current version; what the first call recorded
    when another call with the same idempotency key committed while this one waited for its locks."""
    user, role = who(principal)
    if key is not None:
        # `earlier` looked before any lock; a repeat sent while the first call ran sees its batch only now. Every
        # path takes this lock after its parent rows' (never before), so the two kinds cannot deadlock.
        await repo.lock_idempotency_key(session, user, kind, key)
        again = await earlier(session, principal, kind, key, model, given)
        if again is not None:
            return again
    batch = await repo.add_batch(
        session,
        MonitoringBatch(
            kind=kind,
            recorded_by=user,
            recorded_role=role,
            idempotency_key=key,
            input_hash=_hash(given) if key is not None and given is not None else None,
            file_name=file_name,
            recorded_at=dt.datetime.now(dt.UTC),
        ),
    )
    now = dt.datetime.now(dt.UTC)
    values = [
        {
            **change.values,
            "version": change.previous.version + 1 if change.previous is not None else 1,
            "is_current": True,
            "recorded_by": user,
            "recorded_role": role,
            "recorded_at": now,
            "batch_id": batch.id,
            **(
                {"supersedes_id": change.previous.id if change.previous is not None else None}
                if hasattr(model, "supersedes_id")
                else {}
            ),
        }
        for change in changes
        if change.kind != UNCHANGED
    ]
    retired = [c.previous.id for c in changes if c.kind == CORRECTION and c.previous is not None]
    ids = await repo.insert_versions(session, model, values, retired)
    rows = await repo.rows_by_ids(session, model, ids)
    unchanged = [c.previous for c in changes if c.kind == UNCHANGED]
    first = (rows or unchanged or [None])[0]
    return Recorded(
        batch=batch, rows=rows, unchanged=unchanged, jurisdiction_id=getattr(first, "jurisdiction_id", None)
    )


def _hash(given: Any) -> str:
    return idempotency.input_hash({"given": given})
