"""Drafting a screening from the proposal's own document: suggestions, a draft that carries them, and accepting them.

`suggest` reads a document the caller uploaded (or pasted text) against a published checklist version's cues and
returns the suggestions with their quoted sentences; nothing is stored. `create_from_document` starts a draft
proposal with the document attached and the suggestions kept beside it, not as answers: the drafter accepts
(`accept`) or changes each, and the proposal records which (service/intake/provenance.py).
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import hia_rules
from db.models import ChecklistVersion, Proposal, ProposalDocument
from db.repositories import documents as repo
from db.repositories import screening as screening_repo
from hia_rules.drafting.suggest import Draft, Suggestion
from hia_rules.drafting.suggest import suggest as suggest_answers
from hia_rules.drafting.text import words
from hia_rules.model import Checklist
from service.auth.principal import Principal
from service.errors import NotFoundError, ValidationFailed
from service.i18n import _
from service.intake import provenance, storage
from service.intake.documents import read_pasted_text
from service.intake.limits import IntakeLimits
from service.screening import checklists, proposals

# Per content hash: the checklist with its drafting cues (shipped cues live beside the shipped file, not in
# the text published to the database), or None when it has none. Bounded by the versions published.
_cued: dict[str, Checklist | None] = {}


def cued_checklist(compiled: hia_rules.CompiledChecklist) -> Checklist | None:
    """The checklist with its cues: its own, or those shipped for exactly this content (same content hash)."""
    if compiled.checklist.drafting is not None:
        return compiled.checklist
    if compiled.content_hash not in _cued:
        _cued[compiled.content_hash] = next(
            (
                shipped.checklist
                for path in hia_rules.shipped_checklists()
                if (shipped := hia_rules.load_checklist(path)).content_hash == compiled.content_hash
                and shipped.checklist.drafting is not None
            ),
            None,
        )
    return _cued[compiled.content_hash]


def warm_up() -> threading.Thread:
    """Load the Chinese word segmenter's dictionary (about 0.7 s) in the background once a service starts, so the
    first officer to upload a document does not wait for it. Returns the thread (daemon: never holds up exit)."""
    thread = threading.Thread(target=words, args=("预热",), name="hia-jieba-warm-up", daemon=True)
    thread.start()
    return thread


@dataclass(frozen=True)
class Drafted:
    draft: Draft
    checklist: Checklist
    version: ChecklistVersion
    document: ProposalDocument | None
    # The named places found in the text, as the jurisdiction's codes (same order as draft.places).
    place_codes: tuple[str, ...]


async def _text_of(
    session: AsyncSession, principal: Principal, document: str | None, text: str | None
) -> tuple[str, ProposalDocument | None]:
    if (document is None) == (text is None):
        raise ValidationFailed(
            [(["input", "document"], _("give either document (an uploaded document's code) or text"))]
        )
    if document is not None:
        stored = await storage.for_drafting(session, principal, document, ["input", "document"])
        return stored.text, stored
    assert text is not None
    return read_pasted_text(text).text, None


async def suggest(
    session: AsyncSession,
    principal: Principal,
    *,
    document: str | None,
    text: str | None,
    jurisdiction: str | None,
    checklist_version: int | None,
) -> Drafted:
    """Suggestions for a document the caller uploaded, or for pasted text. Stores nothing."""
    storage.require_drafter(principal)
    body, stored = await _text_of(session, principal, document, text)
    version = await checklists.resolve(session, checklist_version, ["input", "checklistVersion"])
    checklist = cued_checklist(checklists.compiled(version))
    if checklist is None:
        raise ValidationFailed(
            [
                (
                    ["input", "checklistVersion"],
                    _(
                        "checklist {checklist} v{version} has no drafting cues",
                        checklist=version.checklist_id,
                        version=version.version,
                    ),
                )
            ]
        )
    names: dict[str, str] = {}
    if jurisdiction is not None:
        found = (await screening_repo.jurisdictions_by_code(session, [jurisdiction])).get(jurisdiction)
        if found is None:
            raise ValidationFailed([(["input", "jurisdiction"], _("no jurisdiction {code!r}", code=jurisdiction))])
        names = {name: code for code, name in await repo.places_under(session, found.id)}
    draft = suggest_answers(checklist, body, tuple(names))
    return Drafted(draft, checklist, version, stored, tuple(names[n] for n in draft.places))


def _stored(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "answer": suggestion.answer,
        "confidence": str(suggestion.confidence),
        "reasonZh": suggestion.reason_zh,
        "reasonEn": suggestion.reason_en,
        "quotes": [dataclasses.asdict(q) for q in suggestion.quotes],
        "drawnFrom": list(suggestion.drawn_from),
    }


def kept(drafted: Drafted) -> dict[str, Any]:
    """The suggestions as a proposal keeps them (the `suggestions` document)."""
    draft = drafted.draft
    fields = {
        name: _stored(suggestion)
        for name, suggestion in (
            ("kind", draft.kind),
            ("policy_type", draft.policy_type),
            ("investment_yuan", draft.investment_yuan),
        )
        if suggestion is not None
    }
    if drafted.place_codes:
        fields["places"] = {
            "answer": list(drafted.place_codes),
            "confidence": "MEDIUM",
            "reasonZh": "文中提到这些镇（街道）",
            "reasonEn": "the text names these towns or streets",
            "quotes": [],
        }
    return {
        "document": drafted.document.code if drafted.document is not None else None,
        "checklist": drafted.checklist.key,
        "draftingHash": drafted.checklist.drafting_hash(),
        "fields": fields,
        "questions": {s.question_id: _stored(s) for s in draft.suggestions},
        "undecided": list(draft.undecided),
    }


async def create_from_document(
    session: AsyncSession,
    principal: Principal,
    values: dict[str, Any],
    idempotency_key: str | None,
    limits: IntakeLimits = IntakeLimits(),
) -> Proposal:
    """A draft from a document: kind and policy type as given, else as suggested (refused by name when the
    document does not show them); the title as given, else the document's first line; no answers."""
    storage.require_drafter(principal)
    request_hash = proposals.input_hash(values)
    # A retry with the same key returns the first draft before anything is stored again (pasted text included).
    earlier = await proposals.created_before(session, principal, values, idempotency_key, request_hash)
    if earlier is not None:
        return earlier
    if values.get("text") is not None and values.get("document") is None:
        stored = await storage.store_text(session, principal, values["text"], limits)
        values = {**values, "document": stored.code, "text": None}
    drafted = await suggest(
        session,
        principal,
        document=values.get("document"),
        text=values.get("text"),
        jurisdiction=values["jurisdiction"],
        checklist_version=values.get("checklist_version"),
    )
    draft = drafted.draft
    kind = values.get("kind") or (draft.kind.answer if draft.kind is not None else None)
    policy_type = values.get("policy_type") or (draft.policy_type.answer if draft.policy_type is not None else None)
    problems: list[tuple[list[str], str]] = []
    if kind is None:
        problems.append(
            (["input", "kind"], _("the document does not show whether it is a policy or a project: give kind"))
        )
    elif kind == "POLICY" and policy_type is None:
        problems.append((["input", "policyType"], _("the document does not show which type of policy it is: give it")))
    if problems:
        raise ValidationFailed(problems)
    body = drafted.document.text if drafted.document is not None else ""
    title = values.get("title") or next((line.strip() for line in body.splitlines() if line.strip()), "")[:400]
    proposal = await proposals.create(
        session,
        principal,
        {
            "title": title or "（未命名文件）",
            "kind": kind,
            "policy_type": policy_type if kind == "POLICY" else None,
            "jurisdiction": values["jurisdiction"],
            "sponsoring_department": values["sponsoring_department"],
            "checklist_version": drafted.version.version,
        },
        idempotency_key,
        request_hash,
    )
    proposal.suggestions = kept(drafted)
    proposal.answer_origins = provenance.origins(
        {"answers": {}, "kind": kind, "policy_type": policy_type}, proposal.suggestions
    )
    if drafted.document is not None:
        drafted.document.proposal_id = proposal.id
    await session.flush()
    return proposal


