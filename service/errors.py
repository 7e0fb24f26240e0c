"""Domain errors with stable codes. The GraphQL layer turns them into userErrors (mutations) or errors
with `extensions.code` and `extensions.field` (queries); anything else is unexpected and masked."""

from __future__ import annotations

from collections.abc import Sequence

from service.i18n import _
from service.text import text_problem


class HiaError(Exception):
    code = "INVALID"

    def __init__(self, message: str, field: Sequence[str] | None = None, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = list(field) if field else None
        if code is not None:
            self.code = code


class InvalidArgumentError(HiaError):
    code = "INVALID_ARGUMENT"


class PageSizeError(InvalidArgumentError):
    code = "PAGE_SIZE_LIMIT"


class UnknownCodeError(HiaError):
    code = "NOT_FOUND"


class ValidationFailed(HiaError):
    """Several problems with one input, each naming its field; mutations report each as a userError."""

    code = "INVALID"

    def __init__(self, problems: Sequence[tuple[Sequence[str], str]]) -> None:
        super().__init__(_joined(problems), list(problems[0][0]))
        self.problems = [(list(f), m) for f, m in problems]


def _joined(problems: Sequence[tuple[Sequence[str], str]]) -> str:
    """The problems as one message, `path.to.field: problem; other.field: problem`, each still translatable: the
    pieces are joined pairwise, so translating nests only as deep as the logarithm of their number."""
    parts: list[str] = [_("{field}: {problem}", field=".".join(f), problem=m) for f, m in problems]
    while len(parts) > 1:
        pairs = zip(parts[::2], parts[1::2], strict=False)
        joined = [_("{earlier}; {later}", earlier=earlier, later=later) for earlier, later in pairs]
        parts = joined + parts[len(joined) * 2 :]
    return parts[0]


class NotFoundError(HiaError):
    code = "NOT_FOUND"


class InvalidStateError(HiaError):
    """An action the object's current state does not allow (the message names the state)."""

    code = "INVALID_STATE"


class ConflictError(HiaError):
    """Somebody else changed the object first; re-read and try again."""

    code = "CONFLICT"


class AccessDenied(Exception):
    """Not allowed: a top-level error with `extensions.code` UNAUTHENTICATED (no or a bad token) or FORBIDDEN
    (a valid token without the right). Deliberately not a HiaError: it is never a userError."""

    def __init__(self, message: str, code: str = "FORBIDDEN") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def printable_problems(fields: dict[str, str | None], prefix: Sequence[str]) -> list[tuple[list[str], str]]:
    """Free text may hold line breaks, tabs and all of Chinese typography, but no other control characters
    (see `service.text`)."""
    problems = [(name, text_problem(value)) for name, value in fields.items() if value is not None]
    return [([*prefix, name], problem) for name, problem in problems if problem is not None]


def require_authenticated(principal: object) -> None:
    """Raise UNAUTHENTICATED for an anonymous principal, saying why a presented token was refused."""
    if not getattr(principal, "authenticated", False):
        problem = getattr(principal, "token_problem", None)
        needed = _("{what} needs an API token (Authorization: Bearer ...)", what=_("this field"))
        raise AccessDenied(problem or needed, "UNAUTHENTICATED")
