"""createProposalFromDocument: a draft proposal from its own document, with the suggestions kept beside it."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from schema.context import Info
from schema.screening.enums import PolicyType, ProposalKind
from schema.screening.mutations.create_proposal import CreateProposalPayload
from schema.screening.types import Proposal
from schema.user_errors import user_errors
from service.audit import Audit
from service.errors import HiaError
from service.intake import drafting


@strawberry.input(description="A draft proposal from a document: an uploaded one (its code) or pasted text.")
class CreateProposalFromDocumentInput:
    jurisdiction: str = strawberry.field(description="Code of the jurisdiction.")
    sponsoring_department: str = strawberry.field(description="Code of the responsible department (责任主体).")
    document: str | None = strawberry.field(
        default=None, description="Code of a document you uploaded (POST /documents) that no proposal has yet."
    )
    text: str | None = strawberry.field(default=None, description="Or the document's text, pasted (kept as a .txt).")
    title: str | None = strawberry.field(default=None, description="Title; the document's first line when omitted.")
    kind: ProposalKind | None = strawberry.field(
        default=None, description="Policy or project; as the document suggests when omitted."
    )
    policy_type: PolicyType | None = strawberry.field(
        default=None, description="Policies: the type; as the document suggests when omitted."
    )
    checklist_version: int | None = strawberry.field(
        default=None, description="Checklist version to answer; the latest when omitted."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key returns the first draft instead of a second."
    )


def _values(input: CreateProposalFromDocumentInput) -> dict[str, Any]:
    return {
        "jurisdiction": input.jurisdiction,
        "sponsoring_department": input.sponsoring_department,
        "document": input.document,
        "text": input.text,
        "title": input.title,
        "kind": input.kind.value if input.kind else None,
        "policy_type": input.policy_type.value if input.policy_type else None,
        "checklist_version": input.checklist_version,
    }


async def create_proposal_from_document(
    info: Info,
    input: Annotated[CreateProposalFromDocumentInput, strawberry.argument(description="The mutation's input.")],
) -> CreateProposalPayload:
    try:
        row = await info.context.write(
            Audit("createProposalFromDocument", "Proposal"),
            drafting.create_from_document,
            info.context.principal,
            _values(input),
            input.idempotency_key,
        )
    except HiaError as error:
        return CreateProposalPayload(proposal=None, user_errors=user_errors(error))
    return CreateProposalPayload(proposal=Proposal.from_row(row), user_errors=[])
