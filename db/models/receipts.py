"""Receipts of creating mutations sent with an idempotency key: a retry with the same key gets the object the
first call made, and a key sent again with other input is refused (IDEMPOTENCY_CONFLICT) instead of silently
answering with an object the caller did not ask for."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime
from db.models.screening import utcnow


class MutationReceipt(Base):
    """One creating call with a key: who sent it, which operation, a hash of its input, and what it made."""

    __tablename__ = "mutation_receipt"
    __table_args__ = (UniqueConstraint("recorded_by", "operation", "idempotency_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # The GraphQL mutation's name (addReviewRequest, replayScreening …): keys are per caller and operation.
    operation: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[str] = mapped_column(String(120))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    input_hash: Mapped[str] = mapped_column(String(64))
    # The row the call created (its table follows from the operation).
    result_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
