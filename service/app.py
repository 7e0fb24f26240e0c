"""The Starlette application: POST /graphql (GraphiQL on GET outside production), GET /healthz, and the
monitoring charts, template and exports (`service/monitoring/routes.py`).

This module and `cli` are the composition root: the only places in `service` that know the schema.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from functools import cache
from pathlib import Path
from typing import Any, cast

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData, process_result
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult

from db.data_version import DataVersion, Versions, recording_tables
from db.session import create_engine, create_session_factory
from schema import build_schema
from schema.context import Context
from schema.token_watch import TokenWatchingHandler
from service import json_body
from service.auth import tokens
from service.auth.known_tokens import KnownTokens
from service.catalog.reads import database_is_reachable
from service.config import Settings
from service.http_guard import GraphQLGuard
from service.i18n import preferred
from service.intake import drafting
from service.intake import routes as intake_routes
from service.intake.limits import IntakeLimits
from service.monitoring import routes as monitoring_routes
from service.notifications.bus import EventBus, bus_for
from service.response_cache import KeptBody, ResponseCache
from service.review import settings as review_settings
from service.review.report_routes import overrules_endpoint, report_endpoint, screening_form_endpoint

log = logging.getLogger("hia")
HEALTH_CHECK_TIMEOUT_S = 2.0


_HTTP_CODES = {400: "BAD_REQUEST", 405: "METHOD_NOT_ALLOWED", 413: "BODY_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE"}
RETRY_AFTER_S = 5

# GraphiQL from the service's own files: strawberry's page loads it from a public CDN, which intranets do not reach.
STATIC_DIR = Path(__file__).resolve().parent / "static"
GRAPHIQL_ASSETS_PATH = "/static/graphiql"  # where graphiql.html looks for them
# The browser itself refuses anything not from this service (the ws: of subscriptions is 'self' too); GraphiQL's
# components set inline styles, its icons are data: URIs.
GRAPHIQL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@cache
def _graphiql_page() -> str:
    return (STATIC_DIR / "graphiql.html").read_text(encoding="utf-8")


class DatabaseUnavailable(HTTPException):
    def __init__(self) -> None:
        super().__init__(503, "the database is not available right now; try again in a few seconds")
        self.code = "DATABASE_UNAVAILABLE"
        self.headers = {"retry-after": str(RETRY_AFTER_S)}


class HiaGraphQL(GraphQL[Context, None]):
    # Subscriptions end when their connection's token is revoked or expires.
    graphql_transport_ws_handler_class = TokenWatchingHandler

    def __init__(
        self,
        settings: Settings,
        session_factory: async_sessionmaker[AsyncSession],
        bus: EventBus,
        versions: DataVersion,
        responses: ResponseCache,
    ) -> None:
        super().__init__(
            build_schema(),
            graphql_ide="graphiql" if not settings.production else None,
            # GET serves GraphiQL only: queries and mutations arrive as JSON POSTs.
            allow_queries_via_get=False,
            # The legacy `graphql-ws` protocol is off (it had auth bypass advisories).
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.settings = settings
        self.session_factory = session_factory
        self.bus = bus
        self.versions = versions
        self.responses = responses
        self.known_tokens = KnownTokens()
        # Turns to execute: a process on one core gains nothing from running more requests at once than keep it
        # busy, and every one more stretches the others. Unbounded, 50 clients made every write's SQLite turn (its
        # one writer) wait through the whole crowd at each statement, and writers queued for seconds
        # (bench/mixed.py: create and submit p99 3.9 s, with 8 turns 1.1 s, with 4 about 0.9 s, and reads faster too).
        self.turns: AbstractAsyncContextManager[Any] = (
            asyncio.Semaphore(settings.concurrent_requests) if settings.concurrent_requests else nullcontext()
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        """GET /graphql: GraphiQL, every file served from /static/graphiql/ (see service/static/graphiql/README.md)."""
        return HTMLResponse(_graphiql_page(), headers={"content-security-policy": GRAPHIQL_CSP})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As strawberry's, except that a refused request is answered in JSON with a code (strawberry answers
        its HTTP errors in plain text)."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            # The body is read (within the size limit) before the turn: a client sending slowly holds no turn.
            await request.body()
            async with self.turns:
                response = await self.run(request)
        except HTTPException as error:
            code = getattr(error, "code", None) or _HTTP_CODES.get(error.status_code, "BAD_REQUEST")
            response = JSONResponse(
                {"errors": [{"message": error.reason, "extensions": {"code": code}}]},
                error.status_code,
                headers=getattr(error, "headers", None),
            )
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        return json_body.decode(data)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """As strawberry's, except that a read query's response is served from the response cache while the data,
        the reader and the day are the same (service/response_cache.py), and kept after a clean execution."""
        lookup = None
        if self.responses.enabled and request_adapter.method == "POST":
            reader = (
                context.principal,
                preferred(request.headers.get("accept-language")),
                review_settings.today(),
            )
            lookup = self.responses.lookup(
                request_data.query,
                request_data.operation_name,
                request_data.variables,
                reader,
                getattr(request.state, "data_versions", None),
            )
        if lookup is not None and (kept := self.responses.get(lookup)) is not None:
            request.state.operation_name = request_data.operation_name
            request.state.outcome = "ok (kept)"
            return self._sent_as_kept(kept)
        with recording_tables() as tables_read:
            result = await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        if lookup is None or result.errors or result.data is None:
            return result
        # Encoded once, here: kept, and sent as it is (`encode_json`).
        body = KeptBody(super().encode_json(process_result(result)))
        self.responses.put(lookup, body, tables_read)
        return self._sent_as_kept(body)

    @staticmethod
    def _sent_as_kept(body: KeptBody) -> ExecutionResult:
        # The body stands in the result's data: `encode_json` sends it as it is.
        return ExecutionResult(data=cast("dict[str, Any]", body), errors=None)

    def encode_json(self, data: object) -> str | bytes:
        # A kept response is the whole body already.
        if isinstance(data, dict) and isinstance(data.get("data"), KeptBody):
            return str(data["data"])
        return super().encode_json(data)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket | None) -> Context:
        authorization = request.headers.get("authorization")
        # Read once, before anything else: what the principal and the response may be reused under.
        versions = await self._data_versions() if authorization or self.responses.enabled else None
        request.state.data_versions = versions
        access = versions.access if versions is not None else None
        principal = self.known_tokens.principal(authorization, access, tokens.now())
        if principal is None:
            try:
                async with self.session_factory() as session:
                    principal = await tokens.authenticate(session, authorization)
            except (SQLAlchemyError, OSError, TimeoutError) as exc:
                # The database is restarting or unreachable: the client may retry; nothing was done.
                log.warning("token lookup failed, database unavailable: %s", type(exc).__name__)
                raise DatabaseUnavailable from exc
            self.known_tokens.keep(authorization, access, principal)
        request.state.principal = principal  # for the access log
        return Context(
            session_factory=self.session_factory,
            settings=self.settings,
            request=request,
            response=response if isinstance(response, Response) else None,
            principal=principal,
            bus=self.bus,
        )

    async def _data_versions(self) -> Versions | None:
        """The database's data versions now, or None when it has none or cannot tell (nothing is then reused)."""
        try:
            return await self.versions.current()
        except (SQLAlchemyError, OSError, TimeoutError, sqlite3.Error) as exc:
            log.warning("data version unreadable, nothing reused: %s", type(exc).__name__)
            return None

    async def on_ws_connect(self, context: Context) -> dict[str, object] | None:
        """Browsers cannot set headers on a WebSocket: the token may come in `connection_init`'s payload as
        `{"authorization": "Bearer ..."}`. A refused token leaves the connection anonymous, and the
        subscription then says why it was refused."""
        params = context.connection_params or {}
        authorization = params.get("authorization") or params.get("Authorization")
        if isinstance(authorization, str):
            async with self.session_factory() as session:
                context.principal = await tokens.authenticate(session, authorization)
        return None


