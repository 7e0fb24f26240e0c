"""Schema extensions: request session lifetime, domain errors with codes, masking of unexpected errors."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay import GlobalIDValueError

from service.errors import AccessDenied, HiaError
from service.paging import InvalidCursorError

log = logging.getLogger("hia.graphql")

# Errors that are the client's own doing and say so clearly: shown as they are.
_CLIENT_ERRORS = (HiaError, GlobalIDValueError, AccessDenied, InvalidCursorError)


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
    """Gives errors raised as `HiaError` a stable `extensions.code` and the `extensions.field` they concern;
    in production, drops graphql-core's "Did you mean ...?" hints (they map the schema for a prober)."""

    def on_operation(self) -> Iterator[None]:
        yield
        self._process(self.execution_context.result)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Each result a subscription sends gets the same treatment before it leaves."""
        self._process(result)
        yield

    def _process(self, result: Any) -> None:
        if result is None or not getattr(result, "errors", None):
            return
        errors = [_with_code(error) for error in result.errors]
        settings = getattr(self.execution_context.context, "settings", None)
        if settings is not None and settings.production:
            errors = [_without_hints(error) for error in errors]
        result.errors = errors


class AccessLog(SchemaExtension):
    """Tells the access log the operation's name and outcome (the HTTP layer writes the line)."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        request = getattr(context, "request", None)
        if request is None:
            return
        result = self.execution_context.result
        errors = (result.errors or []) if result is not None else []
        codes = sorted({str((e.extensions or {}).get("code", "ERROR")) for e in errors})
        request.state.operation_name = self.execution_context.operation_name
        request.state.outcome = "ok" if not errors else "errors:" + ",".join(codes)


_HINT = re.compile(r"\s*Did you mean [^?]*\?")


def _without_hints(error: GraphQLError) -> GraphQLError:
    message = _HINT.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


def _with_code(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, HiaError):
        extensions: dict[str, Any] = {"code": original.code}
        if original.field:
            extensions["field"] = original.field
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
    if isinstance(original, InvalidCursorError):
        # Any list's cursor, wherever a service did not already name the argument.
        return GraphQLError(
            str(original),
            error.nodes,
            error.source,
            error.positions,
            error.path,
            original_error=original,
            extensions={"code": "INVALID_CURSOR"},
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