# From the surest down: accepting "at least MEDIUM" takes HIGH and MEDIUM.
CONFIDENCE_ORDER = ("HIGH", "MEDIUM", "LOW")


async def accept(
    session: AsyncSession,
    principal: Principal,
    proposal_id: int,
    questions: list[str] | None,
    fields: list[str],
    expected_version: int | None,
    minimum_confidence: str | None = None,
) -> Proposal:
    """Make suggestions answers: the named questions' (every suggested question when `questions` is None, or
    every one at least `minimum_confidence` sure) and the named fields' (investment_yuan, places). Checked and
    recorded like any update of the draft."""
    if minimum_confidence is not None and questions is not None:
        raise ValidationFailed(
            [
                (
                    ["input", "minimumConfidence"],
                    _("give either the questions to accept or a minimum confidence, not both"),
                )
            ]
        )
    proposal = await screening_repo.proposal_for_update(session, proposal_id, principal.proposal_scope())
    if proposal is None:
        raise NotFoundError(_("no proposal has this id"), ["input", "id"])
    suggested = proposal.suggestions or {}
    by_question = suggested.get("questions") or {}
    by_field = suggested.get("fields") or {}
    if questions is not None:
        chosen = questions
    else:
        sure_enough = CONFIDENCE_ORDER[: CONFIDENCE_ORDER.index(minimum_confidence or "LOW") + 1]
        chosen = [q for q, item in by_question.items() if item.get("confidence", "LOW") in sure_enough]
    problems = [
        (["input", "questions", str(i)], _("the document suggested no answer to {question!r}", question=question_id))
        for i, question_id in enumerate(chosen)
        if question_id not in by_question
    ] + [
        (["input", "fields", str(i)], _("the document suggested no {field}", field=name))
        for i, name in enumerate(fields)
        if name not in by_field
    ]
    if problems:
        raise ValidationFailed(problems)
    changes: dict[str, Any] = {"answers": {**proposal.answers, **{q: by_question[q]["answer"] for q in chosen}}}
    changes.update({name: by_field[name]["answer"] for name in fields})
    return await proposals.update(session, principal, proposal_id, changes, expected_version)