async def _check_database(factory: async_sessionmaker[AsyncSession]) -> str | None:
    """None when the database answers, else why not (for the health response)."""
    try:
        async with factory() as session:
            await asyncio.wait_for(database_is_reachable(session), HEALTH_CHECK_TIMEOUT_S)
    except TimeoutError:
        return "no answer within the timeout"
    except Exception as exc:  # any driver error means "unreachable" to a health probe
        log.warning("health check: database unreachable: %s", exc)
        return type(exc).__name__
    return None


def _graphiql_routes(settings: Settings) -> list[BaseRoute]:
    """GraphiQL's files, served only where GraphiQL is (not in production)."""
    if settings.production:
        return []
    return [Mount(GRAPHIQL_ASSETS_PATH, app=StaticFiles(directory=STATIC_DIR / "graphiql"), name="graphiql")]


WARM_UP_AFTER_S = 2.0


def create_app(settings: Settings | None = None, engine: AsyncEngine | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    engine = engine or create_engine(
        settings.database_url,
        statement_timeout_ms=settings.statement_timeout_ms,
        busy_timeout_ms=int(settings.request_timeout_s * 1000),
    )
    factory = create_session_factory(engine)
    bus = bus_for(settings.database_url)
    versions = DataVersion(engine)
    responses = ResponseCache(settings.response_cache_entries)
    graphql = HiaGraphQL(settings, factory, bus, versions, responses)

    async def healthz(_request: Request) -> JSONResponse:
        problem = await _check_database(factory)
        body: dict[str, Any] = {
            "status": "ok" if problem is None else "unavailable",
            "database": {
                "backend": engine.url.get_backend_name(),
                "status": "ok" if problem is None else "unreachable",
            },
        }
        if problem is not None:
            body["database"]["error"] = problem
        return JSONResponse(body, status_code=200 if problem is None else 503)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # Listening before serving: a subscription accepted from now on hears every committed event.
        await bus.start()
        # What is alive now (the schema, the models, the checklists) lives as long as the process: moved out of
        # the collector's reach, a full collection no longer walks it while requests wait (bench/mixed.py on
        # PostgreSQL, two runs each way: 125.8 -> 152.0 and 96.4 -> 138.6 requests/s, every p99 lower).
        gc.collect()
        gc.freeze()
        # The word segmenter's dictionary loads in the background, once the service has started answering: loaded
        # at once, it held the interpreter while the first requests waited (about 0.35 s of a start).
        warming = asyncio.get_running_loop().call_later(WARM_UP_AFTER_S, drafting.warm_up)
        try:
            yield
        finally:
            warming.cancel()
            await bus.close()
            versions.close()
            await engine.dispose()

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/reports/{name}", report_endpoint(factory), methods=["GET"]),
            Route("/reports/{code}/screening-form.docx", screening_form_endpoint(factory), methods=["GET"]),
            Route("/exports/overrules.xlsx", overrules_endpoint(factory), methods=["GET"]),
            *monitoring_routes.routes(factory),
            *intake_routes.routes(factory, IntakeLimits(max_bytes=settings.document_max_bytes)),
            *_graphiql_routes(settings),
        ],
        middleware=[Middleware(GraphQLGuard, settings=settings)],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.bus = bus
    app.state.responses = responses
    return app
