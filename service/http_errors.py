"""Errors of the plain HTTP routes (reports, documents), shaped as the GraphQL endpoint shapes its own:
`{"errors": [{"message": ..., "extensions": {"code": ...}}]}`, the message in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse

from service.i18n import for_reader


def error_response(
    request: Request, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    shown = for_reader(message, request.headers.get("accept-language"))
    return JSONResponse({"errors": [{"message": shown, "extensions": {"code": code}}]}, status, headers=headers)
