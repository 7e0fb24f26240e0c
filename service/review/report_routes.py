"""GET /reports/<code>.html and /reports/<code>.md: the health impact assessment report of a proposal, for a
bearer token that may see the proposal, or for a signed link (see `links`). GET /reports/<code>/screening-form.docx:
the national preliminary screening form of its current round as a Word document, for a bearer token.
GET /exports/overrules.xlsx: what committees overruled, for the checklist's maintainers (the committee's chair and
secretaries, administrators)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from db.repositories.visibility import ProposalScope
from service.auth import tokens
from service.errors import AccessDenied, HiaError, InvalidArgumentError, NotFoundError
from service.http_errors import error_response
from service.i18n import _
from service.monitoring.workbooks import XLSX
from service.review import (
    links,
    overrules,
    overrules_export,
    report,
    report_render,
    screening_form,
)
from service.review.settings import today

# The report holds confidential drafts and names: no caching, no referrer (a signed link would leak in it),
# and nothing but its own inline styles may load.
HEADERS = {
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:",
}


def _refusal(request: Request, status: int, code: str, message: str) -> JSONResponse:
    return error_response(request, status, code, message, HEADERS)


def report_endpoint(factory: async_sessionmaker[AsyncSession]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        code, _dot, fmt = str(request.path_params["name"]).rpartition(".")
        if fmt not in links.FORMATS or not code:
            return _refusal(request, 404, "NOT_FOUND", _("reports are at /reports/<code>.html or /reports/<code>.md"))
        async with factory() as session:
            signature = request.query_params.get("signature")
            if signature is not None:
                problem = await links.check_signature(
                    session, code, fmt, request.query_params.get("expires", ""), signature
                )
                if problem is not None:
                    return _refusal(request, 403, "FORBIDDEN", problem)
                scope = ProposalScope(everything=True)  # the signature is the permission, for this report only
            else:
                found = await _token_scope(session, request, signed_link_too=True)
                if isinstance(found, Response):
                    return found
                scope = found
            try:
                built = await report.build(session, code, scope)
            except NotFoundError as exc:
                return _refusal(request, 404, "NOT_FOUND", exc.message)
        body = report_render.html(built) if fmt == "html" else report_render.markdown(built)
        disposition = f'inline; filename="{built.code}.{fmt}"'
        return Response(body, media_type=links.FORMATS[fmt], headers={**HEADERS, "Content-Disposition": disposition})

    return endpoint


async def _token_scope(
    session: AsyncSession, request: Request, *, signed_link_too: bool = False
) -> ProposalScope | Response:
    """The proposals the request's bearer token may see, or the 401 to answer (`signed_link_too`: which also
    says that a signed link opens the document without a token)."""
    principal = await tokens.authenticate(session, request.headers.get("authorization"))
    if not principal.authenticated:
        why = principal.token_problem or _("the report needs an API token (Authorization: Bearer ...)")
        if signed_link_too:
            why = _("{problem}; or open a signed link from Proposal.report", problem=why)
        return _refusal(request, 401, "UNAUTHENTICATED", why)
    return principal.proposal_scope()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def screening_form_endpoint(factory: async_sessionmaker[AsyncSession]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        code = str(request.path_params["code"])
        async with factory() as session:
            found = await _token_scope(session, request)
            if isinstance(found, Response):
                return found
            try:
                form = await screening_form.build(session, code, found)
            except NotFoundError as exc:
                return _refusal(request, 404, "NOT_FOUND", exc.message)
        # python-docx is imported by the first form printed, not by every start of the service.
        from service.review import screening_form_docx

        # Building the document is CPU work of some tens of milliseconds: off the event loop.
        body = await run_in_threadpool(screening_form_docx.render, form)
        disposition = f'attachment; filename="{form.code}-screening-form.docx"'
        return Response(body, media_type=DOCX, headers={**HEADERS, "Content-Disposition": disposition})

    return endpoint


def overrules_endpoint(factory: async_sessionmaker[AsyncSession]) -> Callable[[Request], Awaitable[Response]]:
    """GET /exports/overrules.xlsx?jurisdiction=&settledFrom=YYYY-MM-DD&settledTo=YYYY-MM-DD, with a bearer token."""

    async def endpoint(request: Request) -> Response:
        params = request.query_params
        try:
            since, until = (_date(params.get(name), name) for name in ("settledFrom", "settledTo"))
        except InvalidArgumentError as exc:
            return _refusal(request, 400, exc.code, exc.message)
        async with factory() as session:
            principal = await tokens.authenticate(session, request.headers.get("authorization"))
            try:
                report = await overrules.collect(session, principal, params.get("jurisdiction"), since, until)
            except AccessDenied as exc:
                return _refusal(request, 401 if exc.code == "UNAUTHENTICATED" else 403, exc.code, exc.message)
            except HiaError as exc:
                return _refusal(request, 404 if exc.code == "NOT_FOUND" else 400, exc.code, exc.message)
        scope = "、".join(
            part
            for part in (
                params.get("jurisdiction") or "全部可见辖区",
                f"自{since:%Y-%m-%d}" if since else "",
                f"至{until:%Y-%m-%d}" if until else "",
            )
            if part
        )
        body = await run_in_threadpool(overrules_export.workbook, report, scope, today())
        headers = {**HEADERS, "Content-Disposition": 'attachment; filename="overrules.xlsx"'}
        return Response(body, media_type=XLSX, headers=headers)

    return endpoint


def _date(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidArgumentError(_("{name} must be a date, YYYY-MM-DD", name=name), [name]) from exc
