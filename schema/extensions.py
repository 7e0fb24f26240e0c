"""Schema extensions: request session lifetime, domain errors with codes, masking of unexpected errors."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import strawberry
from graphql import GraphQLError, VariableDefinitionNode
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay import GlobalIDValueError

from schema import language
from service.errors import AccessDenied, HiaError
from service.i18n import localize
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
        request = getattr(self.execution_context.context, "request", None)
        reader = language.preferred(request.headers.get("accept-language") if request is not None else None)
        errors = [_with_code(error, reader) for error in result.errors]
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


def error_code(error: GraphQLError) -> str | None:
    """The `extensions.code` an error is reported with (None: GraphQL's own syntax and validation errors)."""
    original = error.original_error
    if isinstance(original, (HiaError, AccessDenied)):
        return original.code
    if isinstance(original, InvalidCursorError):
        return "INVALID_CURSOR"  # any list's cursor, wherever a service did not already name the argument
    if isinstance(original, GlobalIDValueError):
        return "INVALID_ID"
    if is_variable_error(error):
        return "BAD_USER_INPUT"
    code = (error.extensions or {}).get("code")
    return str(code) if code is not None else None


def _with_code(error: GraphQLError, reader: str) -> GraphQLError:
    code = error_code(error)
    if code is None or (error.extensions or {}).get("code") == code:
        return error
    original = error.original_error
    extensions: dict[str, Any] = {**(error.extensions or {}), "code": code}
    if isinstance(original, HiaError) and original.field:
        extensions["field"] = original.field
    # A domain error's message is its own (no data of a denied field leaks: only the rule is named).
    # In the reader's language (`service.i18n`), like a userError's.
    message = localize(original.message, reader) if isinstance(original, (HiaError, AccessDenied)) else error.message
    return GraphQLError(
        message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        original_error=original,
        extensions=extensions,
    )


def is_variable_error(error: GraphQLError) -> bool:
    """A value the client sent in `variables` that its declared type refuses (a `Date` of 2024-02-30, "abc"
    for an Int, a missing `$n: Int!`): graphql-core reports these at the variable's definition, before any
    resolver runs. The scalar's own exception rides along as `original_error`, which is no sign of a bug."""
    nodes = error.nodes or []
    return error.path is None and bool(nodes) and all(isinstance(n, VariableDefinitionNode) for n in nodes)


def is_client_error(error: GraphQLError) -> bool:
    """The client's own doing: shown as it is and logged without a traceback. Errors without an original
    exception are GraphQL's own (syntax, validation, limits)."""
    return error.original_error is None or isinstance(error.original_error, _CLIENT_ERRORS) or is_variable_error(error)


def _should_mask(error: GraphQLError) -> bool:
    return not is_client_error(error)


class HiaSchema(strawberry.Schema):
    """Logs client errors at INFO, one line each, and unexpected errors at ERROR with their traceback
    (strawberry logs every error at ERROR with a traceback, which buries real alerts under FORBIDDEN and
    PAGE_SIZE_LIMIT)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        operation = getattr(execution_context, "operation_name", None) or "anonymous operation"
        for error in errors:
            if is_client_error(error):
                code = error_code(error) or "GRAPHQL_INVALID"
                log.info("client error in %s: %s %s", operation, code, error.message.splitlines()[0])
            else:
                log.error("unexpected error in %s at %s", operation, error.path, exc_info=error.original_error)


def mask_unexpected_errors() -> MaskErrors:
    return MaskErrors(should_mask_error=_should_mask, error_message="Unexpected error; it has been logged.")
