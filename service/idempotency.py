"""Idempotency keys for creating mutations: the same key from the same caller for the same operation returns
what the first call made; the key sent again with other input is IDEMPOTENCY_CONFLICT, never a silent answer
about another object.

`once` wraps the creating work: it checks the key, takes the key's lock (a repeat sent while the first call runs
waits, then finds the receipt), looks for a receipt, and after the work records one beside what it made, in the
same transaction. The input's hash is of its canonical JSON (sorted keys), so field order never matters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.receipts import MutationReceipt
from db.repositories import receipts as repo
from service.auth.principal import Principal
from service.errors import ConflictError, NotFoundError, ValidationFailed, require_authenticated
from service.i18n import _


class Created(Protocol):
    @property
    def id(self) -> int: ...


T = TypeVar("T", bound=Created)
KEY_FIELD = ("input", "idempotencyKey")


def check_key(key: str | None) -> None:
    if key is not None and (not 1 <= len(key) <= 200 or not key.isprintable()):
        raise ValidationFailed([(list(KEY_FIELD), _("must be 1 to 200 printable characters"))])


def input_hash(given: Mapping[str, Any]) -> str:
    canonical = json.dumps(given, sort_keys=True, ensure_ascii=False, default=_plain, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plain(value: Any) -> Any:
    """The same input gives the same JSON in every process: a set's order follows the process's hash seed, so it
    is sorted; a dataclass becomes its fields; dates and the rest their text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def conflict(operation: str) -> ConflictError:
    """`operation`: what the key was for, as the API spells it (a mutation or a batch kind; data, not translated)."""
    return ConflictError(
        _("this idempotency key was used with different input ({operation}): send a new key", operation=operation),
        list(KEY_FIELD),
        code="IDEMPOTENCY_CONFLICT",
    )


async def once(
    session: AsyncSession,
    principal: Principal,
    operation: str,
    key: str | None,
    given: Mapping[str, Any],
    create: Callable[[], Awaitable[T]],
    model: type[T],
) -> T:
    """`create()` once per (caller, operation, key); with no key, every call creates. A repeat gets the `model`
    row the first call made."""
    if key is None:
        return await create()
    require_authenticated(principal)
    check_key(key)
    user = principal.user or "unnamed"
    await repo.lock_key(session, user, operation, key)
    digest = input_hash(given)
    receipt = await repo.receipt_by_key(session, user, operation, key)
    if receipt is not None:
        if receipt.input_hash != digest:
            raise conflict(operation)
        earlier = await repo.created(session, model, receipt.result_id)
        if earlier is None:
            raise NotFoundError(_("what this idempotency key created has since been removed"), list(KEY_FIELD))
        return earlier
    made = await create()
    await repo.add_receipt(
        session,
        MutationReceipt(
            operation=operation,
            recorded_by=user,
            idempotency_key=key,
            input_hash=digest,
            result_id=made.id,
            created_at=dt.datetime.now(dt.UTC),
        ),
    )
    return made
