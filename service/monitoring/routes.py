"""HTTP routes of monitoring (public, like the catalog): trend charts at stable URLs, the import template and
spreadsheet exports. Each opens its own read-only session; unknown codes answer 404 with the reason. The
obligations export also lists review conditions when the request carries an API token (proposals are not
public); a token that is not accepted answers 401 rather than quietly leaving them out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from service.auth import tokens
from service.errors import HiaError
from service.i18n import _, for_reader
from service.ids import ascii_digits
from service.monitoring import charts, obligations_export, workbooks
from service.review import settings

Factory = async_sessionmaker[AsyncSession]
SVG = "image/svg+xml"
PNG = "image/png"


def _refused(request: Request, status: int, message: str, code: str, field: list[str] | None = None) -> JSONResponse:
    """An error in the reader's language (`Accept-Language`, Chinese by default)."""
    shown = for_reader(message, request.headers.get("accept-language"))
    return JSONResponse({"error": {"message": shown, "code": code, "field": field}}, status_code=status)


def _not_found(request: Request, error: HiaError) -> JSONResponse:
    return _refused(request, 404, error.message, error.code, error.field)


def _year(text: str | None) -> int | None:
    return int(text) if ascii_digits(text) and len(text) == 4 else None


def routes(factory: Factory) -> list[Route]:
    async def read(work: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        async with factory() as session:
            return await work(session, *args)

    async def chart(request: Request) -> Response:
        params = request.path_params
        measure = request.query_params.get("measure")
        try:
            data = await read(charts.chart_data, params["indicator"], params["jurisdiction"], measure)
        except HiaError as error:
            return _not_found(request, error)
        fmt: charts.Format = "png" if request.url.path.endswith(".png") else "svg"
        # Drawing is CPU work: off the event loop.
        body = await asyncio.to_thread(charts.render, data, fmt)
        return Response(body, media_type=PNG if fmt == "png" else SVG)

    def xlsx(body: bytes, name: str) -> Response:
        return Response(
            body, media_type=workbooks.XLSX, headers={"content-disposition": f'attachment; filename="{name}"'}
        )

    def by_jurisdiction_and_year(work: Callable[..., Awaitable[bytes]], prefix: str) -> Callable[..., Any]:
        async def endpoint(request: Request) -> Response:
            jurisdiction, year = request.path_params["jurisdiction"], _year(request.path_params["year"])
            if year is None:
                return _refused(request, 404, _("the year must be four digits"), "NOT_FOUND")
            try:
                body = await read(work, jurisdiction, year)
            except HiaError as error:
                return _not_found(request, error)
            return xlsx(body, f"{prefix}-{jurisdiction}-{year}.xlsx")

        return endpoint

    async def obligations(request: Request) -> Response:
        department = request.path_params["department"]
        year = _year(request.query_params.get("year")) or settings.today().year
        async with factory() as session:
            principal = await tokens.authenticate(session, request.headers.get("authorization"))
            if principal.token_problem is not None:
                return _refused(request, 401, principal.token_problem, "UNAUTHENTICATED")
            try:
                body = await obligations_export.workbook(session, department, year, principal)
            except HiaError as error:
                return _not_found(request, error)
        return xlsx(body, f"obligations-{department}-{year}.xlsx")

    return [
        Route("/charts/indicators/{indicator}/{jurisdiction}.svg", chart, methods=["GET"]),
        Route("/charts/indicators/{indicator}/{jurisdiction}.png", chart, methods=["GET"]),
        Route(
            "/templates/observations/{jurisdiction}/{year}.xlsx",
            by_jurisdiction_and_year(workbooks.template, "observations"),
            methods=["GET"],
        ),
        Route(
            "/exports/scorecards/{jurisdiction}/{year}.xlsx",
            by_jurisdiction_and_year(workbooks.scorecard_workbook, "scorecard"),
            methods=["GET"],
        ),
        Route("/exports/obligations/{department}.xlsx", obligations, methods=["GET"]),
    ]
