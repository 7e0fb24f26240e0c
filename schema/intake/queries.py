"""suggestAnswers: what a document suggests for its screening, with the sentences behind each suggestion."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Info
from schema.intake.types import DraftSuggestions, ExtractedFact, suggested_answers, suggested_fields
from schema.permissions import DRAFTERS
from service.intake import drafting


@strawberry.type
class IntakeQuery:
    @strawberry.field(
        description="What a document suggests for its screening: answers with the sentences behind them, the "
        "quantities read, and the questions it leaves undecided. Give an uploaded document's code (POST "
        "/documents) or pasted text. Stores nothing; suggestions become answers only through "
        "createProposalFromDocument and acceptSuggestions. For an officer of a department or the committee's "
        "secretary.",
        permission_classes=[DRAFTERS],
    )
    async def suggest_answers(
        self,
        info: Info,
        document: Annotated[
            str | None, strawberry.argument(description="Code of a document you uploaded and no proposal has yet.")
        ] = None,
        text: Annotated[str | None, strawberry.argument(description="The document's text, pasted.")] = None,
        jurisdiction: Annotated[
            str | None,
            strawberry.argument(description="Code of the jurisdiction: its towns and streets are looked for."),
        ] = None,
        checklist_version: Annotated[
            int | None, strawberry.argument(description="Checklist version to draft for; the latest when omitted.")
        ] = None,
    ) -> DraftSuggestions:
        drafted = await info.context.db(
            lambda session: drafting.suggest(
                session,
                info.context.principal,
                document=document,
                text=text,
                jurisdiction=jurisdiction,
                checklist_version=checklist_version,
            )
        )
        kept = drafting.kept(drafted)
        draft = drafted.draft
        return DraftSuggestions(
            checklist_version=drafted.version.version,
            drafting_hash=kept["draftingHash"],
            fields=suggested_fields(kept),
            answers=suggested_answers(kept, drafted.checklist, {}),
            undecided=list(draft.undecided),
            facts=[
                ExtractedFact(
                    kind=str(f.kind),
                    value=f.value,
                    iso=f.iso,
                    text=f.text,
                    qualifier=f.qualifier,
                    sentence=f.sentence,
                    start=f.start,
                    end=f.end,
                )
                for f in draft.facts
            ],
            sentences=draft.sentences,
            characters=draft.characters,
        )
