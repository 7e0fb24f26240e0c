"""Schema extensions: request session lifetime, domain errors with codes, masking of unexpected errors."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay import GlobalIDValueError

from service.errors import AccessDenied, HiaError

log = logging.getLogger("hia.graphql")

# Errors that are the client's own doing and say so clearly: shown as they are.
_CLIENT_ERRORS = (HiaError, GlobalIDValueError, AccessDenied)


class RequestSession(SchemaExtension):
    """Closes the request's database session when the operation ends, whatever happened."""

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            close = getattr(context, "close", None)
            if close is not None:
                await close()


class DomainErrors(SchemaExtension):
    """Gives errors raised as `HiaError` a stable `extensions.code` and the `extensions.field` they concern."""

    def on_operation(self):  # type: ignore[no-untyped-def]
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        result.errors = [_with_code(error) for error in result.errors]


def _with_code(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, HiaError):
        extensions = {"code": original.code}
        if original.field:
            extensions["field"] = original.field  # type: ignore[assignment]
        return GraphQLError(
            original.message,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            original_error=original,
            extensions=extensions,
        )
    if isinstance(original, AccessDenied):
        # No data of a denied field leaks: its value is null and the message names only the rule.
        return GraphQLError(
            original.message,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            original_error=original,
            extensions={"code": original.code},
        )
    if isinstance(original, GlobalIDValueError):
        return GraphQLError(
            str(original),
            error.nodes,
            error.source,
            error.positions,
            error.path,
            original_error=original,
            extensions={"code": "INVALID_ID"},
        )
    return error


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    # Errors without an original exception are GraphQL's own (syntax, validation): keep them visible.
    if original is None or isinstance(original, _CLIENT_ERRORS):
        return False
    log.error("unexpected error in %s", error.path, exc_info=original)
    return True


def mask_unexpected_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=_should_mask, error_message="Unexpected error; it has been logged.")
