"""`userErrors` of mutation payloads: business-rule failures reported with HTTP 200, never top-level errors."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from schema import language
from schema.context import Info
from service.errors import HiaError, ValidationFailed


@strawberry.enum(description="Stable code of a user error.")
class UserErrorCode(Enum):
    INVALID = strawberry.enum_value("INVALID", description="A field's value is not acceptable.")
    INVALID_ARGUMENT = strawberry.enum_value("INVALID_ARGUMENT", description="An argument is malformed.")
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="Something the input names does not exist.")
    INVALID_STATE = strawberry.enum_value("INVALID_STATE", description="The object's current state forbids it.")
    CONFLICT = strawberry.enum_value("CONFLICT", description="Somebody changed the object first; re-read it.")
    NOT_ASSIGNED = strawberry.enum_value(
        "NOT_ASSIGNED", description="The review request is addressed to another department or expert."
    )
    REVIEWS_MISSING = strawberry.enum_value(
        "REVIEWS_MISSING", description="Required reviews are not in yet (the message names them)."
    )
    ALREADY_RATED = strawberry.enum_value(
        "ALREADY_RATED", description="The expert has rated this round already; a rating is given once."
    )
    RATING_CLOSED = strawberry.enum_value(
        "RATING_CLOSED", description="Rating of the round is closed, its form settled, or the round concluded."
    )
    RATINGS_MISSING = strawberry.enum_value(
        "RATINGS_MISSING",
        description="Experts of the panel have not rated (the message names them); wait, or close rating with a reason.",
    )
    ALREADY_SETTLED = strawberry.enum_value(
        "ALREADY_SETTLED", description="The committee's form of this round is settled already."
    )
    BUSY = strawberry.enum_value(
        "BUSY", description="The database was busy with other changes past the time limit; nothing was changed, retry."
    )
    FILE_TOO_LARGE = strawberry.enum_value(
        "FILE_TOO_LARGE",
        description="An uploaded file is over a limit (bytes, size unzipped, rows): the message names it.",
    )

    IDEMPOTENCY_CONFLICT = strawberry.enum_value(
        "IDEMPOTENCY_CONFLICT",
        description="The idempotency key was used before with different input; use a new key for a new object.",
    )
    EMPTY_DOCUMENT = strawberry.enum_value("EMPTY_DOCUMENT", description="The document or pasted text holds no text.")
    TOO_MANY_CHARACTERS = strawberry.enum_value(
        "TOO_MANY_CHARACTERS", description="The document or pasted text is over the character limit (named)."
    )


@strawberry.type(description="A problem with a mutation's input or a business rule it would break.")
class UserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault, if one is.")
    code: UserErrorCode = strawberry.field(description="Stable code to act on.")
    text: strawberry.Private[str]

    @strawberry.field(
        description="What is wrong, in words to show a user: Chinese unless the request's `Accept-Language` "
        "prefers English. Act on `code`, not on these words."
    )
    def message(self, info: Info) -> str:
        return language.for_reader(info, self.text)


def user_errors(error: HiaError) -> list[UserError]:
    code = UserErrorCode(error.code) if error.code in UserErrorCode.__members__ else UserErrorCode.INVALID
    if isinstance(error, ValidationFailed):
        return [UserError(field=field, text=message, code=code) for field, message in error.problems]
    return [UserError(field=error.field, text=error.message, code=code)]


def idempotency_key_field(made: str) -> Any:
    """The optional `idempotencyKey` of a creating mutation's input; `made` names what a repeat gets back."""
    return strawberry.field(
        default=None,
        description=f"Any unique string (1 to 200 printable characters): a retry with the same key returns {made} "
        "instead of making another; the key sent again with other input is refused (IDEMPOTENCY_CONFLICT).",
    )
