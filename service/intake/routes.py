"""POST /documents and GET /documents/<code>: a proposal's own document, uploaded and downloaded.

Why an endpoint of its own rather than a GraphQL multipart upload: the GraphQL endpoint takes JSON only, which
is what keeps it safe from cross-site form posts (multipart GraphQL uploads are a known CSRF hole,
CVE-2024-47082); an upload here needs a bearer token in the Authorization header, which a browser never
sends on its own. The body is the file itself; its name comes in the `filename` query parameter
(URL-encoded UTF-8). The answer names the stored document's `code`, which `suggestAnswers` and
`createProposalFromDocument` take.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from db.models import ProposalDocument
from db.session import transaction
from service.audit import Audit, record
from service.auth import tokens
from service.errors import AccessDenied, HiaError, NotFoundError
from service.http_errors import error_response
from service.i18n import _
from service.intake import errors, storage
from service.intake.limits import IntakeLimits

HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def _problem(status: int, message: str, code: str, request: Request) -> JSONResponse:
    return error_response(request, status, code, message, HEADERS)


async def _body(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it grows past the limit (never holding more than the limit)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def described(document: ProposalDocument) -> dict[str, object]:
    return {
        "code": document.code,
        "filename": document.filename,
        "format": document.format,
        "mediaType": document.media_type,
        "sizeBytes": document.size_bytes,
        "sha256": document.sha256,
        "pages": document.pages,
        "characters": document.characters,
    }


def upload_endpoint(
    factory: async_sessionmaker[AsyncSession], limits: IntakeLimits
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        async with factory() as session:
            principal = await tokens.authenticate(session, request.headers.get("authorization"))
        if not principal.authenticated:
            why = principal.token_problem or _("uploading a document needs an API token (Authorization: Bearer ...)")
            return _problem(401, why, "UNAUTHENTICATED", request)
        try:
            storage.require_drafter(principal)
        except AccessDenied as exc:
            return _problem(403, exc.message, "FORBIDDEN", request)
        content = await _body(request, limits.max_bytes)
        if content is None:
            too_large = errors.too_large(limits.max_bytes + 1, limits.max_bytes)
            return _problem(413, too_large.message, too_large.code, request)
        filename = request.query_params.get("filename") or None
        try:
            async with transaction(factory) as session:
                document = await storage.store_file(session, principal, content, filename, limits)
                await record(session, principal, Audit("uploadDocument", "ProposalDocument"), document)
                body = described(document)
        except HiaError as exc:  # nothing was stored: the transaction rolled back
            return _problem(422, exc.message, exc.code, request)
        return JSONResponse({"document": body}, 201, headers=HEADERS)

    return endpoint


def download_endpoint(factory: async_sessionmaker[AsyncSession]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        async with factory() as session:
            principal = await tokens.authenticate(session, request.headers.get("authorization"))
            if not principal.authenticated:
                why = principal.token_problem or _("documents need an API token (Authorization: Bearer ...)")
                return _problem(401, why, "UNAUTHENTICATED", request)
            try:
                document = await storage.for_download(session, principal, str(request.path_params["code"]))
            except NotFoundError as exc:
                return _problem(404, exc.message, "NOT_FOUND", request)
            name = document.filename or f"{document.code}.txt"
            content, media_type = document.content, document.media_type
        # RFC 6266/5987: an ASCII fallback and the UTF-8 name (Chinese file names are the rule here).
        disposition = f"attachment; filename=\"{document.code}\"; filename*=UTF-8''{quote(name)}"
        return Response(content, media_type=media_type, headers={**HEADERS, "Content-Disposition": disposition})

    return endpoint


def routes(factory: async_sessionmaker[AsyncSession], limits: IntakeLimits) -> list[Route]:
    return [
        Route("/documents", upload_endpoint(factory, limits), methods=["POST"]),
        Route("/documents/{code}", download_endpoint(factory), methods=["GET"]),
    ]
