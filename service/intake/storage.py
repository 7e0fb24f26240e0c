"""Documents kept with proposals: stored as uploaded (bytes and the text read from them) in the database.

Who may use one: before a proposal takes it, only the user who uploaded it (to draft from it); once a proposal
has it, whoever may see that proposal may download it. Anyone else is told it does not exist, as for
proposals (no existence leak).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ProposalDocument
from db.repositories import documents as repo
from db.repositories import screening as proposals_repo
from service.auth.principal import Principal, Role
from service.errors import AccessDenied, NotFoundError, require_authenticated
from service.i18n import _
from service.intake.documents import ExtractedDocument, read_document, read_pasted_text
from service.intake.limits import IntakeLimits

# Those who draft proposals (service/screening/proposals.py) are those who bring documents.
DRAFTERS = (Role.DEPARTMENT_OFFICER, Role.COMMITTEE_SECRETARY)


def require_drafter(principal: Principal) -> None:
    require_authenticated(principal)
    if not principal.has(*DRAFTERS):
        raise AccessDenied(
            _(
                "{who} may not upload documents: only department officers and the committee's secretary draft "
                "proposals",
                who=principal.describe(),
            )
        )


async def _store(
    session: AsyncSession, principal: Principal, content: bytes, read: ExtractedDocument, filename: str | None
) -> ProposalDocument:
    now = dt.datetime.now(dt.UTC)
    document = ProposalDocument(
        code=f"tmp-{hashlib.sha256(content).hexdigest()[:16]}-{now.timestamp()}",
        uploaded_by_user_id=principal.user_id,
        filename=filename[:255] if filename else None,
        media_type=read.media_type,
        format=read.format,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        pages=read.pages,
        characters=read.characters,
        content=content,
        text=read.text,
        created_at=now,
    )
    await proposals_repo.add(session, document)
    document.code = f"DOC-{now.year}-{document.id:06d}"
    await session.flush()
    return document


async def store_file(
    session: AsyncSession, principal: Principal, content: bytes, filename: str | None, limits: IntakeLimits
) -> ProposalDocument:
    """Read the file (refusing what cannot be read, with nothing stored) and keep it with its text."""
    require_drafter(principal)
    return await _store(session, principal, content, read_document(content, filename, limits), filename)


async def store_text(session: AsyncSession, principal: Principal, text: str, limits: IntakeLimits) -> ProposalDocument:
    """Pasted text, kept as a UTF-8 text document."""
    require_drafter(principal)
    read = read_pasted_text(text, limits)
    return await _store(session, principal, read.text.encode(), read, None)


async def for_drafting(session: AsyncSession, principal: Principal, code: str, field: list[str]) -> ProposalDocument:
    """A document its uploader has not yet given to a proposal."""
    require_drafter(principal)
    document = await repo.document_by_code(session, code)
    if document is None or document.proposal_id is not None or document.uploaded_by_user_id != principal.user_id:
        raise NotFoundError(_("no document {code!r} of yours is waiting to be drafted from", code=code), field)
    return document


async def for_download(session: AsyncSession, principal: Principal, code: str) -> ProposalDocument:
    """A document the principal may read: its own upload, or one of a proposal it may see."""
    require_authenticated(principal)
    document = await repo.document_by_code(session, code)
    if document is not None:
        if document.proposal_id is None:
            if document.uploaded_by_user_id == principal.user_id:
                return document
        elif await repo.visible_proposal_ids(session, [document.proposal_id], principal.proposal_scope()):
            return document
    raise NotFoundError(_("no document {code!r} that you may read", code=code), ["code"])


async def visible_documents(
    session: AsyncSession, principal: Principal, ids: Sequence[int]
) -> list[ProposalDocument | None]:
    """Documents by id (node lookups) under the rule of `for_download`; None for the rest."""
    if not principal.authenticated:
        return [None for _id in ids]
    documents = await repo.documents_by_id(session, ids)
    proposal_ids = {d.proposal_id for d in documents if d is not None and d.proposal_id is not None}
    seen = await repo.visible_proposal_ids(session, sorted(proposal_ids), principal.proposal_scope())

    def readable(document: ProposalDocument) -> bool:
        if document.proposal_id is None:
            return document.uploaded_by_user_id == principal.user_id
        return document.proposal_id in seen

    return [d if d is not None and readable(d) else None for d in documents]


async def documents_of(session: AsyncSession, proposal_id: int) -> list[ProposalDocument]:
    """The documents a proposal was drafted from, oldest first (the caller has checked it may see the proposal)."""
    return await repo.documents_of_proposals(session, [proposal_id])
