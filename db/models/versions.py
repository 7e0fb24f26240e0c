"""Version counters of groups of tables that are rarely written (see db/data_version.py): a trigger on each table
of a group advances its counter in the same transaction as the write, so the new count becomes visible exactly
when the written rows do. A read that touched only the catalog's tables is then kept, and a token's principal
reused, while proposals, reviews and monitoring are written, which change the database's overall version
several times a second."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class DataVersionCounter(Base):
    """One group of tables ('catalog': the catalog's; 'access': users and tokens) and how many write statements
    (PostgreSQL) or written rows (SQLite) it has seen; only its changes matter, never its value."""

    __tablename__ = "data_version"
    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
