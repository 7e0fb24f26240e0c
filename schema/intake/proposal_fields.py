"""A proposal's fields about drafting from its document: the documents, what they suggest, where answers came from.

A mixin of `Proposal` (schema/screening/types.py), kept here so the drafting domain stays in one package; its
types are referred to lazily because they refer back to the screening types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from schema.context import Info
from service.intake import storage
from service.screening import checklists as checklist_service

if TYPE_CHECKING:
    from schema.intake.types import AnswerOrigin, AnswerProvenance, ProposalDocument, SuggestedAnswer, SuggestedField

_TYPES = "schema.intake.types"
ProposalDocumentRef = Annotated["ProposalDocument", strawberry.lazy(_TYPES)]
SuggestedAnswerRef = Annotated["SuggestedAnswer", strawberry.lazy(_TYPES)]
SuggestedFieldRef = Annotated["SuggestedField", strawberry.lazy(_TYPES)]
AnswerOriginRef = Annotated["AnswerOrigin", strawberry.lazy(_TYPES)]


@strawberry.type
class ProposalDrafting:
    row: strawberry.Private[Any]  # the proposal's row, as on every catalog node

    @strawberry.field(
        description="The documents it was drafted from (原始文件), oldest first; download with `downloadPath`."
    )
    async def documents(self, info: Info) -> list[ProposalDocumentRef]:
        from schema.intake.types import ProposalDocument

        rows = await info.context.db(storage.documents_of, self.row.id)
        return [ProposalDocument.from_row(row) for row in rows]

    @strawberry.field(
        description="Answers its document suggested, in the checklist's order, each with the sentences behind it "
        "and whether the drafter has accepted or changed it (null while pending). Empty when not drafted from a "
        "document."
    )
    async def suggested_answers(self, info: Info) -> list[SuggestedAnswerRef]:
        from schema.catalog.types import _load
        from schema.intake.types import suggested_answers

        kept = self.row.suggestions or {}
        if not kept:
            return []
        version = await _load(info, "checklistVersion", self.row.checklist_version_id)
        checklist = checklist_service.compiled(version).checklist
        return suggested_answers(kept, checklist, self.row.answer_origins or {})

    @strawberry.field(description="Proposal fields its document suggested: kind, policy type, investment, places.")
    def suggested_fields(self) -> list[SuggestedFieldRef]:
        from schema.intake.types import suggested_fields

        return suggested_fields(self.row.suggestions or {})

    @strawberry.field(
        description="Where each answer (and kind, policy type, investment, places) came from: suggested by the "
        "document and accepted or changed, or entered."
    )
    def answer_origins(self) -> list[AnswerOriginRef]:
        from schema.intake.types import AnswerOrigin, AnswerOriginKind

        origins = self.row.answer_origins or {}
        return [AnswerOrigin(key=key, origin=AnswerOriginKind(value)) for key, value in sorted(origins.items())]


AnswerProvenanceRef = Annotated["AnswerProvenance", strawberry.lazy(_TYPES)]


@strawberry.type
class AssessmentDrafting:
    row: strawberry.Private[Any]  # the assessment's row

    @strawberry.field(
        description="Where each answer came from when it was submitted (suggested by the proposal's document and "
        "accepted or changed, or entered), with the sentences behind suggested ones."
    )
    def answer_provenance(self) -> list[AnswerProvenanceRef]:
        from schema.intake.types import AnswerOriginKind, AnswerProvenance, DocumentQuote

        answers = (self.row.answer_provenance or {}).get("answers") or {}
        return [
            AnswerProvenance(
                question_id=question_id,
                origin=AnswerOriginKind(entry["origin"]),
                quotes=[DocumentQuote.of(q) for q in entry.get("quotes", [])],
            )
            for question_id, entry in answers.items()
        ]
