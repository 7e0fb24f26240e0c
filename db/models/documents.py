"""Documents a proposal is drafted from: the original file (or pasted text) as uploaded, and the text read out
of it. Kept in the database, never on the filesystem, so a backup of the database is a backup of the record."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime
from db.models.screening import utcnow


class ProposalDocument(Base):
    """An uploaded document. Until a proposal takes it (`proposal_id`), only its uploader may use it."""

    __tablename__ = "proposal_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    uploaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"), index=True)
    filename: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    # "docx", "pdf", "txt", or "pasted" for text given in the request itself.
    format: Mapped[str] = mapped_column(String(10))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    pages: Mapped[int | None] = mapped_column(Integer)
    characters: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
