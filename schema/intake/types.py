"""Suggestions drafted from a document, the documents kept with proposals, and answers' origins."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, ClassVar

import strawberry

from schema.catalog.types import CatalogNode
from schema.screening.types import Answer


@strawberry.enum(description="How sure a suggestion is, with the reason given beside it.")
class SuggestionConfidence(Enum):
    HIGH = strawberry.enum_value("HIGH", description="Several sentences say so, or the statement is explicit.")
    MEDIUM = strawberry.enum_value("MEDIUM", description="One sentence says so.")
    LOW = strawberry.enum_value("LOW", description="The document is unclear or says both; check it.")


@strawberry.enum(description="Where an answer came from (答案来源).")
class AnswerOriginKind(Enum):
    SUGGESTED_ACCEPTED = strawberry.enum_value(
        "SUGGESTED_ACCEPTED", description="Suggested from the proposal's document and accepted as suggested."
    )
    SUGGESTED_CHANGED = strawberry.enum_value(
        "SUGGESTED_CHANGED", description="Suggested from the document, and the drafter gave another answer."
    )
    ENTERED = strawberry.enum_value("ENTERED", description="Entered by the drafter; the document suggested none.")


@strawberry.type(description="A sentence of the document a suggestion rests on (原文依据).")
class DocumentQuote:
    sentence: int = strawberry.field(description="Number of the sentence in the document, from 1.")
    start: int = strawberry.field(description="Offset of its first character in the document's text.")
    end: int = strawberry.field(description="Offset just past its last character.")
    text: str = strawberry.field(description="The sentence as printed.")
    cue: str = strawberry.field(description="The checklist cue (phrase or figure) that matched in it.")

    @classmethod
    def of(cls, quote: dict[str, Any]) -> DocumentQuote:
        return cls(
            sentence=quote["sentence"], start=quote["start"], end=quote["end"], text=quote["text"], cue=quote["cue"]
        )


def _common(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "confidence": SuggestionConfidence(item["confidence"]),
        "reason_zh": item["reasonZh"],
        "reason_en": item["reasonEn"],
        "quotes": [DocumentQuote.of(q) for q in item.get("quotes", [])],
    }


@strawberry.type(
    description="An answer the document suggests for one checklist question: never an answer until accepted."
)
class SuggestedAnswer:
    question_id: str = strawberry.field(description="Id of the question.")
    answer: Answer = strawberry.field(description="The suggested answer, typed as answers are.")
    confidence: SuggestionConfidence = strawberry.field(description="How sure the suggestion is.")
    reason_zh: str = strawberry.field(description="Why, in Chinese.")
    reason_en: str = strawberry.field(description="Why, in English.")
    quotes: list[DocumentQuote] = strawberry.field(description="The sentences it rests on (at most three).")
    drawn_from: list[str] = strawberry.field(
        description="Ids of the other suggested answers this judgement is drawn from, where the document does not "
        "state it in words (a project with demolition or a process stack has a long-lasting adverse effect); its "
        "quotes are theirs. Empty when the suggestion rests on its own sentences."
    )
    accepted_as: AnswerOriginKind | None = strawberry.field(
        description="On a proposal: whether the drafter has accepted or changed it; null while pending (and "
        "always null in suggestAnswers)."
    )

    @classmethod
    def of(cls, question_id: str, item: dict[str, Any], question: Any, origin: str | None) -> SuggestedAnswer:
        return cls(
            question_id=question_id,
            answer=Answer.of(question_id, item["answer"], question),
            accepted_as=AnswerOriginKind(origin) if origin and origin != "ENTERED" else None,
            # suggestions kept before drawn answers existed have no such list
            drawn_from=list(item.get("drawnFrom", [])),
            **_common(item),
        )


@strawberry.type(description="A proposal field the document suggests: kind, policy type, total investment, places.")
class SuggestedField:
    field: str = strawberry.field(description="`kind`, `policyType`, `investmentYuan` or `places`.")
    value: str = strawberry.field(
        description="The suggested value as text: an enum value, a number of yuan, or place codes joined by commas."
    )
    confidence: SuggestionConfidence = strawberry.field(description="How sure the suggestion is.")
    reason_zh: str = strawberry.field(description="Why, in Chinese.")
    reason_en: str = strawberry.field(description="Why, in English.")
    quotes: list[DocumentQuote] = strawberry.field(description="The sentences it rests on.")

    @classmethod
    def of(cls, name: str, item: dict[str, Any]) -> SuggestedField:
        answer = item["answer"]
        if isinstance(answer, list):
            shown = ",".join(answer)
        elif isinstance(answer, float) and answer.is_integer():
            shown = str(int(answer))
        else:
            shown = str(answer)
        camel = {"policy_type": "policyType", "investment_yuan": "investmentYuan"}.get(name, name)
        return cls(field=camel, value=shown, **_common(item))


@strawberry.type(description="A quantity read from the document, normalised (money in yuan, distance in metres, ...).")
class ExtractedFact:
    kind: str = strawberry.field(
        description=(
            "MONEY_YUAN, DISTANCE_M, AREA_M2, HOUSEHOLDS, PEOPLE, CAPACITY_T_PER_DAY, DATE, DURATION_DAYS or "
            "VEHICLE_TRIPS (vehicle movements as printed, 车次/辆次, per the period the sentence says)."
        )
    )
    value: float | None = strawberry.field(description="The normalised value (null for dates).")
    iso: str | None = strawberry.field(description="Dates: ISO 8601 (year, year-month or full date).")
    text: str = strawberry.field(description="As printed, e.g. `3000万元`, `约180米`.")
    qualifier: str | None = strawberry.field(description="The words just before it, e.g. `项目总投资`.")
    sentence: int = strawberry.field(description="Number of the sentence it is in.")
    start: int = strawberry.field(description="Offset of its first character.")
    end: int = strawberry.field(description="Offset just past its last character.")


@strawberry.type(
    description="What a document suggests for a screening: answers with their sentences, never answers themselves."
)
class DraftSuggestions:
    checklist_version: int = strawberry.field(description="The checklist version whose cues drafted them.")
    drafting_hash: str = strawberry.field(description="SHA-256 of the cues used, to trace a suggestion to them.")
    fields: list[SuggestedField] = strawberry.field(description="Suggested kind, policy type, investment, places.")
    answers: list[SuggestedAnswer] = strawberry.field(description="Suggested answers, in the checklist's order.")
    undecided: list[str] = strawberry.field(
        description="Ids of the questions that apply but the document does not decide: the drafter answers them."
    )
    facts: list[ExtractedFact] = strawberry.field(description="Quantities read from the text, in reading order.")
    sentences: int = strawberry.field(description="Number of sentences read.")
    characters: int = strawberry.field(description="Number of characters read.")


@strawberry.type(description="A document a proposal was drafted from, kept as uploaded (原始文件).")
class ProposalDocument(CatalogNode):
    KIND: ClassVar[str] = "proposalDocument"
    code: str = strawberry.field(description="Its reference, e.g. `DOC-2026-000012`.")
    filename: str | None = strawberry.field(description="The file name as uploaded (null for pasted text).")
    format: str = strawberry.field(description="`docx`, `pdf` or `txt`.")
    media_type: str = strawberry.field(description="Its media type.")
    size_bytes: int = strawberry.field(description="Size of the original file.")
    sha256: str = strawberry.field(description="SHA-256 of the original file.")
    pages: int | None = strawberry.field(description="PDF pages.")
    characters: int = strawberry.field(description="Characters of text read from it.")
    download_path: str = strawberry.field(
        description="Where to GET the original with a bearer token that may see the proposal: `/documents/<code>`."
    )
    created_at: dt.datetime = strawberry.field(description="When it was uploaded.")

    @classmethod
    def from_row(cls, row: Any) -> ProposalDocument:
        return cls(
            db_id=row.id,
            row=row,
            code=row.code,
            filename=row.filename,
            format=row.format,
            media_type=row.media_type,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            pages=row.pages,
            characters=row.characters,
            download_path=f"/documents/{row.code}",
            created_at=row.created_at,
        )


@strawberry.type(description="Where one answer or proposal field came from.")
class AnswerOrigin:
    key: str = strawberry.field(description="A question id, or `kind`, `policy_type`, `investment_yuan`, `places`.")
    origin: AnswerOriginKind = strawberry.field(
        description="Suggested and accepted, suggested and changed, or entered."
    )


def suggested_answers(kept: dict[str, Any], checklist: Any, origins: dict[str, str]) -> list[SuggestedAnswer]:
    """The stored suggestions (service/intake/drafting.kept) as answers, in the checklist's order."""
    questions = kept.get("questions") or {}
    return [
        SuggestedAnswer.of(q.id, questions[q.id], q, origins.get(q.id))
        for q in checklist.questions
        if q.id in questions
    ]


def suggested_fields(kept: dict[str, Any]) -> list[SuggestedField]:
    return [SuggestedField.of(name, item) for name, item in (kept.get("fields") or {}).items()]


@strawberry.type(description="Where one answer of an assessment came from, as it was when submitted.")
class AnswerProvenance:
    question_id: str = strawberry.field(description="Id of the question.")
    origin: AnswerOriginKind = strawberry.field(
        description="Suggested and accepted, suggested and changed, or entered."
    )
    quotes: list[DocumentQuote] = strawberry.field(
        description="For an answer the document suggested: the sentences the suggestion rested on."
    )
